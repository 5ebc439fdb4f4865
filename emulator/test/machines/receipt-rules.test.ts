import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  customerIinProblem, drawerProblem, itemsProblem, operationProblem, paymentsProblem, returnProblem, unscannedMarkedItem,
} from '../../src/machines/receipt-rules.js';
import type { Receipt } from '../../src/dcp/types.js';

const R: Receipt = { operation: 'sell', items: [{ name: 'Нан', price: 100_00, quantity: 1500 }], payments: [{ type: 'cash', sum: 150_00 }] };

test('req 15: the four operations are known, anything else is not', () => {
  for (const op of ['sell', 'sell_return', 'buy', 'buy_return'] as const) assert.is(operationProblem({ ...R, operation: op }), null);
  assert.is(operationProblem({ ...R, operation: 'gift' as never }), 'unknown operation');
});

test('req 6: items need a name, a non-negative price and a positive quantity', () => {
  assert.is(itemsProblem(R), null);
  assert.is(itemsProblem({ ...R, items: [] }), 'a receipt needs at least one item');
  assert.is(itemsProblem({ ...R, items: [{ name: ' ', price: 1, quantity: 1 }] }), 'every item needs a name');
  assert.is(itemsProblem({ ...R, items: [{ name: 'x', price: -1, quantity: 1 }] }), 'price of x must be a non-negative integer (tiyn)');
  assert.is(itemsProblem({ ...R, items: [{ name: 'x', price: 1, quantity: 0 }] }), 'quantity of x must be a positive integer (thousandths)');
});

test('req 6: payments cover the total, card/mobile not above it, one per type', () => {
  assert.is(paymentsProblem(R), null);
  assert.is(paymentsProblem({ ...R, payments: [{ type: 'cash', sum: 149_99 }] }), 'payments 149.99 do not cover the total 150.00');
  assert.is(paymentsProblem({ ...R, payments: [{ type: 'card', sum: 150_01 }] }), 'card and mobile payments may not exceed the total');
  assert.is(paymentsProblem({ ...R, payments: [{ type: 'cash', sum: 100_00 }, { type: 'cash', sum: 50_00 }] }), 'one payment per type');
  assert.is(paymentsProblem({ ...R, payments: [{ type: 'cheque' as never, sum: 150_00 }] }), 'unknown payment type cheque');
});

test("req 24: the customer's IIN is optional, 12 digits, not the seller's", () => {
  assert.is(customerIinProblem(R, '123456789012'), null);
  assert.is(customerIinProblem({ ...R, customerIin: '870412300123' }, '123456789012'), null);
  assert.is(customerIinProblem({ ...R, customerIin: '87041230012' }, '123456789012'), 'customerIin must be 12 digits');
  assert.is(customerIinProblem({ ...R, customerIin: '123456789012' }, '123456789012'), "the customer's IIN equals the seller's");
});

test('req 15: a return names a signed receipt (from protocol 2.0.3 on)', () => {
  const signed = (n: number) => n === 3;
  assert.is(returnProblem({ ...R, operation: 'sell_return', parentNumber: 3 }, signed, 203), null);
  assert.is(returnProblem({ ...R, operation: 'sell_return', parentNumber: 4 }, signed, 203), 'no receipt 4 to return');
  assert.is(returnProblem({ ...R, operation: 'buy_return' }, signed, 203), 'a return needs parentNumber (the original receipt)');
  assert.is(returnProblem({ ...R, operation: 'buy_return' }, signed, 202), null);
});

test('req 6: cash paid out on a sale return or a purchase must be in the drawer', () => {
  assert.is(drawerProblem({ ...R, operation: 'sell_return' }, 150_00), null);
  assert.is(drawerProblem({ ...R, operation: 'buy' }, 149_99), 'not enough cash in the drawer (149.99)');
  assert.is(drawerProblem(R, 0), null, 'a sale brings cash in');
  assert.is(drawerProblem({ ...R, operation: 'buy', payments: [{ type: 'card', sum: 150_00 }] }, 0), null, 'paid by card');
});

test('req 7.1: the first marked item whose code was not scanned', () => {
  const marked: Receipt = { ...R, items: [{ name: 'a', price: 1, quantity: 1000 }, { name: 'b', price: 1, quantity: 1000, markingCode: 'CODE-B-0001' }, { name: 'c', price: 1, quantity: 1000, markingCode: '' }] };
  assert.is(unscannedMarkedItem(marked, () => false), 'b');
  assert.is(unscannedMarkedItem(marked, (c) => c === 'CODE-B-0001'), 'c', 'an empty code is never scanned');
  assert.is(unscannedMarkedItem(R, () => false), null);
});

test.run();
