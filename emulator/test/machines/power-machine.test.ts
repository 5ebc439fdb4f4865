import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise } from 'xstate';
import { TestModel } from 'xstate/graph';
import { powerMachine, type SelfTestOutcome } from '../../src/machines/power-machine.js';
import { MODEL_OPTIONS, Pending, ticks } from './graph-helpers.js';

const PASS: SelfTestOutcome = { result: { ok: true, checks: [{ name: 'software', ok: true }] }, blocking: false };
const FAIL: SelfTestOutcome = { result: { ok: false, checks: [{ name: 'fiscal_memory', ok: false }] }, blocking: true, requirement: '3.3' };

function sut() {
  const pending = new Pending();
  const actor = createActor(powerMachine.provide({ actors: { runSelfTest: fromPromise(pending.logic<SelfTestOutcome>('selfTest')) } })).start();
  return { actor, pending };
}

test('req 2: power-on runs the self-test before the register is ready', async () => {
  const { actor, pending } = sut();
  actor.send({ type: 'POWER_ON' });
  assert.is(actor.getSnapshot().value, 'selfTesting');
  await pending.resolve('selfTest', PASS);
  assert.is(actor.getSnapshot().value, 'ready');
});

test('req 3, 3.3: a failed blocking check blocks with its requirement; a later pass unblocks', async () => {
  const { actor, pending } = sut();
  actor.send({ type: 'POWER_ON' });
  await pending.resolve('selfTest', FAIL);
  assert.is(actor.getSnapshot().value, 'blocked');
  assert.equal(actor.getSnapshot().context.block, { reason: 'selftest_failed', requirement: '3.3' });
  actor.send({ type: 'RUN_SELFTEST', occasion: 'request' });
  await pending.resolve('selfTest', PASS);
  assert.is(actor.getSnapshot().value, 'ready');
  assert.is(actor.getSnapshot().context.block, null);
});

test('req 3.1: a self-test that throws blocks', async () => {
  const { actor, pending } = sut();
  actor.send({ type: 'POWER_ON' });
  await pending.reject('selfTest', new Error('module gone'));
  assert.is(actor.getSnapshot().value, 'blocked');
});

test('model: every state and transition of the power machine, with the rule of each state checked', async () => {
  const events = [
    { type: 'POWER_ON' }, { type: 'POWER_OFF' }, { type: 'RUN_SELFTEST', occasion: 'request' },
    { type: 'xstate.done.actor.selfTest', output: PASS }, { type: 'xstate.done.actor.selfTest', output: FAIL },
    { type: 'xstate.error.actor.selfTest', error: new Error('x') },
  ];
  const model = new TestModel(powerMachine, { events, ...MODEL_OPTIONS } as never);
  const paths = model.getShortestPaths({ allowDuplicatePaths: true } as never);
  const seen = new Set<string>();
  for (const path of paths) {
    const { actor, pending } = sut();
    let lastOutcome: SelfTestOutcome | 'error' | null = null;
    await path.test({
      events: {
        POWER_ON: () => { actor.send({ type: 'POWER_ON' }); },
        POWER_OFF: () => { actor.send({ type: 'POWER_OFF' }); },
        RUN_SELFTEST: () => { actor.send({ type: 'RUN_SELFTEST', occasion: 'request' }); },
        'xstate.done.actor.selfTest': async (step: any) => { lastOutcome = step.event.output; await pending.resolve('selfTest', step.event.output); },
        'xstate.error.actor.selfTest': async () => { lastOutcome = 'error'; await pending.reject('selfTest', new Error('x')); },
      },
      states: {
        off: () => { seen.add('off'); assert.is(actor.getSnapshot().value, 'off'); },
        selfTesting: () => { seen.add('selfTesting'); assert.ok(pending.has('selfTest'), 'req 2: the self-test is running'); },
        ready: () => { seen.add('ready'); assert.ok(lastOutcome !== 'error' && lastOutcome && !lastOutcome.blocking, 'req 3: ready only after a passing self-test'); },
        blocked: () => {
          seen.add('blocked');
          assert.ok(lastOutcome === 'error' || (lastOutcome && lastOutcome.blocking), 'req 3: blocked only after a failing self-test');
          assert.is(actor.getSnapshot().context.block?.reason, 'selftest_failed');
        },
      },
    } as never);
    actor.stop();
  }
  await ticks();
  assert.equal([...seen].sort(), ['blocked', 'off', 'ready', 'selfTesting']);
});

test.run();
