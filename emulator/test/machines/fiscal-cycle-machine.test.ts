import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, SimulatedClock } from 'xstate';
import { TestModel } from 'xstate/graph';
import { fiscalCycleMachine, type Fiscalisation, type FiscalCycleOutput, type SendOutcome } from '../../src/machines/fiscal-cycle-machine.js';
import { ANSWER_TIMEOUT_MS } from '../../src/machines/limits.js';
import { afterEventType, MODEL_OPTIONS } from './graph-helpers.js';

const SIGNED: SendOutcome = { kind: 'signed', sign: '4228143549' };
const AUTO: Fiscalisation = { mode: 'autonomous', sign: '0000000001123456', offlineNumber: 1 };

/**
 * One long-lived actor whose effects are recorded, not run: the test plays the effect's report
 * (OPERATOR_ANSWERED, SIGNED, RECORDED, … events). `operatorReachable` (unless null) sends the
 * first document's DOCUMENT event.
 */
function sut(operatorReachable: boolean | null) {
  const clock = new SimulatedClock();
  /** effects started, in order: send, abort, sign, record */
  const effects: string[] = [];
  const reported: string[] = [];
  const recordedWith: Fiscalisation[] = [];
  const outcomes: FiscalCycleOutput[] = [];
  const actor = createActor(fiscalCycleMachine.provide({
    actions: {
      sendToOperator: () => { effects.push('send'); },
      abortSend: () => { effects.push('abort'); },
      signAutonomously: () => { effects.push('sign'); },
      recordDocument: (_: unknown, p: { fiscal: Fiscalisation }) => { effects.push('record'); recordedWith.push(p.fiscal); },
      reportNoAnswer: () => { reported.push('no_answer'); }, reportServerBlock: () => { reported.push('server_block'); }, reportFatal: () => { reported.push('fatal'); },
      finishCycle: (_: unknown, out: FiscalCycleOutput) => { outcomes.push(out); },
    },
  }), { clock }).start();
  if (operatorReachable !== null) actor.send({ type: 'DOCUMENT', operatorReachable });
  /** the outcome of the last finished cycle */
  const outcome = () => { const o = outcomes[outcomes.length - 1]; if (!o) throw new Error('no cycle finished'); return o; };
  /** the effect started last (and not aborted since) */
  const last = () => effects[effects.length - 1];
  return { clock, actor, effects, last, reported, recordedWith, outcomes, outcome };
}

test('reqs 5, 23: sent in the same cycle; the operator sign is recorded', () => {
  const { actor, last, recordedWith, outcome, effects } = sut(true);
  assert.is(last(), 'send');
  actor.send({ type: 'OPERATOR_ANSWERED', outcome: SIGNED });
  assert.equal(effects, ['send', 'abort', 'record'], 'leaving sending ends the wait for the operator');
  assert.equal(recordedWith, [{ mode: 'online', sign: '4228143549' }]);
  actor.send({ type: 'RECORDED', recorded: { doc: 1 } });
  assert.is(actor.getSnapshot().value, 'done');
  const out = outcome();
  assert.equal(out.recorded, { doc: 1 });
  assert.is(out.wentAutonomous, false);
});

test('req 29: 5 s without an answer → autonomous sign; nothing recorded before the sign (req 39)', () => {
  const { actor, clock, reported, recordedWith, effects } = sut(true);
  clock.increment(ANSWER_TIMEOUT_MS - 1);
  assert.is(actor.getSnapshot().value, 'sending');
  clock.increment(1);
  assert.is(actor.getSnapshot().value, 'signingAutonomously');
  assert.equal(reported, ['no_answer']);
  assert.equal(effects, ['send', 'abort', 'sign'], 'the send is aborted');
  assert.is(recordedWith.length, 0);
  actor.send({ type: 'OPERATOR_ANSWERED', outcome: SIGNED });
  assert.is(actor.getSnapshot().value, 'signingAutonomously', 'a late answer is ignored');
  actor.send({ type: 'SIGNED', fiscal: AUTO });
  assert.equal(recordedWith, [AUTO]);
});

test('req 8: with a queue waiting the document goes straight to the queue (no send)', () => {
  const { effects } = sut(false);
  assert.equal(effects, ['sign']);
});

test('req 16: result 15 refuses the document with suspended_by_ofd', () => {
  const { actor, reported, outcome } = sut(true);
  actor.send({ type: 'OPERATOR_ANSWERED', outcome: { kind: 'server_block', text: 'КГД' } });
  assert.is(actor.getSnapshot().value, 'refused');
  const out = outcome();
  assert.is(out.refusal?.reason, 'suspended_by_ofd');
  assert.equal(reported, ['server_block']);
  assert.is(out.fiscal, null);
});

