import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { TestModel } from 'xstate/graph';
import { linkMachine, type LinkOutcome } from '../../src/machines/link-machine.js';
import { RETRY_INTERVAL_MAX_MS, RETRY_INTERVAL_MS, SYSTEM_PROBE_INTERVAL_MS } from '../../src/machines/limits.js';
import { afterEventType, MODEL_OPTIONS, Pending, ticks } from './graph-helpers.js';

const OK: LinkOutcome = { kind: 'ok' };
const NO: LinkOutcome = { kind: 'no_link' };
const BLOCK: LinkOutcome = { kind: 'server_block', text: 'КГД' };
const FATAL: LinkOutcome = { kind: 'fatal', code: 2, text: 'invalid token' };

function sut() {
  const clock = new SimulatedClock();
  const pending = new Pending();
  const told: string[] = [];
  const actor = createActor(linkMachine.provide({
    actors: {
      initialise: fromPromise(pending.logic<LinkOutcome>('info')),
      uploadBacklog: fromPromise(pending.logic<LinkOutcome>('upload')),
      probeOperator: fromPromise(pending.logic<LinkOutcome>('probe')),
    },
    actions: {
      tellCashierAutonomous: () => { told.push('autonomous'); },
      tellCashierSuspended: () => { told.push('suspended'); },
      tellCashierResumed: () => { told.push('resumed'); },
      tellCashierBlocked: () => { told.push('blocked'); },
    },
  }), { clock }).start();
  return { clock, pending, actor, told };
}

test('reqs 20, 30: INFO at start, then the backlog, then online', async () => {
  const { actor, pending } = sut();
  actor.send({ type: 'START' });
  assert.ok(pending.has('info'));
  await pending.resolve('info', OK);
  assert.is(actor.getSnapshot().value, 'uploading');
  await pending.resolve('upload', OK);
  assert.is(actor.getSnapshot().value, 'online');
});

test('reqs 29.1, 29.2, 30: no answer → autonomous (cashier told) → retry after the interval, backing off', async () => {
  const { actor, pending, clock, told } = sut();
  actor.send({ type: 'START' });
  await pending.resolve('info', OK);
  await pending.resolve('upload', OK);
  actor.send({ type: 'NO_ANSWER' });
  assert.is(actor.getSnapshot().value, 'autonomous');
  assert.equal(told, ['autonomous']);
  clock.increment(RETRY_INTERVAL_MS - 1);
  assert.is(actor.getSnapshot().value, 'autonomous');
  clock.increment(1);
  assert.is(actor.getSnapshot().value, 'uploading');
  await pending.resolve('upload', NO);
  clock.increment(RETRY_INTERVAL_MS);
  assert.is(actor.getSnapshot().value, 'autonomous', 'second interval is longer');
  clock.increment(RETRY_INTERVAL_MS);
  assert.is(actor.getSnapshot().value, 'uploading');
  for (let i = 0; i < 10; i++) { await pending.resolve('upload', NO); clock.increment(RETRY_INTERVAL_MAX_MS); }
  assert.is(actor.getSnapshot().value, 'uploading', 'the interval never exceeds its maximum');
});

test('req 16: result 15 → server block; SYSTEM probes; the first OK leaves it and uploads', async () => {
  const { actor, pending, clock, told } = sut();
  actor.send({ type: 'START' });
  await pending.resolve('info', BLOCK);
  assert.is(actor.getSnapshot().value, 'serverBlocked');
  assert.is(actor.getSnapshot().context.blockText, 'КГД');
  clock.increment(SYSTEM_PROBE_INTERVAL_MS);
  await pending.resolve('probe', BLOCK);
  assert.is(actor.getSnapshot().value, 'serverBlocked');
  clock.increment(SYSTEM_PROBE_INTERVAL_MS);
  await pending.resolve('probe', OK);
  assert.is(actor.getSnapshot().value, 'uploading');
  assert.equal(told, ['suspended', 'resumed']);
});

