import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aggregateVerdicts, computeTotals, runOutcome, type AggregateInput } from '../../src/runner/verdicts.js';
import type { CaseResult, Check } from '../../src/report/types.js';

const cat: AggregateInput['catalogue'] = [
  { id: '14', verification: 'automatic', how: 'cases' },
  { id: '19', verification: 'not_applicable', how: 'post-2015', condition: 'listed after 1 July 2015' },
  { id: '29', verification: 'automatic', how: 'sub-items' },
  { id: '29.1', parent: '29', verification: 'automatic', how: '' },
  { id: '29.6', parent: '29', verification: 'automatic', how: '' },
  { id: '37', verification: 'manual', how: 'read the manual' },
  { id: '11', verification: 'automatic', how: '' },
];
const chk = (requirement: string, ok: boolean): Check => ({ requirement: requirement as never, ok, message: `${requirement} ${ok}`, evidence: [] });
const res = (id: string, covers: string[], status: CaseResult['status'], checks: Check[], reason?: string): CaseResult =>
  ({ id, covers: covers as never, status, checks, evidence: [], traceSlice: { from: 1, to: 2 }, durationMs: 1, ...(reason ? { reason } : {}) });

test('pass only when exercised and every covering case passed; worst wins', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [
    res('a', ['14'], 'pass', [chk('14', true)]),
    res('b', ['29.1'], 'pass', [chk('29.1', true)]),
    res('c', ['29.6'], 'fail', [chk('29.6', false)]),
    res('d', ['29.6'], 'pass', [chk('29.6', true)]),
  ] });
  const v = Object.fromEntries(rows.map((r) => [r.requirement, r.verdict]));
  assert.equal(v, { '14': 'pass', '19': 'not_applicable', '29': 'fail', '29.1': 'pass', '29.6': 'fail', '37': 'manual', '11': 'not_run' });
  const r296 = rows.find((r) => r.requirement === '29.6')!;
  assert.equal(r296.cases, ['c', 'd']);
  assert.match(r296.reason!, /29.6 false/);
  assert.match(rows.find((r) => r.requirement === '29')!.reason!, /sub-item 29.6/);
  assert.match(rows.find((r) => r.requirement === '11')!.reason!, /no test case/);
});

test('req 29: a parent with cases of its own takes the worst of its own outcome and its sub-items (never pass while a sub-item fails)', () => {
  const cases = [
    res('own', ['29'], 'pass', [chk('29', true)]),
    res('b', ['29.1'], 'pass', [chk('29.1', true)]),
    res('c', ['29.6'], 'fail', [chk('29.6', false)]),
  ];
  const rows = aggregateVerdicts({ catalogue: cat, cases });
  const r29 = rows.find((r) => r.requirement === '29')!;
  assert.is(r29.verdict, 'fail');
  assert.match(r29.reason!, /sub-item 29\.6/);
  assert.match(r29.reason!, /own cases passed/);
  assert.equal(r29.cases, ['own', 'b', 'c']);
  // every sub-item passes → the parent passes on its own check
  const ok = aggregateVerdicts({ catalogue: cat, cases: [cases[0]!, cases[1]!, res('d', ['29.6'], 'pass', [chk('29.6', true)])] });
  const p = ok.find((r) => r.requirement === '29')!;
  assert.is(p.verdict, 'pass');
  assert.is(p.reason, undefined);
  // a sub-item that errs or was not run keeps the parent from passing too
  const err = aggregateVerdicts({ catalogue: cat, cases: [cases[0]!, cases[1]!, res('e', ['29.6'], 'error', [], 'BENCH_CASE_TIMEOUT')] });
  assert.is(err.find((r) => r.requirement === '29')!.verdict, 'error');
  const notRun = aggregateVerdicts({ catalogue: cat, cases: [cases[0]!, cases[1]!, res('f', ['29.6'], 'not_run', [], 'missing capability: virtual-clock')] });
  assert.is(notRun.find((r) => r.requirement === '29')!.verdict, 'not_run');
  // its own failure is not hidden by passing sub-items
  const ownFail = aggregateVerdicts({ catalogue: cat, cases: [res('own', ['29'], 'fail', [chk('29', false)]), cases[1]!, res('d', ['29.6'], 'pass', [chk('29.6', true)])] });
  const f = ownFail.find((r) => r.requirement === '29')!;
  assert.is(f.verdict, 'fail');
  assert.match(f.reason!, /29 false/);
  // a sub-item no case of this run covers (another shard, a narrower selection) keeps its own
  // not_run row and does not pull down a parent that has cases of its own
  const narrow = aggregateVerdicts({ catalogue: cat, cases: [cases[0]!, cases[1]!] });
  assert.is(narrow.find((r) => r.requirement === '29.6')!.verdict, 'not_run');
  assert.is(narrow.find((r) => r.requirement === '29')!.verdict, 'pass');
});

