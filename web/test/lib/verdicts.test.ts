import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TraceEvent } from '../../src/data/types.js';
import { compareRequirementIds, emptyLiveVerdicts, foldLive, foldProgress, parentOf, worse } from '../../src/lib/verdicts.js';

test('requirement ids sort numerically, parents before sub-items', () => {
  assert.equal(['10', '2.4', '29.6', '2', '1.3', '29'].sort(compareRequirementIds), ['1.3', '2', '2.4', '10', '29', '29.6']);
  assert.is(parentOf('29.6'), '29');
});

test('foldLive: a requirement fails on any failed check and stays failed', () => {
  const ev = (e: Partial<TraceEvent>): TraceEvent => ({ v: 1, seq: 1, t: 0, kind: 'check', ...e });
  let acc = foldLive(emptyLiveVerdicts(), [ev({ kind: 'case.start', case: 'c1' }), ev({ requirement: '14', ok: true }), ev({ requirement: '29.6', ok: false })]);
  assert.is(acc.currentCase, 'c1');
  acc = foldLive(acc, [ev({ requirement: '29.6', ok: true }), ev({ requirement: '14', ok: true }), ev({ kind: 'case.end', case: 'c1' })]);
  assert.is(acc.verdicts.get('14'), 'pass');
  assert.is(acc.verdicts.get('29.6'), 'fail');
  assert.is(acc.checks, 4);
  assert.is(acc.failed, 1);
  assert.is(acc.casesDone, 1);
  assert.is(acc.currentCase, null);
});

test('foldLive: a case that ends in error marks the requirements its case.start covers', () => {
  const ev = (e: Partial<TraceEvent>): TraceEvent => ({ v: 1, seq: 1, t: 0, kind: 'check', ...e });
  const acc = foldLive(emptyLiveVerdicts(), [
    ev({ kind: 'case.start', case: 'c2', covers: ['25', '26'] } as Partial<TraceEvent>), ev({ requirement: '25', ok: true }),
    ev({ kind: 'case.end', case: 'c2', status: 'error' } as Partial<TraceEvent>),
    ev({ kind: 'case.start', case: 'c3', covers: ['14'] } as Partial<TraceEvent>), ev({ kind: 'case.end', case: 'c3', status: 'pass' } as Partial<TraceEvent>),
  ]);
  assert.equal(Object.fromEntries(acc.verdicts), { '25': 'error', '26': 'error' });
  assert.equal(acc.recent.map((r) => r.status), ['error', 'pass']);
});

test('foldProgress: each requirement takes its worst case so far', () => {
  let acc = emptyLiveVerdicts();
  acc = foldProgress(acc, { type: 'progress', status: 'pass', case: 'a', ms: 1, index: 1, total: 3, covers: ['29', '29.6'] });
  acc = foldProgress(acc, { type: 'progress', status: 'fail', case: 'b', ms: 1, index: 2, total: 3, covers: ['29.6'] });
  acc = foldProgress(acc, { type: 'progress', status: 'pass', case: 'c', ms: 1, index: 3, total: 3, covers: ['29.6', '14'] });
  assert.equal(Object.fromEntries(acc.verdicts), { '29': 'pass', '29.6': 'fail', '14': 'pass' });
  assert.equal([acc.casesDone, acc.casesTotal, acc.failed, acc.recent.length], [3, 3, 1, 3]);
  assert.is(worse('error', 'pass'), 'error');
  assert.is(worse('not_run', 'pass'), 'pass');
  assert.is(worse(undefined, 'not_run'), 'not_run');
});

test.run();
