import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create, tiynFromMoney, toOfdDateTime, ZXReportSchema } from '../../protocol/index.js';
import { buildZxReport, crc32, emptyZReport, zxChecksum } from '../src/reports.js';
import { applyPlacement, applyTicket, emptyLifetime, emptyShift, ticketCashDelta } from '../src/counters.js';
import { sampleMoneyPlacement, sampleTicket } from '../src/samples.js';
import { REG } from './helpers.js';

const at = toOfdDateTime(Date.UTC(2026, 0, 10, 5));

test('CRC-32 (IEEE) of the check string', () => {
  assert.is(crc32(new TextEncoder().encode('123456789')).toString(16), 'cbf43926');
});

test('req 31.5: a Z report has the sums, per-operation rows and a checksum that ignores field 18', () => {
  const s = emptyShift(), l = emptyLifetime();
  const ctx = { reg: REG, at: Date.UTC(2026, 0, 10, 5) };
  const t1 = sampleTicket(ctx, { priceTiyn: 12_345n, vat: true }).ticket!;
  const t2 = sampleTicket(ctx, { priceTiyn: 5_000n, operation: 3 }).ticket!;
  applyTicket(s, l, t1, 1);
  applyTicket(s, l, t2, 1);
  applyPlacement(s, l, sampleMoneyPlacement(ctx, 0, 700n).moneyPlacement!);
  const cash = ticketCashDelta(t1) + ticketCashDelta(t2) + 700n;
  const z = buildZxReport({ shift: s, lifetime: l, cash, shiftNumber: 3, at, openedAt: at, closedAt: at });
  assert.is(z.shiftNumber, 3);
  assert.is(z.operations.length, 4);
  assert.is(z.ticketOperations.length, 4);
  assert.is(tiynFromMoney(z.cashSum!), 12_345n - 5_000n + 700n);
  assert.is(z.revenue!.isNegative, false);
  assert.is(tiynFromMoney(z.revenue!.sum!), 7_345n);
  assert.is(z.taxes.length, 1);
  assert.is(tiynFromMoney(z.taxes[0]!.operations.find((o) => o.operation === 2)!.sum!), (12_345n * 12n) / 112n);
  assert.match(z.checksum, /^[0-9A-F]{8}$/);
  assert.is(zxChecksum(z), z.checksum, 'the checksum does not cover itself');
  const x = buildZxReport({ shift: s, lifetime: l, cash, shiftNumber: 3, at, openedAt: at, closedAt: null });
  assert.is(x.checksum, '', 'X reports carry no checksum');
  // cancellation undoes a ticket exactly
  applyTicket(s, l, t1, -1);
  const z2 = buildZxReport({ shift: s, lifetime: l, cash: 0n, shiftNumber: 3, at, openedAt: at, closedAt: at });
  assert.is(z2.ticketOperations.find((o) => o.operation === 2)!.ticketsCount, 0);
});

test('absurd totals (beyond 2^63 tenge) are clamped so that the report still encodes', () => {
  const s = emptyShift(), l = emptyLifetime();
  s.totalResult[2]!.sum = 1n << 80n;
  l.nonNullable[2] = 1n << 80n;
  const z = buildZxReport({ shift: s, lifetime: l, cash: 1n << 90n, shiftNumber: 1, at, openedAt: at, closedAt: at });
  assert.is(z.cashSum!.bills, (1n << 63n) - 1n);
  assert.match(z.checksum, /^[0-9A-F]{8}$/);
});

test('an empty Z report has shift 0', () => {
  const z = emptyZReport(at);
  assert.is(z.shiftNumber, 0);
  assert.ok(create(ZXReportSchema, z));
});

test.run();
