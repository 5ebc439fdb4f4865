// A conformance run: opens sessions on the DUT, runs the selected cases (built-in, scenario files,
// model-based paths), optionally the property-based run, aggregates verdicts and writes the reports.
import { CATALOGUE } from '../catalogue/catalogue.js';
import type { TestCase } from '../case.js';
import type { DcpHello } from '../dcp/types.js';
import type { CaseResult, DutInfo, PropertyRunSummary, RequirementId, RunReport } from '../report/types.js';
import { scenarioCase } from '../scenario/run.js';
import { TraceRecorder } from '../trace/recorder.js';
import { BenchError } from '../errors.js';
import { EMULATOR_PROFILE, resolveRunOptions, type ResolvedRunOptions, type RunOptions } from './options.js';
import { loadParts, type Parts } from './parts.js';
import { isDestructive, runCase } from './run-case.js';
import { inShard, selectCases } from './select.js';
import { emulatorSessions, externalSessions, VIRTUAL_EPOCH, type SessionFactory } from './session.js';
import { aggregateVerdicts, computeTotals, runOutcome, type RunOutcome } from './verdicts.js';
import { makeRunId, wall } from './wall.js';
import { writeReportDir } from '../report/write.js';
import { shiftCaseResult } from '../report/shift.js';
import { modelCases, modelCoverage } from '../model/cases.js';
import { runProperties } from '../props/run.js';

export interface RunResult {
  report: RunReport;
  trace: TraceRecorder;
  outcome: RunOutcome;
  /** the report directory, when written */
  outDir?: string;
}

const BUILT_IN_CASES = new URL('../cases/index.ts', import.meta.url).href;

/** The built-in suite (bench/src/cases/index.ts: `ALL_CASES`). */
export async function loadBuiltInCases(): Promise<TestCase[]> {
  const mod = (await import(BUILT_IN_CASES)) as Record<string, unknown>;
  const list = mod.ALL_CASES ?? mod.CASES ?? mod.cases ?? mod.allCases;
  if (!Array.isArray(list)) throw new BenchError('BENCH_BAD_OPTION', 'bench/src/cases/index.ts exports no ALL_CASES array');
  return list as TestCase[];
}

export function makeFactory(o: ResolvedRunOptions, parts: Parts): SessionFactory {
  if (o.dut.kind === 'external') return externalSessions({ parts, profile: o.dut.profile, wallClock: o.wallClock, requestTimeoutMs: o.caseTimeoutMs });
  return emulatorSessions({ parts, profile: o.dut.profile ?? EMULATOR_PROFILE, defects: o.dut.defects ?? [], wallClock: o.wallClock, requestTimeoutMs: o.caseTimeoutMs });
}

/** The cases a run executes, in order: built-in (or given), scenarios, model paths; filtered and sharded. */
export async function plannedCases(o: ResolvedRunOptions): Promise<TestCase[]> {
  const base = o.cases ?? (await loadBuiltInCases());
  const all = [...base, ...(o.scenarios ?? []).map((s) => scenarioCase(s)), ...(o.model ? modelCases() : [])];
  const ids = new Set<string>();
  for (const c of all) {
    if (ids.has(c.id)) throw new BenchError('BENCH_BAD_OPTION', `two cases share the id ${c.id}`);
    ids.add(c.id);
  }
  // explicit case ids (a replay) are already the selection, shard included; keep their order
  if (o.caseIds) {
    const byId = new Map(all.map((c) => [c.id, c]));
    return o.caseIds.map((id) => byId.get(id)).filter((c): c is TestCase => c !== undefined);
  }
  return inShard(selectCases(all, o.requirements), o.shard);
}

function publicOptions(o: ResolvedRunOptions): Record<string, unknown> {
  return {
    dut: o.dut.kind === 'external' ? { kind: 'external', dcp: o.dut.profile.dcp } : { kind: 'emulator', defects: o.dut.defects ?? [] },
    requirements: o.requirements ?? null,
    seed: o.seed,
    shard: o.shard ? `${o.shard.index}/${o.shard.count}` : null,
    wallClock: o.wallClock,
    strict: o.strict,
    model: o.model,
    propRuns: o.propRuns,
    expectedFailures: o.expectedFailures ?? {},
    attestations: o.attestations ?? {},
    notApplicable: (o.dut.kind === 'external' ? o.dut.profile.notApplicable : o.dut.profile?.notApplicable) ?? {},
    scenarios: (o.scenarios ?? []).map((s) => s.name),
  };
}

