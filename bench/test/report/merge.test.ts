import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../../src/runner/run.js';
import { mergeReports } from '../../src/report/merge.js';
import { fakeCases, fakeParts } from '../runner/fake-parts.js';

test('merging shard reports gives the verdicts of the unsharded run, with one renumbered trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kkm-merge-'));
  try {
    const w = fakeParts();
    const cases = Object.values(fakeCases);
    const full = await runBench({ parts: w.parts, cases, model: false });
    const dirs: string[] = [];
    for (let i = 1; i <= 2; i++) {
      const r = await runBench({ parts: w.parts, cases, model: false, shard: { index: i, count: 2 }, out: join(dir, `s${i}`) });
      dirs.push(r.outDir!);
    }
    const { report } = mergeReports(dirs, join(dir, 'merged'));
    const v = (rows: typeof report.requirements) => Object.fromEntries(rows.map((r) => [r.requirement, r.verdict]));
    assert.equal(v(report.requirements), v(full.report.requirements));
    assert.is(report.cases.length, cases.length);
    assert.equal(report.mergedFrom, dirs);
    const seqs = readFileSync(join(dir, 'merged', 'trace.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).seq as number);
    assert.equal(seqs, seqs.map((_, i) => i + 1));
    for (const c of report.cases) {
      const first = JSON.parse(readFileSync(join(dir, 'merged', 'trace.jsonl'), 'utf8').trim().split('\n')[c.traceSlice.from - 1]!);
      assert.is(first.kind, 'case.start');
      assert.is(first.case, c.id);
    }
    // only shards of one run, each once, all of them
    assert.throws(() => mergeReports([dirs[1]!]), /shard 1\/2 missing/);
    assert.throws(() => mergeReports([dirs[0]!, dirs[0]!]), /shard 1\/2 is given twice/);
    const other = await runBench({ parts: w.parts, cases, model: false, seed: 7, shard: { index: 2, count: 2 }, out: join(dir, 'other') });
    assert.throws(() => mergeReports([dirs[0]!, other.outDir!]), /not a shard of the same run/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
