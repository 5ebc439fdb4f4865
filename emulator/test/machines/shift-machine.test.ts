import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { TestModel } from 'xstate/graph';
import { shiftMachine, type ShiftEvent } from '../../src/machines/shift-machine.js';
import { SHIFT_LIMIT_MS } from '../../src/machines/limits.js';
import { afterEventType, requirementsOfPath } from './graph-helpers.js';

const T0 = Date.UTC(2026, 0, 1, 5);

function start() {
  const clock = new SimulatedClock();
  clock.set(T0);
  const actor = createActor(shiftMachine, { clock, input: { now: () => clock.now() } }).start();
  return { clock, actor };
}

test('req 14: the shift opens when the first payment document is finished', () => {
  const { clock, actor } = start();
  assert.is(actor.getSnapshot().value, 'closed');
  clock.increment(1000);
  actor.send({ type: 'PAYMENT_DOCUMENT_FINISHED', at: clock.now() });
  assert.is(actor.getSnapshot().value, 'open');
  assert.is(actor.getSnapshot().context.openedAt, T0 + 1000);
});

test('req 14: 24 h after it opened the shift expires; a Z closes it and the number grows', () => {
  const { clock, actor } = start();
  actor.send({ type: 'PAYMENT_DOCUMENT_FINISHED', at: clock.now() });
  clock.increment(SHIFT_LIMIT_MS - 1);
  assert.is(actor.getSnapshot().value, 'open');
  clock.increment(1);
  assert.is(actor.getSnapshot().value, 'expired');
  actor.send({ type: 'CLOSE' });
  assert.is(actor.getSnapshot().value, 'closed');
  assert.is(actor.getSnapshot().context.number, 2);
});

test('req 14: a restored shift keeps its opening time (power cut does not reset 24 h)', () => {
  const { clock, actor } = start();
  actor.send({ type: 'RESTORE', number: 7, openedAt: T0 - SHIFT_LIMIT_MS + 10 });
  assert.is(actor.getSnapshot().value, 'open');
  clock.increment(10);
  assert.is(actor.getSnapshot().value, 'expired');
  const again = start();
  again.actor.send({ type: 'RESTORE', number: 7, openedAt: T0 - SHIFT_LIMIT_MS - 1 });
  assert.is(again.actor.getSnapshot().value, 'expired');
});

test('req 14: CHECK_DURATION expires a shift past 24 h even if no timer fired', () => {
  let now = T0;
  const actor = createActor(shiftMachine, { input: { now: () => now } }).start();
  actor.send({ type: 'PAYMENT_DOCUMENT_FINISHED', at: now });
  now += SHIFT_LIMIT_MS;
  actor.send({ type: 'CHECK_DURATION' });
  assert.is(actor.getSnapshot().value, 'expired');
  actor.stop();
});

test('model: every state and transition of the shift machine, replayed on a real actor', async () => {
  let modelNow = T0;
  const modelMachine = shiftMachine.provide({});
  const limitEvent = afterEventType(shiftMachine, 'open');
  const events: ShiftEvent[] = [
    { type: 'PAYMENT_DOCUMENT_FINISHED', at: T0 },
    { type: 'CLOSE' },
    { type: limitEvent } as unknown as ShiftEvent,
  ];
  const model = new TestModel(modelMachine, {
    events,
    stateMatcher: (s: { matches(k: never): boolean }, key: string) => s.matches(key as never),
    serializeState: (s: { value: unknown }) => JSON.stringify(s.value),
  } as never);
  void modelNow;
  const paths = model.getShortestPaths({ input: { now: () => modelNow }, allowDuplicatePaths: true } as never);
  assert.ok(paths.length >= 3, `expected paths, got ${paths.length}`);
  const seen = new Set<string>();
  for (const path of paths) {
    const { clock, actor } = start();
    let checked = 0;
    await path.test({
      events: {
        PAYMENT_DOCUMENT_FINISHED: () => { actor.send({ type: 'PAYMENT_DOCUMENT_FINISHED', at: clock.now() }); },
        CLOSE: () => { actor.send({ type: 'CLOSE' }); },
        [limitEvent]: () => { clock.increment(SHIFT_LIMIT_MS); },
      },
      states: {
        closed: () => { checked++; seen.add('closed'); assert.is(actor.getSnapshot().value, 'closed'); },
        open: () => {
          checked++; seen.add('open');
          const s = actor.getSnapshot();
          assert.is(s.value, 'open');
          assert.ok(clock.now() - s.context.openedAt! < SHIFT_LIMIT_MS, 'req 14: open only within 24 h');
        },
        expired: () => {
          checked++; seen.add('expired');
          const s = actor.getSnapshot();
          assert.is(s.value, 'expired', `req 14 (${requirementsOfPath(path).join(',')}): shift must expire at 24 h`);
        },
      },
    } as never);
    assert.ok(checked > 0, 'the state matcher checked nothing');
    actor.stop();
  }
  assert.equal([...seen].sort(), ['closed', 'expired', 'open']);
});

test.run();
