// The whole test suite: type-check, then every `<part>/test/**/*.test.ts` in its own process.
//
// Usage: npm test [-- [--no-typecheck] [--jobs N] [filter…]]
//   filter   only test files whose path contains one of these strings
//
// Each file is an uvu suite run as `node --import tsx FILE` (one process per file, so a server
// or native addon left open in one suite cannot hang or disturb another). The closing line is
// `N passed, N failed, N skipped` summed over all files; the exit code is 0 only when no test
// and no file failed. Skipped suites (missing system packages) are listed by name.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSystemDeps } from './sysdeps.js';

const PARTS = ['protocol', 'fiscal-module', 'ofd-mock', 'emulator', 'bench', 'web', 'tools'];
const FILE_TIMEOUT_MS = Number(process.env.KKM_TEST_FILE_TIMEOUT_MS ?? 240_000);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'no-typecheck': { type: 'boolean', default: false },
    jobs: { type: 'string', default: '2' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  process.stdout.write('usage: npm test -- [--no-typecheck] [--jobs N] [filter…]\n');
  process.exit(0);
}

const root = process.cwd();

function findTests(dir: string, out: string[]): string[] {
  let entries: string[];
  try { entries = readdirSync(dir); } catch { return out; }
  for (const e of entries) {
    if (e === 'node_modules') continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) findTests(p, out);
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const files = PARTS.flatMap((p) => findTests(join(root, p, 'test'), []))
  .map((f) => relative(root, f))
  .filter((f) => positionals.length === 0 || positionals.some((s) => f.includes(s)))
  .sort();

ensureSystemDeps();

let failedFiles: string[] = [];
if (!values['no-typecheck']) {
  process.stdout.write('typecheck: tsc -p .\n');
  const tsc = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', '.'], { stdio: 'inherit' });
  if (tsc.status !== 0) failedFiles.push('typecheck (tsc -p .)');
  const web = join(root, 'web', 'tsconfig.json');
  try {
    statSync(web);
    process.stdout.write('typecheck: tsc -p web\n');
    const t2 = spawnSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'web'], { stdio: 'inherit' });
    if (t2.status !== 0) failedFiles.push('typecheck (tsc -p web)');
  } catch { /* no dashboard yet */ }
}

interface FileResult { file: string; passed: number; failed: number; skipped: number; code: number | null; ms: number; out: string }

function runFile(file: string): Promise<FileResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { out += `\n[test runner] ${file} exceeded ${FILE_TIMEOUT_MS} ms, killed\n`; child.kill('SIGKILL'); }, FILE_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      // uvu prints "Total: N", "Passed: N", "Skipped: N" per suite
      const sum = (re: RegExp) => [...out.matchAll(re)].reduce((a, m) => a + Number(m[1]), 0);
      const total = sum(/^\s*Total:\s+(\d+)/gm);
      const passed = sum(/^\s*Passed:\s+(\d+)/gm);
      const uvuSkipped = sum(/^\s*Skipped:\s+(\d+)/gm);
      const skipped = uvuSkipped + (out.match(/^\[skip\] /gm)?.length ?? 0);
      let failed = Math.max(0, total - passed - uvuSkipped);
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ file, passed, failed, skipped, code, ms: performance.now() - t0, out });
    });
  });
}

const jobs = Math.max(1, Number(values.jobs) || 2);
const results: FileResult[] = [];
let next = 0;
async function worker(): Promise<void> {
  while (next < files.length) {
    const f = files[next++]!;
    const r = await runFile(f);
    results.push(r);
    const status = r.failed > 0 ? 'FAIL' : 'ok  ';
    process.stdout.write(`${status} ${f}  (${r.passed} passed${r.skipped ? `, ${r.skipped} skipped` : ''}${r.failed ? `, ${r.failed} failed` : ''}, ${(r.ms / 1000).toFixed(1)} s)\n`);
    if (r.failed > 0 || process.env.KKM_TEST_VERBOSE) process.stdout.write(r.out.replace(/^/gm, '    | ') + '\n');
    for (const line of r.out.split('\n')) if (line.startsWith('[skip]')) process.stdout.write(`    ${line}\n`);
  }
}
await Promise.all(Array.from({ length: jobs }, worker));

const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0) + failedFiles.length;
const skipped = results.reduce((a, r) => a + r.skipped, 0);
failedFiles = [...failedFiles, ...results.filter((r) => r.failed > 0).map((r) => r.file)];
if (failedFiles.length) process.stdout.write(`\nfailed: ${failedFiles.join(', ')}\n`);
if (files.length === 0) process.stdout.write('no test files matched\n');
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failed > 0 || files.length === 0 ? 1 : 0);
