// How each model event is done to a DUT through DCP (and the operator), and what each model state
// must look like from outside. Checks name the requirements of the model's meta.
import type { CaseContext } from '../case.js';
import { advanceBy, advanceUntilSettled, enter, expectOk, expectRefused, reconnectAndFlush, saleReceipt, state, stateEvidence } from '../context/dut.js';
import { docEvidence, showsAutonomousMark } from '../context/documents.js';
import { linkDown } from '../context/operator.js';
import type { DcpDocument, DcpState } from '../dcp/types.js';
import type { RequirementId } from '../report/types.js';
import type { ModelStep } from './paths.js';

const HOUR = 3_600_000;
/** Time the model's ADVANCE_SHIFT_LIMIT moves: past 24 h of open shift. */
export const SHIFT_LIMIT_STEP_MS = 24 * HOUR + 60_000;
/** Time the model's ADVANCE_OFFLINE_LIMIT moves: past 72 h of autonomous work. */
export const OFFLINE_LIMIT_STEP_MS = 72 * HOUR + 60_000;
/** Longest a receipt may wait for the operator before the DUT must go autonomous (5 s rule), plus margin. */
const OFFLINE_SETTLE_MS = 20_000;

const r = (id: string) => id as RequirementId;

/** A sale with the case's next idempotency key (numbered per case: deterministic whatever ran before). */
function sale(ctx: CaseContext, price = 150_00) {
  return saleReceipt(ctx, price);
}

async function sellExpectingDocument(ctx: CaseContext, step: ModelStep): Promise<DcpDocument> {
  await enter(ctx, 'registration', r('10'));
  const p = ctx.dcp.call('receipt.create', sale(ctx, 100_00 + step.event.length));
  const settled = await advanceUntilSettled(ctx, p, OFFLINE_SETTLE_MS, 1_000);
  if (!settled.ok) {
    const req = r(step.requirements[0] ?? '5');
    return expectOk(ctx, req, `receipt.create in model state ${step.from}`, Promise.reject(settled.error)).then((x) => (x as { document: DcpDocument }).document);
  }
  return (settled.value as { document: DcpDocument }).document;
}

