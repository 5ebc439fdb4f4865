// The seeded-defect matrix: proof that the tests can fail. For every defect the emulator lists,
// the cases covering its requirements run against the emulator started with that defect; the
// defect is "killed" when at least one of its requirements gets `fail`. The clean emulator must
// pass everything (any fail/error there is a false fail).
import type { TestCase } from '../case.js';
import type { Verdict } from '../report/types.js';
import { loadParts, type DefectInfo, type Parts } from './parts.js';
import { runBench } from './run.js';
import { hrtimeMs } from './wall.js';

export interface DefectRow {
  defect: string;
  description: string;
  requirements: string[];
  killed: boolean;
  /** requirements (of the defect's own) that failed */
  failing: string[];
  /** every verdict of the run (requirement → verdict) for the defect's requirements */
  verdicts: Record<string, Verdict>;
  cases: number;
  wallMs: number;
}

export interface DefectMatrix {
  defects: number;
  killed: number;
  /** requirements that did not pass on the clean emulator (fail or error) */
  cleanFalseFails: string[];
  clean: { subItems: number; passed: number; failed: number; errors: number; notRun: number; wallMs: number };
  matrix: DefectRow[];
}

export interface DefectMatrixOptions {
  parts?: Parts;
  cases?: TestCase[];
  seed?: number;
  /** include the model-based paths @defaultValue true */
  model?: boolean;
  /** only these defects */
  only?: string[];
  /** skip the clean run (cleanFalseFails stays empty) */
  skipClean?: boolean;
  onDefect?: (row: DefectRow) => void;
}

export async function defectMatrix(o: DefectMatrixOptions = {}): Promise<DefectMatrix> {
  const parts = o.parts ?? (await loadParts(true));
  const seed = o.seed ?? 1;
  const model = o.model ?? true;
  const t0 = hrtimeMs();
  const clean = o.skipClean ? null : await runBench({ parts, cases: o.cases, seed, model });
  const cleanWall = hrtimeMs() - t0;
  const cleanFalseFails = clean ? clean.report.requirements.filter((r) => r.verdict === 'fail' || r.verdict === 'error').map((r) => r.requirement) : [];
  const defects: DefectInfo[] = parts.listDefects().filter((d) => !o.only || o.only.includes(d.name));
  const matrix: DefectRow[] = [];
  for (const d of defects) {
    const t = hrtimeMs();
    const run = await runBench({ parts, cases: o.cases, seed, model, requirements: d.requirements, dut: { kind: 'emulator', defects: [d.name] } });
    const own = run.report.requirements.filter((r) => d.requirements.includes(r.requirement));
    const failing = own.filter((r) => r.verdict === 'fail').map((r) => r.requirement);
    const row: DefectRow = {
      defect: d.name,
      description: d.description,
      requirements: d.requirements,
      killed: failing.length > 0,
      failing,
      verdicts: Object.fromEntries(own.map((r) => [r.requirement, r.verdict])),
      cases: run.report.cases.length,
      wallMs: Math.round(hrtimeMs() - t),
    };
    matrix.push(row);
    o.onDefect?.(row);
  }
  const t = clean?.report.totals;
  return {
    defects: matrix.length,
    killed: matrix.filter((r) => r.killed).length,
    cleanFalseFails,
    clean: { subItems: t?.subItems ?? 0, passed: t?.pass ?? 0, failed: t?.fail ?? 0, errors: t?.error ?? 0, notRun: t?.notRun ?? 0, wallMs: Math.round(cleanWall) },
    matrix,
  };
}

/** The matrix as text: one line per defect. */
export function formatMatrix(m: DefectMatrix): string {
  const lines = m.matrix.map((r) => `${r.killed ? 'KILLED  ' : 'SURVIVED'} ${r.defect.padEnd(32)} reqs ${r.requirements.join(',').padEnd(16)} ${Object.entries(r.verdicts).map(([k, v]) => `${k}=${v}`).join(' ')} (${r.cases} cases, ${r.wallMs} ms)`);
  lines.push(`${m.killed}/${m.defects} defects killed; clean emulator: ${m.clean.passed}/${m.clean.subItems} pass, false fails: ${m.cleanFalseFails.length ? m.cleanFalseFails.join(', ') : 'none'}`);
  return lines.join('\n');
}
