import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise, SimulatedClock, toPromise } from 'xstate';
import { TestModel } from 'xstate/graph';
import { fiscalCycleMachine, type Fiscalisation, type SendOutcome } from '../../src/machines/fiscal-cycle-machine.js';
import { ANSWER_TIMEOUT_MS } from '../../src/machines/limits.js';
import { afterEventType, MODEL_OPTIONS, Pending, ticks } from './graph-helpers.js';

const SIGNED: SendOutcome = { kind: 'signed', sign: '4228143549' };
const AUTO: Fiscalisation = { mode: 'autonomous', sign: '0000000001123456', offlineNumber: 1 };

function sut(operatorReachable: boolean) {
  const clock = new SimulatedClock();
  const pending = new Pending();
  const reported: string[] = [];
  const recordedWith: Fiscalisation[] = [];
  const actor = createActor(fiscalCycleMachine.provide({
    actors: {
      sendToOperator: fromPromise(pending.logic<SendOutcome>('send')),
      signAutonomously: fromPromise(pending.logic<Fiscalisation>('sign')),
      recordDocument: fromPromise(({ input, signal }: { input: { fiscal: Fiscalisation }; signal: AbortSignal }) => { recordedWith.push(input.fiscal); return pending.logic<unknown>('record')({ signal }); }),
    },
    actions: { reportNoAnswer: () => { reported.push('no_answer'); }, reportServerBlock: () => { reported.push('server_block'); }, reportFatal: () => { reported.push('fatal'); } },
  }), { clock, input: { operatorReachable } }).start();
  return { clock, pending, actor, reported, recordedWith };
}

test('reqs 5, 23: sent in the same cycle; the operator sign is recorded', async () => {
  const { actor, pending, recordedWith } = sut(true);
  assert.ok(pending.has('send'));
  await pending.resolve('send', SIGNED);
  assert.equal(recordedWith, [{ mode: 'online', sign: '4228143549' }]);
  await pending.resolve('record', { doc: 1 });
  const out = await toPromise(actor);
  assert.equal(out.recorded, { doc: 1 });
  assert.is(out.wentAutonomous, false);
});

test('req 29: 5 s without an answer → autonomous sign; nothing recorded before the sign (req 39)', async () => {
  const { actor, pending, clock, reported, recordedWith } = sut(true);
  clock.increment(ANSWER_TIMEOUT_MS - 1);
  assert.is(actor.getSnapshot().value, 'sending');
  clock.increment(1);
  assert.is(actor.getSnapshot().value, 'signingAutonomously');
  assert.equal(reported, ['no_answer']);
  assert.not.ok(pending.has('send'), 'the send is aborted');
  assert.is(recordedWith.length, 0);
  await pending.resolve('sign', AUTO);
  assert.equal(recordedWith, [AUTO]);
});

test('req 8: with a queue waiting the document goes straight to the queue (no send)', async () => {
  const { pending } = sut(false);
  await ticks();
  assert.not.ok(pending.has('send'));
  assert.ok(pending.has('sign'));
});

test('req 16: result 15 refuses the document with suspended_by_ofd', async () => {
  const { actor, pending, reported } = sut(true);
  await pending.resolve('send', { kind: 'server_block', text: 'КГД' });
  const out = await toPromise(actor);
  assert.is(out.refusal?.reason, 'suspended_by_ofd');
  assert.equal(reported, ['server_block']);
  assert.is(out.fiscal, null);
});

test('model: every path of the fiscal cycle; a document is recorded only with a sign', async () => {
  const timeout = afterEventType(fiscalCycleMachine, 'sending');
  const events = [
    { type: 'xstate.done.actor.send', output: SIGNED }, { type: 'xstate.done.actor.send', output: { kind: 'no_link' } },
    { type: 'xstate.done.actor.send', output: { kind: 'server_block' } }, { type: 'xstate.done.actor.send', output: { kind: 'fatal', code: 2 } },
    { type: 'xstate.done.actor.send', output: { kind: 'refused', reason: 'invalid_receipt', code: 13 } },
    { type: 'xstate.error.actor.send', error: new Error('x') }, { type: timeout },
    { type: 'xstate.done.actor.sign', output: AUTO }, { type: 'xstate.error.actor.sign', error: new Error('x') },
    { type: 'xstate.done.actor.record', output: { ok: 1 } }, { type: 'xstate.error.actor.record', error: new Error('x') },
  ];
  const seen = new Set<string>();
  for (const reachable of [true, false]) {
    const model = new TestModel(fiscalCycleMachine, { events, ...MODEL_OPTIONS } as never);
    const paths = model.getShortestPaths({ input: { operatorReachable: reachable }, allowDuplicatePaths: true } as never);
    for (const path of paths) {
      const s = sut(reachable);
      let sentAt = -1;
      const start = s.clock.now();
      await ticks();
      await path.test({
        events: {
          'xstate.done.actor.send': async (step: any) => { sentAt = s.clock.now(); await s.pending.resolve('send', step.event.output); },
          'xstate.error.actor.send': async () => { await s.pending.reject('send', new Error('x')); },
          [timeout]: () => { s.clock.increment(ANSWER_TIMEOUT_MS); },
          'xstate.done.actor.sign': async (step: any) => { await s.pending.resolve('sign', step.event.output); },
          'xstate.error.actor.sign': async () => { await s.pending.reject('sign', new Error('x')); },
          'xstate.done.actor.record': async (step: any) => { await s.pending.resolve('record', step.event.output); },
          'xstate.error.actor.record': async () => { await s.pending.reject('record', new Error('x')); },
        },
        states: {
          sending: () => { seen.add('sending'); assert.ok(reachable, 'req 30.2: nothing is sent directly while the queue waits'); },
          signingAutonomously: () => {
            seen.add('signingAutonomously');
            assert.ok(!reachable || s.reported.includes('no_answer'), 'req 29.2: the link was told');
            assert.ok(s.clock.now() - start <= ANSWER_TIMEOUT_MS, 'req 29: autonomous within 5 s');
          },
          recording: () => {
            seen.add('recording');
            const f = s.recordedWith[s.recordedWith.length - 1];
            assert.ok(f && (f.sign.length > 0), 'req 39: recorded (and printed) only with a sign');
          },
          done: () => { seen.add('done'); assert.ok(s.actor.getSnapshot().context.fiscal); },
          refused: () => { seen.add('refused'); assert.ok(s.actor.getSnapshot().context.refusal); void sentAt; },
        },
      } as never);
      s.actor.stop();
    }
  }
  await ticks();
  assert.equal([...seen].sort(), ['done', 'recording', 'refused', 'sending', 'signingAutonomously']);
});

test.run();
