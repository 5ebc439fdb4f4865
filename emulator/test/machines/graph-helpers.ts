// Helpers for the model-based tests of the statecharts (xstate/graph).
import type { AnyStateMachine } from 'xstate';

/** The internal event type of the first `after` transition of a top-level state. */
export function afterEventType(machine: AnyStateMachine, state: string, index = 0): string {
  const node = machine.root.states[state];
  if (!node) throw new Error(`no state ${state}`);
  const after = node.after[index];
  if (!after) throw new Error(`state ${state} has no after transition ${index}`);
  return after.eventType;
}

/** The requirement ids named by `meta.requirement` on the transitions a path takes. */
export function requirementsOfPath(path: { steps: { state: { machine?: unknown; _nodes?: unknown[] }; event: { type: string } }[] }): string[] {
  const out = new Set<string>();
  for (const step of path.steps) {
    const nodes = (step.state as unknown as { _nodes: { meta?: { requirement?: string } }[] })._nodes ?? [];
    for (const n of nodes) if (n.meta?.requirement) out.add(n.meta.requirement);
  }
  return [...out];
}
