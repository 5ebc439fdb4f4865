// Verdict helpers: colours, ordering of requirement ids, and verdicts computed from trace checks
// while a run is still going (the live-run view).
import type { RequirementId, TraceEvent, Verdict } from '../data/types.js';

export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'error', 'manual', 'not_applicable', 'not_run'];

export const VERDICT_COLOR: Record<Verdict, string> = {
  pass: '#1f9d55', fail: '#d64545', error: '#b7791f', manual: '#5a67d8', not_applicable: '#8a94a6', not_run: '#c3cad6',
};

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'pass', fail: 'fail', error: 'error', manual: 'manual', not_applicable: 'n/a', not_run: 'not run',
};

/** Numeric order of ids: '2' < '2.1' < '2.4' < '10' < '29.6'. */
export function compareRequirementIds(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return (a1! - b1!) || ((a2 ?? -1) - (b2 ?? -1));
}

export function parentOf(id: string): string {
  return id.split('.')[0]!;
}

export type LiveVerdict = 'pass' | 'fail' | 'error' | 'not_run';
export interface LiveVerdicts {
  verdicts: Map<RequirementId, LiveVerdict>;
  checks: number;
  failed: number;
  casesDone: number;
  casesTotal: number | null;
  currentCase: string | null;
  /** what the running case covers (from its case.start) */
  currentCovers: RequirementId[];
  /** the latest cases with their status (newest last) */
  recent: { id: string; status: LiveVerdict; ms: number }[];
}

export function emptyLiveVerdicts(): LiveVerdicts {
  return { verdicts: new Map(), checks: 0, failed: 0, casesDone: 0, casesTotal: null, currentCase: null, currentCovers: [], recent: [] };
}

const RANK: Record<LiveVerdict, number> = { not_run: 0, pass: 1, error: 2, fail: 3 };

/** The worse of two live verdicts: fail > error > pass > not_run. */
export function worse(a: LiveVerdict | undefined, b: LiveVerdict): LiveVerdict {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

export interface LaunchProgress { type: 'progress'; status: LiveVerdict; case: string; ms: number; index: number; total: number; covers: string[] }

/** Folds the bench CLI's case progress into verdicts: each requirement takes its worst case so far. */
export function foldProgress(acc: LiveVerdicts, ev: LaunchProgress): LiveVerdicts {
  acc.casesDone = ev.index;
  acc.casesTotal = ev.total;
  if (ev.status === 'fail' || ev.status === 'error') acc.failed++;
  for (const r of ev.covers) acc.verdicts.set(r as RequirementId, worse(acc.verdicts.get(r as RequirementId), ev.status));
  acc.recent = [...acc.recent.slice(-11), { id: ev.case, status: ev.status, ms: ev.ms }];
  return acc;
}

/** Folds trace events into verdicts so far: a requirement fails on any failed check, passes otherwise. */
export function foldLive(acc: LiveVerdicts, events: readonly TraceEvent[]): LiveVerdicts {
  for (const ev of events) {
    if (ev.kind === 'check' && ev.requirement) {
      acc.checks++;
      if (ev.ok === false) { acc.failed++; acc.verdicts.set(ev.requirement, 'fail'); }
      else acc.verdicts.set(ev.requirement, worse(acc.verdicts.get(ev.requirement), 'pass'));
    } else if (ev.kind === 'case.start') {
      acc.currentCase = ev.case ?? null;
      acc.currentCovers = ((ev as { covers?: string[] }).covers ?? []) as RequirementId[];
    } else if (ev.kind === 'case.end') {
      acc.casesDone++;
      const st = (ev as { status?: LiveVerdict }).status;
      if (ev.case && st) {
        acc.recent = [...acc.recent.slice(-11), { id: ev.case, status: st, ms: 0 }];
        // a case that ended in error (or failed without a failed check) still marks what it covers
        if (st !== 'pass' && ev.case === acc.currentCase) for (const r of acc.currentCovers) acc.verdicts.set(r, worse(acc.verdicts.get(r), st));
      }
      acc.currentCase = null;
      acc.currentCovers = [];
    }
  }
  return acc;
}