export async function runBench(options: RunOptions = {}): Promise<RunResult> {
  const o = resolveRunOptions(options);
  const parts = o.parts ?? (await loadParts(o.dut.kind === 'emulator'));
  if (o.dut.kind === 'emulator' && o.dut.defects?.length) {
    const known = new Set(parts.listDefects().map((d) => d.name));
    for (const d of o.dut.defects) if (!known.has(d)) throw new BenchError('BENCH_UNKNOWN_DEFECT', `defect: "${d}" is not one the emulator lists (kkm-emulator --list-defects)`);
  }
  const startedAt = new Date(wall.now()).toISOString();
  const runId = o.runId ?? makeRunId(o.seed);
  const factory = makeFactory(o, parts);
  const runClock = o.wallClock ? { now: () => wall.now() } : { now: () => VIRTUAL_EPOCH };
  const trace = new TraceRecorder({ clock: runClock });
  const cases = sharedDutOrder(await plannedCases(o), factory.isolating);
  const log = o.log ?? (() => {});
  trace.record('run.start', { format: 'kkm-bench/trace@1', options: publicOptions(o), cases: cases.map((c) => c.id), ...(o.scenarios?.length ? { scenarios: o.scenarios } : {}) });

  const results: CaseResult[] = [];
  let hello: DcpHello | undefined;
  let props: PropertyRunSummary | undefined;
  try {
    // Cases run `jobs` at a time when every case gets its own DUT; each records into its own
    // trace, appended to the run's trace in case order (so the trace does not depend on timing).
    const jobs = factory.isolating ? Math.max(1, o.jobs) : 1;
    const done: { result: CaseResult; trace: TraceRecorder }[] = new Array(cases.length);
    /** on a shared DUT: the destructive case that ran (the others then cannot) */
    let destructiveRan: string | undefined;
    let next = 0;
    let finished = 0;
    const runOne = async (i: number) => {
      const tc = cases[i]!;
      o.onProgress?.({ type: 'case.start', index: i, total: cases.length, id: tc.id });
      const own = new TraceRecorder({ clock: runClock });
      const spoiled = !factory.isolating && isDestructive(tc) ? destructiveRan : undefined;
      const notRunBecause = spoiled ? `destructive case (capability tamper) on a shared DUT: ${spoiled} already altered it for good; run this one alone against a fresh DUT (--requirements ${tc.covers.join(',')})` : undefined;
      const { result, hello: h } = await runCase(tc, { factory, trace: own, seed: o.seed, wallClock: o.wallClock, caseTimeoutMs: o.caseTimeoutMs, knownHello: hello, log, ...(notRunBecause ? { notRunBecause } : {}) });
      if (!factory.isolating && isDestructive(tc) && result.status !== 'not_run') destructiveRan ??= tc.id;
      hello ??= h;
      done[i] = { result, trace: own };
      o.onProgress?.({ type: 'case.end', index: finished++, total: cases.length, id: tc.id, status: result.status, durationMs: result.durationMs });
    };
    const worker = async () => {
      for (let i = next++; i < cases.length; i = next++) await runOne(i);
    };
    // the first case alone: it learns the DUT's capabilities (dcp.hello) for the others
    if (cases.length > 0) await runOne(next++);
    await Promise.all(Array.from({ length: jobs }, worker));
    for (const d of done) {
      const offset = trace.append(d.trace.events());
      results.push(shiftCaseResult(d.result, offset));
    }
    if (o.propRuns > 0) {
      const from = trace.seq;
      props = await runProperties({ factory, trace, seed: o.seed, numRuns: o.propRuns, scenarioDir: o.scenarioDir, defects: o.dut.kind === 'emulator' ? o.dut.defects ?? [] : [], log });
      if (props.failed && props.requirement) results.push(propertyFailure(props, props.requirement, { from, to: trace.seq - 1 }));
    }
  } finally {
    await factory.close();
  }
  trace.record('run.end', { cases: results.length });

  const profile = o.dut.kind === 'external' ? o.dut.profile : o.dut.profile ?? EMULATOR_PROFILE;
  const requirements = aggregateVerdicts({
    catalogue: CATALOGUE,
    cases: results,
    // a property run may break a requirement outside the selection: it is reported all the same
    requirements: o.requirements && props?.failed && props.requirement && !o.requirements.includes(props.requirement) ? [...o.requirements, props.requirement] : o.requirements,
    notApplicable: profile.notApplicable,
    attestations: o.attestations,
    expectedFailures: o.expectedFailures,
    uncoveredReason: o.shard ? `no case of shard ${o.shard.index}/${o.shard.count} covers it (merge the shards)` : undefined,
  });
  const texts = new Map(CATALOGUE.map((r) => [r.id as string, r] as const));
  for (const row of requirements) {
    const r = texts.get(row.requirement);
    if (r) { row.textEn = r.textEn; row.verification = r.verification; }
  }
  const dut: DutInfo = hello
    ? { vendor: hello.vendor, model: hello.model, firmware: hello.firmware, capabilities: hello.capabilities, clock: hello.clock, languages: hello.languages, defects: hello.defects ?? (o.dut.kind === 'emulator' ? o.dut.defects : undefined) }
    : { vendor: 'unknown', model: 'unknown', firmware: 'unknown', capabilities: [], clock: o.wallClock ? 'wall' : 'virtual' };
  const report: RunReport = {
    schema: 'kkm-bench/report@1',
    runId,
    startedAt,
    finishedAt: new Date(wall.now()).toISOString(),
    dut,
    seed: o.seed,
    options: publicOptions(o),
    requirements,
    cases: results,
    coverage: o.model ? modelCoverage(results) : { states: { covered: 0, total: 0 }, transitions: { covered: 0, total: 0 }, requirements: { covered: 0, total: 0 }, uncovered: ['model-based paths were not run'] },
    totals: computeTotals(requirements, results),
    ...(props ? { props } : {}),
  };
  const outcome = runOutcome(requirements, o.strict);
  // a property failure fails the run even if every case passed
  if (props?.failed && outcome.exitCode === 0) { outcome.exitCode = 1; outcome.failing.push('props'); }
  let outDir: string | undefined;
  if (o.out) outDir = writeReportDir(o.out, report, trace, Object.fromEntries(CATALOGUE.map((r) => [r.id, r.textEn])));
  return { report, trace, outcome, outDir };
}

