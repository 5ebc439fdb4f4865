import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { fakeContext } from '../../support/fake-context.js';
import { memoryOf, moneyPattern, remember, rememberZ, settleAfterJump } from '../../../src/model/steps/memory.js';
import type { DcpDocument } from '../../../src/dcp/types.js';

const doc = (over: Partial<DcpDocument>): DcpDocument => ({
  kind: 'receipt', number: 1, shiftNumber: 1, printedAt: '2026-01-12T09:00:00+05:00', title: null, lines: [], fiscal: null, qr: null,
  totals: { total: 100_00, byPayment: { cash: 100_00 } }, receipt: { operation: 'sell', items: [], payments: [] },
  ...over,
} as DcpDocument);

test('memory: signs, the autonomous queue in order, shift totals; a Z closes the shift and is queued when offline', () => {
  const { ctx } = fakeContext();
  const m = memoryOf(ctx);
  assert.is(memoryOf(ctx), m, 'one memory per path context');
  remember(ctx, doc({ number: 1, fiscal: { mode: 'online', sign: 'S1' } as never }));
  remember(ctx, doc({ number: 2, fiscal: { mode: 'autonomous', sign: 'A2' } as never, totals: { total: 50_00, byPayment: {} } }));
  assert.equal(m.onlineSigns, ['S1']);
  assert.equal(m.autonomousSigns, ['A2']);
  assert.equal(m.queue.map((q) => `${q.command} ${q.doc.number}`), ['TICKET 2']);
  assert.is(m.lastOnlineReceipt?.number, 1);
  assert.is(m.lastReceipt?.number, 2);
  assert.is(m.shiftSales, 150_00);
  assert.ok(m.shiftOnlySales);
  remember(ctx, doc({ number: 3, receipt: { operation: 'sell_return', items: [], payments: [] } as never, fiscal: { mode: 'online', sign: 'S3' } as never }));
  assert.not.ok(m.shiftOnlySales, 'a return makes the shift total not a plain sum of sales');
  rememberZ(ctx, doc({ kind: 'z_report', number: 4 }), true);
  assert.equal(m.queue.map((q) => q.command), ['TICKET', 'CLOSE_SHIFT']);
  assert.is(m.shiftOpenedAt, null);
  assert.is(m.shiftSales, 0);
  assert.is(m.lastOnlineReceipt, null);
  remember(ctx, doc({ number: 5, shiftNumber: 2, fiscal: { mode: 'online', sign: 'S5' } as never }));
  assert.is(m.shiftNumber, 2);
  assert.ok(m.shiftOpenedAt !== null);
  assert.equal(memoryOf(fakeContext().ctx).queue, [], 'another path starts empty');
});

test('moneyPattern matches a sum as printed with a dot or comma', () => {
  assert.ok(moneyPattern(201_50).test('ИТОГО 201.50'));
  assert.ok(moneyPattern(201_05).test('201,05'));
  assert.not.ok(moneyPattern(201_50).test('201.05'));
});

test('settleAfterJump: an answer at the first quiet point takes no clock; a pending call jumps first, then steps', async () => {
  const w = fakeContext();
  const quick = await settleAfterJump(w.ctx, Promise.resolve('x'), 4_000, 10_000, 100);
  assert.ok(quick.ok);
  assert.is(quick.advancedMs, 0);
  let resolve!: (v: string) => void;
  const p = new Promise<string>((r) => { resolve = r; });
  const steps: number[] = [];
  const t0 = w.now;
  w.onAdvance.push((ms, now) => { steps.push(ms); if (now - t0 >= 5_100) resolve('late'); });
  const late = await settleAfterJump(w.ctx, p, 4_000, 10_000, 100);
  assert.ok(late.ok);
  assert.is(late.value, 'late');
  assert.is(steps[0], 0);
  assert.is(steps[1], 4_000, 'one jump of 4 s');
  assert.ok(late.advancedMs >= 5_100 && late.advancedMs <= 5_200, `advanced ${late.advancedMs}`);
  const never = await settleAfterJump(w.ctx, new Promise(() => {}), 4_000, 5_000, 500);
  assert.not.ok(never.ok);
  assert.ok(never.pending);
  assert.is(never.advancedMs, 5_000);
});

test.run();
