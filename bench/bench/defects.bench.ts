// npm run bench:defects — the seeded-defect matrix against the reference emulator; prints it and
// writes reports/bench/defects.json with `defects`, `killed`, `cleanFalseFails` and the matrix.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defectMatrix, formatMatrix } from '../src/runner/defects.js';
import { hrtimeMs } from '../src/runner/wall.js';

const t0 = hrtimeMs();
const m = await defectMatrix({ seed: 1, onDefect: (r) => process.stderr.write(`${r.killed ? 'killed  ' : 'SURVIVED'} ${r.defect}\n`) });
const wallSeconds = Number(((hrtimeMs() - t0) / 1000).toFixed(3));
mkdirSync(join('reports', 'bench'), { recursive: true });
writeFileSync(join('reports', 'bench', 'defects.json'), JSON.stringify({ wallSeconds, ...m }, null, 2) + '\n');
process.stdout.write(formatMatrix(m) + '\n');
process.stdout.write(`${wallSeconds} s wall; wrote reports/bench/defects.json\n`);
