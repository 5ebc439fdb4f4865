import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { TestModel } from 'xstate/graph';
import { autonomyMachine } from '../../src/machines/autonomy-machine.js';
import { OFFLINE_LIMIT_MS } from '../../src/machines/limits.js';
import { afterEventType, MODEL_OPTIONS } from './graph-helpers.js';

const T0 = Date.UTC(2026, 0, 1, 5);

function sut() {
  const clock = new SimulatedClock();
  clock.set(T0);
  let told = 0;
  const actor = createActor(autonomyMachine.provide({ actions: { tellCashierOfflineTooLong: () => { told++; } } }), { clock, input: { now: () => clock.now() } }).start();
  return { clock, actor, told: () => told };
}

test('req 29.6: 72 h after the oldest unsent document the register blocks and tells the cashier', () => {
  const { clock, actor, told } = sut();
  actor.send({ type: 'QUEUED', at: clock.now() });
  clock.increment(10 * 3_600_000);
  actor.send({ type: 'QUEUED', at: clock.now() });
  clock.increment(OFFLINE_LIMIT_MS - 10 * 3_600_000 - 1);
  assert.is(actor.getSnapshot().value, 'queued');
  clock.increment(1);
  assert.is(actor.getSnapshot().value, 'tooLong');
  assert.is(told(), 1);
  actor.send({ type: 'DELIVERED', remaining: 0, oldestUnsentAt: null });
  assert.is(actor.getSnapshot().value, 'empty');
});

test('req 29.6: a partial delivery restarts the 72 h from the new oldest document', () => {
  const { clock, actor } = sut();
  actor.send({ type: 'QUEUED', at: clock.now() });
  clock.increment(70 * 3_600_000);
  actor.send({ type: 'QUEUED', at: clock.now() });
  actor.send({ type: 'DELIVERED', remaining: 1, oldestUnsentAt: clock.now() });
  clock.increment(3 * 3_600_000);
  assert.is(actor.getSnapshot().value, 'queued');
  clock.increment(69 * 3_600_000);
  assert.is(actor.getSnapshot().value, 'tooLong');
});

test('req 8: a restored queue keeps the age of its oldest document (power cut)', () => {
  const { actor } = sut();
  actor.send({ type: 'RESTORE', queued: 3, oldestUnsentAt: T0 - OFFLINE_LIMIT_MS });
  assert.is(actor.getSnapshot().value, 'tooLong');
});

test('model: every state and transition of the autonomy machine', async () => {
  const limit = afterEventType(autonomyMachine, 'queued');
  const events = [
    { type: 'QUEUED', at: T0 }, { type: 'DELIVERED', remaining: 0, oldestUnsentAt: null },
    { type: 'DELIVERED', remaining: 1, oldestUnsentAt: T0 }, { type: 'CHECK_AGE' }, { type: limit },
  ];
  const model = new TestModel(autonomyMachine, { events, ...MODEL_OPTIONS } as never);
  const paths = model.getShortestPaths({ input: { now: () => T0 }, allowDuplicatePaths: true } as never);
  const seen = new Set<string>();
  for (const path of paths) {
    const { clock, actor } = sut();
    await path.test({
      events: {
        QUEUED: () => { actor.send({ type: 'QUEUED', at: clock.now() }); },
        DELIVERED: (step: any) => { actor.send({ ...step.event, oldestUnsentAt: step.event.oldestUnsentAt === null ? null : clock.now() }); },
        CHECK_AGE: () => { actor.send({ type: 'CHECK_AGE' }); },
        [limit]: () => { clock.increment(OFFLINE_LIMIT_MS); },
      },
      states: {
        empty: () => { seen.add('empty'); assert.is(actor.getSnapshot().context.queued, 0); },
        queued: () => {
          seen.add('queued');
          const c = actor.getSnapshot().context;
          assert.ok(c.queued > 0);
          assert.ok(clock.now() - c.oldestUnsentAt! < OFFLINE_LIMIT_MS, 'req 29.6: queued only under 72 h');
        },
        tooLong: () => {
          seen.add('tooLong');
          const c = actor.getSnapshot().context;
          assert.ok(clock.now() - c.oldestUnsentAt! >= OFFLINE_LIMIT_MS, 'req 29.6: blocked only at 72 h');
        },
      },
    } as never);
    actor.stop();
  }
  assert.equal([...seen].sort(), ['empty', 'queued', 'tooLong']);
});

test.run();
