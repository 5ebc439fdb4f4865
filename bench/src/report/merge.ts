// Merges shard reports (kkm-bench run --shard i/n) into one: cases of every shard, verdicts
// re-aggregated over all of them, traces concatenated with renumbered seq (trace slices and
// evidence references moved along).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE } from '../catalogue/catalogue.js';
import { modelCoverage } from '../model/cases.js';
import type { TraceLine } from '../trace/recorder.js';
import { canonicalJson, parseJsonl } from '../trace/jsonl.js';
import { aggregateVerdicts, computeTotals } from '../runner/verdicts.js';
import type { Attestation } from '../runner/verdicts.js';
import { BenchError } from '../errors.js';
import { parseReport } from './json.js';
import type { CaseResult, RunReport } from './types.js';
import { writeReportDir } from './write.js';
import { shiftCaseResult } from './shift.js';

export interface MergeResult { report: RunReport; trace: { toJsonl(): string; events(): readonly TraceLine[] } }

/**
 * Shards of one run only: the same DUT (and seeded defects), seed and options but the shard, each
 * shard once, all of them (a verdict merged from part of the shards would read as complete).
 */
function checkSameRun(dirs: readonly string[], reports: readonly RunReport[]): void {
  const identity = (r: RunReport) => {
    const { shard: _shard, ...options } = r.options as Record<string, unknown>;
    void _shard;
    return canonicalJson({ options, dut: { vendor: r.dut.vendor, model: r.dut.model, firmware: r.dut.firmware, defects: r.dut.defects ?? [] } });
  };
  const first = identity(reports[0]!);
  reports.forEach((r, i) => {
    if (identity(r) !== first) throw new BenchError('BENCH_BAD_FILE', `merge: ${dirs[i]} is not a shard of the same run as ${dirs[0]} (DUT, defects, seed or options differ)`);
  });
  const shards = reports.map((r) => (r.options as { shard?: string | null }).shard ?? null);
  if (reports.length === 1 && shards[0] === null) return;
  const parsed = shards.map((s, i) => {
    const m = typeof s === 'string' ? /^(\d+)\/(\d+)$/.exec(s) : null;
    if (!m) throw new BenchError('BENCH_BAD_FILE', `merge: ${dirs[i]} is not a shard report (no --shard i/n)`);
    return { index: Number(m[1]), count: Number(m[2]) };
  });
  const count = parsed[0]!.count;
  if (parsed.some((p) => p.count !== count)) throw new BenchError('BENCH_BAD_FILE', `merge: the reports are shards of different splits (${shards.join(', ')})`);
  const seen = new Set<number>();
  for (const p of parsed) {
    if (seen.has(p.index)) throw new BenchError('BENCH_BAD_FILE', `merge: shard ${p.index}/${count} is given twice`);
    seen.add(p.index);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length) throw new BenchError('BENCH_BAD_FILE', `merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing`);
}

/** Reads `dirs` (each with report.json and maybe trace.jsonl), merges, and writes `out` when given. */
export function mergeReports(dirs: readonly string[], out?: string): MergeResult {
  if (dirs.length === 0) throw new BenchError('BENCH_BAD_OPTION', 'merge: give at least one report directory');
  const reports = dirs.map((d) => {
    const f = join(d, 'report.json');
    if (!existsSync(f)) throw new BenchError('BENCH_BAD_FILE', `merge: ${f} does not exist`);
    return parseReport(readFileSync(f, 'utf8'));
  });
  checkSameRun(dirs, reports);
  const lines: string[] = [];
  const events: TraceLine[] = [];
  const cases = new Map<string, CaseResult>();
  let offset = 0;
  dirs.forEach((d, i) => {
    const tf = join(d, 'trace.jsonl');
    const ev = existsSync(tf) ? (parseJsonl(readFileSync(tf, 'utf8')) as unknown as TraceLine[]) : [];
    for (const e of ev) {
      const moved = { ...e, seq: e.seq + offset, ...(i > 0 && e.kind === 'run.start' ? { shard: i + 1 } : {}) } as TraceLine;
      events.push(moved);
      lines.push(canonicalJson(moved));
    }
    for (const c of reports[i]!.cases) cases.set(c.id, shiftCaseResult(c, offset));
    offset += ev.length;
  });
  const first = reports[0]!;
  const opts = first.options as { attestations?: Record<string, Attestation>; expectedFailures?: Record<string, string>; notApplicable?: Record<string, string>; requirements?: string[] | null; model?: boolean };
  const all = [...cases.values()];
  const requirements = aggregateVerdicts({
    catalogue: CATALOGUE,
    cases: all,
    requirements: opts.requirements ?? undefined,
    notApplicable: opts.notApplicable,
    attestations: opts.attestations,
    expectedFailures: opts.expectedFailures,
  });
  const texts = new Map(CATALOGUE.map((r) => [r.id as string, r] as const));
  for (const row of requirements) {
    const r = texts.get(row.requirement);
    if (r) { row.textEn = r.textEn; row.verification = r.verification; }
  }
  const report: RunReport = {
    ...first,
    runId: `${first.runId}-merged`,
    options: { ...first.options, shard: null },
    requirements,
    cases: all,
    coverage: opts.model === false ? first.coverage : modelCoverage(all),
    totals: computeTotals(requirements, all),
    mergedFrom: [...dirs],
  };
  const trace = { toJsonl: () => (lines.length ? lines.join('\n') + '\n' : ''), events: () => events };
  if (out) writeReportDir(out, report, trace, Object.fromEntries(CATALOGUE.map((r) => [r.id, r.textEn])));
  return { report, trace };
}
