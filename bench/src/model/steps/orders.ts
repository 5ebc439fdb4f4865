// The operator's orders (suspension and its lifting, notifications for the cashier) and the time
// limits: the 24 h shift and 72 h of autonomous work.
import { advanceBy, state, stateEvidence } from '../../context/dut.js';
import { docEvidence } from '../../context/documents.js';
import { noticeReachedCashier, printedCopy, sellAdvancing } from '../../context/flows.js';
import { saleReceipt } from '../../context/dut.js';
import { memoryOf, r, remember, type Executor } from './memory.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const suspend: Executor = async (ctx) => {
  await ctx.ofd.suspend(ctx.profile.registration.kkmId, 'Приостановлено органом государственных доходов (модель)');
  await advanceBy(ctx, 10 * MINUTE, MINUTE);
};

const resume: Executor = async (ctx) => {
  await ctx.ofd.resume(ctx.profile.registration.kkmId);
  let s = await state(ctx);
  for (let i = 0; i < 40 && s.blocked !== null; i++) {
    await ctx.clock.advance(30_000);
    s = await state(ctx);
  }
  const { doc } = await sellAdvancing(ctx, r('16'), saleReceipt(ctx, 173_00), 20_000, 1_000);
  remember(ctx, doc);
  const p = await printedCopy(ctx, r('16'), doc);
  ctx.check(doc.fiscal?.mode === 'online' && !!p, r('16'), `after the operator lifted the suspension the register sells online again (${doc.fiscal?.mode}, ${p ? 'printed' : 'not printed'})`, [docEvidence(p ?? doc), stateEvidence(s)]);
};

const notify: Executor = async (ctx) => {
  const text = `Уведомление КГД: модель ${ctx.seed % 100000}`;
  await ctx.ofd.notify(ctx.profile.registration.kkmId, text);
  const { doc } = await sellAdvancing(ctx, r('17'), saleReceipt(ctx, 174_00), 20_000, 1_000);
  remember(ctx, doc);
  const where = await noticeReachedCashier(ctx, text, 200);
  ctx.check(!!where, r('17'), `the operator's notification "${text}" reached the cashier (${where ?? 'not shown, not printed'})`, { kind: 'display', summary: where ?? 'none', data: { displays: ctx.notifications.displays().slice(-5) } });
};

/** The shift at 23 h 59 min still sells; then past 24 h (the refusal is the next SELL's check) (req 14). */
const advanceShiftLimit: Executor = async (ctx) => {
  const m = memoryOf(ctx);
  const opened = m.shiftOpenedAt ?? ctx.clock.now();
  const to = opened + 23 * HOUR + 59 * MINUTE;
  if (to > ctx.clock.now()) await advanceBy(ctx, to - ctx.clock.now(), 4 * HOUR);
  const { doc } = await sellAdvancing(ctx, r('14'), saleReceipt(ctx, 161_00), 20_000, 1_000);
  remember(ctx, doc);
  ctx.check(doc.fiscal !== null && doc.kind === 'receipt', r('14'), 'at 23 h 59 min of the shift a sale is still accepted', docEvidence(doc));
  await advanceBy(ctx, 2 * MINUTE);
};

/** More than 72 h since the first autonomous receipt. */
const advanceOfflineLimit: Executor = async (ctx) => {
  const m = memoryOf(ctx);
  const from = m.offlineFrom ?? ctx.clock.now();
  const to = from + 72 * HOUR + MINUTE;
  await advanceBy(ctx, Math.max(MINUTE, to - ctx.clock.now()), 4 * HOUR);
};

export const ORDER_EXECUTORS = {
  SUSPEND: suspend,
  RESUME: resume,
  NOTIFY: notify,
  ADVANCE_SHIFT_LIMIT: advanceShiftLimit,
  ADVANCE_OFFLINE_LIMIT: advanceOfflineLimit,
} satisfies Record<string, Executor>;
