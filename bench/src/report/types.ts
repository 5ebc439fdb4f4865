// Report, verdict, check, evidence and trace types: the one module the runner, the writers and
// the dashboard (web/, types only) share. Written by the cases engineer; the runner & reports
// engineer may extend it (add optional fields, never change existing ones).
import type { RequirementId, Verification } from '../catalogue/types.js';

export type { RequirementId, Verification };

/** A DCP capability a DUT announces in `dcp.hello` (dcp.md); extensible. */
export type Capability =
  | 'virtual-clock'
  | 'printer-sim'
  | 'tamper'
  | 'scanner'
  | 'firmware'
  | 'power-cut'
  | 'defects'
  | (string & {});

/** Verdict per requirement / sub-item. */
export type Verdict = 'pass' | 'fail' | 'error' | 'manual' | 'not_applicable' | 'not_run';

/** Status of one test case run. */
export type CaseStatus = 'pass' | 'fail' | 'error' | 'not_run';

/** What was observed, kept beside a check so a verdict can be argued. */
export interface Evidence {
  kind:
    | 'dcp.response'     // a DCP answer (result or error)
    | 'dcp.error'        // a DCP domain error (reason, requirement)
    | 'document'         // a printed document (document.printed)
    | 'display'          // a display message (display.message)
    | 'state'            // a DUT state (state.get / state.changed)
    | 'ofd.frame'        // a frame the operator received or sent (ledger entry)
    | 'ofd.register'     // the operator's view of a register
    | 'selftest'
    | 'qr'
    | 'note'
    | (string & {});
  /** one line for humans */
  summary: string;
  /** the observed data (documents, frames as decoded JSON with raw hex, …); JSON-serialisable */
  data?: unknown;
  /** the trace sequence number of the observation, when known */
  traceSeq?: number;
  /** the time of the observation (virtual or wall ms) */
  at?: number;
}

/** One check made by a case: a condition on what was observed, for one requirement. */
export interface Check {
  requirement: RequirementId;
  ok: boolean;
  message: string;
  evidence: Evidence[];
  /** trace seq at the time of the check */
  traceSeq?: number;
  at?: number;
}

export interface CaseResult {
  id: string;
  title?: string;
  covers: RequirementId[];
  status: CaseStatus;
  checks: Check[];
  evidence: Evidence[];
  /** the trace events of this case (inclusive seq range) */
  traceSlice: { from: number; to: number };
  durationMs: number;
  /** not_run: the missing capability; error: what the bench could not do; fail: first failing check */
  reason?: string;
}

export interface VerdictRow {
  requirement: RequirementId;
  verdict: Verdict;
  /** the ids of the cases that bore on this verdict */
  cases: string[];
  evidence: Evidence[];
  reason?: string;
  /** the lab declared this requirement an expected failure, with this reason */
  expectedFailure?: string;
  /** an expected failure that passed: fails the run */
  unexpectedPass?: boolean;
  /** manual: who attested and what */
  attestation?: { by?: string; at?: string; verdict: 'pass' | 'fail'; note?: string };
  /** (runner) the catalogue's English text, for readers of the report */
  textEn?: string;
  /** (runner) how the catalogue verifies it */
  verification?: Verification;
}

export interface DutInfo {
  vendor: string;
  model: string;
  firmware: string;
  capabilities: Capability[];
  clock: 'virtual' | 'wall';
  languages?: string[];
  defects?: string[];
}

export interface RunTotals {
  subItems: number;
  pass: number;
  fail: number;
  error: number;
  manual: number;
  notApplicable: number;
  notRun: number;
  cases: number;
  casesPassed: number;
  casesFailed: number;
  casesError: number;
  casesNotRun: number;
}

export interface RunReport {
  schema: 'kkm-bench/report@1';
  runId: string;
  startedAt: string;
  finishedAt?: string;
  dut: DutInfo;
  seed: number;
  options: Record<string, unknown>;
  requirements: VerdictRow[];
  cases: CaseResult[];
  coverage: {
    states: { covered: number; total: number };
    transitions: { covered: number; total: number };
    /** (model) automatically verified sub-items of the catalogue covered by passing model paths, of all of them */
    requirements: { covered: number; total: number };
    /** (model) the requirements the model's transitions name, covered by passing paths */
    modelRequirements?: { covered: number; total: number };
    /** (model) generated paths that passed, of all */
    paths?: { passed: number; total: number };
    /** states, transitions and requirements not covered, each requirement with why */
    uncovered: string[];
  };
  totals: RunTotals;
  /** (runner) the property-based run, when one was made */
  props?: PropertyRunSummary;
  /** (runner) the trace file of the run, relative to the report directory */
  trace?: { file: string; events: number; sha256?: string };
  /** (runner) merged from these shard reports */
  mergedFrom?: string[];
}

/** The property-based (fast-check) part of a run: enough to replay a failure with one flag. */
export interface PropertyRunSummary {
  seed: number;
  numRuns: number;
  failed: boolean;
  /** fast-check's replay path of the shrunk counterexample */
  replayPath?: string;
  /** the shrunk command sequence, as fast-check prints it */
  counterexample?: string;
  /** the replayable scenario file written for the counterexample (relative to the repo) */
  scenario?: string;
  /** the invariant that broke */
  error?: string;
  /** the requirement of the invariant that broke (its verdict is then `fail`, case `props-seed<S>`) */
  requirement?: RequirementId;
}

export type TraceKind =
  | 'dcp.request'
  | 'dcp.response'
  | 'dcp.notification'
  | 'ofd.frame'
  | 'apdu'
  | 'clock'
  | 'fault'
  | 'case.start'
  | 'case.end'
  | 'check'
  | (string & {});

/** One line of the trace JSONL (`kkm-bench/trace@1`). Raw bytes are kept as hex beside the decoding. */
export interface TraceEvent {
  v: 1;
  seq: number;
  /** virtual or wall epoch ms */
  t: number;
  kind: TraceKind;
  /** the case this event belongs to */
  case?: string;
  /** dcp.*: JSON-RPC id and method */
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
  /** ofd.frame: channel (port index), direction, register */
  channel?: number;
  direction?: 'to-ofd' | 'to-kkm' | 'to-dut' | 'from-dut' | 'to-card' | 'from-card';
  kkmId?: number;
  command?: string;
  decoded?: unknown;
  /** apdu: instruction byte and status word, hex (bench/src/trace/apdu.ts) */
  ins?: string;
  sw?: string;
  /** lossless raw bytes (OFD frame, APDU command; PIN data masked as "**") as hex */
  rawHex?: string;
  /** clock: step in ms and the new time */
  ms?: number;
  now?: number;
  /** check: requirement, outcome, message */
  requirement?: RequirementId;
  ok?: boolean;
  message?: string;
  /** fault: the spec */
  fault?: unknown;
}
