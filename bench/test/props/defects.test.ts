// The property run against the reference emulator with rare time-rule defects: with the default
// number of runs it must find them (boundary-weighted clock jumps), shrink the failure to a few
// commands, and save a scenario that replays as a failure. A clean emulator gives no false alarm.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROPS_DEFAULT_RUNS, runProperties } from '../../src/props/run.js';
import { emulatorSessions } from '../../src/runner/session.js';
import { EMULATOR_PROFILE } from '../../src/runner/options.js';
import { loadParts } from '../../src/runner/parts.js';
import { TraceRecorder } from '../../src/trace/recorder.js';
import { loadScenario } from '../../src/scenario/validate.js';
import { replay } from '../../src/trace/replay.js';

const parts = await loadParts();
const dir = mkdtempSync(join(tmpdir(), 'kkm-props-defects-'));

async function propsRun(defects: string[], seed = 1) {
  const factory = emulatorSessions({ parts, profile: EMULATOR_PROFILE, defects, wallClock: false });
  return runProperties({ factory, trace: new TraceRecorder({ clock: { now: () => 0 } }), seed, numRuns: PROPS_DEFAULT_RUNS, scenarioDir: dir, defects });
}

for (const [defect, requirement] of [['no-offline-block', '29.6'], ['shift-not-limited', '14']] as const) {
  test(`req ${requirement}: a default property run finds defect ${defect}, shrinks it and saves a scenario that replays as a failure`, async () => {
    const s = await propsRun([defect]);
    assert.is(s.failed, true, `no counterexample in ${PROPS_DEFAULT_RUNS} runs`);
    assert.match(s.error!, new RegExp(`^req ${requirement.replace('.', '\\.')}:`));
    const commands = s.counterexample!.split(', ');
    assert.ok(commands.length <= 4, `shrunk to a small sequence: ${s.counterexample}`);
    assert.ok(commands.some((c) => c.startsWith('clockJump(')), s.counterexample);
    assert.ok(commands.some((c) => c.startsWith('sell(')), s.counterexample);
    const scen = loadScenario(s.scenario!);
    assert.equal(scen.defects, [defect]);
    assert.equal(scen.covers, [requirement]);
    const r = await replay(s.scenario!);
    assert.is(r.kind, 'scenario');
    const c = r.run.report.cases[0]!;
    assert.is(c.status, 'fail', c.reason);
    assert.ok(c.checks.some((k) => !k.ok && k.requirement === requirement), JSON.stringify(c.checks.filter((k) => !k.ok)));
  });
}

test('req 14 / 29.6: the clean emulator passes a default property run (no false alarm from the boundary jumps)', async () => {
  const s = await propsRun([]);
  assert.is(s.failed, false, `${s.error}: ${s.counterexample}`);
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test.run();
