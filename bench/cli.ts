// kkm-bench: the conformance bench's command line (style.md convention 12).
// Results go to stdout, logs and progress to stderr. Exit codes: 0 every automatic verdict passed,
// 1 at least one fail/error/unexpected pass (or not_run under --strict), 2 usage error,
// 3 environment problem (the DUT cannot be reached or started).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CATALOGUE, linkCases } from './src/catalogue/catalogue.js';
import { mergeReports } from './src/report/merge.js';
import { loadAttestations, loadExpectedFailures, loadProfile } from './src/runner/files.js';
import { isBenchError } from './src/errors.js';
import type { ProgressEvent, RunOptions } from './src/runner/options.js';
import { loadBuiltInCases, runBench, type RunResult } from './src/runner/run.js';
import { parseRequirementFilter, parseShard } from './src/runner/select.js';
import { runOutcome } from './src/runner/verdicts.js';
import { makeRunId } from './src/runner/wall.js';
import { loadScenario } from './src/scenario/validate.js';
import type { Scenario } from './src/scenario/types.js';
import { replay } from './src/trace/replay.js';
import { modelCases } from './src/model/cases.js';
import { PROPS_DEFAULT_RUNS } from './src/props/run.js';
import { writeReportDir } from './src/report/write.js';

const USAGE = `kkm-bench — conformance bench for Kazakh online fiscal cash registers (KKM)

usage:
  kkm-bench run     [--profile device.json | --dut emulator [--defect NAME]…] [--requirements 29,30]
                    [--seed N] [--shard i/n] [--wall-clock] [--out reports/<run-id>] [--strict]
                    [--expected-failures FILE] [--attestations FILE] [--scenarios FILE|DIR]…
                    [--props N] [--no-model] [--jobs N]
  kkm-bench replay  <trace.jsonl | scenario.json> [--profile device.json] [--out DIR]
  kkm-bench list    [--json]        the requirement catalogue, one requirement per line
  kkm-bench merge   <report dirs…> --out <dir>
  kkm-bench --help

run options:
  --profile FILE          an external register (device profile of dcp.md: DCP address, passwords,
                          registration, notApplicable, attestations)
  --dut emulator          the reference emulator in-process (default), --defect NAME seeds a defect
  --requirements LIST     only these requirements (29 selects 29 and 29.x)
  --seed N                seed of the run (default 1); same seed in virtual time = same trace
  --shard i/n             run the i-th of n shards (merge them afterwards)
  --wall-clock            real time: long cases (24 h, 72 h) wait for real on DUTs without virtual-clock
  --out DIR               report directory (default reports/<run-id>)
  --strict                a not_run verdict fails the run
  --expected-failures F   JSON { "29.6": "reason" }: failing is expected; passing fails the run
  --attestations F        JSON { "37": { "verdict": "pass", "by": "…", "note": "…" } } for manual items
  --scenarios F|DIR       also run these scenario files (kkm-bench/scenario@1)
  --props N               N property-based runs (fast-check; default 25 on the emulator, 0 with --profile);
                          a failure is shrunk and saved as a replayable scenario file
  --save-scenarios DIR    where a shrunk property failure is saved (default scenarios/)
  --no-model              skip the model-based paths
  --jobs N                cases at the same time on the in-process emulator (default 4; each has its own DUT)

exit codes: 0 all automatic verdicts passed · 1 fail/error/unexpected pass (not_run with --strict) · 2 usage · 3 environment
`;

/** The uncovered list for a terminal: the first few names, the rest counted (the report lists all). */
function uncoveredSummary(uncovered: readonly string[], shown = 8): string {
  if (uncovered.length === 0) return '';
  const more = uncovered.length - shown;
  return `; uncovered: ${uncovered.slice(0, shown).join(', ')}${more > 0 ? ` and ${more} more (listed in report.json and report.html)` : ''}`;
}

class UsageError extends Error {}

/** property-based runs `kkm-bench run --dut emulator` makes unless --props says otherwise */
const DEFAULT_EMULATOR_PROP_RUNS = PROPS_DEFAULT_RUNS;

function log(line: string): void {
  process.stderr.write(line + '\n');
}

function progressPrinter(): (e: ProgressEvent) => void {
  const tty = process.stderr.isTTY === true && process.env.CI !== 'true';
  const counts: Record<string, number> = {};
  return (e) => {
    if (e.type === 'case.start') {
      if (tty) process.stderr.write(`\r\x1b[2K[${e.index + 1}/${e.total}] ${e.id}`);
      return;
    }
    counts[e.status!] = (counts[e.status!] ?? 0) + 1;
    if (tty) {
      const summary = Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(' · ');
      process.stderr.write(`\r\x1b[2K[${e.index + 1}/${e.total}] ${summary}${e.index + 1 === e.total ? '\n' : ''}`);
    } else {
      process.stderr.write(`${e.status!.padEnd(7)} ${e.id} (${e.durationMs} ms) [${e.index + 1}/${e.total}]\n`);
    }
  };
}

