import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runBench } from '../../src/runner/run.js';
import { scenarioCase } from '../../src/scenario/run.js';
import type { Scenario } from '../../src/scenario/types.js';
import { fakeParts } from '../runner/fake-parts.js';

const sale = { operation: 'sell', items: [{ name: 'x', price: 100, quantity: 1000 }], payments: [{ type: 'cash', sum: 100 }] };

const scenario: Scenario = {
  schema: 'kkm-bench/scenario@1',
  name: 'fake-offline',
  covers: ['29.1'],
  steps: [
    { dcp: 'power.on', expect: { match: { 'selftest.ok': true } }, requirement: '2' },
    { dcp: 'session.login', params: { mode: 'registration', password: '$password.registration' } },
    { dcp: 'session.login', params: { mode: 'registration', password: 'nope' }, expect: { reason: 'bad_password' }, requirement: '1.1' },
    { dcp: 'receipt.create', params: sale, as: 'r1', expect: { match: { 'document.fiscal.mode': 'online' } }, requirement: '5' },
    { fault: { add: { name: 'down', kind: 'blackhole', direction: 'to-ofd' } } },
    { clock: { advance: 60_000 } },
    { dcp: 'receipt.create', params: sale, settle: { maxMs: 5000 }, expect: { match: { 'document.fiscal.mode': 'autonomous' } } },
    { expect: { printed: { 'fiscal.mode': 'autonomous' } } },
    { expect: { printed: { kind: 'receipt' }, count: { eq: 2 } }, requirement: '5' },
    { expect: { ofd: { direction: 'to-ofd', commandName: 'TICKET' }, count: { min: 2 } } },
    { expect: { state: { 'offline.queued': 1 } } },
    { order: { suspend: { reason: 'test' } } },
    { expect: { register: { suspended: true } }, requirement: '16' },
  ],
};

test('a scenario runs as a case: every expectation becomes a check on its requirement', async () => {
  const w = fakeParts();
  const { report } = await runBench({ parts: w.parts, cases: [scenarioCase(scenario)], model: false });
  const c = report.cases[0]!;
  assert.is(c.status, 'pass', JSON.stringify(c.checks.filter((k) => !k.ok)));
  assert.equal([...new Set(c.checks.map((k) => k.requirement))].sort(), ['1.1', '16', '2', '29.1', '5']);
  assert.is(c.checks.length, 9);
});

test('a scenario expectation that does not hold fails its requirement; a defect shows it', async () => {
  const w = fakeParts();
  const { report } = await runBench({ parts: w.parts, cases: [scenarioCase(scenario)], model: false, dut: { kind: 'emulator', defects: ['always-online'] } });
  const c = report.cases[0]!;
  assert.is(c.status, 'fail');
  const failed = c.checks.filter((k) => !k.ok);
  assert.ok(failed.some((k) => k.requirement === '29.1' && /autonomous/.test(k.message)), JSON.stringify(failed));
  assert.is(report.requirements.find((r) => r.requirement === '29.1')!.verdict, 'fail');
});

test.run();
