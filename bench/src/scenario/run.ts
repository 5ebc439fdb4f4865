// The scenario runner: executes a scenario's steps through a CaseContext (DCP calls, operator
// faults and orders, clock moves) and turns every expectation into a check. A scenario is also a
// TestCase (`scenarioCase`), so a run can include scenario files beside the built-in cases.
import type { CaseContext, TestCase } from '../case.js';
import type { RequirementId } from '../report/types.js';
import { advanceUntilSettled } from '../context/dut.js';
import { matchSpec, resolveParams } from './match.js';
import type { CountSpec, Scenario, ScenarioStep } from './types.js';

export interface ScenarioHooks {
  /** `{ "check": "invariants" }` steps call this (the property-run invariants) */
  invariants?: (ctx: CaseContext, requirement: RequirementId) => Promise<void>;
}

interface DcpFailure { code?: string; reason?: string; requirement?: string; message?: string; details?: { reason?: string } }

function isDomainRefusal(e: unknown): e is DcpFailure {
  return typeof e === 'object' && e !== null && (e as DcpFailure).code === 'BENCH_DCP_DOMAIN';
}

function countOk(n: number, c: CountSpec | undefined): boolean {
  if (!c) return n >= 1;
  if (c.eq !== undefined && n !== c.eq) return false;
  if (c.min !== undefined && n < c.min) return false;
  if (c.max !== undefined && n > c.max) return false;
  return true;
}

function describeCount(c: CountSpec | undefined): string {
  if (!c) return 'at least 1';
  return [c.eq !== undefined ? `= ${c.eq}` : '', c.min !== undefined ? `>= ${c.min}` : '', c.max !== undefined ? `<= ${c.max}` : ''].filter(Boolean).join(' and ');
}

