// The device: switching on (self-test), the self-test on demand, a power cut while autonomous,
// firmware with a bad signature, and fiscal memory altered behind the register's back.
import type { CaseContext } from '../../case.js';
import type { SelfTestResult } from '../../dcp/types.js';
import { advanceBy, advanceUntilSettled, enter, errorEvidence, expectOk, isRefusal, logout, powerOn, state, stateEvidence } from '../../context/dut.js';
import { frameEvidence, frames, ledgerMark, linkDown, linkUp } from '../../context/operator.js';
import { docEvidence } from '../../context/documents.js';
import { LINK_CHECK, SOFTWARE_CHECK, UNIT_CHECK, selftestEvidence } from '../../cases/selftest.js';
import { tamper } from '../../cases/integrity.js';
import { memoryOf, r, tags, type Executor } from './memory.js';

const HOUR = 3_600_000;

function checksOf(st: SelfTestResult | undefined, re: RegExp) {
  return (st?.checks ?? []).filter((c) => re.test(c.name));
}

async function selftestRun(ctx: CaseContext, req: string): Promise<SelfTestResult> {
  await enter(ctx, 'service', r(req));
  const res = await advanceUntilSettled(ctx, ctx.dcp.call('selftest.run', {}), 30_000, 500);
  if (res.ok) return res.value!;
  if (isRefusal(res.error, 'selftest_failed')) return { ok: false, checks: [{ name: 'refused', ok: false, detail: String((res.error as Error).message) }] };
  return expectOk(ctx, r(req), 'selftest.run', Promise.reject(res.error ?? new Error('selftest.run got no answer')));
}

const powerOnStep: Executor = async (ctx) => {
  const res = await powerOn(ctx);
  const st = res.selftest;
  const ev = st ? selftestEvidence(st) : { kind: 'note', summary: 'no selftest in the power.on answer', data: res };
  ctx.check(!!st && st.checks.length >= 1 && st.ok && st.checks.every((c) => c.ok), r('2'), `power.on runs the self-test first and it passes (${st?.checks.length ?? 0} checks)`, ev);
  const units = checksOf(st, UNIT_CHECK);
  ctx.check(units.length >= 1 && units.every((c) => c.ok), r('2.1'), `the power-on self-test checks the main units (${units.map((c) => `${c.name}=${c.ok}`).join(', ') || 'none'})`, ev);
  const sw = checksOf(st, SOFTWARE_CHECK);
  ctx.check(sw.length >= 1 && sw.every((c) => c.ok), r('2.2'), `the power-on self-test checks the register software (${sw.map((c) => `${c.name}=${c.ok}`).join(', ') || 'none'})`, ev);
};

/** Self-test on demand (service mode): units, software, and a test message to the operator. */
const selftestReady: Executor = async (ctx) => {
  const mark = ledgerMark(ctx);
  const st = await selftestRun(ctx, '2');
  ctx.check(st.ok && st.checks.length >= 1, r('2'), `the self-test runs on demand and passes on a healthy register (${st.checks.length} checks)`, selftestEvidence(st));
  const units = checksOf(st, UNIT_CHECK);
  ctx.check(units.length >= 1 && units.every((c) => c.ok), r('2.1'), `it checks the main units (${units.map((c) => c.name).join(', ') || 'none'})`, selftestEvidence(st));
  const sw = checksOf(st, SOFTWARE_CHECK);
  ctx.check(sw.length >= 1 && sw.every((c) => c.ok), r('2.2'), `it checks the software (${sw.map((c) => c.name).join(', ') || 'none'})`, selftestEvidence(st));
  const link = checksOf(st, LINK_CHECK);
  const sent = frames(ctx, { direction: 'to-ofd', afterSeq: mark });
  const answered = frames(ctx, { direction: 'to-kkm', afterSeq: mark });
  ctx.check(link.length >= 1 && link.every((c) => c.ok) && sent.length >= 1 && answered.length >= 1, r('2.4'), `its link check passes and a test message reached the operator and was answered (${link.map((c) => `${c.name}=${c.ok}`).join(', ') || 'no link check'}; ${sent.length} sent, ${answered.length} answers)`, [...sent, ...answered].slice(0, 4).map((f) => frameEvidence(f)));
  await linkDown(ctx, 'blackhole');
  const down = await selftestRun(ctx, '2.4');
  await linkUp(ctx);
  const downLink = checksOf(down, LINK_CHECK);
  ctx.check(downLink.length >= 1 && downLink.some((c) => !c.ok), r('2.4'), `with the operator not answering the link check fails (${downLink.map((c) => `${c.name}=${c.ok}`).join(', ') || 'no link check'})`, selftestEvidence(down));
  await logout(ctx);
};

/** The self-test finds a receipt altered behind the register's back (reqs 2.3, 43.2). */
const selftestTampered: Executor = async (ctx, step) => {
  const st = await selftestRun(ctx, '43.2');
  if (tags(step, '2.3')) ctx.check(!st.ok && st.checks.some((c) => !c.ok), r('2.3'), 'after a receipt of the last closed shift was altered the self-test fails (its records vs the Z checksum)', selftestEvidence(st));
  const s = await state(ctx);
  ctx.check(!st.ok, r('43.2'), 'the correction of stored receipt data did not go unnoticed', [selftestEvidence(st), stateEvidence(s)]);
};

const selftest: Executor = (ctx, step) => (step.from === 'tampered' || step.from === 'tamperedClosed' ? selftestTampered(ctx, step) : selftestReady(ctx, step));

