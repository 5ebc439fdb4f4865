// Requirements 2.3, 3, 3.3, 9, 13, 43.2: fiscal memory integrity — tampering behind the register's
// back (DCP journal.tamper) must be detected by the next self-test (power-on, Z, on demand) and
// must block the register.
import type { TestCase, CaseContext } from '../case.js';
import type { DcpDocument, SelfTestResult } from '../dcp/types.js';
import type { RequirementId } from '../report/types.js';
import { advanceUntilSettled, powerOn, enter, errorEvidence, expectOk, isRefusal, prepare, saleReceipt, sell, state, stateEvidence, zReport, logout } from '../context/dut.js';
import { frameEvidence, ledgerMark, requests, path } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { selftestEvidence } from './selftest.js';

/** Alters a stored receipt behind the DUT's back: its total and first item's price go up by 1 tenge. */
export async function tamper(ctx: CaseContext, req: RequirementId, doc: DcpDocument): Promise<void> {
  const total = (doc.totals?.total ?? 0) + 100;
  const patch: Record<string, unknown> = { totals: { total, byPayment: { cash: total } } };
  if (doc.receipt) patch.receipt = { ...doc.receipt, items: doc.receipt.items.map((it, i) => (i === 0 ? { ...it, price: it.price + 100 } : it)), payments: [{ type: 'cash', sum: total }] };
  await expectOk(ctx, req, `journal.tamper №${doc.number}`, ctx.dcp.call('journal.tamper', { number: doc.number, patch }));
}

async function selftest(ctx: CaseContext, req: RequirementId): Promise<SelfTestResult> {
  await enter(ctx, 'service', req);
  const r = await advanceUntilSettled(ctx, ctx.dcp.call('selftest.run', {}), 30_000, 500);
  if (r.ok) return r.value!;
  // a DUT may answer a failed self-test with a refusal
  if (isRefusal(r.error, 'selftest_failed')) return { ok: false, checks: [{ name: 'refused', ok: false, detail: String((r.error as Error).message) }] };
  return expectOk(ctx, req, 'selftest.run', Promise.reject(r.error));
}

const lastShift: TestCase = {
  id: 'req-2.3-tamper-last-shift-detected',
  title: 'A receipt of the last closed shift altered in fiscal memory is detected by the next self-test',
  covers: ['2.3', '43.2'],
  needs: ['tamper'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const a = await sell(ctx, '2.3', saleReceipt(ctx, 210_00));
    await sell(ctx, '2.3', saleReceipt(ctx, 220_00));
    await zReport(ctx, '2.3');
    const clean = await selftest(ctx, '2.3');
    ctx.check(clean.ok, '2.3', 'before tampering the self-test passes', selftestEvidence(clean));
    await tamper(ctx, '2.3', a);
    const r = await selftest(ctx, '2.3');
    ctx.check(!r.ok && r.checks.some((c) => !c.ok), '2.3', 'after a receipt of the last shift was altered the self-test fails (last shift vs the Z checksum)', selftestEvidence(r));
    ctx.check(!r.ok, '43.2', 'the correction of stored receipt data did not go unnoticed', selftestEvidence(r));
    await logout(ctx);
  },
};

const olderShift: TestCase = {
  id: 'req-2.3-tamper-older-shift-detected',
  title: 'A receipt of an older shift altered in fiscal memory is detected (total checksum vs the Z checksums)',
  covers: ['2.3'],
  needs: ['tamper'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const a = await sell(ctx, '2.3', saleReceipt(ctx, 230_00));
    await zReport(ctx, '2.3');
    await sell(ctx, '2.3', saleReceipt(ctx, 240_00));
    await zReport(ctx, '2.3');
    await sell(ctx, '2.3', saleReceipt(ctx, 250_00));
    await tamper(ctx, '2.3', a);
    const r = await selftest(ctx, '2.3');
    ctx.check(!r.ok && r.checks.some((c) => !c.ok), '2.3', 'after a receipt two shifts back was altered the self-test fails', selftestEvidence(r));
    await logout(ctx);
  },
};

