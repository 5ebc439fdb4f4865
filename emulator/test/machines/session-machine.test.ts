import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise } from 'xstate';
import { TestModel } from 'xstate/graph';
import { sessionMachine, sessionMode, type PinCheck } from '../../src/machines/session-machine.js';
import { MODES } from '../../src/dcp/types.js';
import { MODEL_OPTIONS, Pending, ticks } from './graph-helpers.js';

const PINS: Record<string, string> = { registration: '1111', programming: '2222', close_shift: '3333', reports: '4444', service: '5555' };

function sut() {
  const pending = new Pending();
  const actor = createActor(sessionMachine.provide({ actors: { verifyPassword: fromPromise(pending.logic<PinCheck>('pinCheck')) } })).start();
  return { actor, pending };
}

test('req 1.1: registration mode only with its password', async () => {
  const { actor, pending } = sut();
  actor.send({ type: 'LOGIN', mode: 'registration', password: '0000' });
  await pending.resolve('pinCheck', { ok: false, triesLeft: 2 });
  assert.is(sessionMode(actor.getSnapshot().value), null);
  assert.is(actor.getSnapshot().context.triesLeft, 2);
  actor.send({ type: 'LOGIN', mode: 'registration', password: '1111' });
  assert.is(actor.getSnapshot().context.password, '1111');
  await pending.resolve('pinCheck', { ok: true, triesLeft: 3 });
  assert.is(sessionMode(actor.getSnapshot().value), 'registration');
  assert.is(actor.getSnapshot().context.password, '', 'the password is not kept');
});

test('model: every mode is entered only through an accepted password check', async () => {
  const events = [
    ...MODES.map((mode) => ({ type: 'LOGIN', mode, password: PINS[mode] })),
    { type: 'LOGOUT' },
    { type: 'xstate.done.actor.pinCheck', output: { ok: true } },
    { type: 'xstate.done.actor.pinCheck', output: { ok: false } },
  ];
  const model = new TestModel(sessionMachine, { events, ...MODEL_OPTIONS, serializeState: (st: any) => JSON.stringify([st.value, st.context.requested]) } as never);
  const paths = model.getShortestPaths({ allowDuplicatePaths: true } as never);
  const seen = new Set<string>();
  for (const path of paths) {
    const { actor, pending } = sut();
    let lastCheck: boolean | null = null;
    let lastLogin: string | null = null;
    const states: Record<string, () => void> = {
      loggedOut: () => { seen.add('loggedOut'); assert.is(sessionMode(actor.getSnapshot().value), null); },
      verifying: () => { seen.add('verifying'); assert.ok(pending.has('pinCheck')); },
    };
    for (const m of MODES) {
      states[m] = () => {
        seen.add(m);
        assert.is(lastCheck, true, `req 1: mode ${m} without an accepted password`);
        assert.is(lastLogin, m, `mode ${m} entered by a login to ${lastLogin}`);
        assert.is(sessionMode(actor.getSnapshot().value), m);
      };
    }
    await path.test({
      events: {
        LOGIN: (step: any) => { lastLogin = step.event.mode; actor.send(step.event); },
        LOGOUT: () => { actor.send({ type: 'LOGOUT' }); },
        'xstate.done.actor.pinCheck': async (step: any) => { lastCheck = step.event.output.ok; await pending.resolve('pinCheck', step.event.output); },
      },
      states,
    } as never);
    actor.stop();
  }
  await ticks();
  for (const m of ['loggedOut', 'verifying', ...MODES]) assert.ok(seen.has(m), `state ${m} not visited`);
});

test.run();