test('ofd-protocol §5.3: results 1–5 block until a token is entered', async () => {
  const { actor, pending } = sut();
  actor.send({ type: 'START' });
  await pending.resolve('info', FATAL);
  assert.is(actor.getSnapshot().value, 'blocked');
  actor.send({ type: 'TOKEN_ENTERED' });
  assert.is(actor.getSnapshot().value, 'starting');
});

test('model: every state and transition of the link machine, with the rule of each state checked', async () => {
  const retry = afterEventType(linkMachine, 'autonomous');
  const probe = afterEventType(linkMachine, 'serverBlocked');
  const done = (id: string, o: LinkOutcome) => ({ type: `xstate.done.actor.${id}`, output: o });
  const events = [
    { type: 'START' }, { type: 'STOP' }, { type: 'NO_ANSWER' }, { type: 'SERVER_BLOCK', text: 'x' }, { type: 'FATAL_RESULT', code: 3 },
    { type: 'RETRY_NOW' }, { type: 'TOKEN_ENTERED' }, { type: retry }, { type: probe },
    ...[OK, NO, BLOCK, FATAL].flatMap((o) => ['info', 'upload', 'probe'].map((id) => done(id, o))),
  ];
  const model = new TestModel(linkMachine, { events, ...MODEL_OPTIONS } as never);
  const paths = model.getShortestPaths({ allowDuplicatePaths: true } as never);
  const seen = new Set<string>();
  for (const path of paths) {
    const { actor, pending, clock, told } = sut();
    let last: LinkOutcome | null = null;
    const resolve = (id: string) => async (step: any) => { last = step.event.output; await pending.resolve(id, step.event.output); };
    await path.test({
      events: {
        START: () => { actor.send({ type: 'START' }); },
        STOP: () => { actor.send({ type: 'STOP' }); },
        NO_ANSWER: () => { actor.send({ type: 'NO_ANSWER' }); },
        SERVER_BLOCK: () => { actor.send({ type: 'SERVER_BLOCK', text: 'x' }); },
        FATAL_RESULT: () => { actor.send({ type: 'FATAL_RESULT', code: 3 }); },
        RETRY_NOW: () => { actor.send({ type: 'RETRY_NOW' }); },
        TOKEN_ENTERED: () => { actor.send({ type: 'TOKEN_ENTERED' }); },
        [retry]: () => { clock.increment(RETRY_INTERVAL_MAX_MS); },
        [probe]: () => { clock.increment(SYSTEM_PROBE_INTERVAL_MS); },
        'xstate.done.actor.info': resolve('info'),
        'xstate.done.actor.upload': resolve('upload'),
        'xstate.done.actor.probe': resolve('probe'),
      },
      states: {
        idle: () => { seen.add('idle'); },
        starting: () => { seen.add('starting'); assert.ok(pending.has('info'), 'req 20: INFO is sent at start'); },
        online: () => { seen.add('online'); assert.is((last as LinkOutcome | null)?.kind, 'ok', 'req 30.2: online only after the backlog was answered'); },
        autonomous: () => { seen.add('autonomous'); assert.ok(told.includes('autonomous') || (last as LinkOutcome | null)?.kind === 'no_link', 'req 29.2: the cashier was told'); },
        uploading: () => { seen.add('uploading'); assert.ok(pending.has('upload'), 'req 30: the backlog upload runs'); },
        serverBlocked: () => { seen.add('serverBlocked'); assert.ok(told.includes('suspended'), 'req 16: the cashier sees the suspension'); },
        probing: () => { seen.add('probing'); assert.ok(pending.has('probe'), 'SYSTEM probe sent in server-block mode'); },
        blocked: () => { seen.add('blocked'); assert.ok(actor.getSnapshot().context.fatal || told.includes('blocked')); },
      },
    } as never);
    actor.stop();
  }
  await ticks();
  assert.equal([...seen].sort(), ['autonomous', 'blocked', 'idle', 'online', 'probing', 'serverBlocked', 'starting', 'uploading']);
});

test.run();