/** Switching off and on with altered data: the power-on self-test finds it (reqs 9, 2.3). */
const powerCycle: Executor = async (ctx, step) => {
  await ctx.dcp.call('power.off', {});
  const on = await powerOn(ctx).then((x) => ({ x }), (e: unknown) => ({ e }));
  const found = 'e' in on ? isRefusal(on.e, 'selftest_failed') : !!on.x.selftest && !on.x.selftest.ok;
  const ev = 'e' in on ? errorEvidence(on.e) : on.x.selftest ? selftestEvidence(on.x.selftest) : { kind: 'note', summary: 'no selftest in power.on', data: on.x };
  ctx.check(found, r('9'), `at power-on the record checksums are reconciled and the altered record is found (${'e' in on ? (on.e as Error).message : `self-test ok=${on.x.selftest?.ok}`})`, ev);
  if (tags(step, '2.3')) ctx.check(found, r('2.3'), 'the power-on self-test checks the last shift\'s receipts against its Z checksum', ev);
};

/**
 * An abrupt power cut while autonomous, then a month (720 h) without power: the queue and the
 * autonomous receipts survive unchanged (reqs 8, 28); their upload is the next LINK_UP's check.
 */
const powerCut: Executor = async (ctx) => {
  const m = memoryOf(ctx);
  await ctx.dcp.call('power.off', { abrupt: true });
  await advanceBy(ctx, 720 * HOUR, 240 * HOUR); // switched off: no timers of the DUT to interleave
  const on = await powerOn(ctx);
  const storage = (on.selftest?.checks ?? []).filter((c) => !LINK_CHECK.test(c.name));
  ctx.check(storage.length > 0 && storage.every((c) => c.ok), r('28'), `after 720 h without power the self-test finds the fiscal storage intact (${storage.map((c) => `${c.name}=${c.ok}`).join(', ')}; the link is still down)`, { kind: 'selftest', summary: `ok=${on.selftest?.ok}`, data: on.selftest });
  const receipts = m.queue.filter((q) => q.command === 'TICKET').map((q) => q.doc);
  if (receipts.length === 0) {
    ctx.check(false, r('28'), 'model: no autonomous receipt to look for after the power cut');
    return;
  }
  const j = await ctx.dcp.call('journal.read', { fromNumber: Math.min(...receipts.map((d) => d.number)), toNumber: Math.max(...receipts.map((d) => d.number)) });
  const kept = receipts.filter((d) => { const s = j.documents.find((x) => x.number === d.number); return !!s && s.fiscal?.sign === d.fiscal?.sign && s.totals?.total === d.totals?.total; });
  ctx.check(kept.length === receipts.length, r('28'), `the fiscal storage kept the autonomous receipts unchanged with their signs (${kept.length}/${receipts.length})`, receipts.slice(0, 3).map((d) => docEvidence(d)));
  const s = await state(ctx);
  ctx.check(kept.length === receipts.length && s.offline.queued >= m.queue.length, r('8'), `the ${m.queue.length} undelivered documents are still kept for upload (${s.offline.queued} queued)`, stateEvidence(s));
};

/** Firmware with a bad signature is refused; the firmware and the software check stay good (reqs 43, 43.1, 2.2). */
const firmwareUnsigned: Executor = async (ctx, step) => {
  const before = await ctx.dcp.call('dcp.hello', {});
  const image = Buffer.from(`KKM firmware 9.9.9 (bench model, unsigned) ${ctx.seed}`).toString('base64');
  let installed = false;
  for (const signature of [Buffer.alloc(64, 7).toString('base64'), '']) {
    await enter(ctx, 'service', r('43.1'));
    const res = await ctx.dcp.call('firmware.install', { image, signature }).then((x) => ({ x }), (e: unknown) => ({ e }));
    const refused = 'e' in res ? isRefusal(res.e, 'bad_signature') : res.x.installed === false;
    if (!('e' in res) && res.x.installed) installed = true;
    ctx.check(refused, r('43.1'), `firmware with signature ${signature ? `${signature.slice(0, 12)}…` : '(empty)'} is refused (${'e' in res ? (res.e as Error).message : `installed=${res.x.installed}`})`, 'e' in res ? errorEvidence(res.e) : { kind: 'dcp.response', summary: 'firmware.install', data: res.x });
  }
  const after = await ctx.dcp.call('dcp.hello', {});
  ctx.check(after.firmware === before.firmware, r('43'), `the register software was not modified (firmware ${before.firmware} → ${after.firmware})`);
  if (tags(step, '2.2')) {
    const st = await selftestRun(ctx, '2.2');
    const sw = checksOf(st, SOFTWARE_CHECK);
    ctx.check(sw.length >= 1 && (installed ? sw.some((c) => !c.ok) : sw.every((c) => c.ok)), r('2.2'), `the software check ${installed ? 'must fail after the unsigned image was installed' : 'still passes (the image was refused)'} (${sw.map((c) => `${c.name}=${c.ok}`).join(', ') || 'no software check'})`, selftestEvidence(st));
  }
  await logout(ctx);
};

/** Alters the last receipt in fiscal memory behind the register's back (DCP journal.tamper). */
const tamperStep: Executor = async (ctx) => {
  const doc = memoryOf(ctx).lastReceipt;
  if (!doc) throw new Error('model: TAMPER needs a receipt in the path');
  await tamper(ctx, r('43.2'), doc);
};

export const DEVICE_EXECUTORS = {
  POWER_ON: powerOnStep,
  POWER_CYCLE: powerCycle,
  POWER_CUT: powerCut,
  SELFTEST: selftest,
  FIRMWARE_UNSIGNED: firmwareUnsigned,
  TAMPER: tamperStep,
} satisfies Record<string, Executor>;
