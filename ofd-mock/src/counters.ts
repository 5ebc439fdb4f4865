// What the operator counts from the documents it received, per register: the source of the X and
// Z reports it answers with (req 31.4, 31.5). Sums are bigint tiyn.
import type { TicketRequest, MoneyPlacementRequest } from '../../protocol/index.js';
import { tiynFromMoney } from '../../protocol/index.js';

export const OPS = [0, 1, 2, 3] as const; // BUY, BUY_RETURN, SELL, SELL_RETURN
export const OP_BUY = 0, OP_BUY_RETURN = 1, OP_SELL = 2, OP_SELL_RETURN = 3;
export const PAY_CASH = 0;
export const ITEM_COMMODITY = 1, ITEM_STORNO_COMMODITY = 2, ITEM_MARKUP = 3, ITEM_STORNO_MARKUP = 4, ITEM_DISCOUNT = 5, ITEM_STORNO_DISCOUNT = 6;

export interface OpCounter { count: number; sum: bigint }
export interface TicketOpCounter {
  count: number; sum: bigint; offlineCount: number; discountSum: bigint; markupSum: bigint; changeSum: bigint;
  payments: Map<number, OpCounter>;
}
export interface TaxCounter { taxType: number; percent: number; ops: { turnover: bigint; sum: bigint; turnoverWithoutTax: bigint }[] }
export interface PlacementCounter { count: number; sum: bigint; offlineCount: number }

export interface ShiftCounters {
  sections: Map<string, OpCounter[]>;
  operations: OpCounter[];
  discounts: OpCounter[];
  markups: OpCounter[];
  totalResult: OpCounter[];
  taxes: Map<string, TaxCounter>;
  tickets: TicketOpCounter[];
  placements: PlacementCounter[];
  startNonNullable: bigint[];
  docs: number;
}

export interface LifetimeCounters {
  nonNullable: bigint[];
  ticketsTotal: number[];
  placementsTotal: number[];
}

const opc = (): OpCounter => ({ count: 0, sum: 0n });
const four = <T>(f: () => T): T[] => [f(), f(), f(), f()];

export function emptyShift(startNonNullable: bigint[] = [0n, 0n, 0n, 0n]): ShiftCounters {
  return {
    sections: new Map(), operations: four(opc), discounts: four(opc), markups: four(opc), totalResult: four(opc),
    taxes: new Map(),
    tickets: four(() => ({ count: 0, sum: 0n, offlineCount: 0, discountSum: 0n, markupSum: 0n, changeSum: 0n, payments: new Map() })),
    placements: [{ count: 0, sum: 0n, offlineCount: 0 }, { count: 0, sum: 0n, offlineCount: 0 }],
    startNonNullable: [...startNonNullable],
    docs: 0,
  };
}

export function emptyLifetime(): LifetimeCounters {
  return { nonNullable: [0n, 0n, 0n, 0n], ticketsTotal: [0, 0, 0, 0], placementsTotal: [0, 0] };
}

const m = (x: { bills: bigint; coins: number } | undefined): bigint => (x ? (x.coins === 0 ? BigInt(x.bills) * 100n : tiynFromMoney(x as never)) : 0n);

/** Interned `${taxType}:${percent}` keys of the tax counters (no string built per tax line per ticket). */
const taxKeys = new Map<number, Map<number, string>>();
function taxKey(taxType: number, percent: number): string {
  let byPercent = taxKeys.get(taxType);
  if (!byPercent) { byPercent = new Map(); taxKeys.set(taxType, byPercent); }
  let k = byPercent.get(percent);
  if (k === undefined) { k = `${taxType}:${percent}`; if (byPercent.size < 1000) byPercent.set(percent, k); }
  return k;
}

/** Cash movement of a ticket: + into the drawer, − out of it. */
export function ticketCashDelta(t: TicketRequest): bigint {
  let cash = 0n;
  for (const p of t.payments) if (p.type === PAY_CASH) cash += m(p.sum);
  cash -= m(t.amounts?.change);
  if (cash < 0n) cash = 0n;
  return t.operation === OP_SELL || t.operation === OP_BUY_RETURN ? cash : -cash;
}

function addTax(s: ShiftCounters, op: number, sign: 1 | -1, taxType: number, percent: number, turnover: bigint, sum: bigint, inTotal: boolean): void {
  const key = taxKey(taxType, percent);
  let c = s.taxes.get(key);
  if (!c) { c = { taxType, percent, ops: four(() => ({ turnover: 0n, sum: 0n, turnoverWithoutTax: 0n })) }; s.taxes.set(key, c); }
  const o = c.ops[op]!;
  const without = inTotal ? turnover - sum : turnover;
  if (sign === 1) { o.turnover += turnover; o.sum += sum; o.turnoverWithoutTax += without; }
  else { o.turnover -= turnover; o.sum -= sum; o.turnoverWithoutTax -= without; }
}

