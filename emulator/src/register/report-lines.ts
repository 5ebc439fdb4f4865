// The lines of the X and Z reports (reqs 29.7, 31.4, 31.5): from the operator's ZX report when
// online, from the shift's counters in the fiscal module when not. Labels are "kz / ru" (req 32).
import { tiynFromMoney, type ZXReport } from '../../../protocol/index.js';
import type { MessageKey } from '../i18n/messages.js';
import { both, money } from './render.js';
import { OPS, revenue, type ShiftTotals } from './totals.js';

/** The shift's revenue by payment type (sales and purchase returns in, the rest out). */
export function byPayment(t: ShiftTotals): { cash?: number; card?: number; mobile?: number } {
  const out: { cash?: number; card?: number; mobile?: number } = {};
  for (const p of ['cash', 'card', 'mobile'] as const) {
    const s = OPS.reduce((a, op) => a + (op === 'sell' || op === 'buy_return' ? 1 : -1) * t.ops[op].byPayment[p].sum, 0);
    if (s !== 0) out[p] = s;
  }
  return out;
}

/** A report built on the register from the module's counters (29.7, 31.4 offline). */
export function localReportLines(t: ShiftTotals): string[] {
  const lines: string[] = [];
  for (const op of OPS) lines.push(`${both(`op.${op}` as MessageKey)}: ${t.ops[op].count} / ${money(t.ops[op].sum)}`);
  lines.push(`${both('doc.cash_in')}: ${t.deposits.count} / ${money(t.deposits.sum)}`);
  lines.push(`${both('doc.cash_out')}: ${t.withdrawals.count} / ${money(t.withdrawals.sum)}`);
  lines.push(`${both('line.documents_in_shift')}: ${t.documents}`);
  lines.push(`${both('line.cash_in_drawer')}: ${money(t.cash)}`);
  lines.push(`${both('line.total')}: ${money(revenue(t))}`);
  return lines;
}

/** A report printed from the operator's ZX report (31.4, 31.5 online). */
export function serverReportLines(z: ZXReport): string[] {
  const lines: string[] = [];
  const opName = (n: number) => OPS.find((o) => ({ buy: 0, buy_return: 1, sell: 2, sell_return: 3 })[o] === n) ?? 'sell';
  for (const o of z.operations ?? []) lines.push(`${both(`op.${opName(o.operation as number)}` as MessageKey)}: ${o.count} / ${money(o.sum ? tiynFromMoney(o.sum) : 0n)}`);
  if (z.cashSum) lines.push(`${both('line.cash_in_drawer')}: ${money(tiynFromMoney(z.cashSum))}`);
  if (z.revenue?.sum) lines.push(`${both('line.total')}: ${z.revenue.isNegative ? '-' : ''}${money(tiynFromMoney(z.revenue.sum))}`);
  return lines;
}
