// Requirements 16, 17: the operator's orders — suspension by the revenue authority (and its
// lifting), and notifications for the cashier.
import type { TestCase } from '../case.js';
import { advanceUntilSettled, enter, errorEvidence, isRefusal, prepare, saleReceipt, sell, state, stateEvidence } from '../context/dut.js';
import { frameEvidence, ledgerMark, requests } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { noticeReachedCashier } from '../context/flows.js';

const suspension: TestCase = {
  id: 'req-16-suspension-blocks-and-lifts',
  title: 'A suspension order from the operator blocks the register; lifting it unblocks',
  covers: ['16'],
  wallTimeMs: 21 * 60_000,
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '16', saleReceipt(ctx, 170_00));
    const kkmId = ctx.profile.registration.kkmId;
    await ctx.ofd.suspend(kkmId, 'Приостановлено органом государственных доходов (тест)');
    const printed0 = ctx.notifications.printed().length;
    await enter(ctx, 'registration', '16');
    const r1 = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 171_00)), 15_000);
    ctx.check(!r1.ok && isRefusal(r1.error, 'suspended_by_ofd'), '16', `the sale that meets the suspension is refused with suspended_by_ofd (${r1.ok ? 'accepted' : (r1.error as Error).message})`, r1.ok ? docEvidence(r1.value!.document) : errorEvidence(r1.error));
    const mark = ledgerMark(ctx);
    await enter(ctx, 'registration', '16');
    const r2 = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 172_00)), 15_000);
    ctx.check(!r2.ok && isRefusal(r2.error, 'suspended_by_ofd'), '16', `later sales are refused too (${r2.ok ? 'accepted' : (r2.error as Error).message})`, r2.ok ? docEvidence(r2.value!.document) : errorEvidence(r2.error));
    const fiscal = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt' && d.fiscal !== null);
    ctx.check(fiscal.length === 0, '16', `no fiscal receipt was printed while suspended (${fiscal.length})`, fiscal.map((d) => docEvidence(d)));
    const tickets = requests(ctx, 'TICKET', mark);
    ctx.check(tickets.length === 0, '16', `the blocked register sent no new TICKET (${tickets.length})`, tickets.map((f) => frameEvidence(f)));
    const s = await state(ctx);
    ctx.check(s.blocked !== null, '16', `state.blocked is set (${JSON.stringify(s.blocked)})`, stateEvidence(s));
    await ctx.ofd.resume(kkmId);
    let after = s;
    for (let i = 0; i < 40 && after.blocked !== null; i++) {
      await ctx.clock.advance(30_000);
      after = await state(ctx);
    }
    ctx.check(after.blocked === null, '16', 'after the operator lifts the suspension the register unblocks (within 20 min)', stateEvidence(after));
    const ok = await sell(ctx, '16', saleReceipt(ctx, 173_00));
    ctx.check(ok.fiscal?.mode === 'online', '16', 'and sells online again', docEvidence(ok));
  },
};

const notification: TestCase = {
  id: 'req-17-operator-notification-shown',
  title: 'A notification from the operator is shown on the display or printed',
  covers: ['17'],
  wallTimeMs: 11 * 60_000,
  async run(ctx) {
    await prepare(ctx);
    const text = `Уведомление КГД: проверка ${ctx.seed % 100000}`;
    await ctx.ofd.notify(ctx.profile.registration.kkmId, text);
    await sell(ctx, '17', saleReceipt(ctx, 174_00));
    const where = await noticeReachedCashier(ctx, text, 500);
    ctx.check(!!where, '17', `the operator's notification "${text}" reached the cashier (${where ?? 'not shown, not printed'})`, { kind: 'display', summary: where ?? 'none', data: { displays: ctx.notifications.displays() } });
  },
};

export const ORDER_CASES: TestCase[] = [suspension, notification];
