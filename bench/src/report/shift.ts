// Moving a case result's trace references when its trace is appended after others (a case run on
// its own recorder, a shard merged after the shards before it).
import type { CaseResult } from './types.js';

/** A case result with its trace references (slice, checks, evidence) moved by `by`. */
export function shiftCaseResult(c: CaseResult, by: number): CaseResult {
  if (by === 0) return c;
  const mv = <T extends { traceSeq?: number }>(e: T): T => (e.traceSeq !== undefined ? { ...e, traceSeq: e.traceSeq + by } : e);
  return {
    ...c,
    traceSlice: { from: c.traceSlice.from + by, to: c.traceSlice.to + by },
    checks: c.checks.map((k) => ({ ...mv(k), evidence: k.evidence.map(mv) })),
    evidence: c.evidence.map(mv),
  };
}
