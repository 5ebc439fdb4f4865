import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveRunOptions, RUN_DEFAULTS } from '../../src/runner/options.js';

test('defaults fill options that are missing or given as undefined', () => {
  const r = resolveRunOptions({ jobs: undefined, seed: undefined });
  assert.is(r.jobs, RUN_DEFAULTS.jobs);
  assert.is(r.seed, 1);
  assert.equal(r.dut, { kind: 'emulator' });
});

test('bad options are refused with a message naming the option', () => {
  assert.throws(() => resolveRunOptions({ jobs: 0 }), /jobs/);
  assert.throws(() => resolveRunOptions({ seed: -1 }), /seed/);
  assert.throws(() => resolveRunOptions({ requirements: ['x'] }), /requirements/);
  assert.throws(() => resolveRunOptions({ caseTimeoutMs: 0 }), /caseTimeoutMs/);
  assert.throws(() => resolveRunOptions({ dut: { kind: 'external' } as never }), /dut.profile/);
});

test.run();
