import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBench } from '../../src/runner/run.js';
import { fakeCases, fakeParts } from './fake-parts.js';

const all = Object.values(fakeCases);

test('each case outcome maps to its status and verdict (pass, not_run, error, fail, vacuous → error)', async () => {
  const w = fakeParts();
  const { report, outcome } = await runBench({ parts: w.parts, cases: all, model: false, requirements: ['5', '29.1', '2.3', '12', '16', '24'] });
  const status = Object.fromEntries(report.cases.map((c) => [c.id, c.status]));
  assert.equal(status, {
    'req-5-fake-prints-receipt': 'pass',
    'req-29.1-fake-autonomous': 'pass',
    'req-2.3-fake-tamper': 'not_run',
    'req-12-fake-bench-bug': 'error',
    'req-16-fake-refused': 'fail',
    'req-24-fake-vacuous': 'error',
  });
  const v = Object.fromEntries(report.requirements.map((r) => [r.requirement, r.verdict]));
  assert.is(v['5'], 'pass');
  assert.is(v['29.1'], 'pass');
  assert.is(v['2.3'], 'not_run');
  assert.match(report.requirements.find((r) => r.requirement === '2.3')!.reason!, /tamper/);
  assert.is(v['12'], 'error');
  assert.is(v['16'], 'fail');
  assert.is(v['24'], 'error');
  assert.is(outcome.exitCode, 1);
  assert.ok(w.started() >= 5, 'a fresh DUT per case');
});

test('a seeded defect makes the covering requirement fail, with the check as evidence', async () => {
  const w = fakeParts();
  const { report, outcome } = await runBench({ parts: w.parts, cases: [fakeCases.printsReceipt], model: false, requirements: ['5'], dut: { kind: 'emulator', defects: ['no-print'] } });
  const row = report.requirements.find((r) => r.requirement === '5')!;
  assert.is(row.verdict, 'fail');
  assert.ok(row.evidence.some((e) => /FAILED/.test(e.summary)));
  assert.equal(report.dut.defects, ['no-print']);
  assert.is(outcome.exitCode, 1);
});

test('an unknown defect is refused before anything runs', async () => {
  const w = fakeParts();
  try {
    await runBench({ parts: w.parts, cases: all, model: false, dut: { kind: 'emulator', defects: ['nope'] } });
    assert.unreachable();
  } catch (e) {
    assert.is((e as { code?: string }).code, 'BENCH_UNKNOWN_DEFECT');
  }
});

test('expected failure keeps the run green; an expected failure that passes is an unexpected pass and fails the run', async () => {
  const w = fakeParts();
  const r1 = await runBench({ parts: w.parts, cases: [fakeCases.printsReceipt], model: false, requirements: ['5'], dut: { kind: 'emulator', defects: ['no-print'] }, expectedFailures: { '5': 'vendor ticket 42' } });
  const row1 = r1.report.requirements.find((r) => r.requirement === '5')!;
  assert.is(row1.verdict, 'fail');
  assert.is(row1.expectedFailure, 'vendor ticket 42');
  assert.is(r1.outcome.exitCode, 0);
  const r2 = await runBench({ parts: w.parts, cases: [fakeCases.printsReceipt], model: false, requirements: ['5'], expectedFailures: { '5': 'vendor ticket 42' } });
  const row2 = r2.report.requirements.find((r) => r.requirement === '5')!;
  assert.is(row2.verdict, 'pass');
  assert.is(row2.unexpectedPass, true);
  assert.is(r2.outcome.exitCode, 1);
});

test('--requirements 29 selects 29 and 29.x only; manual and not-applicable rows come from the catalogue/profile', async () => {
  const w = fakeParts();
  const { report } = await runBench({ parts: w.parts, cases: all, model: false, requirements: ['29'] });
  assert.equal(report.cases.map((c) => c.id), ['req-29.1-fake-autonomous']);
  assert.ok(report.requirements.every((r) => r.requirement === '29' || r.requirement.startsWith('29.')));
  assert.ok(report.requirements.length > 5);
});

