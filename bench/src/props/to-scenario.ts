// Turns the trace of a property run (the shrunk counterexample) into a replayable scenario:
// DCP calls with the outcome they had, faults, operator orders, clock moves, and an invariants
// check after every command. Passwords (redacted in the trace) become "$password.<mode>".
import type { TraceLine } from '../trace/recorder.js';
import { SCENARIO_SCHEMA, type Scenario, type ScenarioStep } from '../scenario/types.js';

const READ_ONLY = new Set(['dcp.hello', 'state.get', 'clock.get', 'journal.read', 'settings.get', 'clock.advance']);
export const PROPS_STEP_MARK = 'props: after ';

function fixSecrets(method: string, params: unknown): Record<string, unknown> {
  const p = { ...((params ?? {}) as Record<string, unknown>) };
  if (method === 'session.login' && typeof p.mode === 'string') p.password = `$password.${p.mode}`;
  if (method === 'clock.set') p.password = '$password.programming';
  return p;
}

export function traceToScenario(events: readonly TraceLine[], meta: { name: string; description: string; covers: string[]; seed: number; defects?: string[] }): Scenario {
  const steps: ScenarioStep[] = [];
  const pending = new Map<unknown, { method: string; params: unknown; clockMoved: boolean }>();
  let clockBusy = 0; // a clock move made while a call was pending belongs to that call's settle
  for (const e of events) {
    switch (e.kind) {
      case 'dcp.request': {
        const method = String(e.method);
        if (READ_ONLY.has(method)) break;
        pending.set(e.id, { method, params: e.params, clockMoved: false });
        break;
      }
      case 'dcp.response': {
        const p = pending.get(e.id);
        if (!p) break;
        pending.delete(e.id);
        const err = e.error as { code?: number; data?: { reason?: string } } | undefined;
        const step: ScenarioStep = { dcp: p.method, params: fixSecrets(p.method, p.params) };
        if (p.clockMoved) step.settle = { maxMs: 30_000, stepMs: 1_000 };
        step.expect = err ? (err.data?.reason ? { reason: err.data.reason } : { ok: false }) : { ok: true };
        steps.push(step);
        break;
      }
      case 'clock':
        if (e.op !== 'advance') break;
        if (pending.size > 0) {
          for (const p of pending.values()) p.clockMoved = true;
          clockBusy++;
        } else {
          const last = steps[steps.length - 1];
          if (last && 'clock' in last) last.clock.advance += Number(e.ms);
          else steps.push({ clock: { advance: Number(e.ms) } });
        }
        break;
      case 'fault': {
        if (e.op === 'add') steps.push({ fault: { add: e.spec as never } });
        else if (e.op === 'remove') steps.push({ fault: { remove: String(e.name) } });
        else steps.push({ fault: { reset: true } });
        break;
      }
      case 'ofd.order': {
        const args = (e.args ?? []) as unknown[];
        if (e.order === 'suspend') steps.push({ order: { suspend: { reason: String(args[1] ?? '') } } });
        else if (e.order === 'resume') steps.push({ order: { resume: true } });
        else if (e.order === 'notify') steps.push({ order: { notify: { text: String(args[1] ?? '') } } });
        else if (e.order === 'deregister') steps.push({ order: { deregister: true } });
        break;
      }
      case 'note':
        if (typeof e.text === 'string' && e.text.startsWith(PROPS_STEP_MARK)) steps.push({ check: 'invariants', note: e.text.slice(PROPS_STEP_MARK.length) });
        break;
      default:
        break;
    }
  }
  void clockBusy;
  // calls that never got an answer in the recorded run (the failure may be exactly that)
  for (const p of pending.values()) {
    steps.push({ dcp: p.method, params: fixSecrets(p.method, p.params), settle: { maxMs: 60_000, stepMs: 1_000 }, note: 'no answer in the recorded run' });
  }
  return {
    $schema: './schema.json',
    schema: SCENARIO_SCHEMA,
    name: meta.name,
    description: meta.description,
    covers: meta.covers.length ? meta.covers : ['29'],
    needs: ['virtual-clock'],
    longRunning: true,
    seed: meta.seed,
    ...(meta.defects?.length ? { defects: meta.defects } : {}),
    steps: steps.length ? steps : [{ check: 'invariants' }],
  };
}
