// Every model path against the clean reference emulator through the runner: all pass, and every
// requirement a transition names got at least one check in that very step (a tag is only there
// where the executor verifies it); the report states full coverage against the catalogue.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBench } from '../../src/runner/run.js';
import { modelCases, modelPaths, stepOfMessage } from '../../src/model/cases.js';
import { automaticRequirements } from '../../src/model/paths.js';

test('the clean emulator passes every model path; each step checks every requirement its transition names; coverage is full against all automatic sub-items', async () => {
  const { report } = await runBench({ cases: [], model: true, propRuns: 0 });
  const cases = modelCases();
  const paths = modelPaths();
  assert.is(report.cases.length, cases.length);
  const bad = report.cases.filter((c) => c.status !== 'pass').map((c) => `${c.id} ${c.status}: ${c.reason ?? ''} ${c.checks.filter((k) => !k.ok).map((k) => k.message).join(' | ')}`);
  assert.equal(bad, []);
  const unchecked: string[] = [];
  paths.forEach((p, i) => {
    const res = report.cases.find((c) => c.id === cases[i]!.id)!;
    p.steps.forEach((s, k) => {
      const got = new Set(res.checks.filter((x) => stepOfMessage(x.message) === k).map((x) => x.requirement as string));
      for (const req of s.requirements) if (!got.has(req)) unchecked.push(`${res.id} step ${k + 1} ${s.from} -${s.event}→: ${req}`);
    });
  });
  assert.equal(unchecked, [], 'a transition names a requirement its executor did not check');
  const cov = report.coverage;
  assert.is(cov.states.covered, cov.states.total);
  assert.is(cov.transitions.covered, cov.transitions.total);
  assert.is(cov.requirements.total, automaticRequirements().length);
  assert.is(cov.requirements.total, 73);
  assert.is(cov.requirements.covered, cov.requirements.total);
  assert.equal(cov.uncovered, []);
  assert.equal(cov.paths, { passed: paths.length, total: paths.length });
});

test.run();
