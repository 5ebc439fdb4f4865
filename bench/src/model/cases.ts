// Model-based paths as test cases (id `mbt-<events>`), and the coverage they reached.
import type { TestCase } from '../case.js';
import type { CaseResult, RequirementId, RunReport } from '../report/types.js';
import { checkState, execute } from './executors.js';
import { generatePaths, modelRequirements, modelStates, modelTransitions, type ModelPath } from './paths.js';

export const MBT_PREFIX = 'mbt-';

export function pathCase(p: ModelPath): TestCase {
  const long = p.steps.some((s) => s.event === 'ADVANCE_SHIFT_LIMIT' || s.event === 'ADVANCE_OFFLINE_LIMIT');
  return {
    id: `${MBT_PREFIX}${p.name.toLowerCase().replace(/_/g, '-')}`,
    title: `req ${p.requirements.join(', ')}: model path ${p.steps.map((s) => `${s.from} -${s.event}→ ${s.to}`).join(', ')}`,
    covers: p.requirements as RequirementId[],
    needs: [],
    longRunning: long,
    async run(ctx) {
      for (const step of p.steps) {
        ctx.log(`${step.from} --${step.event}--> ${step.to}`);
        await execute(ctx, step);
        await checkState(ctx, step.to);
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

/** States, transitions and requirements of the model covered by the model cases that passed. */
export function modelCoverage(results: readonly CaseResult[]): RunReport['coverage'] {
  const { paths, cases } = build();
  const passed = new Set(results.filter((r) => r.status === 'pass').map((r) => r.id));
  const ran = new Set(results.map((r) => r.id));
  const states = new Set<string>();
  const transitions = new Set<string>();
  const reqs = new Set<string>();
  paths.forEach((p, i) => {
    if (!passed.has(cases[i]!.id)) return;
    p.states.forEach((s) => states.add(s));
    p.transitions.forEach((t) => transitions.add(t));
    p.requirements.forEach((r) => reqs.add(r));
  });
  const allStates = modelStates().map((s) => s.name);
  const allTrans = modelTransitions().map((t) => t.key);
  const allReqs = modelRequirements();
  const notRun = cases.filter((c) => !ran.has(c.id)).length;
  const uncovered = [
    ...allStates.filter((s) => !states.has(s)).map((s) => `state ${s}`),
    ...allTrans.filter((t) => !transitions.has(t)).map((t) => `transition ${t}`),
    ...allReqs.filter((r) => !reqs.has(r)).map((r) => `requirement ${r}`),
    ...(notRun ? [`${notRun} model paths not selected in this run`] : []),
  ];
  return {
    states: { covered: states.size, total: allStates.length },
    transitions: { covered: transitions.size, total: allTrans.length },
    requirements: { covered: reqs.size, total: allReqs.length },
    uncovered,
  };
}
