import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseRoute, runHref } from '../../src/data/route.js';

test('routes parse views, tabs and queries', () => {
  assert.equal(parseRoute(''), { view: 'runs' });
  assert.equal(parseRoute('#/fleet'), { view: 'fleet' });
  assert.equal(parseRoute('#/live/r1'), { view: 'live', runId: 'r1' });
  const r = parseRoute(runHref('2026 run', 'trace', { seq: 10, to: 20 }));
  assert.ok(r.view === 'run');
  if (r.view !== 'run') return;
  assert.is(r.runId, '2026 run');
  assert.is(r.tab, 'trace');
  assert.is(r.query.get('seq'), '10');
  assert.is(r.query.get('to'), '20');
  const bad = parseRoute('#/run/x/nope');
  assert.ok(bad.view === 'run' && bad.tab === 'compliance');
});

test.run();
