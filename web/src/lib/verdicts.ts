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

export interface LiveVerdicts { verdicts: Map<RequirementId, 'pass' | 'fail'>; checks: number; failed: number; casesDone: number; currentCase: string | null }

export function emptyLiveVerdicts(): LiveVerdicts {
  return { verdicts: new Map(), checks: 0, failed: 0, casesDone: 0, currentCase: null };
}

/** Folds trace events into verdicts so far: a requirement fails on any failed check, passes otherwise. */
export function foldLive(acc: LiveVerdicts, events: readonly TraceEvent[]): LiveVerdicts {
  for (const ev of events) {
    if (ev.kind === 'check' && ev.requirement) {
      acc.checks++;
      if (ev.ok === false) { acc.failed++; acc.verdicts.set(ev.requirement, 'fail'); }
      else if (!acc.verdicts.has(ev.requirement)) acc.verdicts.set(ev.requirement, 'pass');
    } else if (ev.kind === 'case.start') acc.currentCase = ev.case ?? null;
    else if (ev.kind === 'case.end') { acc.casesDone++; acc.currentCase = null; }
  }
  return acc;
}
