import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise, SimulatedClock } from 'xstate';
import { TestModel } from 'xstate/graph';
import { fiscalCycleMachine, type Fiscalisation, type FiscalCycleOutput, type SendOutcome } from '../../src/machines/fiscal-cycle-machine.js';
import { ANSWER_TIMEOUT_MS } from '../../src/machines/limits.js';
import { afterEventType, MODEL_OPTIONS, Pending, ticks } from './graph-helpers.js';

const SIGNED: SendOutcome = { kind: 'signed', sign: '4228143549' };
const AUTO: Fiscalisation = { mode: 'autonomous', sign: '0000000001123456', offlineNumber: 1 };

/** One long-lived actor; `start` (unless false) sends the first document's DOCUMENT event. */
function sut(operatorReachable: boolean | null) {
  const clock = new SimulatedClock();
  const pending = new Pending();
  const reported: string[] = [];
  const recordedWith: Fiscalisation[] = [];
  const outcomes: FiscalCycleOutput[] = [];
  const actor = createActor(fiscalCycleMachine.provide({
    actors: {
      sendToOperator: fromPromise(pending.logic<SendOutcome>('send')),
      signAutonomously: fromPromise(pending.logic<Fiscalisation>('sign')),
      recordDocument: fromPromise(({ input, signal }: { input: { fiscal: Fiscalisation }; signal: AbortSignal }) => { recordedWith.push(input.fiscal); return pending.logic<unknown>('record')({ signal }); }),
    },
    actions: {
      reportNoAnswer: () => { reported.push('no_answer'); }, reportServerBlock: () => { reported.push('server_block'); }, reportFatal: () => { reported.push('fatal'); },
      finishCycle: (_: unknown, out: FiscalCycleOutput) => { outcomes.push(out); },
    },
  }), { clock }).start();
  if (operatorReachable !== null) actor.send({ type: 'DOCUMENT', operatorReachable });
  /** the outcome of the last finished cycle */
  const outcome = () => { const o = outcomes[outcomes.length - 1]; if (!o) throw new Error('no cycle finished'); return o; };
  return { clock, pending, actor, reported, recordedWith, outcomes, outcome };
}

test('reqs 5, 23: sent in the same cycle; the operator sign is recorded', async () => {
  const { actor, pending, recordedWith, outcome } = sut(true);
  assert.ok(pending.has('send'));
  await pending.resolve('send', SIGNED);
  assert.equal(recordedWith, [{ mode: 'online', sign: '4228143549' }]);
  await pending.resolve('record', { doc: 1 });
  assert.is(actor.getSnapshot().value, 'done');
  const out = outcome();
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
  const { actor, pending, reported, outcome } = sut(true);
  await pending.resolve('send', { kind: 'server_block', text: 'КГД' });
  assert.is(actor.getSnapshot().value, 'refused');
  const out = outcome();
  assert.is(out.refusal?.reason, 'suspended_by_ofd');
  assert.equal(reported, ['server_block']);
  assert.is(out.fiscal, null);
});

test('one actor runs one cycle after another, each from a fresh context with its own 5 s (reqs 5, 29)', async () => {
  const { actor, pending, clock, outcomes, reported } = sut(null);
  assert.is(actor.getSnapshot().value, 'idle');
  // 1st: online
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  await pending.resolve('send', SIGNED);
  await pending.resolve('record', 1);
  // 2nd: starts from done; 4.9 s pass — the first cycle's time does not count
  clock.increment(ANSWER_TIMEOUT_MS * 3);
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  assert.is(actor.getSnapshot().value, 'sending');
  assert.is(actor.getSnapshot().context.fiscal, null, 'the previous sign is not carried over');
  clock.increment(ANSWER_TIMEOUT_MS - 1);
  assert.is(actor.getSnapshot().value, 'sending');
  clock.increment(1);
  assert.is(actor.getSnapshot().value, 'signingAutonomously');
  await pending.resolve('sign', AUTO);
  await pending.resolve('record', 2);
  // 3rd: refused; 4th: queue waiting → no send
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  await pending.resolve('send', { kind: 'refused', reason: 'invalid_receipt', code: 13 });
  actor.send({ type: 'DOCUMENT', operatorReachable: false });
  await ticks();
  assert.not.ok(pending.has('send'));
  await pending.resolve('sign', AUTO);
  await pending.resolve('record', 4);
  assert.equal(outcomes.map((o) => [o.fiscal?.mode ?? null, o.refusal?.reason ?? null, o.recorded, o.wentAutonomous]), [
    ['online', null, 1, false], ['autonomous', null, 2, true], [null, 'invalid_receipt', null, false], ['autonomous', null, 4, true],
  ]);
  assert.equal(reported, ['no_answer']);
});

