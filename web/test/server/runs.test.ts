import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertRunId, listRuns, markOf, readReport, TraceIndex } from '../../server/runs.js';
import { writeFixtureRun } from '../fixtures/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'kkm-web-runs-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('listRuns: newest first, totals from report.json, in-progress runs (trace only), others ignored', () => {
  const a = writeFixtureRun(dir, { runId: 'run-a', events: 300 });
  writeFixtureRun(dir, { runId: 'run-b', events: 300 });
  // run-b started later
  const rb = JSON.parse(JSON.stringify(a.report));
  rb.runId = 'run-b'; rb.startedAt = '2026-11-23T00:00:00.000Z';
  writeFileSync(join(dir, 'run-b', 'report.json'), JSON.stringify(rb));
  mkdirSync(join(dir, 'run-live'));
  writeFileSync(join(dir, 'run-live', 'trace.jsonl'), '{"v":1,"seq":1,"t":0,"kind":"case.start","case":"x"}\n');
  const future = new Date(Date.UTC(2030, 0, 1));
  utimesSync(join(dir, 'run-live', 'trace.jsonl'), future, future);
  mkdirSync(join(dir, 'empty'));
  mkdirSync(join(dir, 'bench'));
  writeFileSync(join(dir, 'bench', 'report.json'), '{}');
  const runs = listRuns(dir);
  assert.equal(runs.map((r) => r.id), ['run-live', 'run-b', 'run-a']);
  assert.is(runs[0]!.inProgress, true);
  assert.is(runs[0]!.totals, null);
  assert.is(runs[1]!.totals!.fail, 3);
  assert.is(runs[2]!.dut!.model, 'reference-emulator');
  assert.equal(listRuns(join(dir, 'missing')), []);
});

test('readReport and run id validation', () => {
  assert.is(readReport(dir, 'run-a').runId, 'run-a');
  assert.throws(() => readReport(dir, 'nope'), (e: Error & { code?: string }) => e.code === 'WEB_NOT_FOUND');
  assert.throws(() => assertRunId('../etc'), (e: Error & { code?: string }) => e.code === 'WEB_BAD_REQUEST');
  assert.throws(() => assertRunId('a/b'));
});

test('TraceIndex pages, locates seqs, collects marks, cases and documents', () => {
  const r = writeFixtureRun(dir, { runId: 'run-big', events: 5000 });
  const idx = new TraceIndex(join(r.dir, 'trace.jsonl'));
  idx.refresh();
  assert.is(idx.total, 5000);
  const page = idx.page(4990, 100);
  assert.is(page.events.length, 10);
  assert.is(page.events[0]!.seq, 4991);
  assert.is(idx.locate(1), 0);
  assert.is(idx.locate(2500), 2499);
  const meta = idx.meta();
  assert.is(meta.total, 5000);
  assert.ok(meta.marks.some((m) => m.kind === 'fault'));
  assert.ok(meta.marks.some((m) => m.kind === 'clock' && m.label.startsWith('clock +72')));
  const fail = meta.marks.find((m) => m.kind === 'fail' && m.label.includes('29.6'));
  assert.ok(fail && fail.label.startsWith('req 29.6'));
  const c = r.report.cases.find((x) => x.id === r.failingCase)!;
  const mc = meta.cases.find((x) => x.id === r.failingCase)!;
  assert.is(mc.from, idx.locate(c.traceSlice.from));
  assert.is(mc.to, idx.locate(c.traceSlice.to));
  // the kind filter: rows are the line indices of the kinds not hidden
  const hidden = new Set(['clock', 'apdu']);
  const rows = idx.rows(hidden);
  assert.is(rows.length, 5000 - (meta.kinds.clock ?? 0) - (meta.kinds.apdu ?? 0));
  assert.ok(rows.every((i) => !hidden.has(idx.page(i, 1).events[0]!.kind)));
  assert.is(idx.rows(new Set()).length, 5000);
  const docs = idx.documents().documents;
  assert.ok(docs.length > 10);
  assert.is(docs[0]!.document.kind, 'receipt');
  assert.ok(docs.some((d) => d.document.fiscal?.mode === 'autonomous'));
});

test('TraceIndex follows a growing trace and ignores an incomplete last line', () => {
  mkdirSync(join(dir, 'grow'));
  const p = join(dir, 'grow', 'trace.jsonl');
  writeFileSync(p, '{"v":1,"seq":1,"t":0,"kind":"case.start","case":"c"}\n{"v":1,"seq":2,"t":5,"kind":"che');
  const idx = new TraceIndex(p);
  idx.refresh();
  assert.is(idx.total, 1);
  appendFileSync(p, 'ck","case":"c","requirement":"14","ok":false,"message":"m"}\n');
  idx.refresh();
  assert.is(idx.total, 2);
  assert.is(idx.meta().marks.filter((m) => m.kind === 'fail').length, 1);
  assert.equal(idx.meta().cases, [{ id: 'c', from: 0, to: 1 }]);
  writeFileSync(p, '{"v":1,"seq":9,"t":0,"kind":"clock","ms":1000}\n'); // rewritten, shorter
  idx.refresh();
  assert.is(idx.total, 1);
  assert.is(idx.page(0, 5).events[0]!.seq, 9);
});

test('markOf labels faults, clock jumps, failed checks and case starts only', () => {
  assert.is(markOf({ v: 1, seq: 1, t: 0, kind: 'clock', ms: 3_600_000 }, 0)?.label, 'clock +1 h');
  assert.is(markOf({ v: 1, seq: 1, t: 0, kind: 'check', ok: true, requirement: '14' }, 0), null);
  assert.is(markOf({ v: 1, seq: 1, t: 0, kind: 'dcp.request' }, 0), null);
  // the runner's shapes: fault ops, small steps and the 'advanced' echo are not marks
  assert.is(markOf({ v: 1, seq: 1, t: 0, kind: 'fault', op: 'add', spec: { name: 'x', kind: 'blackhole' } } as never, 0)?.label, 'fault blackhole x');
  assert.is(markOf({ v: 1, seq: 1, t: 0, kind: 'fault', op: 'remove', name: 'x' } as never, 0), null);
  assert.is(markOf({ v: 1, seq: 1, t: 0, kind: 'clock', op: 'advance', ms: 500 } as never, 0), null);
  assert.is(markOf({ v: 1, seq: 1, t: 0, kind: 'clock', op: 'advanced', ms: 3_600_000 } as never, 0), null);
});

test.run();
