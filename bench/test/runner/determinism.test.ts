// Issue #5: in virtual time the same seed gives the same trace byte for byte — for the whole
// built-in suite (cases + model paths) against the in-process emulator, run `jobs` at a time as
// the runner does by default — and `kkm-bench replay` of that trace reproduces it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../../src/runner/run.js';
import { RUN_DEFAULTS } from '../../src/runner/options.js';
import { main } from '../../cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kkm-bench-det-'));

async function cli(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => { out += s; return true; }) as typeof process.stdout.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return { code: await main(argv), out };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  let i = 0;
  while (i < Math.max(x.length, y.length) && x[i] === y[i]) i++;
  return `line ${i + 1}:\n  first:  ${x[i]?.slice(0, 300)}\n  second: ${y[i]?.slice(0, 300)}`;
}

test('req 5: the full built-in suite twice with the same seed in virtual time gives byte-identical trace.jsonl, and replay reproduces it', async () => {
  assert.ok(RUN_DEFAULTS.jobs > 1, 'the default runs cases in parallel');
  const a = await runBench({ seed: 3, out: join(dir, 'a'), runId: 'a' });
  const b = await runBench({ seed: 3, out: join(dir, 'b'), runId: 'b' });
  assert.is(a.report.dut.clock, 'virtual');
  assert.ok(a.report.cases.length > 80, `the whole suite ran (${a.report.cases.length} cases)`);
  assert.ok(a.report.cases.some((c) => c.id.startsWith('mbt-')), 'model paths included');
  const ta = readFileSync(join(dir, 'a', 'trace.jsonl'), 'utf8');
  const tb = readFileSync(join(dir, 'b', 'trace.jsonl'), 'utf8');
  assert.ok(ta.length > 100_000);
  if (ta !== tb) assert.unreachable(`traces differ at ${firstDifference(ta, tb)}`);
  assert.is(a.report.trace?.sha256, b.report.trace?.sha256);

  // kkm-bench replay <trace.jsonl>: re-runs what run.start describes and compares byte for byte
  const r = await cli(['replay', join(dir, 'a', 'trace.jsonl')]);
  assert.is(r.code, 0, r.out);
  assert.match(r.out, /replay: identical trace \(\d+ events, byte for byte\)/);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
