import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { formatTiyn, moneyFromTiyn, tiynFromMoney } from '../src/money.js';
import { ProtocolError } from '../src/errors.js';

test('tiyn ↔ Money {bills, coins}', () => {
  const m = moneyFromTiyn(69690n);
  assert.is(m.bills, 696n);
  assert.is(m.coins, 90);
  assert.is(tiynFromMoney(m), 69690n);
  assert.is(tiynFromMoney(moneyFromTiyn(5)), 5n);
  assert.is(moneyFromTiyn((1n << 63n) * 100n - 1n).bills, (1n << 63n) - 1n);
});

test('round trip for every non-negative amount (property)', () => {
  fc.assert(fc.property(fc.bigInt(0n, (1n << 63n) * 100n), (t) => tiynFromMoney(moneyFromTiyn(t)) === t), { numRuns: 500, seed: 1 });
});

test('negative or fractional amounts are refused', () => {
  for (const bad of [-1n, 1.5, Number.NaN]) {
    try { moneyFromTiyn(bad); assert.unreachable(String(bad)); } catch (e) { assert.is((e as ProtocolError).code, 'PROTO_BAD_VALUE'); }
  }
});

test('formatTiyn writes two fraction digits', () => {
  assert.equal([0n, 5n, 100n, 69690n, -250n].map(formatTiyn), ['0.00', '0.05', '1.00', '696.90', '-2.50']);
});

test.run();