test('CANCEL (power cut) drops the cycle under way: the send is aborted, nothing is recorded, the next document starts afresh', async () => {
  const { actor, pending, outcomes, recordedWith } = sut(true);
  assert.ok(pending.has('send'));
  actor.send({ type: 'CANCEL' });
  assert.is(actor.getSnapshot().value, 'idle');
  assert.not.ok(pending.has('send'), 'the send is aborted');
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  await pending.resolve('send', SIGNED);
  await pending.resolve('record', 1);
  assert.is(outcomes.length, 1);
  assert.equal(recordedWith, [{ mode: 'online', sign: '4228143549' }]);
});

test('model: every path of the fiscal cycle; a document is recorded only with a sign', async () => {
  const timeout = afterEventType(fiscalCycleMachine, 'sending');
  const events = [
    { type: 'DOCUMENT', operatorReachable: true }, { type: 'DOCUMENT', operatorReachable: false },
    { type: 'xstate.done.actor.send', output: SIGNED }, { type: 'xstate.done.actor.send', output: { kind: 'no_link' } },
    { type: 'xstate.done.actor.send', output: { kind: 'server_block' } }, { type: 'xstate.done.actor.send', output: { kind: 'fatal', code: 2 } },
    { type: 'xstate.done.actor.send', output: { kind: 'refused', reason: 'invalid_receipt', code: 13 } },
    { type: 'xstate.error.actor.send', error: new Error('x') }, { type: timeout },
    { type: 'xstate.done.actor.sign', output: AUTO }, { type: 'xstate.error.actor.sign', error: new Error('x') },
    { type: 'xstate.done.actor.record', output: { ok: 1 } }, { type: 'xstate.error.actor.record', error: new Error('x') },
  ];
  const seen = new Set<string>();
  {
    const model = new TestModel(fiscalCycleMachine, { events, ...MODEL_OPTIONS } as never);
    const paths = model.getShortestPaths({ allowDuplicatePaths: true } as never);
    for (const path of paths) {
      const s = sut(null);
      let sentAt = -1;
      let start = s.clock.now();
      let reachable = false;
      await ticks();
      await path.test({
        events: {
          DOCUMENT: async (step: any) => { reachable = step.event.operatorReachable; start = s.clock.now(); s.actor.send(step.event); await ticks(); },
          'xstate.done.actor.send': async (step: any) => { sentAt = s.clock.now(); await s.pending.resolve('send', step.event.output); },
          'xstate.error.actor.send': async () => { await s.pending.reject('send', new Error('x')); },
          [timeout]: () => { s.clock.increment(ANSWER_TIMEOUT_MS); },
          'xstate.done.actor.sign': async (step: any) => { await s.pending.resolve('sign', step.event.output); },
          'xstate.error.actor.sign': async () => { await s.pending.reject('sign', new Error('x')); },
          'xstate.done.actor.record': async (step: any) => { await s.pending.resolve('record', step.event.output); },
          'xstate.error.actor.record': async () => { await s.pending.reject('record', new Error('x')); },
        },
        states: {
          idle: () => { seen.add('idle'); assert.is(s.outcomes.length, 0); },
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
          done: () => { seen.add('done'); assert.ok(s.actor.getSnapshot().context.fiscal); assert.ok(s.outcome().fiscal, 'the outcome was handed over'); },
          refused: () => { seen.add('refused'); assert.ok(s.actor.getSnapshot().context.refusal); assert.ok(s.outcome().refusal, 'the refusal was handed over'); void sentAt; },
        },
      } as never);
      s.actor.stop();
    }
  }
  await ticks();
  assert.equal([...seen].sort(), ['done', 'idle', 'recording', 'refused', 'sending', 'signingAutonomously']);
});

test.run();
