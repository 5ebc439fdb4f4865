// Shared by the model's seeded-defect tests (defects-1..4): proof that the model's checks can fail.
// For a defect, the model paths whose transitions name one of its requirements run (cheapest
// first, each alone through the runner) against the emulator started with that defect, until one
// fails on a transition tagged with one of the defect's requirements.
import * as assert from 'uvu/assert';
import { listDefects } from '../../../emulator/index.js';
import { runBench } from '../../src/runner/run.js';
import { loadParts, type Parts } from '../../src/runner/parts.js';
import { modelCases, modelPaths, stepOfMessage } from '../../src/model/cases.js';
import { modelRequirements } from '../../src/model/paths.js';

export const SLICES = 4;

export function slice(i: number): string[] {
  return listDefects().map((d) => d.name).filter((_, k) => k % SLICES === i - 1);
}

export interface ModelKill {
  defect: string;
  requirements: string[];
  /** the defect's requirements the model names */
  tagged: string[];
  /** the first failing check on a tagged transition: path, step, requirement, message */
  killedBy?: { path: string; step: string; requirement: string; message: string };
  tried: string[];
}

let parts: Parts | null = null;

export async function modelKill(name: string): Promise<ModelKill> {
  const d = listDefects().find((x) => x.name === name)!;
  const named = new Set(modelRequirements());
  const out: ModelKill = { defect: d.name, requirements: d.requirements, tagged: d.requirements.filter((r) => named.has(r)), tried: [] };
  if (!out.tagged.length) return out;
  parts ??= await loadParts(true);
  const cases = modelCases();
  const paths = modelPaths();
  const order = paths
    .map((p, i) => ({ p, c: cases[i]! }))
    .filter(({ p }) => p.steps.some((s) => s.requirements.some((r) => d.requirements.includes(r))))
    .sort((a, b) => Number(!!a.c.longRunning) - Number(!!b.c.longRunning) || a.p.steps.length - b.p.steps.length);
  for (const { p, c } of order) {
    out.tried.push(c.id);
    const { report } = await runBench({ parts, cases: [c], model: false, propRuns: 0, dut: { kind: 'emulator', defects: [d.name] } });
    const res = report.cases[0]!;
    if (res.status !== 'fail') continue;
    for (const k of res.checks) {
      if (k.ok || !d.requirements.includes(k.requirement)) continue;
      const i = stepOfMessage(k.message);
      const step = i === null ? undefined : p.steps[i];
      if (step && step.requirements.includes(k.requirement)) {
        out.killedBy = { path: c.id, step: `${step.from} -${step.event}→ ${step.to}`, requirement: k.requirement, message: k.message };
        return out;
      }
    }
  }
  return out;
}

/** Every defect of the slice whose requirements the model names is killed on a transition tagged with one of them. */
export async function checkSlice(i: number): Promise<ModelKill[]> {
  const names = slice(i);
  assert.ok(names.length > 0);
  const rows: ModelKill[] = [];
  for (const n of names) rows.push(await modelKill(n));
  const survivors = rows.filter((r) => r.tagged.length > 0 && !r.killedBy).map((r) => `${r.defect} (reqs ${r.requirements.join(',')}; tried ${r.tried.join(', ')})`);
  assert.equal(survivors, []);
  return rows;
}