test('one actor runs one cycle after another, each from a fresh context with its own 5 s (reqs 5, 29)', () => {
  const { actor, clock, outcomes, reported, effects } = sut(null);
  assert.is(actor.getSnapshot().value, 'idle');
  // 1st: online
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  actor.send({ type: 'OPERATOR_ANSWERED', outcome: SIGNED });
  actor.send({ type: 'RECORDED', recorded: 1 });
  // 2nd: starts from done; the time since the first cycle does not count
  clock.increment(ANSWER_TIMEOUT_MS * 3);
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  assert.is(actor.getSnapshot().value, 'sending');
  assert.is(actor.getSnapshot().context.fiscal, null, 'the previous sign is not carried over');
  clock.increment(ANSWER_TIMEOUT_MS - 1);
  assert.is(actor.getSnapshot().value, 'sending');
  clock.increment(1);
  assert.is(actor.getSnapshot().value, 'signingAutonomously');
  actor.send({ type: 'SIGNED', fiscal: AUTO });
  actor.send({ type: 'RECORDED', recorded: 2 });
  // 3rd: refused; 4th: queue waiting → no send
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  actor.send({ type: 'OPERATOR_ANSWERED', outcome: { kind: 'refused', reason: 'invalid_receipt', code: 13 } });
  const sends = effects.filter((e) => e === 'send').length;
  actor.send({ type: 'DOCUMENT', operatorReachable: false });
  assert.is(effects.filter((e) => e === 'send').length, sends, 'no send with a queue waiting');
  actor.send({ type: 'SIGNED', fiscal: AUTO });
  actor.send({ type: 'RECORDED', recorded: 4 });
  assert.equal(outcomes.map((o) => [o.fiscal?.mode ?? null, o.refusal?.reason ?? null, o.recorded, o.wentAutonomous]), [
    ['online', null, 1, false], ['autonomous', null, 2, true], [null, 'invalid_receipt', null, false], ['autonomous', null, 4, true],
  ]);
  assert.equal(reported, ['no_answer']);
});

test('CANCEL (power cut) drops the cycle under way: the send is aborted, nothing is recorded, the next document starts afresh', () => {
  const { actor, outcomes, recordedWith, effects } = sut(true);
  actor.send({ type: 'CANCEL' });
  assert.is(actor.getSnapshot().value, 'idle');
  assert.equal(effects, ['send', 'abort']);
  actor.send({ type: 'OPERATOR_ANSWERED', outcome: SIGNED });
  assert.is(actor.getSnapshot().value, 'idle', "the cancelled send's answer is ignored");
  actor.send({ type: 'DOCUMENT', operatorReachable: true });
  actor.send({ type: 'OPERATOR_ANSWERED', outcome: SIGNED });
  actor.send({ type: 'RECORDED', recorded: 1 });
  assert.is(outcomes.length, 1);
  assert.equal(recordedWith, [{ mode: 'online', sign: '4228143549' }]);
});

test('model: every path of the fiscal cycle; a document is recorded only with a sign', async () => {
  const timeout = afterEventType(fiscalCycleMachine, 'sending');
  const events = [
    { type: 'DOCUMENT', operatorReachable: true }, { type: 'DOCUMENT', operatorReachable: false },
    { type: 'OPERATOR_ANSWERED', outcome: SIGNED }, { type: 'OPERATOR_ANSWERED', outcome: { kind: 'no_link' } },
    { type: 'OPERATOR_ANSWERED', outcome: { kind: 'server_block' } }, { type: 'OPERATOR_ANSWERED', outcome: { kind: 'fatal', code: 2 } },
    { type: 'OPERATOR_ANSWERED', outcome: { kind: 'refused', reason: 'invalid_receipt', code: 13 } },
    { type: 'SEND_FAILED', error: new Error('x') }, { type: timeout },
    { type: 'SIGNED', fiscal: AUTO }, { type: 'SIGN_FAILED', error: new Error('x') },
    { type: 'RECORDED', recorded: { ok: 1 } }, { type: 'RECORD_FAILED', error: new Error('x') },
  ];
  const seen = new Set<string>();
  const model = new TestModel(fiscalCycleMachine, { events, ...MODEL_OPTIONS } as never);
  const paths = model.getShortestPaths({ allowDuplicatePaths: true } as never);
  for (const path of paths) {
    const s = sut(null);
    let start = s.clock.now();
    let reachable = false;
    const play = (step: { event: { type: string } }) => { s.actor.send(step.event as never); };
    await path.test({
      events: {
        DOCUMENT: (step: any) => { reachable = step.event.operatorReachable; start = s.clock.now(); play(step); },
        OPERATOR_ANSWERED: (step: any) => { assert.is(s.last(), 'send', 'an answer only to a send under way'); play(step); },
        SEND_FAILED: play,
        [timeout]: () => { s.clock.increment(ANSWER_TIMEOUT_MS); },
        SIGNED: (step: any) => { assert.is(s.last(), 'sign'); play(step); },
        SIGN_FAILED: play,
        RECORDED: (step: any) => { assert.is(s.last(), 'record'); play(step); },
        RECORD_FAILED: play,
      },
      states: {
        idle: () => { seen.add('idle'); assert.is(s.outcomes.length, 0); },
        sending: () => { seen.add('sending'); assert.ok(reachable, 'req 30.2: nothing is sent directly while the queue waits'); assert.is(s.last(), 'send'); },
        signingAutonomously: () => {
          seen.add('signingAutonomously');
          assert.ok(!reachable || s.reported.includes('no_answer'), 'req 29.2: the link was told');
          assert.ok(s.clock.now() - start <= ANSWER_TIMEOUT_MS, 'req 29: autonomous within 5 s');
          assert.is(s.last(), 'sign');
          if (reachable) assert.ok(s.effects.includes('abort'), 'the wait for the operator ended');
        },
        recording: () => {
          seen.add('recording');
          const f = s.recordedWith[s.recordedWith.length - 1];
          assert.ok(f && (f.sign.length > 0), 'req 39: recorded (and printed) only with a sign');
          assert.is(s.last(), 'record');
        },
        done: () => { seen.add('done'); assert.ok(s.actor.getSnapshot().context.fiscal); assert.ok(s.outcome().fiscal, 'the outcome was handed over'); },
        refused: () => { seen.add('refused'); assert.ok(s.actor.getSnapshot().context.refusal); assert.ok(s.outcome().refusal, 'the refusal was handed over'); },
      },
    } as never);
    s.actor.stop();
  }
  assert.equal([...seen].sort(), ['done', 'idle', 'recording', 'refused', 'sending', 'signingAutonomously']);
});

test.run();
