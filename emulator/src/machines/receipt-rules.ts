// What a receipt must be before the register takes it (reqs 6, 15, 24, 7.1), as pure checks.
// Each returns the first problem it finds (the text the cashier and the DCP error carry) or null.
// The operation-admission machine names a guard after each of them.
import type { Receipt } from '../dcp/types.js';
import { money, receiptTotal } from '../register/render.js';

const OPERATIONS: readonly string[] = ['sell', 'sell_return', 'buy', 'buy_return'];
const PAYMENT_TYPES: readonly string[] = ['cash', 'card', 'mobile'];

/** req 15: a sale, a sale return, a purchase or a purchase return. */
export function operationProblem(r: Receipt): string | null {
  return OPERATIONS.includes(r.operation) ? null : 'unknown operation';
}

/** req 6: a cashier error — no item, an item without a name, price or quantity. */
export function itemsProblem(r: Receipt): string | null {
  if (!Array.isArray(r.items) || r.items.length === 0) return 'a receipt needs at least one item';
  for (const it of r.items) {
    if (typeof it.name !== 'string' || it.name.trim() === '') return 'every item needs a name';
    if (!Number.isSafeInteger(it.price) || it.price < 0) return `price of ${it.name} must be a non-negative integer (tiyn)`;
    if (!Number.isSafeInteger(it.quantity) || it.quantity <= 0) return `quantity of ${it.name} must be a positive integer (thousandths)`;
  }
  return null;
}

/** req 6: a cashier error — payments that do not cover the total, or card/mobile above it. */
export function paymentsProblem(r: Receipt): string | null {
  if (!Array.isArray(r.payments) || r.payments.length === 0) return 'a receipt needs a payment';
  for (const p of r.payments) {
    if (!PAYMENT_TYPES.includes(p.type)) return `unknown payment type ${p.type}`;
    if (!Number.isSafeInteger(p.sum) || p.sum < 0) return 'payment sums must be non-negative integers (tiyn)';
  }
  const total = receiptTotal(r);
  const paid = r.payments.reduce((a, p) => a + p.sum, 0);
  if (paid < total) return `payments ${money(paid)} do not cover the total ${money(total)}`;
  if (nonCashSum(r) > total) return 'card and mobile payments may not exceed the total';
  if (new Set(r.payments.map((p) => p.type)).size !== r.payments.length) return 'one payment per type';
  return null;
}

/** req 24: the customer's IIN, when given, is 12 digits and not the seller's own. */
export function customerIinProblem(r: Receipt, sellerIin: string): string | null {
  if (r.customerIin === undefined) return null;
  if (!/^\d{12}$/.test(r.customerIin)) return 'customerIin must be 12 digits';
  if (r.customerIin === sellerIin) return "the customer's IIN equals the seller's";
  return null;
}

/** req 15: a return names the original receipt (protocol 2.0.3+), which must be a signed receipt. */
export function returnProblem(r: Receipt, signedReceipt: (n: number) => boolean, protocolVersion: number): string | null {
  if (r.parentNumber !== undefined) return signedReceipt(r.parentNumber) ? null : `no receipt ${r.parentNumber} to return`;
  const isReturn = r.operation === 'sell_return' || r.operation === 'buy_return';
  return isReturn && protocolVersion >= 203 ? 'a return needs parentNumber (the original receipt)' : null;
}

/** req 6 (ofd-protocol.md §6.7): cash leaving the drawer (sale return, purchase) must be there. */
export function drawerProblem(r: Receipt, drawerCash: number): string | null {
  if (!(r.operation === 'sell_return' || r.operation === 'buy') || !r.payments.some((p) => p.type === 'cash')) return null;
  const cashOut = Math.max(0, receiptTotal(r) - nonCashSum(r));
  return cashOut > drawerCash ? `not enough cash in the drawer (${money(drawerCash)})` : null;
}

/** req 7.1: the first marked item (it has a `markingCode` key) whose code was not scanned. */
export function unscannedMarkedItem(r: Receipt, scanned: (code: string) => boolean): string | null {
  for (const it of r.items) {
    if (it.markingCode === undefined) continue; // not a marked item
    if (it.markingCode === '' || !scanned(it.markingCode)) return it.name;
  }
  return null;
}

function nonCashSum(r: Receipt): number {
  return r.payments.filter((p) => p.type !== 'cash').reduce((a, p) => a + p.sum, 0);
}
