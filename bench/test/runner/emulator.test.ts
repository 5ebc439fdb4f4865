// The runner against the real reference emulator and ofd-mock (through their index.ts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { runBench } from '../../src/runner/run.js';
import { modelCases } from '../../src/model/cases.js';
import { loadScenario } from '../../src/scenario/validate.js';
import { scenarioCase } from '../../src/scenario/run.js';

const SCENARIOS = new URL('../../../scenarios/', import.meta.url).pathname;
const pick = (re: RegExp) => modelCases().filter((c) => re.test(c.id));

test('model paths pass on the clean emulator and the coverage names what the selection left out', async () => {
  const cases = pick(/^mbt-power-on-(sell-(close-shift-sell|suspend-sell|suspend-resume|late-answer-x-report)|set-time)$/);
  assert.is(cases.length, 5);
  const { report } = await runBench({ cases, model: false, requirements: undefined });
  for (const c of report.cases) assert.is(c.status, 'pass', `${c.id}: ${c.reason} ${JSON.stringify(c.checks.filter((k) => !k.ok))}`);
  for (const id of ['2', '5', '12', '13', '16', '22', '29', '29.1', '29.2', '29.5', '31.4', '41']) {
    assert.is(report.requirements.find((r) => r.requirement === id)!.verdict, 'pass', id);
  }
  assert.is(report.dut.clock, 'virtual');
});

test('same seed, same cases, virtual time: the trace is the same byte for byte', async () => {
  const cases = pick(/^mbt-power-on-(sell-suspend-sell|set-time|sell-late-answer-x-report)$/);
  const a = await runBench({ cases, model: false, seed: 9 });
  const b = await runBench({ cases, model: false, seed: 9 });
  const ta = a.trace.toJsonl();
  const tb = b.trace.toJsonl();
  if (ta !== tb) {
    const x = ta.split('\n');
    const y = tb.split('\n');
    let i = 0;
    while (x[i] === y[i]) i++;
    assert.unreachable(`line ${i + 1} differs:\n${x[i]?.slice(0, 300)}\n${y[i]?.slice(0, 300)}`);
  }
  assert.ok(a.trace.events().some((e) => e.kind === 'ofd.frame' && typeof e.rawHex === 'string' && (e.rawHex as string).length > 36), 'raw operator frames are in the trace');
  assert.ok(a.trace.events().every((e) => e.t < Date.UTC(2026, 0, 20)), 'virtual time stamps only');
  // the simulated card's APDU log: every receipt is appended to the module (INS E4), each command
  // answered by a status word; PIN data never appears
  const apdus = a.trace.events().filter((e) => e.kind === 'apdu');
  assert.ok(apdus.some((e) => e.direction === 'to-card' && e.ins === 'e4' && String(e.rawHex).startsWith('80e4')), 'APPEND commands are in the trace');
  assert.is(apdus.filter((e) => e.direction === 'to-card').length, apdus.filter((e) => e.direction === 'from-card').length);
  assert.ok(apdus.filter((e) => ['20', '24', 'e2'].includes(String(e.ins)) && e.direction === 'to-card').every((e) => e.redacted === true && /\*\*/.test(String(e.rawHex))), 'PIN data masked');
});

test('req 16: with the defect suspension-ignored the model path fails requirement 16 (and only the DUT is blamed)', async () => {
  const { report } = await runBench({ cases: pick(/^mbt-power-on-sell-suspend-sell$/), model: false, dut: { kind: 'emulator', defects: ['suspension-ignored'] }, requirements: ['16'] });
  const row = report.requirements.find((r) => r.requirement === '16')!;
  assert.is(row.verdict, 'fail');
  assert.is(report.cases[0]!.status, 'fail');
  assert.equal(report.dut.defects, ['suspension-ignored']);
});

test('example scenarios run on the emulator: suspension and autonomous receipt pass', async () => {
  const cases = ['suspension.json', 'autonomous-receipt.json'].map((f) => scenarioCase(loadScenario(join(SCENARIOS, f))));
  const { report } = await runBench({ cases, model: false });
  for (const c of report.cases) assert.is(c.status, 'pass', `${c.id}: ${c.reason} ${JSON.stringify(c.checks.filter((k) => !k.ok).map((k) => k.message))}`);
});

test.run();