/** Performs `step.event` on the DUT, checking what the transition promises. */
export async function execute(ctx: CaseContext, step: ModelStep): Promise<void> {
  const kkmId = ctx.profile.registration.kkmId;
  switch (step.event) {
    case 'POWER_ON': {
      const res = await ctx.dcp.call('power.on', {});
      ctx.check(res.selftest?.ok === true, r('2'), `power.on runs the self-test first and it passes (${res.selftest?.checks?.length ?? 0} checks)`, { kind: 'selftest', summary: 'power-on self-test', data: res.selftest });
      return;
    }
    case 'SELL': {
      if (step.from === 'blocked') {
        await enter(ctx, 'registration', r('10'));
        await expectRefused(ctx, r('29.6'), 'a sale after 72 h autonomous', ctx.dcp.call('receipt.create', sale(ctx)), 'offline_too_long');
        return;
      }
      if (step.from === 'expired') {
        await enter(ctx, 'registration', r('10'));
        await expectRefused(ctx, r('14'), 'a sale in a shift older than 24 h', ctx.dcp.call('receipt.create', sale(ctx)), 'shift_expired');
        return;
      }
      if (step.from === 'suspended' || step.from === 'suspendedClosed') {
        await enter(ctx, 'registration', r('10'));
        await expectRefused(ctx, r('16'), 'a sale while the operator suspended the register', ctx.dcp.call('receipt.create', sale(ctx)), 'suspended_by_ofd');
        return;
      }
      const before = ctx.notifications.printed().length;
      const doc = await sellExpectingDocument(ctx, step);
      const printed = ctx.notifications.printed().slice(before);
      const onPaper = printed.find((d) => d.number === doc.number && d.kind === 'receipt');
      if (step.to === 'online') {
        ctx.check(doc.fiscal?.mode === 'online' && !!doc.fiscal.sign, r('5'), `receipt №${doc.number} got an online fiscal sign in the same cycle (mode ${doc.fiscal?.mode ?? 'none'})`, docEvidence(doc));
        ctx.check(!!onPaper, r('5'), `receipt №${doc.number} was printed (document.printed)`, onPaper ? docEvidence(onPaper) : undefined);
        if (step.from === 'closed') {
          const s = await state(ctx);
          ctx.check(s.shift.open, r('12'), 'the first sale opened a shift', stateEvidence(s));
        }
      } else {
        const paper = onPaper ?? doc;
        ctx.check(doc.fiscal?.mode === 'autonomous', r('29.1'), `with the operator unreachable receipt №${doc.number} is autonomous (mode ${doc.fiscal?.mode ?? 'none'})`, docEvidence(doc));
        ctx.check(!!doc.fiscal?.sign, r('29.3'), `the autonomous receipt carries its own fiscal sign "${doc.fiscal?.sign ?? ''}"`, docEvidence(doc));
        const sign = doc.fiscal?.sign ?? '\u0000';
        ctx.check(!!onPaper && paper.lines.some((l) => l.includes(sign)), r('29.4'), 'the autonomous fiscal sign is printed on the receipt', docEvidence(paper));
        ctx.check(!!onPaper && showsAutonomousMark(paper), r('29.5'), 'the printed receipt is marked autonomous', docEvidence(paper));
        if (step.from === 'linkDown') {
          const shown = ctx.notifications.displays();
          ctx.check(shown.length > 0, r('29.2'), `the cashier was told the register went autonomous (${shown.length} display messages)`, shown.slice(-3).map((d) => ({ kind: 'display', summary: d.text, data: d })));
        }
      }
      return;
    }
    case 'CLOSE_SHIFT': {
      await enter(ctx, 'close_shift', r('12'));
      const p = ctx.dcp.call('report.z', {});
      const settled = await advanceUntilSettled(ctx, p, OFFLINE_SETTLE_MS, 1_000);
      const req = r(step.from === 'offline' ? '29.7' : step.from === 'expired' ? '14' : '12');
      if (!settled.ok) {
        await expectOk(ctx, req, `report.z in model state ${step.from}`, Promise.reject(settled.error));
        return;
      }
      const doc = (settled.value as { document: DcpDocument }).document;
      ctx.check(doc.kind === 'z_report', req, `the shift was closed with a Z-report №${doc.number}`, docEvidence(doc));
      const s = await state(ctx);
      ctx.check(!s.shift.open, req, 'the shift is closed after the Z-report', stateEvidence(s));
      return;
    }
    case 'LINK_DOWN':
      await linkDown(ctx, 'blackhole');
      return;
    case 'LINK_UP': {
      const s = await reconnectAndFlush(ctx, 30 * 60_000, 5_000);
      ctx.check(s.offline.queued === 0 && s.offline.since === null, r('8'), `after the link came back the queue was delivered (queued ${s.offline.queued}, offline since ${s.offline.since})`, stateEvidence(s));
      return;
    }
    case 'SUSPEND':
      await ctx.ofd.suspend(kkmId, 'model-based path');
      await advanceBy(ctx, 10 * 60_000, 60_000);
      return;
    case 'RESUME':
      await ctx.ofd.resume(kkmId);
      await advanceBy(ctx, 10 * 60_000, 60_000);
      return;
    case 'ADVANCE_SHIFT_LIMIT':
      await advanceBy(ctx, SHIFT_LIMIT_STEP_MS, HOUR);
      return;
    case 'ADVANCE_OFFLINE_LIMIT':
      await advanceBy(ctx, OFFLINE_LIMIT_STEP_MS, HOUR);
      return;
    case 'SET_TIME': {
      const now = Date.parse((await ctx.dcp.call('clock.get', {})).now);
      const target = new Date(now + 60_000).toISOString();
      await enter(ctx, 'programming', r('41'));
      if (step.from === 'closed') {
        await expectOk(ctx, r('41'), 'clock.set forward with the shift closed', ctx.dcp.call('clock.set', { now: target, password: ctx.profile.passwords.programming }));
        ctx.check(true, r('41'), 'date/time programming is accepted while the shift is closed');
      } else {
        await expectRefused(ctx, r('41'), 'clock.set while a shift is open', ctx.dcp.call('clock.set', { now: target, password: ctx.profile.passwords.programming }), 'shift_open');
      }
      await ctx.dcp.call('session.logout', {}).catch(() => undefined);
      return;
    }
  }
}

/** Checks that the DUT looks like model state `name` from outside (state.get). */
export async function checkState(ctx: CaseContext, name: string): Promise<DcpState> {
  const s = await state(ctx);
  const ev = stateEvidence(s, `model state ${name}: ${JSON.stringify({ shift: s.shift.open, offline: s.offline, blocked: s.blocked })}`);
  switch (name) {
    case 'closed':
      ctx.check(s.powered && !s.shift.open && s.blocked === null, r('12'), 'powered, no shift open, not blocked', ev);
      break;
    case 'online':
      ctx.check(s.shift.open && s.blocked === null && s.offline.queued === 0, r('5'), 'shift open, online, not blocked', ev);
      break;
    case 'offline':
      ctx.check(s.offline.since !== null && s.offline.queued > 0, r('29.1'), `autonomous since ${s.offline.since} with ${s.offline.queued} queued`, ev);
      break;
    case 'closedOffline':
      ctx.check(!s.shift.open && s.offline.queued > 0, r('29.7'), `shift closed offline, ${s.offline.queued} documents still queued`, ev);
      break;
    case 'blocked':
      ctx.check(s.blocked !== null, r('29.6'), `blocked after 72 h autonomous (${s.blocked?.reason ?? 'not blocked'})`, ev);
      break;
    case 'expired':
      ctx.check(s.shift.open, r('14'), 'the shift older than 24 h stays open until a Z-report closes it', ev);
      break;
    default:
      break; // off, linkDown, suspended*: nothing visible in state.get that the requirements fix
  }
  return s;
}
