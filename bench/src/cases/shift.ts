// Requirements 12, 14: closing the shift, and the 24-hour limit counted from the first payment document.
import type { TestCase } from '../case.js';
import { advanceBy, enter, expectOk, expectRefused, prepare, saleReceipt, sell, state, stateEvidence, zReport, advanceUntilSettled } from '../context/dut.js';
import { frameEvidence, ledgerMark, requests } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { printedCopy } from '../context/flows.js';

const HOUR = 3_600_000;

const closes: TestCase = {
  id: 'req-12-z-closes-shift',
  title: 'The Z report closes the shift, is printed and the next document opens the next shift',
  covers: ['12'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const a = await sell(ctx, '12');
    const s1 = await state(ctx);
    ctx.check(s1.shift.open, '12', 'the first receipt opened a shift', stateEvidence(s1));
    const mark = ledgerMark(ctx);
    const z = await zReport(ctx, '12');
    const p = await printedCopy(ctx, '12', z);
    ctx.check(z.kind === 'z_report' && !!p, '12', 'a Z report is printed', docEvidence(p ?? z));
    const s2 = await state(ctx);
    ctx.check(!s2.shift.open, '12', 'the shift is closed', stateEvidence(s2));
    const cs = requests(ctx, 'CLOSE_SHIFT', mark);
    ctx.check(cs.length === 1, '12', 'the operator received the shift closing', cs.map((f) => frameEvidence(f)));
    const b = await sell(ctx, '12');
    ctx.check(b.shiftNumber === a.shiftNumber + 1, '12', `the next receipt is in shift ${a.shiftNumber + 1} (${b.shiftNumber})`, docEvidence(b));
  },
};

async function refusedSale(ctx: Parameters<TestCase['run']>[0], price: number): Promise<void> {
  await enter(ctx, 'registration', '14');
  const mark = ledgerMark(ctx);
  const printed0 = ctx.notifications.printed().length;
  const r = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, price)), 10_000);
  await expectRefused(ctx, '14', 'a sale more than 24 h after the first receipt of the shift', r.ok ? Promise.resolve(r.value) : Promise.reject(r.error), 'shift_expired');
  const t = requests(ctx, 'TICKET', mark);
  ctx.check(t.length === 0, '14', `no TICKET was sent for it (${t.length})`, t.map((f) => frameEvidence(f)));
  const printed = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
  ctx.check(printed.length === 0, '14', `no receipt was printed (${printed.length})`, printed.map((d) => docEvidence(d)));
}

const limit: TestCase = {
  id: 'req-14-shift-24h-block',
  title: 'Sales are accepted at 23 h 59 min of the shift, refused after 24 h until the Z',
  covers: ['14'],
  longRunning: true,
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '14', saleReceipt(ctx, 160_00));
    await advanceBy(ctx, 23 * HOUR + 59 * 60_000, HOUR);
    const ok = await sell(ctx, '14', saleReceipt(ctx, 161_00));
    ctx.check(ok.fiscal !== null, '14', 'at 23 h 59 min a sale is accepted', docEvidence(ok));
    await advanceBy(ctx, 2 * 60_000);
    await refusedSale(ctx, 162_00);
    await zReport(ctx, '14');
    const after = await sell(ctx, '14', saleReceipt(ctx, 163_00));
    ctx.check(after.fiscal !== null, '14', 'after the Z sales work again', docEvidence(after));
  },
};

const fromFirst: TestCase = {
  id: 'req-14-shift-counted-from-first-document',
  title: 'The 24 h run from the first payment document, not from an earlier X report or login',
  covers: ['14'],
  longRunning: true,
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await enter(ctx, 'reports', '14');
    await expectOk(ctx, '14', 'report.x before the first receipt', ctx.dcp.call('report.x', {}));
    await advanceBy(ctx, 10 * HOUR, HOUR);
    await sell(ctx, '14', saleReceipt(ctx, 164_00));
    await advanceBy(ctx, 20 * HOUR, HOUR);
    const ok = await sell(ctx, '14', saleReceipt(ctx, 165_00));
    ctx.check(ok.fiscal !== null, '14', '20 h after the first receipt (30 h after the X report) a sale is accepted', docEvidence(ok));
    await advanceBy(ctx, 4 * HOUR + 60_000, HOUR);
    await refusedSale(ctx, 166_00);
  },
};

export const SHIFT_CASES: TestCase[] = [closes, limit, fromFirst];
