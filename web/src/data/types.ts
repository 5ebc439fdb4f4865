// Types the dashboard shares between its browser code and its server (web/server/). Report and
// trace types come from the bench, types only (contracts.md: web imports nothing else of it).
import type { RunReport, RunTotals, TraceEvent } from '../../../bench/index.js';
import type { DcpState, Document, DisplayMessage } from './dcp-types.js';

export type {
  CaseResult, Check, Evidence, RequirementId, RunReport, RunTotals, TraceEvent, Verdict, VerdictRow,
} from '../../../bench/index.js';

/** One run under reports/, as the runs list shows it. */
export interface RunSummary {
  id: string;
  startedAt: string | null;
  finishedAt: string | null;
  dut: { vendor: string; model: string; firmware: string } | null;
  totals: RunTotals | null;
  /** a trace is being written and there is no report.json yet */
  inProgress: boolean;
  hasTrace: boolean;
  /** modification time of the run folder's newest file, epoch ms (sort key) */
  mtime: number;
}

export interface TracePage { total: number; from: number; events: TraceEvent[] }

export type TraceMarkKind = 'fault' | 'clock' | 'fail' | 'case';
/** A notable event for the trace overview; `i` is the line index in trace.jsonl. */
export interface TraceMark { i: number; seq: number; t: number; kind: TraceMarkKind; label: string }

export interface TraceMeta {
  total: number;
  firstSeq: number | null;
  firstT: number | null;
  lastT: number | null;
  marks: TraceMark[];
  cases: { id: string; from: number; to: number }[];
  /** events per kind */
  kinds: Record<string, number>;
}

export interface RunDocuments { documents: { i: number; seq: number; case?: string; document: Document }[] }

/** What the operator server knows of a register (KASSIKS-style monitoring). */
export interface FleetRegister {
  kkmId: number;
  rnm?: string;
  shift: { open: boolean; number?: number; since: string | null };
  cash: number;
  docsInShift: number;
  unsent: number;
  firstUnsent: number | null;
  offlineSince: string | null;
  suspended: boolean;
  suspendReason?: string | null;
  lastSeen: string | null;
}

/** One message on the live channel (server-sent events on /api/live/events). */
export type LiveMessage =
  | { type: 'hello'; clock: 'virtual' | 'wall'; now: number; kkmId: number; languages: string[] }
  | { type: 'call'; method: string; params: unknown; ok: boolean; result?: unknown; error?: { message: string; reason?: string; requirement?: string } }
  | { type: 'document.printed'; document: Document }
  | { type: 'display.message'; message: DisplayMessage }
  | { type: 'state.changed'; state: DcpState }
  | { type: 'fleet'; registers: FleetRegister[] }
  | { type: 'ofd'; summary: string };

export interface OperatorControls {
  latencyMs: number;
  drop: boolean;
  /** cut: connections reset and refused; silent: frames dropped unanswered */
  dropMode: 'cut' | 'silent';
  suspended: boolean;
}

/** The live register as /api/live/status reports it. */
export interface LiveStatus {
  running: boolean;
  error: string | null;
  clock: 'virtual' | 'wall';
  now: number | null;
  kkmId: number;
  controls: OperatorControls;
  state: DcpState | null;
  documents: Document[];
  display: DisplayMessage[];
  /** the register's own front-panel labels and mode names (key.*, mode.*), when it publishes them */
  labels: Record<string, { kz: string; ru: string }>;
}
