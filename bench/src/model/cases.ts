// Model-based paths as test cases (id `mbt-<events>`), and the coverage they reached.
//
// Each check a path makes is prefixed with the step it was made in (`[step 3 online -SELL→ online]`),
// so a failure names the transition it failed on; a refusal the step needed becomes a failing check
// on that step's first requirement (not the case's), so the verdict lands where the model says.
import { CaseAbort, type CaseContext, type TestCase } from '../case.js';
import { isDcpError } from '../errors.js';
import { errorEvidence } from '../context/dut.js';
import type { CaseResult, RequirementId, RunReport } from '../report/types.js';
import { checkState, EVENT_NEEDS, execute, LONG_EVENTS } from './executors.js';
import { automaticRequirements, compareIds, generatePaths, modelRequirements, modelStates, modelTransitions, NOT_MODELLED, type ModelPath, type ModelStep } from './paths.js';

export const MBT_PREFIX = 'mbt-';

/** `[step 3 online -SELL→ online]`: the prefix of every check made in a step. */
export function stepLabel(index: number, step: ModelStep): string {
  return `[step ${index + 1} ${step.from} -${step.event}→ ${step.to}]`;
}

/** Reads the step index (0-based) back from a check message, or null. */
export function stepOfMessage(message: string): number | null {
  const m = /^\[step (\d+) /.exec(message);
  return m ? Number(m[1]) - 1 : null;
}

export function pathCase(p: ModelPath): TestCase {
  const needs = [...new Set(p.steps.flatMap((s) => EVENT_NEEDS[s.event] ?? []))];
  return {
    id: `${MBT_PREFIX}${p.name.toLowerCase().replace(/_/g, '-')}`,
    title: `req ${p.requirements.join(', ') || '—'}: model path ${p.steps.map((s) => `${s.from} -${s.event}→ ${s.to}`).join(', ')}`,
    covers: p.requirements as RequirementId[],
    needs,
    longRunning: p.steps.some((s) => LONG_EVENTS.has(s.event)),
    async run(outer) {
      let label = '[setup]';
      const ctx: CaseContext = {
        ...outer,
        check: (cond, requirement, message, evidence) => outer.check(cond, requirement, `${label} ${message}`, evidence),
      };
      for (const [i, step] of p.steps.entries()) {
        label = stepLabel(i, step);
        ctx.log(`${step.from} --${step.event}--> ${step.to}`);
        try {
          await execute(ctx, step);
          await checkState(ctx, step.to, step);
        } catch (e) {
          if (e instanceof CaseAbort) throw e;
          if (isDcpError(e) && (e.code === 'BENCH_DCP_DOMAIN' || e.code === 'BENCH_DCP_RPC')) {
            // the DUT refused something the step needed: a failure of this step's transition
            const req = (step.requirements[0] ?? p.requirements[0] ?? '10') as RequirementId;
            ctx.check(false, req, `${step.event} in model state ${step.from}: the DUT refused (${e.reason ?? e.rpcCode}: ${e.message})`, errorEvidence(e));
            throw new CaseAbort(req, `${step.event} refused`);
          }
          throw e;
        }
      }
    },
  };
}

let cached: { paths: ModelPath[]; cases: TestCase[] } | null = null;
function build() {
  if (!cached) {
    const paths = generatePaths();
    cached = { paths, cases: paths.map(pathCase) };
  }
  return cached;
}

/** One case per generated path. */
export function modelCases(): TestCase[] {
  return build().cases;
}

/** The generated paths (same order as `modelCases()`). */
export function modelPaths(): ModelPath[] {
  return build().paths;
}

/**
 * States, transitions and requirements covered by the model cases that passed. Requirements are
 * counted against every automatically verified sub-item of the catalogue (not only those the
 * model tags); `uncovered` names each state, transition and requirement not covered, with why.
 */
export function modelCoverage(results: readonly CaseResult[]): RunReport['coverage'] {
  const { paths, cases } = build();
  const byId = new Map(results.map((r) => [r.id, r]));
  const states = new Set<string>();
  const transitions = new Set<string>();
  const reqs = new Set<string>();
  const tagged = new Set(modelRequirements());
  paths.forEach((p, i) => {
    if (byId.get(cases[i]!.id)?.status !== 'pass') return;
    p.states.forEach((s) => states.add(s));
    p.transitions.forEach((t) => transitions.add(t));
    p.requirements.forEach((r) => reqs.add(r));
  });
  const allStates = modelStates().map((s) => s.name);
  const allTrans = modelTransitions().map((t) => t.key);
  const automatic = automaticRequirements();
  const why = (r: string): string => {
    if (NOT_MODELLED[r]) return `not modelled: ${NOT_MODELLED[r]}`;
    if (!tagged.has(r)) return 'no model transition names it';
    const own = paths.map((p, i) => ({ p, res: byId.get(cases[i]!.id) })).filter(({ p }) => p.requirements.includes(r));
    const failed = own.filter(({ res }) => res && res.status !== 'pass' && res.status !== 'not_run').length;
    const notRun = own.filter(({ res }) => !res || res.status === 'not_run').length;
    return [failed ? `${failed} of its paths did not pass` : '', notRun ? `${notRun} of its paths not run` : ''].filter(Boolean).join(', ') || 'its paths did not pass';
  };
  const notRun = cases.filter((c) => byId.get(c.id) === undefined).length;
  const uncovered = [
    ...allStates.filter((s) => !states.has(s)).map((s) => `state ${s}`),
    ...allTrans.filter((t) => !transitions.has(t)).map((t) => `transition ${t}`),
    ...automatic.filter((r) => !reqs.has(r)).sort(compareIds).map((r) => `requirement ${r} (${why(r)})`),
    ...(notRun ? [`${notRun} model paths not selected in this run`] : []),
  ];
  return {
    states: { covered: states.size, total: allStates.length },
    transitions: { covered: transitions.size, total: allTrans.length },
    requirements: { covered: automatic.filter((r) => reqs.has(r)).length, total: automatic.length },
    modelRequirements: { covered: [...tagged].filter((r) => reqs.has(r)).length, total: tagged.size },
    paths: { passed: paths.filter((_, i) => byId.get(cases[i]!.id)?.status === 'pass').length, total: paths.length },
    uncovered,
  };
}