function scenarioFiles(paths: string[]): Scenario[] {
  const out: Scenario[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (f.endsWith('.json') && f !== 'schema.json') out.push(loadScenario(join(p, f)));
    } else out.push(loadScenario(p));
  }
  return out;
}

function printSummary(r: RunResult, strict: boolean): number {
  const t = r.report.totals;
  const lines = [
    `run ${r.report.runId}: ${r.report.dut.vendor} ${r.report.dut.model} ${r.report.dut.firmware}${r.report.dut.defects?.length ? ` (defects: ${r.report.dut.defects.join(', ')})` : ''}`,
    `${t.subItems} requirements/sub-items: pass ${t.pass}, fail ${t.fail}, error ${t.error}, manual ${t.manual}, not applicable ${t.notApplicable}, not run ${t.notRun}`,
    `cases ${t.cases}: passed ${t.casesPassed}, failed ${t.casesFailed}, errors ${t.casesError}, not run ${t.casesNotRun}`,
    `model coverage: states ${r.report.coverage.states.covered}/${r.report.coverage.states.total}, transitions ${r.report.coverage.transitions.covered}/${r.report.coverage.transitions.total}, requirements ${r.report.coverage.requirements.covered}/${r.report.coverage.requirements.total} automatic sub-items${r.report.coverage.paths ? ` (${r.report.coverage.paths.passed}/${r.report.coverage.paths.total} paths passed)` : ''}${uncoveredSummary(r.report.coverage.uncovered)}`,
  ];
  if (r.report.props) lines.push(`property run: seed ${r.report.props.seed}, ${r.report.props.numRuns} runs, ${r.report.props.failed ? `FAILED (${r.report.props.error}); replayPath ${r.report.props.replayPath}; scenario ${r.report.props.scenario ?? '-'}` : 'no counterexample'}`);
  for (const row of r.report.requirements) {
    if (row.verdict === 'fail' || row.verdict === 'error' || row.unexpectedPass) {
      lines.push(`  ${row.verdict.toUpperCase()}${row.unexpectedPass ? ' (unexpected pass)' : row.expectedFailure !== undefined ? ' (expected)' : ''} ${row.requirement}: ${row.reason ?? ''}`);
    }
  }
  const outcome = runOutcome(r.report.requirements, strict);
  const exit = r.outcome.exitCode === 1 || outcome.exitCode === 1 ? 1 : 0;
  if (r.outDir) lines.push(`report: ${join(r.outDir, 'report.html')} (also report.json, junit.xml, trace.jsonl)`);
  process.stdout.write(lines.join('\n') + '\n');
  // a hint, not a result: stderr
  if (r.outDir) log(`for the richer view (this report, its trace, a live emulator): npm run dashboard`);
  return exit;
}

