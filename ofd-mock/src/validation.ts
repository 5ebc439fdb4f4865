// Context checks of a request against the reference and against what the operator knows about
// the register. Every violation is returned, never only the first. Protocol-level checks
// (required fields, enum ranges by version) come from protocol's `validateRequest`.
import type { Request, DateTime } from '../../protocol/index.js';
import { fromOfdDateTime, tiynFromMoney } from '../../protocol/index.js';
import { ITEM_COMMODITY, ITEM_DISCOUNT, ITEM_MARKUP, ITEM_STORNO_COMMODITY, ITEM_STORNO_DISCOUNT, ITEM_STORNO_MARKUP, OP_BUY_RETURN, OP_SELL_RETURN, PAY_CASH } from './counters.js';
import type { RegisterState } from './registers.js';

/** One violation. `result` is the code a strict operator answers with. */
export interface Violation { code: string; path: string; message: string; result: number; requirement?: string }

export const CMD = { SYSTEM: 0, TICKET: 1, CLOSE_SHIFT: 2, REPORT: 3, NOMENCLATURE: 4, INFO: 5, MONEY_PLACEMENT: 6, CANCEL_TICKET: 7, AUTH: 8 } as const;
export const FISCAL_COMMANDS: ReadonlySet<number> = new Set([CMD.TICKET, CMD.CLOSE_SHIFT, CMD.REPORT, CMD.MONEY_PLACEMENT]);

const m = (x: { bills: bigint; coins: number } | undefined): bigint => (x ? (x.coins === 0 ? BigInt(x.bills) * 100n : tiynFromMoney(x as never)) : 0n);

/** Whether a request is part of an offline backlog upload (carries an offline number or mark). */
export function isOfflineDocument(req: Request): boolean {
  switch (req.command as number) {
    case CMD.TICKET: return !!req.ticket && req.ticket.offlineTicketNumber > 0;
    case CMD.CLOSE_SHIFT: return !!req.closeShift?.isOffline;
    case CMD.MONEY_PLACEMENT: return !!req.moneyPlacement?.isOffline;
    case CMD.REPORT: return !!req.report?.isOffline;
    default: return false;
  }
}

/** The document's own date-time, if the command has one. */
export function documentTime(req: Request): DateTime | undefined {
  switch (req.command as number) {
    case CMD.TICKET: return req.ticket?.dateTime;
    case CMD.CLOSE_SHIFT: return req.closeShift?.closeTime;
    case CMD.MONEY_PLACEMENT: return req.moneyPlacement?.datetime;
    case CMD.REPORT: return req.report?.dateTime;
    default: return undefined;
  }
}

export function safeTime(dt: DateTime | undefined, tz: number): number | null {
  if (!dt?.date || !dt.time) return null;
  try { const t = fromOfdDateTime(dt, tz); return Number.isFinite(t) ? t : null; } catch { return null; }
}

function add(v: Violation[], code: string, path: string, message: string, result = 13, requirement?: string): void {
  v.push(requirement ? { code, path, message, result, requirement } : { code, path, message, result });
}

function checkShiftAndNumber(v: Violation[], st: RegisterState, expectedShift: number, frShift: number, printed: bigint, base: string): void {
  if (frShift && frShift !== expectedShift) add(v, 'SHIFT_NUMBER_MISMATCH', `${base}.fr_shift_number`, `fr_shift_number ${frShift} but the operator's current shift is ${expectedShift}`);
  if (printed && st.lastDocument && printed <= st.lastDocument.printedDocumentNumber) {
    add(v, 'DOCUMENT_NUMBER_NOT_INCREASING', `${base}.printed_document_number`, `printed_document_number ${printed} is not greater than the last accepted ${st.lastDocument.printedDocumentNumber}`);
  }
}

export interface ContextInput { req: Request; version: number; st: RegisterState; tzOffsetMin: number }

