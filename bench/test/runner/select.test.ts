import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inShard, parseRequirementFilter, parseShard, requirementSelected, selectCases } from '../../src/runner/select.js';

test('29 selects 29 and 29.x, 29.6 only itself; 2 does not select 29 or 20.1', () => {
  assert.ok(requirementSelected('29', ['29']));
  assert.ok(requirementSelected('29.6', ['29']));
  assert.not.ok(requirementSelected('29.1', ['29.6']));
  assert.not.ok(requirementSelected('29', ['2']));
  assert.not.ok(requirementSelected('20.1', ['2']));
  assert.ok(requirementSelected('anything', undefined));
});

test('filters and shards parse and refuse bad input naming the option', () => {
  assert.equal(parseRequirementFilter('29, 30.1'), ['29', '30.1']);
  assert.is(parseRequirementFilter(''), undefined);
  assert.throws(() => parseRequirementFilter('29,x'), /--requirements/);
  assert.equal(parseShard('2/4'), { index: 2, count: 4 });
  assert.throws(() => parseShard('5/4'), /--shard/);
  assert.throws(() => parseShard('a'), /--shard/);
});

test('shards are disjoint and complete, and selection keeps cases touching a selected id', () => {
  const cases = Array.from({ length: 11 }, (_, i) => ({ id: `c${i}`, covers: [i % 2 ? '29.6' : '14'] }));
  const parts = [1, 2, 3].map((i) => inShard(cases, { index: i, count: 3 }).map((c) => c.id));
  assert.equal(parts.flat().sort(), cases.map((c) => c.id).sort());
  assert.ok(Math.max(...parts.map((p) => p.length)) - Math.min(...parts.map((p) => p.length)) <= 1);
  assert.is(selectCases(cases, ['29']).length, 5);
});

test.run();
