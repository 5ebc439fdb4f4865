import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addPlacement, addReceipt, cashDelta, emptyTotals, revenue } from '../../src/register/totals.js';
import type { Receipt } from '../../src/dcp/types.js';

const sale = (sum: number, type: 'cash' | 'card' = 'cash', operation: Receipt['operation'] = 'sell'): Receipt =>
  ({ operation, items: [{ name: 'x', price: sum, quantity: 1000, section: 3 }], payments: [{ type, sum }] });

test('reqs 29.7, 31: shift counters — operations, sections, payments, cash and revenue', () => {
  const t = emptyTotals(4, 1000_00);
  addReceipt(t, sale(100_00), 1, false, 'registration');
  addReceipt(t, sale(50_00, 'card'), 2, true, 'registration');
  addReceipt(t, sale(30_00, 'cash', 'sell_return'), 3, false, 'registration');
  addPlacement(t, 'cash_in', 20_00, false);
  addPlacement(t, 'cash_out', 10_00, true);
  assert.is(t.ops.sell.count, 2);
  assert.is(t.ops.sell.sum, 150_00);
  assert.is(t.ops.sell.offlineCount, 1);
  assert.is(t.ops.sell.byPayment.card.sum, 50_00);
  assert.is(t.sections['3']!.sell.sum, 150_00);
  assert.is(t.cash, 1000_00 + 100_00 - 30_00 + 20_00 - 10_00);
  assert.is(revenue(t), 120_00);
  assert.is(t.openedAt, 1);
  assert.is(t.documents, 5);
  assert.is(t.withdrawals.offlineCount, 1);
});

test('cashDelta: only the cash part moves the drawer, in the right direction', () => {
  assert.is(cashDelta(sale(100_00)), 100_00);
  assert.is(cashDelta(sale(100_00, 'card')), 0);
  assert.is(cashDelta(sale(100_00, 'cash', 'buy')), -100_00);
  assert.is(cashDelta(sale(100_00, 'cash', 'buy_return')), 100_00);
});

test.run();
