// Shift and lifetime counters computed from the documents in the fiscal module: the base of the
// local X and Z reports (reqs 29.7, 31.4, 31.5) and of the register's own ZX report.
import type { Operation, PaymentType, Receipt } from '../dcp/types.js';
import { itemSum, receiptTotal } from './render.js';

export interface OpTotals { count: number; sum: number; offlineCount: number; byPayment: Record<PaymentType, { count: number; sum: number }> }

export interface ShiftTotals {
  shiftNumber: number;
  openedAt: number | null;
  ops: Record<Operation, OpTotals>;
  sections: Record<string, Record<Operation, { count: number; sum: number }>>;
  cashiers: Record<string, { count: number; sum: number }>;
  deposits: { count: number; sum: number; offlineCount: number };
  withdrawals: { count: number; sum: number; offlineCount: number };
  /** cash in the drawer after the last document */
  cash: number;
  documents: number;
}

export const OPS: readonly Operation[] = ['buy', 'buy_return', 'sell', 'sell_return'];

function emptyOp(): OpTotals {
  return { count: 0, sum: 0, offlineCount: 0, byPayment: { cash: { count: 0, sum: 0 }, card: { count: 0, sum: 0 }, mobile: { count: 0, sum: 0 } } };
}

export function emptyTotals(shiftNumber: number, cash: number): ShiftTotals {
  return {
    shiftNumber, openedAt: null,
    ops: { buy: emptyOp(), buy_return: emptyOp(), sell: emptyOp(), sell_return: emptyOp() },
    sections: {}, cashiers: {},
    deposits: { count: 0, sum: 0, offlineCount: 0 }, withdrawals: { count: 0, sum: 0, offlineCount: 0 },
    cash, documents: 0,
  };
}

/** The change in the drawer's cash that a receipt makes (sales bring cash in, returns take it out). */
export function cashDelta(r: Receipt): number {
  const total = receiptTotal(r);
  const nonCash = r.payments.filter((p) => p.type !== 'cash').reduce((a, p) => a + p.sum, 0);
  const cashPart = Math.max(0, total - nonCash);
  return r.operation === 'sell' || r.operation === 'buy_return' ? cashPart : -cashPart;
}

export function addReceipt(t: ShiftTotals, r: Receipt, at: number, offline: boolean, cashier: string): void {
  const total = receiptTotal(r);
  const op = t.ops[r.operation];
  op.count++;
  op.sum += total;
  if (offline) op.offlineCount++;
  for (const p of r.payments) {
    op.byPayment[p.type].count++;
    op.byPayment[p.type].sum += p.sum;
  }
  for (const it of r.items) {
    const s = String(it.section ?? 1);
    const sec = (t.sections[s] ??= { buy: { count: 0, sum: 0 }, buy_return: { count: 0, sum: 0 }, sell: { count: 0, sum: 0 }, sell_return: { count: 0, sum: 0 } });
    sec[r.operation].count++;
    sec[r.operation].sum += itemSum(it);
  }
  const c = (t.cashiers[cashier] ??= { count: 0, sum: 0 });
  c.count++;
  c.sum += total;
  t.cash += cashDelta(r);
  t.documents++;
  if (t.openedAt === null) t.openedAt = at;
}

export function addPlacement(t: ShiftTotals, kind: 'cash_in' | 'cash_out', sum: number, offline: boolean): void {
  const m = kind === 'cash_in' ? t.deposits : t.withdrawals;
  m.count++;
  m.sum += sum;
  if (offline) m.offlineCount++;
  t.cash += kind === 'cash_in' ? sum : -sum;
  t.documents++;
}

/** Revenue of the shift: sales − sale returns − purchases + purchase returns. */
export function revenue(t: ShiftTotals): number {
  return t.ops.sell.sum - t.ops.sell_return.sum - t.ops.buy.sum + t.ops.buy_return.sum;
}
