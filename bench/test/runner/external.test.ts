// --profile mode: the bench connects to a register it did not start (here the emulator standing
// alone on its own virtual clock), starts its operator, points the register at it with
// settings.set, and between cases brings the shared register back to a fresh state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator } from '../../../emulator/index.js';
import { runBench } from '../../src/runner/run.js';
import { EMULATOR_PROFILE } from '../../src/runner/options.js';
import { modelCases } from '../../src/model/cases.js';
import { caseById } from '../../src/cases/index.js';
import { sharedDutOrder } from '../../src/runner/run.js';
import { VIRTUAL_EPOCH } from '../../src/runner/session.js';
import { VirtualClock } from '../../../protocol/index.js';

test('an external register over DCP: model paths pass one after another on the same register', async () => {
  const emu = await startEmulator({ profile: EMULATOR_PROFILE as never, virtualClock: true, dcp: { port: 0 } });
  try {
    const cases = modelCases().filter((c) => /^mbt-power-on-(sell-close-shift-sell|sell-suspend-sell|set-time|sell-link-down-link-up)$/.test(c.id));
    assert.is(cases.length, 4);
    const { report, trace } = await runBench({ cases, model: false, dut: { kind: 'external', profile: { ...EMULATOR_PROFILE, dcp: emu.dcpUrl } } });
    for (const c of report.cases) assert.is(c.status, 'pass', `${c.id}: ${c.reason}`);
    assert.is(report.dut.clock, 'virtual');
    // the bench pointed the register at its own operator
    const set = trace.events().find((e) => e.kind === 'dcp.request' && e.method === 'settings.set');
    assert.ok(set, 'settings.set sent');
    assert.ok(trace.events().some((e) => e.kind === 'ofd.frame'), 'the register talked to the bench operator');
    assert.is(report.options.dut && (report.options.dut as { kind: string }).kind, 'external');
  } finally {
    await emu.close();
  }
});

test('req 29.6, 30.1: a register whose own clock is 11 days from the bench epoch — the operator starts at the register\'s time (it judges shift age and offline periods by it)', async () => {
  const emu = await startEmulator({ profile: EMULATOR_PROFILE as never, virtualClock: true, clock: new VirtualClock(VIRTUAL_EPOCH - 11 * 86_400_000), dcp: { port: 0 } });
  try {
    const cases = ['req-29.6-block-after-72h', 'req-30.1-offline-period-reported'].map((id) => caseById(id)!);
    const { report } = await runBench({ cases, model: false, dut: { kind: 'external', profile: { ...EMULATOR_PROFILE, dcp: emu.dcpUrl } } });
    for (const c of report.cases) assert.is(c.status, 'pass', `${c.id}: ${c.reason}`);
  } finally {
    await emu.close();
  }
});

test('req 43.2, 2.3: on a shared register the destructive (tamper) cases go last and only the first runs; the others are not_run with the reason, and the run ends with its report', async () => {
  const emu = await startEmulator({ profile: EMULATOR_PROFILE as never, virtualClock: true, dcp: { port: 0 } });
  try {
    const cases = ['req-43.2-fiscal-record-immutable', 'req-2.3-tamper-last-shift-detected', 'req-5-print-and-send-one-cycle'].map((id) => caseById(id)!);
    assert.equal(sharedDutOrder(cases, false).map((c) => c.id), ['req-5-print-and-send-one-cycle', 'req-43.2-fiscal-record-immutable', 'req-2.3-tamper-last-shift-detected']);
    assert.equal(sharedDutOrder(cases, true), cases, 'a fresh DUT per case keeps the plan');
    const { report } = await runBench({ cases, model: false, dut: { kind: 'external', profile: { ...EMULATOR_PROFILE, dcp: emu.dcpUrl } } });
    assert.equal(report.cases.map((c) => [c.id, c.status]), [
      ['req-5-print-and-send-one-cycle', 'pass'],
      ['req-43.2-fiscal-record-immutable', 'pass'],
      ['req-2.3-tamper-last-shift-detected', 'not_run'],
    ]);
    assert.match(report.cases[2]!.reason!, /destructive case .* req-43\.2-fiscal-record-immutable already altered it/);
    assert.is(report.requirements.find((r) => r.requirement === '2.3')!.verdict, 'not_run');
  } finally {
    await emu.close();
  }
});

test.run();
