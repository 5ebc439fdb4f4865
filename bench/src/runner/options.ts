// Options of a run: one object, defaults in one constant, checked once (messages name the option).
import type { TestCase } from '../case.js';
import type { DeviceProfile } from '../dcp/types.js';
import type { Scenario } from '../scenario/types.js';
import { BenchError } from '../errors.js';
import type { Parts } from './parts.js';
import type { Shard } from './select.js';
import type { Attestation } from './verdicts.js';

/** The device profile the bench uses for the in-process reference emulator. */
export const EMULATOR_PROFILE: DeviceProfile = {
  dcp: 'tcp://127.0.0.1:0',
  passwords: { registration: '1111', programming: '2222', close_shift: '3333', reports: '4444', service: '5555' },
  registration: {
    kkmId: 424242,
    token: 777,
    rnm: '010101234567',
    serial: 'ZN0001',
    org: { title: 'ТОО «Эталон»', iin: '123456789012', address: 'г. Алматы, пр. Абая, 1' },
    pos: { title: 'Касса №1', address: 'г. Алматы, пр. Абая, 1' },
  },
  protocolVersion: 203,
  notApplicable: { '19': 'listed after 1 July 2015' },
};

export type DutChoice =
  | { kind: 'emulator'; defects?: string[]; profile?: DeviceProfile }
  | { kind: 'external'; profile: DeviceProfile };

export interface ProgressEvent {
  type: 'case.start' | 'case.end';
  index: number;
  total: number;
  id: string;
  status?: string;
  durationMs?: number;
}

export interface RunOptions {
  /** @defaultValue { kind: 'emulator' } */
  dut?: DutChoice;
  /** the cases to choose from @defaultValue the built-in suite */
  cases?: TestCase[];
  /** scenario files to run as cases as well */
  scenarios?: Scenario[];
  /** run only these case ids (replay of a trace) */
  caseIds?: string[];
  /** --requirements: 29 selects 29 and 29.x */
  requirements?: string[];
  /** @defaultValue 1 */
  seed?: number;
  shard?: Shard;
  /** --wall-clock: real time; long cases run for real @defaultValue false */
  wallClock?: boolean;
  /** not_run fails the run @defaultValue false */
  strict?: boolean;
  expectedFailures?: Record<string, string>;
  attestations?: Record<string, Attestation>;
  /** include the model-based paths @defaultValue true */
  model?: boolean;
  /** property-based runs (0 = none) @defaultValue 0 */
  propRuns?: number;
  /** where scenario files of shrunk property failures go @defaultValue 'scenarios' */
  scenarioDir?: string;
  /** real-time limit per case @defaultValue 60000 */
  caseTimeoutMs?: number;
  /** cases run at the same time (in-process emulator only; an external DUT runs one at a time) @defaultValue 4 */
  jobs?: number;
  /** report directory; omit to not write files */
  out?: string;
  runId?: string;
  /** test hook: replaces ofd-mock and emulator */
  parts?: Parts;
  onProgress?: (e: ProgressEvent) => void;
  log?: (line: string) => void;
}

export const RUN_DEFAULTS = {
  seed: 1,
  wallClock: false,
  strict: false,
  model: true,
  propRuns: 0,
  scenarioDir: 'scenarios',
  caseTimeoutMs: 60_000,
  jobs: 4,
} as const;

export type ResolvedRunOptions = Omit<RunOptions, keyof typeof RUN_DEFAULTS | 'dut'> & {
  -readonly [K in keyof typeof RUN_DEFAULTS]: (typeof RUN_DEFAULTS)[K] extends number ? number : (typeof RUN_DEFAULTS)[K] extends boolean ? boolean : string;
} & { dut: DutChoice };

export function resolveRunOptions(o: RunOptions = {}): ResolvedRunOptions {
  // an option given as undefined takes its default
  const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const r = { ...RUN_DEFAULTS, ...given, dut: o.dut ?? { kind: 'emulator' } } as ResolvedRunOptions;
  if (!Number.isInteger(r.seed) || r.seed < 0 || r.seed > 0xffffffff) throw new BenchError('BENCH_BAD_OPTION', 'seed must be an integer 0..4294967295');
  if (!Number.isInteger(r.jobs) || r.jobs < 1) throw new BenchError('BENCH_BAD_OPTION', 'jobs must be a positive integer');
  if (!Number.isInteger(r.propRuns) || r.propRuns < 0) throw new BenchError('BENCH_BAD_OPTION', 'propRuns must be a non-negative integer');
  if (!Number.isFinite(r.caseTimeoutMs) || r.caseTimeoutMs <= 0) throw new BenchError('BENCH_BAD_OPTION', 'caseTimeoutMs must be a positive number');
  if (r.dut.kind === 'external' && !r.dut.profile) throw new BenchError('BENCH_BAD_OPTION', 'dut.profile is required for an external DUT');
  if (r.shard && (r.shard.index < 1 || r.shard.index > r.shard.count)) throw new BenchError('BENCH_BAD_OPTION', 'shard must satisfy 1 <= index <= count');
  if (r.requirements) for (const id of r.requirements) if (!/^\d+(\.\d+)?$/.test(id)) throw new BenchError('BENCH_BAD_OPTION', `requirements: "${id}" is not a requirement id`);
  return r;
}