/**
 * On a shared DUT (an external register, one for the whole run) a destructive case leaves it
 * blocked for good, so every case after it would fail for the wrong reason: the destructive cases
 * go last, in their planned order, and only the first of them runs (runBench marks the others
 * not_run with the reason). With a fresh DUT per case the order is the plan's.
 */
export function sharedDutOrder(cases: TestCase[], isolating: boolean): TestCase[] {
  if (isolating) return cases;
  return [...cases.filter((c) => !isDestructive(c)), ...cases.filter((c) => isDestructive(c))];
}

/**
 * A property run that broke an invariant, as a failing case of the requirement the invariant
 * names (`props-seed<S>`): its verdict, the JUnit failure and the evidence (counterexample,
 * replay path, the saved scenario) come from here, as for any case.
 */
export function propertyFailure(p: PropertyRunSummary, requirement: RequirementId, traceSlice: { from: number; to: number }): CaseResult {
  const summary = `property run (seed ${p.seed}, ${p.numRuns} runs): ${p.error ?? 'an invariant broke'}`;
  const evidence = [{ kind: 'note', summary: `counterexample: ${p.counterexample ?? '?'}; replayPath ${p.replayPath ?? '?'}${p.scenario ? `; scenario ${p.scenario}` : ''}`, data: p }];
  return {
    id: `props-seed${p.seed}`,
    title: 'fast-check command sequences with the invariants checked after every step',
    covers: [requirement],
    status: 'fail',
    checks: [{ requirement, ok: false, message: summary, evidence }],
    evidence,
    traceSlice,
    durationMs: 0,
    reason: summary,
  };
}
