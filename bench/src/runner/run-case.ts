// Runs one test case in its own session and classifies the outcome (rules in case.ts):
// a failing check or CaseAbort → fail; a DCP domain refusal the case did not expect → fail
// (a failing check on its first covered requirement); anything else thrown → error (a bench
// fault: broken connection, bench timeout, bug); missing capabilities → not_run; a case that
// made no check at all → error ("not exercised"): a report never shows pass for nothing.
import type { CaseContext, TestCase } from '../case.js';
import type { Capability, CaseResult, Check, Evidence, RequirementId } from '../report/types.js';
import type { DcpHello } from '../dcp/types.js';
import type { TraceRecorder } from '../trace/recorder.js';
import { BenchError, isBenchError } from '../errors.js';
import type { DutSession, SessionFactory } from './session.js';
import { hrtimeMs, withTimeout } from './wall.js';

export interface RunCaseOptions {
  factory: SessionFactory;
  trace: TraceRecorder;
  seed: number;
  /** --wall-clock: long cases may run in real time */
  wallClock: boolean;
  /** real-time limit per case @defaultValue 60000 */
  caseTimeoutMs?: number;
  /** the DUT's hello from an earlier session (lets not_run cases skip opening a session) */
  knownHello?: DcpHello;
  log?: (line: string) => void;
  /** the runner already knows the case cannot run (e.g. a destructive case on a shared DUT): not_run with this reason */
  notRunBecause?: string;
}

/**
 * A case that leaves the DUT altered for good: it writes behind the register's back (capability
 * `tamper`), after which a correct register stays blocked (reqs 3.3, 43.2). Only a fresh DUT
 * can run the next one.
 */
export function isDestructive(tc: Pick<TestCase, 'needs'>): boolean {
  return (tc.needs ?? []).includes('tamper');
}

/** Why a case cannot run on this DUT, or null. */
export function missingFor(tc: Pick<TestCase, 'needs' | 'longRunning'>, hello: DcpHello, virtual: boolean, wallClock: boolean): string | null {
  const missing = (tc.needs ?? []).filter((n) => !hello.capabilities.includes(n));
  if (missing.length) return `missing capability: ${missing.join(', ')}`;
  if (tc.longRunning && !virtual && !wallClock) return 'missing capability: virtual-clock (long-running case; run with --wall-clock to wait in real time)';
  return null;
}

interface Thrown { name?: string; code?: string; message?: string; reason?: string; requirement?: string; details?: { reason?: string; method?: string } }

function seedFor(runSeed: number, caseId: string): number {
  let h = 0x811c9dc5 ^ runSeed;
  for (let i = 0; i < caseId.length; i++) h = Math.imul(h ^ caseId.charCodeAt(i), 0x01000193) >>> 0;
  return h >>> 0;
}

export function makeContext(tc: TestCase, s: DutSession, trace: TraceRecorder, seed: number, log: (l: string) => void, checks: Check[], evidence: Evidence[]): CaseContext {
  const notifications = s.dcp.notifications.fromNow();
  return {
    dcp: s.dcp,
    ofd: s.ofd,
    clock: s.clock,
    trace: { record: (e) => trace.record((e.kind as never) ?? 'note', { ...e, kind: undefined, case: tc.id }) },
    caseId: tc.id,
    check(cond, requirement, message, ev) {
      const evs = ev === undefined ? [] : Array.isArray(ev) ? ev : [ev];
      const rec = trace.record('check', { case: tc.id, requirement, ok: Boolean(cond), message });
      checks.push({ requirement, ok: Boolean(cond), message, evidence: evs.map((e) => ({ ...e, traceSeq: e.traceSeq ?? rec.seq })), traceSeq: rec.seq, at: rec.t });
      return Boolean(cond);
    },
    evidence(e) {
      evidence.push(e);
    },
    profile: s.profile,
    hello: s.hello,
    capabilities: s.hello.capabilities as Capability[],
    notifications,
    seed,
    log(message) {
      trace.record('note', { case: tc.id, text: message });
      log(`[${tc.id}] ${message}`);
    },
  };
}