test('a missing capability: long-running case without virtual-clock is not_run unless --wall-clock', async () => {
  const w = fakeParts({ capabilities: [] });
  const longCase = { ...fakeCases.printsReceipt, id: 'req-5-fake-long', longRunning: true };
  const { report } = await runBench({ parts: w.parts, cases: [longCase, fakeCases.goesAutonomous], model: false, requirements: ['5', '29.1'] });
  assert.is(report.cases[0]!.status, 'not_run');
  assert.match(report.cases[0]!.reason!, /virtual-clock/);
  assert.is(report.cases[1]!.status, 'not_run');
});

test('shards split the cases with none lost and none twice', async () => {
  const w = fakeParts();
  const ids: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const { report } = await runBench({ parts: w.parts, cases: all, model: false, shard: { index: i, count: 3 } });
    ids.push(...report.cases.map((c) => c.id));
  }
  assert.equal(ids.sort(), all.map((c) => c.id).sort());
});

test('same seed in virtual time gives the same trace byte for byte (and no wall-clock timestamps)', async () => {
  const w = fakeParts();
  const a = await runBench({ parts: w.parts, cases: [fakeCases.printsReceipt, fakeCases.goesAutonomous], model: false, seed: 7 });
  const b = await runBench({ parts: w.parts, cases: [fakeCases.printsReceipt, fakeCases.goesAutonomous], model: false, seed: 7 });
  const ta = a.trace.toJsonl();
  assert.ok(ta.length > 500);
  assert.is(ta, b.trace.toJsonl());
  const kinds = new Set(a.trace.events().map((e) => e.kind));
  for (const k of ['run.start', 'case.start', 'dcp.request', 'dcp.response', 'dcp.notification', 'ofd.frame', 'clock', 'fault', 'check', 'case.end', 'run.end']) assert.ok(kinds.has(k as never), `trace has ${k}`);
  // virtual time: every t is within the virtual day the sessions start on, never today's wall time
  for (const e of a.trace.events()) assert.ok(e.t < Date.UTC(2026, 0, 13), `t ${e.t} is virtual`);
  assert.not.match(ta, /"password":"(?!\*\*\*)/, 'passwords are redacted');
});

test('cases run 4 at a time give the same trace and verdicts as one at a time', async () => {
  const w = fakeParts();
  const cases = [fakeCases.printsReceipt, fakeCases.goesAutonomous, fakeCases.refused, fakeCases.printsReceipt].map((c, i) => ({ ...c, id: `${c.id}-${i}` }));
  const one = await runBench({ parts: w.parts, cases, model: false, jobs: 1 });
  const four = await runBench({ parts: w.parts, cases, model: false, jobs: 4 });
  assert.is(four.trace.toJsonl(), one.trace.toJsonl());
  assert.equal(four.report.cases.map((c) => [c.id, c.status, c.traceSlice]), one.report.cases.map((c) => [c.id, c.status, c.traceSlice]));
  const ev = four.trace.events();
  for (const c of four.report.cases) {
    assert.is(ev[c.traceSlice.from - 1]!.kind, 'case.start');
    assert.is(ev[c.traceSlice.to - 1]!.kind, 'case.end');
    for (const k of c.checks) assert.is(ev[k.traceSeq! - 1]!.kind, 'check');
  }
});

test('reports are written: report.json, junit.xml, report.html, trace.jsonl', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kkm-bench-'));
  try {
    const w = fakeParts();
    const { outDir, report } = await runBench({ parts: w.parts, cases: all, model: false, out: join(dir, 'run1'), requirements: ['5', '16'] });
    for (const f of ['report.json', 'junit.xml', 'report.html', 'trace.jsonl']) assert.ok(existsSync(join(outDir!, f)), f);
    const json = JSON.parse(readFileSync(join(outDir!, 'report.json'), 'utf8'));
    assert.is(json.schema, 'kkm-bench/report@1');
    assert.is(json.trace.file, 'trace.jsonl');
    assert.is(report.trace!.events, readFileSync(join(outDir!, 'trace.jsonl'), 'utf8').trim().split('\n').length);
    const junit = readFileSync(join(outDir!, 'junit.xml'), 'utf8');
    assert.match(junit, /<testcase classname="kkm.req16" name="req 16"[^>]*>[\s\S]*?<failure/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
