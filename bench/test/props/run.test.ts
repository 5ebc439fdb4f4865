import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProperties } from '../../src/props/run.js';
import { emulatorSessions } from '../../src/runner/session.js';
import { EMULATOR_PROFILE } from '../../src/runner/options.js';
import { TraceRecorder } from '../../src/trace/recorder.js';
import { loadScenario } from '../../src/scenario/validate.js';
import { replay } from '../../src/trace/replay.js';
import { fakeParts } from '../runner/fake-parts.js';

function factory(defects: string[]) {
  return emulatorSessions({ parts: fakeParts().parts, profile: EMULATOR_PROFILE, defects, wallClock: false, channels: 1 });
}

test('a clean DUT passes the property run', async () => {
  const s = await runProperties({ factory: factory([]), trace: new TraceRecorder({ clock: { now: () => 0 } }), seed: 5, numRuns: 5, maxCommands: 6 });
  assert.is(s.failed, false, s.error);
  assert.is(s.seed, 5);
});

test('a broken invariant is found, shrunk, saved as a valid scenario that replays the failure; seed and replayPath are reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kkm-props-'));
  try {
    const s = await runProperties({ factory: factory(['dup-number']), trace: new TraceRecorder({ clock: { now: () => 0 } }), seed: 11, numRuns: 30, maxCommands: 8, scenarioDir: dir, defects: ['dup-number'] });
    assert.is(s.failed, true);
    assert.match(s.error!, /43\.2/);
    assert.ok(s.replayPath, 'replayPath');
    assert.match(s.counterexample!, /sell/);
    // shrunk: duplicate numbers need three sales at most plus nothing else essential
    assert.ok(s.counterexample!.split(", ").length <= 3, s.counterexample);
    const files = readdirSync(dir);
    assert.is(files.length, 1);
    const scen = loadScenario(join(dir, files[0]!));
    assert.equal(scen.defects, ['dup-number']);
    assert.ok(scen.steps.some((x) => 'check' in x));
    const w = fakeParts();
    const r = await replay(join(dir, files[0]!), { parts: w.parts });
    assert.is(r.kind, 'scenario');
    assert.is(r.run.report.cases[0]!.status, 'fail');
    assert.ok(r.run.report.cases[0]!.checks.some((c) => !c.ok && c.requirement === '43.2'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