test('req 29: a parent whose own case never checked it is not passed by its sub-items (not exercised → error)', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [
    res('own', ['29'], 'pass', [chk('29.1', true)]),
    res('d', ['29.6'], 'pass', [chk('29.6', true)]),
  ] });
  const r = rows.find((x) => x.requirement === '29')!;
  assert.is(r.verdict, 'error');
  assert.match(r.reason!, /not exercised/);
});

test('a failed case blames only the requirements its failing checks name', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [res('x', ['29.1', '29.6'], 'fail', [chk('29.1', true), chk('29.6', false)])] });
  const v = Object.fromEntries(rows.map((r) => [r.requirement, r.verdict]));
  assert.is(v['29.1'], 'pass');
  assert.is(v['29.6'], 'fail');
});

test('a failed case that stopped before checking a covered requirement does not pass it', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [res('x', ['29.1', '29.6'], 'fail', [chk('29.1', false)])] });
  const r = rows.find((x) => x.requirement === '29.6')!;
  assert.is(r.verdict, 'fail');
  assert.match(r.reason!, /before checking 29.6/);
});

test('never pass for what was not exercised: a passing case without a check on the id → error', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [res('x', ['14', '29.1'], 'pass', [chk('29.1', true)])] });
  const r = rows.find((x) => x.requirement === '14')!;
  assert.is(r.verdict, 'error');
  assert.match(r.reason!, /not exercised/);
});

test('error beats not_run; not_run carries the missing capability', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [
    res('x', ['14'], 'not_run', [], 'missing capability: tamper'),
    res('y', ['29.1'], 'not_run', [], 'missing capability: virtual-clock'),
    res('z', ['29.1'], 'error', [], 'BENCH_DCP_CLOSED: connection lost'),
  ] });
  assert.is(rows.find((r) => r.requirement === '14')!.verdict, 'not_run');
  assert.match(rows.find((r) => r.requirement === '14')!.reason!, /tamper/);
  assert.is(rows.find((r) => r.requirement === '29.1')!.verdict, 'error');
});

test('profile notApplicable (also for sub-items of a parent) and attestations for manual items', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [], notApplicable: { '29': 'no autonomous mode in this model' }, attestations: { '37': { verdict: 'pass', by: 'lab A' } } });
  const v = Object.fromEntries(rows.map((r) => [r.requirement, r]));
  assert.is(v['29.6']!.verdict, 'not_applicable');
  assert.is(v['29.6']!.reason, 'no autonomous mode in this model');
  assert.is(v['37']!.verdict, 'pass');
  assert.is(v['37']!.attestation!.by, 'lab A');
});

test('expected failures: a fail stays fail but does not fail the run; a pass becomes an unexpected pass', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [res('a', ['14'], 'fail', [chk('14', false)]), res('b', ['29.1'], 'pass', [chk('29.1', true)])], expectedFailures: { '14': 'known', '29.1': 'known too' }, requirements: ['14', '29.1'] });
  assert.equal(rows.map((r) => r.requirement), ['14', '29.1']);
  assert.is(rows[0]!.expectedFailure, 'known');
  assert.is(rows[1]!.unexpectedPass, true);
  const o = runOutcome(rows);
  assert.is(o.exitCode, 1);
  assert.equal(o.unexpectedPasses, ['29.1']);
  assert.equal(o.failing, []);
});

test('runOutcome: not_run only fails under strict; totals count verdicts', () => {
  const rows = aggregateVerdicts({ catalogue: cat, cases: [res('a', ['14'], 'pass', [chk('14', true)])], requirements: ['14', '11'] });
  assert.is(runOutcome(rows).exitCode, 0);
  assert.is(runOutcome(rows, true).exitCode, 1);
  const t = computeTotals(rows, []);
  assert.is(t.pass, 1);
  assert.is(t.notRun, 1);
  assert.is(t.subItems, 2);
});

test.run();
