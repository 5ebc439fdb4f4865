// Requirements 2, 2.1, 2.2, 2.4: the automatic self-test (power-on, on demand) and what it covers.
import type { TestCase, CaseContext } from '../case.js';
import type { SelfTestResult } from '../dcp/types.js';
import type { Evidence } from '../report/types.js';
import { advanceUntilSettled, powerOn, enter, expectOk, prepare, logout } from '../context/dut.js';
import { frames, ledgerMark, linkDown, linkUp, frameEvidence } from '../context/operator.js';

export const UNIT_CHECK = /block|printer|fiscal|module|storage|memory|clock|rtc|unit|hardware|display|keyboard|scanner|battery|power|drawer|card|блок|узел|узл|принтер|накопител|часы|түйін|блок/i;
export const SOFTWARE_CHECK = /software|firmware|program|image|code|checksum.*(fw|firmware)|version|signature|бағдарлама|программ|прошивк/i;
export const LINK_CHECK = /ofd|link|server|connection|network|channel|связь|сервер|офд|байланыс/i;

export function selftestEvidence(r: SelfTestResult, summary?: string): Evidence {
  return { kind: 'selftest', summary: summary ?? `self-test ok=${r.ok}: ${(r.checks ?? []).map((c) => `${c.name}=${c.ok ? 'ok' : 'FAIL'}`).join(', ')}`, data: r };
}

async function runSelftest(ctx: CaseContext, maxMs = 30_000): Promise<SelfTestResult> {
  await enter(ctx, 'service', '2');
  const r = await advanceUntilSettled(ctx, ctx.dcp.call('selftest.run', {}), maxMs, 500);
  if (!r.ok) return expectOk(ctx, '2', 'selftest.run', Promise.reject(r.error));
  return r.value!;
}

const powerOnCase: TestCase = {
  id: 'req-2-selftest-at-power-on',
  title: 'Switching on runs the automatic self-test before any operation',
  covers: ['2'],
  async run(ctx) {
    await prepare(ctx);
    await ctx.dcp.call('power.off', {});
    const r = await expectOk(ctx, '2', 'power.on', powerOn(ctx));
    const st = r?.selftest;
    ctx.check(!!st && typeof st.ok === 'boolean' && Array.isArray(st.checks) && st.checks.length >= 1, '2', 'power.on answers with the self-test it ran (ok flag and at least one check)', st ? selftestEvidence(st) : { kind: 'note', summary: 'no selftest in the power.on answer', data: r });
    if (st) ctx.check(st.ok && st.checks.every((c) => c.ok), '2', 'on a healthy register every power-on check passes', selftestEvidence(st));
  },
};

const units: TestCase = {
  id: 'req-2.1-units-tested',
  title: 'The self-test checks the main units',
  covers: ['2.1'],
  async run(ctx) {
    await prepare(ctx);
    const r = await runSelftest(ctx);
    const unitChecks = (r.checks ?? []).filter((c) => UNIT_CHECK.test(c.name));
    ctx.check(unitChecks.length >= 1, '2.1', `the self-test has a check of a hardware unit (${unitChecks.map((c) => c.name).join(', ') || 'none'})`, selftestEvidence(r));
    ctx.check(unitChecks.every((c) => c.ok), '2.1', 'the unit checks pass on a healthy register', selftestEvidence(r));
    await logout(ctx);
  },
};

const software: TestCase = {
  id: 'req-2.2-software-tested',
  title: 'The self-test checks the register software',
  covers: ['2.2'],
  async run(ctx) {
    await prepare(ctx);
    const r = await runSelftest(ctx);
    const sw = (r.checks ?? []).filter((c) => SOFTWARE_CHECK.test(c.name));
    ctx.check(sw.length >= 1, '2.2', `the self-test has a software check (${sw.map((c) => c.name).join(', ') || 'none'})`, selftestEvidence(r));
    ctx.check(sw.every((c) => c.ok), '2.2', 'the software checks pass on a healthy register', selftestEvidence(r));
    if (ctx.capabilities.includes('firmware')) {
      // an image without the manufacturer's signature: refused, or else the software check must catch it
      const image = Buffer.from(`unsigned image ${ctx.seed}`).toString('base64');
      const inst = await ctx.dcp.call('firmware.install', { image, signature: Buffer.alloc(64, 1).toString('base64') }).then((x) => x.installed === true, () => false);
      const r2 = await runSelftest(ctx);
      const sw2 = (r2.checks ?? []).filter((c) => SOFTWARE_CHECK.test(c.name));
      ctx.check(!inst || (sw2.length > 0 && sw2.some((c) => !c.ok)), '2.2', `an unsigned image was ${inst ? 'installed — and the software check must fail' : 'refused'} (${sw2.map((c) => `${c.name}=${c.ok}`).join(', ')})`, selftestEvidence(r2));
    }
    await logout(ctx);
  },
};

const link: TestCase = {
  id: 'req-2.4-ofd-link-tested',
  title: 'The self-test sends a test message to the operator and reports the link',
  covers: ['2.4'],
  async run(ctx) {
    await prepare(ctx);
    const mark = ledgerMark(ctx);
    const r = await runSelftest(ctx);
    const linkChecks = (r.checks ?? []).filter((c) => LINK_CHECK.test(c.name));
    ctx.check(linkChecks.length >= 1 && linkChecks.every((c) => c.ok), '2.4', `with the operator reachable the link check passes (${linkChecks.map((c) => `${c.name}=${c.ok}`).join(', ') || 'no link check'})`, selftestEvidence(r));
    const sent = frames(ctx, { direction: 'to-ofd', afterSeq: mark });
    const answered = frames(ctx, { direction: 'to-kkm', afterSeq: mark });
    ctx.check(sent.length >= 1 && answered.length >= 1, '2.4', `during the self-test a test message reached the operator and was answered (${sent.length} sent, ${answered.length} answers)`, [...sent, ...answered].slice(0, 4).map((f) => frameEvidence(f)));
    await linkDown(ctx, 'blackhole');
    const down = await runSelftest(ctx);
    const downLink = (down.checks ?? []).filter((c) => LINK_CHECK.test(c.name));
    ctx.check(downLink.length >= 1 && downLink.some((c) => !c.ok), '2.4', `with the operator not answering the link check fails (${downLink.map((c) => `${c.name}=${c.ok}`).join(', ') || 'no link check'})`, selftestEvidence(down));
    await linkUp(ctx);
    await logout(ctx);
  },
};

export const SELFTEST_CASES: TestCase[] = [powerOnCase, units, software, link];
