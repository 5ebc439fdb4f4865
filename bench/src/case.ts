// The test-case framework types: what a case is, and what the runner hands it (CaseContext).
// A case is a scripted scenario of DCP calls, operator faults and orders, and clock steps, with
// checks on what was observed on the wire and on paper — never only on what the DUT claims.
//
// Outcome rules (the runner implements them):
// - every `ctx.check(false, …)` makes the case `fail`; checks carry the requirement they judge;
// - a thrown `CaseAbort` → `fail` (the failing check was recorded before it was thrown);
// - a thrown DcpError with code `BENCH_DCP_DOMAIN` (the DUT refused something the case needed)
//   → `fail`, recorded as a failing check on the case's first covered requirement;
// - any other throw (connection lost, bench timeout, bug) → `error`;
// - a case whose `needs` are not all in the DUT's capabilities is not run → `not_run`.
import type { RequirementId, Capability, Evidence, Check } from './report/types.js';
import type { DcpClient, DeviceProfile, DcpHello, NotificationView } from './dcp/types.js';

export type { RequirementId, Capability, Evidence, Check };

export interface TestCase {
  /** 'req-29.6-block-after-72h': `req-<first covered id>-<slug>` */
  id: string;
  title: string;
  /** the requirements this case verifies (its checks name them) */
  covers: RequirementId[];
  /** capabilities the DUT must announce; otherwise not_run */
  needs?: Capability[];
  /** moves the clock by hours or days (24 h, 72 h rules): needs virtual time or an explicit wall-clock flag */
  longRunning?: boolean;
  /**
   * In wall time, the real time the case may need (it waits for the DUT's reconnect/retry
   * intervals, ≥ 60 s each): a runner should allow at least this before timing it out.
   */
  wallTimeMs?: number;
  run(ctx: CaseContext): Promise<void>;
}

/**
 * The clock of a run: advancing moves the DUT (DCP clock.advance) and the operator together.
 * Cases call `advance` WHILE a DCP call of theirs is pending (e.g. receipt.create waiting for a
 * delayed operator answer), so `advance` must not go through the cases' own DCP connection:
 * DUTs (the reference emulator among them) serialise requests per connection. Use a second DCP
 * connection, or the shared VirtualClock in-process.
 */
export interface CaseClock {
  /** advances DUT and operator by `ms`; resolves with the new time (epoch ms) when both have settled */
  advance(ms: number): Promise<number>;
  /** the bench's current time (epoch ms; virtual in virtual time) */
  now(): number;
}

/** Something that records trace events (the runner's TraceRecorder fits). */
export interface TraceSink {
  record(e: { kind: string; [k: string]: unknown }): unknown;
}

/** A fault spec as ofd-mock takes it (contracts.md, style.md §5; ofd-mock's FaultSpec fits). */
export interface OperatorFaultSpec {
  name: string;
  kind: 'latency' | 'jitter' | 'blackhole' | 'answer_then_close' | 'reset' | 'close_after_bytes'
    | 'corrupt' | 'wrong_token' | 'wrong_reqnum' | 'result_code' | 'refuse' | 'bandwidth' | (string & {});
  /** 'to-ofd': requests from the register; 'to-kkm': the operator's answers */
  direction?: 'to-ofd' | 'to-kkm';
  probability?: number;
  match?: { kkmId?: number; channel?: number; command?: number | string; nth?: number; count?: number; from?: number | string; until?: number | string };
  attrs?: Record<string, unknown>;
}

/**
 * The operator server, as the cases use it: the subset of ofd-mock's `OfdMock` that cases need.
 * Declared structurally so that an `OfdMock` (or an HTTP control client adapter) fits.
 */
export interface CaseOperator {
  readonly ports: number[];
  registers(): unknown;
  suspend(kkmId: number, reason: string): unknown;
  resume(kkmId: number): unknown;
  notify(kkmId: number, text: string): unknown;
  faults: {
    add(spec: OperatorFaultSpec): unknown;
    remove(name: string): unknown;
    reset(): unknown;
  };
  ledger: { entries(filter?: any): readonly unknown[] };
}

export interface CaseContext {
  /** the DUT, through DCP only */
  dcp: DcpClient;
  /** the operator server the DUT talks to */
  ofd: CaseOperator;
  clock: CaseClock;
  trace: TraceSink;
  /** the case being run */
  caseId: string;
  /** records a check; returns `cond` so a case can branch on it */
  check(cond: boolean, requirement: RequirementId, message: string, evidence?: Evidence | Evidence[]): boolean;
  /** records evidence for the case as a whole */
  evidence(e: Evidence): void;
  profile: DeviceProfile;
  hello: DcpHello;
  capabilities: readonly Capability[];
  /** notifications (printed documents, display messages, state changes) since the case started */
  notifications: NotificationView;
  /** the run's seed (for any randomness a case uses) */
  seed: number;
  /** progress lines to stderr / the trace */
  log(message: string): void;
}

/** Thrown by a case (or a helper) to stop after a failing check: the case is `fail`, not `error`. */
export class CaseAbort extends Error {
  override readonly name = 'CaseAbort';
  readonly code = 'BENCH_CASE_ABORT';
  constructor(readonly requirement: RequirementId, message: string) {
    super(message);
  }
}

/** The case id convention: `req-<id>-<slug>`; returns the requirement the id names, or null. */
export function requirementOfCaseId(id: string): RequirementId | null {
  const m = /^req-(\d+(?:\.\d+)?)-[a-z0-9][a-z0-9-]*$/.exec(id);
  return m ? (m[1] as RequirementId) : null;
}
