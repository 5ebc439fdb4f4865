// The path a case took through the register's states, from the `state.changed` notifications in
// its trace slice (dcp.md State). Consecutive identical states collapse into one step.
import type { DcpState } from '../data/dcp-types.js';
import type { TraceEvent } from '../data/types.js';
import { span } from './format.js';

export interface PathStep { seq: number; t: number; label: string; state: DcpState; trigger: string | null }
export interface StateGraph { nodes: string[]; edges: { from: string; to: string; count: number }[] }

/** A short name for a DCP State: the statechart region values that matter to a cashier. */
export function stateLabel(s: DcpState): string {
  if (!s.powered) return 'off';
  if (s.blocked) return `blocked: ${s.blocked.reason}`;
  const parts = [s.shift.open ? 'shift open' : 'shift closed'];
  if (s.offline.since) parts.push('autonomous');
  if (s.mode) parts.push(s.mode);
  return parts.join(' · ');
}

/** The steps of the path; `trigger` is the last DCP request or fault/clock event before the change. */
export function statePath(events: readonly TraceEvent[]): PathStep[] {
  const steps: PathStep[] = [];
  let trigger: string | null = null;
  for (const ev of events) {
    if (ev.kind === 'dcp.request') trigger = ev.method ?? null;
    else if (ev.kind === 'fault') trigger = `fault ${(ev.fault as { kind?: string } | undefined)?.kind ?? ''}`.trim();
    else if (ev.kind === 'clock') trigger = `clock +${span(ev.ms ?? 0)}`;
    else if (ev.kind === 'dcp.notification' && ev.method === 'state.changed' && ev.params) {
      const state = ev.params as DcpState;
      const label = stateLabel(state);
      if (steps.length && steps[steps.length - 1]!.label === label) continue;
      steps.push({ seq: ev.seq, t: ev.t, label, state, trigger });
      trigger = null;
    }
  }
  return steps;
}

/** Distinct states in order of first visit, with transition counts. */
export function stateGraph(steps: readonly PathStep[]): StateGraph {
  const nodes: string[] = [];
  const edges = new Map<string, { from: string; to: string; count: number }>();
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!.label;
    if (!nodes.includes(s)) nodes.push(s);
    if (i > 0) {
      const from = steps[i - 1]!.label;
      const k = `${from}\u0000${s}`;
      const e = edges.get(k);
      if (e) e.count++; else edges.set(k, { from, to: s, count: 1 });
    }
  }
  return { nodes, edges: [...edges.values()] };
}
