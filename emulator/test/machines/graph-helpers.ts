// Helpers for the model-based tests of the statecharts (xstate/graph).
import type { AnyStateMachine, AnyStateNode, AnyTransitionDefinition } from 'xstate';

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

/** Promise actors whose outcome the test decides: the SUT side of `xstate.done.actor.<id>` steps. */
export class Pending {
  private readonly waiters = new Map<string, { res: (v: unknown) => void; rej: (e: unknown) => void }>();
  readonly calls: string[] = [];
  logic<O = unknown>(name: string) {
    return ({ signal }: { signal: AbortSignal }) => {
      this.calls.push(name);
      return new Promise<O>((res, rej) => {
        this.waiters.set(name, { res: res as (v: unknown) => void, rej });
        signal.addEventListener('abort', () => this.waiters.delete(name));
      });
    };
  }
  has(name: string): boolean {
    return this.waiters.has(name);
  }
  async resolve(name: string, value: unknown): Promise<void> {
    const w = this.waiters.get(name);
    if (!w) throw new Error(`no pending ${name}`);
    this.waiters.delete(name);
    w.res(value);
    await ticks();
  }
  async reject(name: string, error: unknown): Promise<void> {
    const w = this.waiters.get(name);
    if (!w) throw new Error(`no pending ${name}`);
    this.waiters.delete(name);
    w.rej(error);
    await ticks();
  }
}

export async function ticks(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

/** TestModel options that match named states and tell steps apart by state value only. */
export const MODEL_OPTIONS = {
  stateMatcher: (s: { matches(k: never): boolean }, key: string) => s.matches(key as never),
  serializeState: (s: { value: unknown }) => JSON.stringify(s.value),
};

/** Every transition of a machine (event, eventless and invoke-done transitions of every state). */
export function allTransitions(machine: AnyStateMachine): AnyTransitionDefinition[] {
  const out: AnyTransitionDefinition[] = [];
  const walk = (node: AnyStateNode): void => {
    for (const defs of node.transitions.values()) out.push(...defs);
    out.push(...(node.always ?? []));
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root);
  return out;
}

/** A name for a transition that is the same in a machine and in its `.provide()` copies. */
export function transitionKey(t: AnyTransitionDefinition): string {
  const list = t.eventType === '' ? t.source.always ?? [] : t.source.transitions.get(t.eventType) ?? [];
  return `${t.source.id} ${t.eventType || 'always'}[${list.indexOf(t)}] → ${(t.target ?? []).map((n) => n.id).join(',')}`;
}

/** Every state node id of a machine. */
export function allStateIds(machine: AnyStateMachine): string[] {
  const out: string[] = [];
  const walk = (node: AnyStateNode): void => {
    out.push(node.id);
    for (const child of Object.values(node.states)) walk(child);
  };
  walk(machine.root);
  return out;
}
