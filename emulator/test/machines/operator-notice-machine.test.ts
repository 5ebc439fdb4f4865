import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, type AnyTransitionDefinition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { operatorNoticeMachine, type OperatorNoticeEvent } from '../../src/machines/operator-notice-machine.js';
import { Defects, type DefectName } from '../../src/defects.js';
import { allTransitions, transitionKey } from './graph-helpers.js';

function sut(defects: DefectName[] = []) {
  const did: string[] = [];
  const versions = new Map<number, bigint>();
  const actor = createActor(operatorNoticeMachine.provide({
    actions: {
      rememberVersion: ({ event }) => { versions.set(event.notice.kind, event.notice.version); did.push('remember'); },
      keepInfoText: ({ event }) => { did.push(`info:${event.notice.text}`); },
      showToCashier: ({ event }) => { did.push(`show:${event.notice.text}`); },
      printNotice: ({ event }) => { did.push(`print:${event.notice.text}`); },
    },
  }), { input: { defects: new Defects(defects) } }).start();
  const notice = (kind: number, version: bigint, text: string) => actor.send({ type: 'NOTICE', notice: { kind, version, text }, known: versions.get(kind) });
  return { actor, did, notice };
}

test('req 17: a new notice is shown and printed once; the same version again is not', () => {
  const { did, notice } = sut();
  notice(1, 1n, 'Проверка КГД');
  assert.equal(did, ['remember', 'show:Проверка КГД', 'print:Проверка КГД']);
  notice(1, 1n, 'Проверка КГД');
  notice(1, 0n, 'old');
  assert.is(did.length, 3, 'seen already');
  notice(1, 2n, 'v2');
  assert.equal(did.slice(3), ['remember', 'show:v2', 'print:v2']);
});

test('reqs 16, 17: the INFO notice (type 4) is also kept for server-block mode', () => {
  const { did, notice, actor } = sut();
  notice(4, 1n, 'Работа приостановлена');
  assert.equal(did, ['remember', 'info:Работа приостановлена', 'show:Работа приостановлена', 'print:Работа приостановлена']);
  assert.equal(actor.getSnapshot().context.last, { kind: 4, version: 1n, text: 'Работа приостановлена' });
});

test('req 17 (notification-ignored defect): the version is remembered, nothing is shown or printed', () => {
  const { did, notice } = sut(['notification-ignored']);
  notice(4, 1n, 'x');
  assert.equal(did, ['remember']);
});

// model: every transition of the machine from xstate/graph, replayed on a real actor (the
// defect's transition with the defect seeded: its guard is the defect switch)
interface Case { text: string; event: OperatorNoticeEvent; expect: string[] }
const CASES: Case[] = [
  { text: 'a new notice', event: { type: 'NOTICE', notice: { kind: 1, version: 2n, text: 'n' }, known: 1n }, expect: ['remember', 'show:n', 'print:n'] },
  { text: 'a new INFO notice', event: { type: 'NOTICE', notice: { kind: 4, version: 1n, text: 'i' }, known: undefined }, expect: ['remember', 'info:i', 'show:i', 'print:i'] },
  { text: 'a notice seen already', event: { type: 'NOTICE', notice: { kind: 1, version: 1n, text: 'n' }, known: 1n }, expect: [] },
];
const DEFECT_CASES: Case[] = [
  { text: 'a new notice (notification-ignored)', event: { type: 'NOTICE', notice: { kind: 1, version: 2n, text: 'n' }, known: 1n }, expect: ['remember'] },
];
const taken = new Set<string>();
const reqOf = (t: AnyTransitionDefinition | undefined) => (t?.meta as { requirement?: string } | undefined)?.requirement;

function model(cases: Case[], defects: DefectName[]): void {
  const paths = getShortestPaths(operatorNoticeMachine, {
    events: cases.map((c) => c.event),
    input: { defects: new Defects(defects) },
    serializeState: (s, e) => `${JSON.stringify(s.value)}|${cases.findIndex((c) => c.event === e)}`,
    serializeEvent: (e) => String(cases.findIndex((c) => c.event === e)),
  });
  for (const path of paths) {
    const steps = path.steps.filter((s) => (s.event as { type: string }).type !== 'xstate.init');
    if (steps.length === 0) continue;
    const did: string[] = [];
    let current: AnyTransitionDefinition[] = [];
    const actor = createActor(operatorNoticeMachine.provide({
      actions: {
        rememberVersion: () => { did.push('remember'); },
        keepInfoText: ({ event }) => { did.push(`info:${event.notice.text}`); },
        showToCashier: ({ event }) => { did.push(`show:${event.notice.text}`); },
        printNotice: ({ event }) => { did.push(`print:${event.notice.text}`); },
      },
    }), {
      input: { defects: new Defects(defects) },
      inspect: (ev) => { if (ev.type === '@xstate.microstep') current.push(...(ev as unknown as { _transitions: AnyTransitionDefinition[] })._transitions); },
    }).start();
    const results: { value: unknown; did: string[] }[] = [];
    for (const step of steps) {
      current = [];
      const before = did.length;
      actor.send(step.event);
      results.push({ value: actor.getSnapshot().value, did: did.slice(before) });
      current.forEach((t) => taken.add(transitionKey(t)));
    }
    const decided = [...current].reverse().find((t) => reqOf(t));
    const c = cases.find((x) => x.event === steps[steps.length - 1]!.event)!;
    test(`model: ${reqOf(decided) ? `req ${reqOf(decided)}` : 'req 17'}: ${steps.map((s) => cases.find((x) => x.event === s.event)!.text).join(' → ')}`, () => {
      steps.forEach((s, i) => assert.equal(results[i]!.value, s.state.value, 'the real actor is where the model is'));
      assert.equal(results[results.length - 1]!.did, c.expect);
    });
  }
}
model(CASES, []);
model(DEFECT_CASES, ['notification-ignored']);

test('model: every transition', () => {
  assert.equal(allTransitions(operatorNoticeMachine).map(transitionKey).filter((t) => !taken.has(t)), []);
});

test.run();
