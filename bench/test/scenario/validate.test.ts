import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, validateScenario } from '../../src/scenario/validate.js';

const DIR = new URL('../../../scenarios/', import.meta.url).pathname;

test('every scenario file in scenarios/ is valid', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && f !== 'schema.json');
  assert.ok(files.length >= 4);
  for (const f of files) loadScenario(join(DIR, f));
});

test('the published JSON Schema names every step kind the validator accepts', () => {
  const schema = JSON.parse(readFileSync(join(DIR, 'schema.json'), 'utf8'));
  assert.is(schema.properties.schema.const, 'kkm-bench/scenario@1');
  assert.equal(Object.keys(schema.$defs).filter((k) => k.endsWith('Step')).sort(), ['checkStep', 'clockStep', 'dcpStep', 'expectStep', 'faultStep', 'orderStep']);
  assert.ok(schema.$defs.dcpStep.properties.settle);
});

test('validation returns every issue with its path', () => {
  const r = validateScenario({ schema: 'x', name: '', covers: ['29.x'], steps: [{ dcp: 'Bad' }, { clock: { advance: -1 } }, { fault: { add: { name: 'a', kind: 'latency', direction: 'up' } } }, { dcp: 'a.b', fault: { reset: true } }, { expect: { state: {}, ofd: {} } }] });
  assert.not.ok(r.ok);
  const paths = (r as { issues: { path: string }[] }).issues.map((i) => i.path);
  for (const p of ['$.schema', '$.name', '$.covers[0]', '$.steps[0].dcp', '$.steps[1].clock.advance', '$.steps[2].fault.add.direction', '$.steps[3]', '$.steps[4].expect']) assert.ok(paths.includes(p), `issue at ${p} (got ${paths.join(', ')})`);
});

test.run();