const blocks: TestCase = {
  id: 'req-3.3-block-after-failed-integrity',
  title: 'After a failed integrity test the register refuses sales, prints nothing fiscal and sends nothing',
  covers: ['3.3'],
  needs: ['tamper'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const a = await sell(ctx, '3.3', saleReceipt(ctx, 260_00));
    await zReport(ctx, '3.3');
    await tamper(ctx, '3.3', a);
    const r = await selftest(ctx, '3.3');
    ctx.check(!r.ok, '3.3', 'the self-test detects the tampering', selftestEvidence(r));
    const s = await state(ctx);
    ctx.check(s.blocked !== null, '3.3', `the register is blocked after the failed self-test (state.blocked = ${JSON.stringify(s.blocked)})`, stateEvidence(s));
    const mark = ledgerMark(ctx);
    const printed0 = ctx.notifications.printed().length;
    await ctx.dcp.call('session.logout', {}).catch(() => undefined);
    const login = await ctx.dcp.call('session.login', { mode: 'registration', password: ctx.profile.passwords.registration }).then(() => null, (e: unknown) => e);
    const refusal = login ?? await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 270_00)), 10_000).then((x) => (x.ok ? null : x.error));
    ctx.check(isRefusal(refusal), '3.3', `a sale is refused while blocked (${refusal ? (refusal as Error).message : 'it was accepted'})`, refusal ? errorEvidence(refusal) : undefined);
    ctx.check(isRefusal(refusal, 'selftest_failed'), '3.3', 'the refusal names the failed self-test (selftest_failed)', refusal ? errorEvidence(refusal) : undefined);
    const sent = requests(ctx, 'TICKET', mark);
    ctx.check(sent.length === 0, '3.3', `no TICKET reached the operator while blocked (${sent.length})`, sent.map((f) => frameEvidence(f)));
    const fiscal = ctx.notifications.printed().slice(printed0).filter((d) => d.fiscal !== null);
    ctx.check(fiscal.length === 0, '3.3', `nothing fiscal was printed while blocked (${fiscal.length})`, fiscal.map((d) => docEvidence(d)));
  },
};

const atPowerOn: TestCase = {
  id: 'req-9-integrity-check-at-power-on',
  title: 'Record checksums are reconciled at power-on: a tampered record is detected when switched on',
  covers: ['9'],
  needs: ['tamper'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const a = await sell(ctx, '9', saleReceipt(ctx, 280_00));
    await zReport(ctx, '9');
    await tamper(ctx, '9', a);
    await ctx.dcp.call('power.off', {});
    const on = await powerOn(ctx).then((r) => ({ r }), (e: unknown) => ({ e }));
    if ('e' in on) {
      ctx.check(isRefusal(on.e, 'selftest_failed'), '9', 'power.on reports the failed self-test', errorEvidence(on.e));
    } else {
      const st = on.r.selftest;
      ctx.check(!!st && !st.ok, '9', 'the power-on self-test detects the altered record', st ? selftestEvidence(st) : { kind: 'note', summary: 'no selftest in power.on', data: on.r });
    }
    const s = await state(ctx);
    ctx.check(s.blocked !== null, '9', 'the register is blocked after switching on with a tampered record', stateEvidence(s));
  },
};

const atZ: TestCase = {
  id: 'req-13-integrity-check-at-z',
  title: 'The Z report carries its checksum to the operator and runs the integrity control',
  covers: ['13', '2'],
  needs: ['tamper'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '13', saleReceipt(ctx, 290_00));
    const mark = ledgerMark(ctx);
    await zReport(ctx, '13');
    const cs = requests(ctx, 'CLOSE_SHIFT', mark);
    const sum = cs.length ? path(cs[cs.length - 1]!.decoded, 'close_shift.z_report.checksum') : undefined;
    ctx.check(typeof sum === 'string' && sum.length > 0, '13', `the CLOSE_SHIFT frame carries the Z report checksum (${JSON.stringify(sum)})`, cs.map((f) => frameEvidence(f)));
    const b = await sell(ctx, '13', saleReceipt(ctx, 300_00));
    await tamper(ctx, '13', b);
    await enter(ctx, 'close_shift', '13');
    const z = await advanceUntilSettled(ctx, ctx.dcp.call('report.z', {}), 15_000).then((x) => (x.ok ? { doc: x.value!.document } : { e: x.error }));
    const s = await state(ctx);
    const detected = ('e' in z && isRefusal(z.e, 'selftest_failed')) || s.blocked !== null;
    ctx.check(detected, '13', `taking the Z report detects the altered record of the shift (${'e' in z ? `Z refused: ${(z.e as Error).message}` : 'Z printed'}; blocked = ${JSON.stringify(s.blocked)})`, ['e' in z ? errorEvidence(z.e) : docEvidence(z.doc), stateEvidence(s)]);
    ctx.check(detected, '2', 'the self-test runs at the end of the shift (Z)', stateEvidence(s));
  },
};

const immutable: TestCase = {
  id: 'req-43.2-fiscal-record-immutable',
  title: 'Corrections of stored receipt data do not go through: detected, blocked, and the operator copy stays',
  covers: ['43.2'],
  needs: ['tamper'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const mark = ledgerMark(ctx);
    const a = await sell(ctx, '43.2', saleReceipt(ctx, 310_00));
    await tamper(ctx, '43.2', a);
    const r = await selftest(ctx, '43.2');
    ctx.check(!r.ok, '43.2', 'the altered receipt is detected by the self-test', selftestEvidence(r));
    const s = await state(ctx);
    ctx.check(s.blocked !== null, '43.2', 'the register blocks after detecting the correction', stateEvidence(s));
    const t = requests(ctx, 'TICKET', mark);
    ctx.check(t.length === 1, '43.2', `the operator received the receipt once, as sold (${t.length} TICKET)`, t.map((f) => frameEvidence(f)));
  },
};

export const INTEGRITY_CASES: TestCase[] = [lastShift, olderShift, blocks, atPowerOn, atZ, immutable];