export function checkContext({ req, version, st, tzOffsetMin }: ContextInput): Violation[] {
  const v: Violation[] = [];
  const cmd = req.command as number;
  const fiscal = FISCAL_COMMANDS.has(cmd);
  const kkm = req.service?.regInfo?.kkm;
  if (fiscal && !kkm) add(v, 'REG_INFO_MISSING', '$.service.reg_info.kkm', 'a fiscal request must carry service.reg_info (2.0.0+)', 15);
  if (kkm) {
    if (kkm.kkmId && kkm.kkmId !== String(st.reg.kkmId)) add(v, 'KKM_ID_MISMATCH', '$.service.reg_info.kkm.kkm_id', `kkm_id ${kkm.kkmId} differs from the header id ${st.reg.kkmId}`);
    if (kkm.fnsKkmId && kkm.fnsKkmId !== st.reg.rnm) add(v, 'RNM_MISMATCH', '$.service.reg_info.kkm.fns_kkm_id', `RNM ${kkm.fnsKkmId} differs from the registered ${st.reg.rnm}`);
    if (kkm.serialNumber && kkm.serialNumber !== st.reg.serial) add(v, 'SERIAL_MISMATCH', '$.service.reg_info.kkm.serial_number', `serial ${kkm.serialNumber} differs from the registered ${st.reg.serial}`);
    if ((cmd === CMD.CLOSE_SHIFT || cmd === CMD.REPORT) && (!kkm.fnsKkmId || !kkm.serialNumber || !kkm.kkmId)) add(v, 'REG_INFO_INCOMPLETE', '$.service.reg_info.kkm', 'fns_kkm_id, serial_number and kkm_id are mandatory for CLOSE_SHIFT and REPORT (1.2.5+)');
  }
  const expectedShift = st.shift.open ? st.shift.number : st.shift.number + 1;

  // offline period (req 30.1)
  const period = req.service?.offlinePeriod;
  let pBegin: number | null = null, pEnd: number | null = null;
  if (period) {
    pBegin = safeTime(period.beginTime, tzOffsetMin); pEnd = safeTime(period.endTime, tzOffsetMin);
    if (pBegin !== null && pEnd !== null && pEnd < pBegin) add(v, 'OFFLINE_PERIOD_INVALID', '$.service.offline_period', 'offline_period.end_time is before begin_time', 13, '30.1');
  }
  const offline = isOfflineDocument(req);
  const dt = documentTime(req);
  const t = safeTime(dt, tzOffsetMin);
  if (offline && !period) add(v, 'OFFLINE_PERIOD_MISSING', '$.service.offline_period', 'a document made offline must carry service.offline_period', 13, '30.1');
  if (!offline && t !== null && cmd !== CMD.REPORT) {
    let inside = pBegin !== null && pEnd !== null && pEnd > pBegin && t > pBegin && t < pEnd;
    for (let i = 0; !inside && i < st.offlinePeriods.length; i++) { const p = st.offlinePeriods[i]!; inside = t > p.begin && t < p.end; }
    if (inside) {
      add(v, 'OFFLINE_MARK_MISSING', cmd === CMD.TICKET ? '$.ticket.offline_ticket_number' : '$.is_offline',
        'the document was made during a reported offline period but carries neither an offline ticket number nor is_offline', 13, '30.3');
    }
  }
  if (offline && t !== null && st.lastOfflineDocAt !== null && t < st.lastOfflineDocAt) {
    add(v, 'OFFLINE_OUT_OF_ORDER', '$', 'offline documents must be uploaded strictly in order: this one is older than the previous offline document', 13, '30.2');
  }


  if (cmd === CMD.TICKET && req.ticket) {
    const tk = req.ticket;
    if (tk.items.length === 0) add(v, 'NO_ITEMS', '$.ticket.items', 'a ticket needs at least one item');
    let paid = 0n, cashPaid = false;
    for (let i = 0; i < tk.payments.length; i++) {
      const p = tk.payments[i]!;
      for (let j = 0; j < i; j++) {
        if (tk.payments[j]!.type === p.type) { add(v, 'DUPLICATE_PAYMENT_TYPE', `$.ticket.payments[${i}].type`, `payment type ${p.type} appears more than once`); break; }
      }
      paid += m(p.sum);
      if (p.type === PAY_CASH) cashPaid = true;
    }
    const total = m(tk.amounts?.total);
    if (tk.payments.length > 0 && paid < total) add(v, 'PAYMENTS_SHORT', '$.ticket.payments', `payments ${paid} tiyn are less than the total ${total} tiyn`);
    if (cashPaid && tk.amounts && (!tk.amounts.taken || !tk.amounts.change)) add(v, 'CASH_AMOUNTS_MISSING', '$.ticket.amounts', 'amounts.taken and amounts.change are mandatory when paid in cash');
    if (tk.amounts?.taken && tk.amounts.change && m(tk.amounts.taken) - m(tk.amounts.change) < 0n) add(v, 'CHANGE_EXCEEDS_TAKEN', '$.ticket.amounts.change', 'change is larger than the money taken');
    let items = 0n, itemTaxes = false;
    for (const it of tk.items) {
      const type = it.type as number;
      if (type === ITEM_COMMODITY && it.commodity) { items += m(it.commodity.sum); if (it.commodity.taxes.length) itemTaxes = true; }
      else if (type === ITEM_STORNO_COMMODITY && it.stornoCommodity) { items -= m(it.stornoCommodity.sum); if (it.stornoCommodity.taxes.length) itemTaxes = true; }
      else if (type === ITEM_DISCOUNT && it.discount) items -= m(it.discount.sum);
      else if (type === ITEM_STORNO_DISCOUNT && it.stornoDiscount) items += m(it.stornoDiscount.sum);
      else if (type === ITEM_MARKUP && it.markup) items += m(it.markup.sum);
      else if (type === ITEM_STORNO_MARKUP && it.stornoMarkup) items -= m(it.stornoMarkup.sum);
    }
    if (tk.amounts?.discount) items -= m(tk.amounts.discount.sum);
    if (tk.amounts?.markup) items += m(tk.amounts.markup.sum);
    if (tk.amounts?.discount && tk.amounts.markup) add(v, 'MARKUP_AND_DISCOUNT', '$.ticket.amounts', 'a receipt-level markup and discount cannot both be present');
    if (tk.items.length > 0 && tk.amounts?.total && items !== total) add(v, 'TOTAL_MISMATCH', '$.ticket.amounts.total', `total ${total} tiyn differs from the items' sum ${items} tiyn`);
    if (itemTaxes && tk.taxes.length) add(v, 'TAXES_BOTH_LEVELS', '$.ticket.taxes', 'taxes may be given per item or per receipt, not both');
    const iin = tk.extensionOptions?.customerIinOrBin;
    if (iin && iin === st.reg.org.iin) add(v, 'SAME_TAXPAYER_AND_CUSTOMER', '$.ticket.extension_options.customer_iin_or_bin', "the buyer's IIN/BIN equals the seller's", 17);
    const op = tk.operation as number;
    if (version >= 203 && (op === OP_SELL_RETURN || op === OP_BUY_RETURN) && !tk.parentTicket) add(v, 'PARENT_TICKET_MISSING', '$.ticket.parent_ticket', 'a return must name its parent ticket (2.0.3+)', 13, '15');
    if (tk.offlineTicketNumber && dt?.date) {
      const key = `${dt.date.year}-${dt.date.month}-${dt.date.day}`;
      if (st.offlineNumbers.get(key)?.has(tk.offlineTicketNumber)) add(v, 'OFFLINE_NUMBER_DUPLICATE', '$.ticket.offline_ticket_number', `offline ticket number ${tk.offlineTicketNumber} was already used on ${key}`, 13, '29.3');
    }
    checkShiftAndNumber(v, st, expectedShift, tk.frShiftNumber, tk.printedDocumentNumber, '$.ticket');
  }
  if (cmd === CMD.CLOSE_SHIFT && req.closeShift) {
    const c = req.closeShift;
    if (!c.zReport) add(v, 'Z_REPORT_MISSING', '$.close_shift.z_report', "the register's own Z report is mandatory (1.2.5+)");
    if (!c.operator) add(v, 'OPERATOR_MISSING', '$.close_shift.operator', 'operator is mandatory (1.2.5+)');
    checkShiftAndNumber(v, st, expectedShift, c.frShiftNumber, c.printedDocumentNumber, '$.close_shift');
  }
  if (cmd === CMD.MONEY_PLACEMENT && req.moneyPlacement) {
    const p = req.moneyPlacement;
    if (!p.operator && version >= 202) add(v, 'OPERATOR_MISSING', '$.money_placement.operator', 'operator is mandatory (2.0.2+)');
    checkShiftAndNumber(v, st, expectedShift, p.frShiftNumber, p.printedDocumentNumber, '$.money_placement');
  }
  if (cmd === CMD.REPORT && req.report && !req.report.zxReport) add(v, 'ZX_REPORT_MISSING', '$.report.zx_report', "the register's own report is mandatory (1.2.5+)");
  return v;
}
