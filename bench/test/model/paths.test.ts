import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor } from 'xstate';
import { automaticRequirements, GOAL_PATHS, generatePaths, modelRequirements, modelStates, modelTransitions, NOT_MODELLED, stepsFromEvents } from '../../src/model/paths.js';
import { registerModelMachine } from '../../src/model/register-model-machine.js';
import { modelCases, modelCoverage } from '../../src/model/cases.js';
import { CATALOGUE } from '../../src/catalogue/catalogue.js';
import type { CaseResult } from '../../src/report/types.js';

test('the model names every automatically verified sub-item of the catalogue (or says why not), and only catalogue ids', () => {
  const named = new Set(modelRequirements());
  const missing = automaticRequirements().filter((r) => !named.has(r) && NOT_MODELLED[r] === undefined);
  assert.equal(missing, []);
  for (const r of Object.keys(NOT_MODELLED)) assert.not.ok(named.has(r), `${r} is listed as not modelled but a transition names it`);
  const manual = new Set(CATALOGUE.filter((r) => r.verification !== 'automatic').map((r) => r.id as string));
  assert.equal([...named].filter((r) => manual.has(r)), [], 'no manual or n/a requirement is tagged');
});

test('goal paths are real paths of the machine; a wrong one is refused', () => {
  for (const g of GOAL_PATHS) assert.is(stepsFromEvents(g).length, g.length);
  assert.throws(() => stepsFromEvents(['POWER_ON', 'LINK_UP']));
  const names = new Set(generatePaths().map((p) => p.steps.map((s) => s.event).join('-')));
  for (const g of GOAL_PATHS) assert.ok(names.has(g.join('-')), `goal path ${g.join(', ')} is generated`);
});

test('every state and transition of the model is tagged with meta.requirements (the off state may be empty)', () => {
  for (const s of modelStates()) assert.ok(Array.isArray(s.requirements), s.name);
  for (const t of modelTransitions()) assert.ok(Array.isArray(t.requirements), t.key);
  const ids = new Set(CATALOGUE.map((r) => r.id));
  for (const r of modelRequirements()) assert.ok(ids.has(r as never), `model requirement ${r} is in the catalogue`);
});

test('the generated paths cover every state, every transition and every requirement of the model', () => {
  const paths = generatePaths();
  const states = new Set(paths.flatMap((p) => p.states));
  const trans = new Set(paths.flatMap((p) => p.transitions));
  const reqs = new Set(paths.flatMap((p) => p.requirements));
  assert.equal([...states].sort(), modelStates().map((s) => s.name).sort());
  assert.equal([...trans].sort(), modelTransitions().map((t) => t.key).sort());
  assert.equal([...reqs].sort(), modelRequirements().sort());
  // no path is a prefix of another
  const sigs = paths.map((p) => p.transitions.join('>'));
  for (const a of sigs) for (const b of sigs) if (a !== b) assert.not.ok(b.startsWith(a + '>'), `${a} is a prefix of ${b}`);
});

test('each path is a real run of the machine: replaying its events ends in the state the path says', () => {
  for (const p of generatePaths()) {
    const actor = createActor(registerModelMachine).start();
    for (const s of p.steps) {
      actor.send({ type: s.event });
      assert.ok(actor.getSnapshot().matches(s.to as never), `${p.name}: after ${s.event} expected ${s.to}, got ${JSON.stringify(actor.getSnapshot().value)}`);
    }
    actor.stop();
  }
});

test('cases: one per path with mbt- ids and requirement titles; coverage counts only passed paths and names the rest', () => {
  const cases = modelCases();
  assert.is(cases.length, generatePaths().length);
  for (const c of cases) { assert.match(c.id, /^mbt-/); assert.match(c.title, /^req /); }
  const results: CaseResult[] = cases.map((c, i) => ({ id: c.id, covers: c.covers, status: i === 0 ? 'fail' : 'pass', checks: [], evidence: [], traceSlice: { from: 0, to: 0 }, durationMs: 0 }));
  const full = modelCoverage(results.map((r) => ({ ...r, status: 'pass' })));
  assert.is(full.states.covered, full.states.total);
  assert.is(full.transitions.covered, full.transitions.total);
  assert.equal(full.uncovered, []);
  const partial = modelCoverage(results);
  assert.ok(partial.transitions.covered < partial.transitions.total);
  assert.ok(partial.uncovered.some((u) => u.startsWith('transition ')));
  assert.ok(partial.uncovered.some((u) => /^requirement 43\.1 \(1 of its paths did not pass\)$/.test(u)), partial.uncovered.join('; '));
  assert.is(full.requirements.total, 73, 'coverage is stated against all automatic sub-items');
  assert.is(full.requirements.covered, 73);
  const none = modelCoverage([]);
  assert.is(none.states.covered, 0);
  assert.is(none.requirements.covered, 0);
  assert.ok(none.uncovered.some((u) => /not selected/.test(u)));
  assert.ok(none.uncovered.some((u) => /^requirement 2\.1 \(\d+ of its paths not run\)$/.test(u)), none.uncovered.join('; '));
});

test.run();
