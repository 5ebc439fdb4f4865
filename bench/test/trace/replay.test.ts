import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../../src/runner/run.js';
import { replay } from '../../src/trace/replay.js';
import { fakeCases, fakeParts } from '../runner/fake-parts.js';

const cases = [fakeCases.printsReceipt, fakeCases.goesAutonomous];

test('replay of a trace re-runs the same run and reproduces it byte for byte', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kkm-replay-'));
  try {
    const w = fakeParts();
    const { outDir } = await runBench({ parts: w.parts, cases, model: false, seed: 3, out: join(dir, 'r'), dut: { kind: 'emulator', defects: ['no-print'] } });
    const r = await replay(join(outDir!, 'trace.jsonl'), { parts: w.parts, cases });
    assert.is(r.kind, 'trace');
    assert.is(r.identical, true, JSON.stringify(r.firstDifference));
    assert.equal(r.run.report.dut.defects, ['no-print']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a trace that differs is reported with its first differing line', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kkm-replay-'));
  try {
    const w = fakeParts();
    const { trace } = await runBench({ parts: w.parts, cases, model: false, seed: 3 });
    const lines = trace.toJsonl().split('\n');
    lines[5] = lines[5]!.replace(/"t":\d+/, '"t":1');
    const f = join(dir, 't.jsonl');
    writeFileSync(f, lines.join('\n'));
    const r = await replay(f, { parts: w.parts, cases });
    assert.is(r.identical, false);
    assert.is(r.firstDifference!.line, 6);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that is neither a trace nor a scenario is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kkm-replay-'));
  try {
    const f = join(dir, 'x.json');
    writeFileSync(f, '{"hello":1}');
    await replay(f).then(() => assert.unreachable(), (e) => assert.is(e.code, 'BENCH_BAD_FILE'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