/** Runs every step of `s` against the context; checks carry the step's requirement or covers[0]. */
export async function runScenario(s: Scenario, ctx: CaseContext, hooks: ScenarioHooks = {}): Promise<void> {
  const refs = new Map<string, unknown>();
  const kkmId = ctx.profile.registration.kkmId;
  const passwords = ctx.profile.passwords as Record<string, string>;
  const defaultReq = s.covers[0] as RequirementId;
  for (let i = 0; i < s.steps.length; i++) {
    const step = s.steps[i] as ScenarioStep & { requirement?: string; note?: string };
    const req = (step.requirement ?? defaultReq) as RequirementId;
    const label = `step ${i + 1}${step.note ? ` (${step.note})` : ''}`;
    if ('dcp' in step) {
      const params = resolveParams(step.params ?? {}, passwords, refs);
      const wantOk = step.expect?.reason !== undefined ? false : step.expect?.ok ?? true;
      let result: unknown;
      let refusal: DcpFailure | undefined;
      try {
        if (step.settle) {
          const r = await advanceUntilSettled(ctx, ctx.dcp.request(step.dcp, params), step.settle.maxMs, step.settle.stepMs ?? 1_000);
          if (!r.ok) throw r.error;
          result = r.value;
        } else {
          result = await ctx.dcp.request(step.dcp, params);
        }
      } catch (e) {
        if (!isDomainRefusal(e)) throw e;
        refusal = e;
      }
      if (wantOk) {
        if (refusal) {
          ctx.check(false, req, `${label}: ${step.dcp} was refused (${refusal.reason ?? refusal.details?.reason}: ${refusal.message}), expected success`, { kind: 'dcp.error', summary: `${step.dcp} refused: ${refusal.reason ?? ''}`, data: { reason: refusal.reason ?? refusal.details?.reason, message: refusal.message } });
          continue;
        }
        if (step.as) refs.set(step.as, result);
        const bad = step.expect?.match ? matchSpec(result, step.expect.match) : [];
        if (step.expect) ctx.check(bad.length === 0, req, `${label}: ${step.dcp} ${bad.length ? `answer mismatch: ${bad.join('; ')}` : 'answered as expected'}`, { kind: 'dcp.response', summary: `${step.dcp} result`, data: result });
      } else {
        const reason = refusal?.reason ?? refusal?.details?.reason;
        const want = step.expect?.reason;
        const ok = refusal !== undefined && (want === undefined || reason === want);
        const bad = ok && step.expect?.match ? matchSpec({ reason, requirement: refusal?.requirement }, step.expect.match) : [];
        ctx.check(ok && bad.length === 0, req,
          `${label}: ${step.dcp} ${refusal ? `refused with ${reason}` : 'succeeded'}${want ? `, expected refusal ${want}` : ', expected a refusal'}${bad.length ? `; ${bad.join('; ')}` : ''}`,
          refusal ? { kind: 'dcp.error', summary: `${step.dcp} refused: ${reason}`, data: { reason, requirement: refusal.requirement } } : { kind: 'dcp.response', summary: `${step.dcp} accepted`, data: result });
      }
    } else if ('fault' in step) {
      const f = step.fault;
      if ('add' in f) ctx.ofd.faults.add({ probability: 1, ...f.add });
      else if ('remove' in f) ctx.ofd.faults.remove(f.remove);
      else ctx.ofd.faults.reset();
    } else if ('order' in step) {
      const o = step.order;
      if ('suspend' in o) await ctx.ofd.suspend(kkmId, o.suspend.reason);
      else if ('resume' in o) await ctx.ofd.resume(kkmId);
      else if ('notify' in o) await ctx.ofd.notify(kkmId, o.notify.text);
      else await (ctx.ofd as unknown as { deregister(id: number): unknown }).deregister(kkmId);
    } else if ('clock' in step) {
      await ctx.clock.advance(step.clock.advance);
    } else if ('check' in step) {
      if (!hooks.invariants) throw new Error(`${label}: "check: invariants" needs the property-run invariants (run it with kkm-bench replay)`);
      await hooks.invariants(ctx, req);
    } else if ('expect' in step) {
      const e = step.expect;
      if ('state' in e) {
        const state = await ctx.dcp.request('state.get', {});
        const bad = matchSpec(state, e.state);
        ctx.check(bad.length === 0, req, `${label}: state ${bad.length ? bad.join('; ') : 'as expected'}`, { kind: 'state', summary: 'state.get', data: state });
      } else if ('register' in e) {
        const regs = (await ctx.ofd.registers()) as { kkmId?: number }[];
        const reg = Array.isArray(regs) ? regs.find((r) => Number(r.kkmId) === kkmId) : undefined;
        const bad = reg ? matchSpec(reg, e.register) : ['the operator does not know this register'];
        ctx.check(bad.length === 0, req, `${label}: operator view ${bad.length ? bad.join('; ') : 'as expected'}`, { kind: 'ofd.register', summary: 'operator register view', data: reg });
      } else {
        const which = 'printed' in e ? 'printed' : 'display' in e ? 'display' : 'ofd';
        const spec = (e as unknown as Record<string, Record<string, unknown>>)[which]!;
        const items: unknown[] = which === 'printed' ? ctx.notifications.printed() : which === 'display' ? ctx.notifications.displays() : [...ctx.ofd.ledger.entries({ kkmId })];
        if (which === 'printed' && e.count === undefined) {
          const last = items[items.length - 1];
          const bad = last === undefined ? ['nothing was printed'] : matchSpec(last, spec);
          ctx.check(bad.length === 0, req, `${label}: last printed document ${bad.length ? bad.join('; ') : 'as expected'}`, { kind: 'document', summary: 'last printed document', data: last });
        } else {
          const hits = items.filter((x) => matchSpec(x, spec).length === 0);
          const ok = countOk(hits.length, e.count);
          ctx.check(ok, req, `${label}: ${hits.length} ${which} item(s) match ${JSON.stringify(spec)}, expected ${describeCount(e.count)}`, { kind: which === 'ofd' ? 'ofd.frame' : which === 'display' ? 'display' : 'document', summary: `${hits.length} matching ${which} item(s) of ${items.length}`, data: hits.slice(-5) });
        }
      }
    }
  }
}

/** A scenario as a TestCase (id `scenario-<name>`), for runs that include scenario files. */
export function scenarioCase(s: Scenario, hooks: ScenarioHooks = {}): TestCase {
  return {
    id: `scenario-${s.name}`,
    title: s.description ?? s.name,
    covers: s.covers as RequirementId[],
    needs: s.needs,
    longRunning: s.longRunning,
    run: (ctx) => runScenario(s, ctx, hooks),
  };
}