/** `v` with the sign of the operation (no bigint multiplication when adding). */
const signed = (sign: 1 | -1, v: bigint): bigint => (sign === 1 ? v : -v);

/** Adds (sign 1) or removes (sign −1, cancellation) a ticket. */
export function applyTicket(s: ShiftCounters, l: LifetimeCounters, t: TicketRequest, sign: 1 | -1): void {
  const op = t.operation as number;
  if (op < 0 || op > 3) return;
  let discount = 0n, markup = 0n;
  for (const it of t.items) {
    const type = it.type as number;
    if (type === ITEM_COMMODITY || type === ITEM_STORNO_COMMODITY) {
      const c = type === ITEM_COMMODITY ? it.commodity : it.stornoCommodity;
      if (!c) continue;
      const commodity = type === ITEM_COMMODITY;
      const sum = commodity ? m(c.sum) : -m(c.sum);
      let sec = s.sections.get(c.sectionCode);
      if (!sec) { sec = four(opc); s.sections.set(c.sectionCode, sec); }
      const sv = signed(sign, sum);
      sec[op]!.count += sign; sec[op]!.sum += sv;
      s.operations[op]!.sum += sv;
      for (const tx of c.taxes) addTax(s, op, sign, tx.taxType, tx.percent, sum, commodity ? m(tx.sum) : -m(tx.sum), tx.isInTotalSum);
    } else {
      const mod = type === ITEM_DISCOUNT ? it.discount : type === ITEM_STORNO_DISCOUNT ? it.stornoDiscount : type === ITEM_MARKUP ? it.markup : it.stornoMarkup;
      if (!mod) continue;
      const v = m(mod.sum);
      if (type === ITEM_DISCOUNT) discount += v; else if (type === ITEM_STORNO_DISCOUNT) discount -= v;
      else if (type === ITEM_MARKUP) markup += v; else if (type === ITEM_STORNO_MARKUP) markup -= v;
    }
  }
  if (t.amounts?.discount) discount += m(t.amounts.discount.sum);
  if (t.amounts?.markup) markup += m(t.amounts.markup.sum);
  const total = m(t.amounts?.total);
  for (const tx of t.taxes) addTax(s, op, sign, tx.taxType, tx.percent, total, m(tx.sum), tx.isInTotalSum);
  const st = signed(sign, total);
  s.operations[op]!.count += sign;
  if (discount !== 0n) { s.discounts[op]!.count += sign; s.discounts[op]!.sum += signed(sign, discount); }
  if (markup !== 0n) { s.markups[op]!.count += sign; s.markups[op]!.sum += signed(sign, markup); }
  s.totalResult[op]!.count += sign; s.totalResult[op]!.sum += st;
  const tk = s.tickets[op]!;
  tk.count += sign; tk.sum += st;
  if (t.offlineTicketNumber) tk.offlineCount += sign;
  // unchanged sums are not re-assigned: each new bigint stored in a register's counters is a long-lived object
  if (discount !== 0n) tk.discountSum += signed(sign, discount);
  if (markup !== 0n) tk.markupSum += signed(sign, markup);
  const change = m(t.amounts?.change);
  if (change !== 0n) tk.changeSum += signed(sign, change);
  for (const p of t.payments) {
    let pc = tk.payments.get(p.type);
    if (!pc) { pc = opc(); tk.payments.set(p.type, pc); }
    pc.count += sign;
    const ps = m(p.sum);
    if (ps !== 0n) pc.sum += signed(sign, ps);
  }
  s.docs += sign;
  l.ticketsTotal[op]! += sign;
  l.nonNullable[op]! += st;
}

export function applyPlacement(s: ShiftCounters, l: LifetimeCounters, p: MoneyPlacementRequest): void {
  const op = p.operation as number;
  if (op !== 0 && op !== 1) return;
  const c = s.placements[op]!;
  c.count++; c.sum += m(p.sum);
  if (p.isOffline) c.offlineCount++;
  s.docs++;
  l.placementsTotal[op]!++;
}

/** An all-cash withdrawal made by the server at close (`withdraw_money`). */
export function applyWithdrawAll(s: ShiftCounters, l: LifetimeCounters, cash: bigint): void {
  if (cash <= 0n) return;
  s.placements[1]!.count++; s.placements[1]!.sum += cash; l.placementsTotal[1]!++;
}
