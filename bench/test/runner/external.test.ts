// --profile mode: the bench connects to a register it did not start (here the emulator standing
// alone on its own virtual clock), starts its operator, points the register at it with
// settings.set, and between cases brings the shared register back to a fresh state.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startEmulator } from '../../../emulator/index.js';
import { runBench } from '../../src/runner/run.js';
import { EMULATOR_PROFILE } from '../../src/runner/options.js';
import { modelCases } from '../../src/model/cases.js';

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

test.run();
