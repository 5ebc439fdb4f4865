import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { defectMatrix, formatMatrix } from '../../src/runner/defects.js';
import { fakeCases, fakeParts } from './fake-parts.js';

test('the matrix runs each defect against the cases of its requirements and says which were killed', async () => {
  const w = fakeParts();
  const m = await defectMatrix({ parts: w.parts, cases: [fakeCases.printsReceipt, fakeCases.goesAutonomous], model: false });
  assert.is(m.defects, 3);
  const by = Object.fromEntries(m.matrix.map((r) => [r.defect, r]));
  assert.is(by['no-print']!.killed, true);
  assert.equal(by['no-print']!.failing, ['5']);
  assert.is(by['always-online']!.killed, true);
  assert.is(by['dup-number']!.killed, false, 'no fake case covers 43.2: the defect survives and the matrix says so');
  assert.is(m.killed, 2);
  assert.equal(m.cleanFalseFails, []);
  assert.match(formatMatrix(m), /SURVIVED dup-number/);
});

test.run();
