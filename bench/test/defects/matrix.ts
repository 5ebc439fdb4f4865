// Shared by the seeded-defect matrix tests: the emulator's defects in 4 slices, run with the
// built-in cases covering each defect's requirements (model paths left to bench:defects).
import * as assert from 'uvu/assert';
import { listDefects } from '../../../emulator/index.js';
import { defectMatrix } from '../../src/runner/defects.js';

/**
 * Defects the current cases do not kill yet, each with why. A listed defect that gets killed
 * fails the test too (the list must be kept honest).
 */
export const KNOWN_SURVIVORS: Readonly<Record<string, string>> = {};

export const SLICES = 4;

export function slice(i: number): string[] {
  return listDefects().map((d) => d.name).filter((_, k) => k % SLICES === i - 1);
}

export async function checkSlice(i: number): Promise<void> {
  const names = slice(i);
  assert.ok(names.length > 0);
  const m = await defectMatrix({ only: names, model: false, skipClean: true });
  assert.is(m.defects, names.length);
  const problems: string[] = [];
  for (const r of m.matrix) {
    const known = KNOWN_SURVIVORS[r.defect];
    if (!r.killed && known === undefined) problems.push(`${r.defect} (reqs ${r.requirements.join(',')}) survived: ${JSON.stringify(r.verdicts)}`);
    if (r.killed && known !== undefined) problems.push(`${r.defect} is listed as a known survivor but was killed: remove it from KNOWN_SURVIVORS`);
  }
  assert.equal(problems, []);
}
