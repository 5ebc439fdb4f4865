// `kkm-bench replay <trace.jsonl | scenario.json>`:
// - a trace: its run.start line holds the run's options and case ids; the same run is made again
//   (same seed, same DUT choice, same cases) and the new trace is compared with the old one byte
//   for byte (virtual time). The first differing line is reported.
// - a scenario: it is run as one case against the DUT (the reference emulator by default), with
//   the property-run invariants available for `{ "check": "invariants" }` steps.
import { readFileSync } from 'node:fs';
import type { RunOptions } from '../runner/options.js';
import { runBench, type RunResult } from '../runner/run.js';
import { BenchError } from '../errors.js';
import { parseShard } from '../runner/select.js';
import { scenarioCase } from '../scenario/run.js';
import { validateScenario } from '../scenario/validate.js';
import type { Scenario } from '../scenario/types.js';
import { invariantsHook } from '../props/run.js';
import { parseJsonl } from './jsonl.js';

export interface ReplayResult {
  kind: 'trace' | 'scenario';
  run: RunResult;
  /** trace replays: identical bytes? */
  identical?: boolean;
  /** trace replays: the first line that differs (1-based), with both versions */
  firstDifference?: { line: number; expected: string; actual: string };
}

interface RunStart { kind: 'run.start'; options: { dut?: { kind: string; defects?: string[] }; requirements?: string[] | null; seed?: number; shard?: string | null; wallClock?: boolean; model?: boolean; propRuns?: number }; cases?: string[]; scenarios?: Scenario[] }

/** Replays a trace or a scenario file. `base` supplies what a file cannot (e.g. parts in tests, an external profile). */
export async function replay(file: string, base: RunOptions = {}): Promise<ReplayResult> {
  const text = readFileSync(file, 'utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') && !trimmed.includes('\n{"v":')) {
    let parsed: unknown;
    try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    if (parsed && typeof parsed === 'object' && (parsed as { schema?: unknown }).schema === 'kkm-bench/scenario@1') {
      const v = validateScenario(parsed);
      if (!v.ok) throw new BenchError('BENCH_BAD_FILE', `${file}: invalid scenario: ${v.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      const s = v.scenario;
      const run = await runBench({
        model: false,
        ...base,
        seed: base.seed ?? s.seed ?? 1,
        cases: [scenarioCase(s, { invariants: invariantsHook })],
        requirements: base.requirements ?? s.covers,
        dut: base.dut ?? { kind: 'emulator', defects: s.defects },
      });
      return { kind: 'scenario', run };
    }
  }
  let events: Record<string, unknown>[];
  try {
    events = parseJsonl(text);
  } catch (e) {
    throw new BenchError('BENCH_BAD_FILE', `${file}: neither a scenario nor a trace: ${(e as Error).message}`);
  }
  const start = events.find((e) => e.kind === 'run.start') as RunStart | undefined;
  if (!start || events[0]?.v !== 1) throw new BenchError('BENCH_BAD_FILE', `${file}: not a kkm-bench trace (no v:1 run.start line)`);
  const o = start.options;
  const dut: RunOptions['dut'] = base.dut ?? (o.dut?.kind === 'external' ? undefined : { kind: 'emulator', defects: o.dut?.defects ?? [] });
  if (!dut) throw new BenchError('BENCH_BAD_OPTION', 'replay of an external-DUT trace needs --profile');
  const scenarios = start.scenarios ?? [];
  const run = await runBench({
    ...base,
    dut,
    seed: o.seed ?? 1,
    requirements: o.requirements ?? undefined,
    shard: o.shard ? parseShard(o.shard) : undefined,
    wallClock: o.wallClock ?? false,
    model: o.model ?? true,
    propRuns: o.propRuns ?? 0,
    scenarios,
    caseIds: start.cases,
  });
  const actual = run.trace.toJsonl();
  if (actual === text) return { kind: 'trace', run, identical: true };
  const a = text.split('\n');
  const b = actual.split('\n');
  let i = 0;
  while (i < Math.max(a.length, b.length) && a[i] === b[i]) i++;
  return { kind: 'trace', run, identical: false, firstDifference: { line: i + 1, expected: a[i] ?? '(end of trace)', actual: b[i] ?? '(end of trace)' } };
}
