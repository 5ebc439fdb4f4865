import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TraceEvent } from '../../src/data/types.js';
import { compareRequirementIds, emptyLiveVerdicts, foldLive, parentOf } from '../../src/lib/verdicts.js';

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

test.run();