/** Runs `tc` in a session from `o.factory`; never throws for a case problem (only unreachable DUT). */
export async function runCase(tc: TestCase, o: RunCaseOptions): Promise<{ result: CaseResult; hello?: DcpHello }> {
  const started = hrtimeMs();
  const log = o.log ?? (() => {});
  const from = o.trace.seq;
  const finish = (status: CaseResult['status'], checks: Check[], evidence: Evidence[], reason?: string): CaseResult => {
    o.trace.record('case.end', { case: tc.id, status, ...(reason ? { reason } : {}) });
    return {
      id: tc.id,
      title: tc.title,
      covers: tc.covers,
      status,
      checks,
      evidence,
      traceSlice: { from, to: o.trace.seq - 1 },
      durationMs: Math.round(hrtimeMs() - started),
      ...(reason ? { reason } : {}),
    };
  };

  o.trace.record('case.start', { case: tc.id, covers: tc.covers });
  if (o.notRunBecause) return { result: finish('not_run', [], [], o.notRunBecause) };
  if (o.knownHello) {
    const why = missingFor(tc, o.knownHello, o.knownHello.capabilities.includes('virtual-clock') && !o.wallClock, o.wallClock);
    if (why) return { result: finish('not_run', [], [], why) };
  }

  let session: DutSession;
  try {
    session = await o.factory.open(o.trace, seedFor(o.seed, tc.id));
  } catch (err) {
    if (isBenchError(err) && err.code === 'BENCH_DUT_UNREACHABLE') throw err;
    return { result: finish('error', [], [], `bench could not set up the DUT: ${(err as Error).message}`) };
  }
  const checks: Check[] = [];
  const evidence: Evidence[] = [];
  try {
    const why = missingFor(tc, session.hello, session.virtual, o.wallClock);
    if (why) return { result: finish('not_run', [], [], why), hello: session.hello };
    const ctx = makeContext(tc, session, o.trace, seedFor(o.seed, tc.id), log, checks, evidence);
    // in wall time a case may need the DUT's real reconnect/retry intervals (TestCase.wallTimeMs)
    const base = o.caseTimeoutMs ?? 60_000;
    const timeout = !session.virtual && tc.wallTimeMs ? Math.max(base, tc.wallTimeMs + 30_000) : base;
    try {
      await withTimeout(tc.run(ctx), timeout, () => new BenchError('BENCH_CASE_TIMEOUT', `case did not finish within ${timeout} ms of real time`));
    } catch (err) {
      const e = err as Thrown;
      if (e?.code === 'BENCH_CASE_ABORT') {
        if (!checks.some((c) => !c.ok)) ctx.check(false, (e.requirement ?? tc.covers[0]) as RequirementId, e.message ?? 'aborted');
        const first = checks.find((c) => !c.ok)!;
        return { result: finish('fail', checks, evidence, first.message), hello: session.hello };
      }
      if (e?.code === 'BENCH_DCP_DOMAIN') {
        const reason = e.reason ?? e.details?.reason;
        ctx.check(false, tc.covers[0]!, `the DUT refused ${e.details?.method ?? 'a call'} (${reason}): ${e.message}`, { kind: 'dcp.error', summary: `refused: ${reason}`, data: { reason, requirement: e.requirement, method: e.details?.method } });
        return { result: finish('fail', checks, evidence, `unexpected refusal ${reason}: ${e.message}`), hello: session.hello };
      }
      o.trace.record('note', { case: tc.id, error: { name: e?.name, code: e?.code, message: e?.message } });
      return { result: finish('error', checks, evidence, `${e?.code ?? e?.name ?? 'Error'}: ${e?.message ?? String(err)}`), hello: session.hello };
    }
    const failed = checks.find((c) => !c.ok);
    if (failed) return { result: finish('fail', checks, evidence, `${failed.requirement}: ${failed.message}`), hello: session.hello };
    if (checks.length === 0) return { result: finish('error', checks, evidence, 'not exercised: the case made no check'), hello: session.hello };
    return { result: finish('pass', checks, evidence), hello: session.hello };
  } finally {
    if (o.factory.isolating) await session.close();
  }
}