async function cmdRun(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string' },
      dut: { type: 'string' },
      defect: { type: 'string', multiple: true },
      requirements: { type: 'string' },
      seed: { type: 'string' },
      shard: { type: 'string' },
      'wall-clock': { type: 'boolean', default: false },
      out: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'expected-failures': { type: 'string' },
      attestations: { type: 'string' },
      scenarios: { type: 'string', multiple: true },
      props: { type: 'string' },
      'save-scenarios': { type: 'string' },
      'no-model': { type: 'boolean', default: false },
      jobs: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) { process.stdout.write(USAGE); return 0; }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError(`--jobs: "${values.jobs}" is not a positive integer`);
  if (values.profile && values.dut) throw new UsageError('--profile and --dut are exclusive');
  if (values.dut && values.dut !== 'emulator') throw new UsageError(`--dut: only "emulator" is built in (got "${values.dut}"); use --profile for another register`);
  if (values.defect?.length && values.profile) throw new UsageError('--defect applies to --dut emulator only');
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed: "${values.seed}" is not a non-negative integer`);
  // the reference emulator gets a short property run by default (a vendor's DUT only on request)
  const propRuns = values.props === undefined ? (values.profile ? 0 : DEFAULT_EMULATOR_PROP_RUNS) : Number(values.props);
  if (!Number.isInteger(propRuns) || propRuns < 0) throw new UsageError(`--props: "${values.props}" is not a non-negative integer`);
  let requirements: string[] | undefined;
  let shard;
  try {
    requirements = parseRequirementFilter(values.requirements);
    shard = parseShard(values.shard);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const profile = values.profile ? loadProfile(values.profile) : undefined;
  const runId = makeRunId(seed);
  const opts: RunOptions = {
    dut: profile ? { kind: 'external', profile } : { kind: 'emulator', defects: values.defect ?? [] },
    requirements,
    seed,
    shard,
    wallClock: values['wall-clock'],
    strict: values.strict,
    expectedFailures: values['expected-failures'] ? loadExpectedFailures(values['expected-failures']) : undefined,
    attestations: values.attestations ? loadAttestations(values.attestations) : profile?.attestationsPath ? loadAttestations(profile.attestationsPath) : undefined,
    scenarios: values.scenarios ? scenarioFiles(values.scenarios) : undefined,
    model: !values['no-model'],
    propRuns,
    ...(values['save-scenarios'] ? { scenarioDir: values['save-scenarios'] } : {}),
    jobs,
    runId,
    out: values.out ?? join('reports', runId),
    onProgress: progressPrinter(),
    log: process.env.KKM_BENCH_VERBOSE ? log : undefined,
  };
  log(`kkm-bench: running against ${profile ? profile.dcp : `the reference emulator${values.defect?.length ? ` with defect ${values.defect.join(', ')}` : ''}`} (seed ${seed}${values['wall-clock'] ? ', wall clock' : ', virtual time'})`);
  const result = await runBench(opts);
  return printSummary(result, values.strict);
}

async function cmdReplay(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { profile: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help) { process.stdout.write(USAGE); return 0; }
  if (positionals.length !== 1) throw new UsageError('replay takes one file: a trace.jsonl or a scenario.json');
  const profile = values.profile ? loadProfile(values.profile) : undefined;
  const r = await replay(positionals[0]!, { ...(profile ? { dut: { kind: 'external', profile } } : {}), onProgress: progressPrinter() });
  if (values.out) r.run.outDir = writeReportDir(values.out, r.run.report, r.run.trace);
  if (r.kind === 'trace') {
    if (r.identical) process.stdout.write(`replay: identical trace (${r.run.trace.events().length} events, byte for byte)\n`);
    else process.stdout.write(`replay: DIVERGED at line ${r.firstDifference!.line}\n  recorded: ${r.firstDifference!.expected.slice(0, 400)}\n  replayed: ${r.firstDifference!.actual.slice(0, 400)}\n`);
  }
  const code = printSummary(r.run, false);
  return r.kind === 'trace' && !r.identical ? 1 : code;
}

async function cmdList(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) { process.stdout.write(USAGE); return 0; }
  let cases: { id: string; covers: readonly string[] }[] = [];
  try { cases = [...(await loadBuiltInCases()), ...modelCases()]; } catch { cases = modelCases(); }
  const linked = linkCases(cases);
  if (values.json) {
    process.stdout.write(JSON.stringify(linked, null, 2) + '\n');
    return 0;
  }
  for (const r of linked) {
    const n = r.cases?.length ?? 0;
    process.stdout.write(`${r.id.padEnd(6)} ${r.verification.padEnd(14)} ${r.verification === 'automatic' ? `${n} case${n === 1 ? '' : 's'}`.padEnd(9) : ''.padEnd(9)} ${r.textEn.replace(/\s+/g, ' ').slice(0, 110)}\n`);
  }
  process.stdout.write(`${CATALOGUE.length} requirements and sub-items\n`);
  return 0;
}

async function cmdMerge(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, strict: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) { process.stdout.write(USAGE); return 0; }
  if (!values.out) throw new UsageError('merge needs --out <dir>');
  if (positionals.length === 0) throw new UsageError('merge needs report directories');
  const { report, trace } = mergeReports(positionals.map((p) => resolve(p)), values.out);
  const outcome = runOutcome(report.requirements, values.strict);
  return printSummary({ report, trace: trace as never, outcome, outDir: values.out }, values.strict);
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return cmd === undefined ? 2 : 0;
      case 'run': return await cmdRun(rest);
      case 'replay': return await cmdReplay(rest);
      case 'list': return await cmdList(rest);
      case 'merge': return await cmdMerge(rest);
      default:
        throw new UsageError(`unknown command "${cmd}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      log(`kkm-bench: ${(e as Error).message}\n(kkm-bench --help for usage)`);
      return 2;
    }
    if (isBenchError(e)) {
      log(`kkm-bench: ${e.code}: ${e.message}`);
      if (e.code === 'BENCH_DUT_UNREACHABLE' || e.code === 'BENCH_DUT_START') return 3;
      if (e.code === 'BENCH_BAD_OPTION' || e.code === 'BENCH_BAD_FILE' || e.code === 'BENCH_UNKNOWN_DEFECT') return 2;
      return 1;
    }
    log(`kkm-bench: unexpected error: ${(e as Error)?.stack ?? String(e)}`);
    return 3;
  }
}

const isMain = process.argv[1] !== undefined && /(?:^|[\\/])(cli\.ts|kkm-bench(\.js)?)$/.test(process.argv[1]);
if (isMain) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
