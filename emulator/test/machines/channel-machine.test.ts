import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, type AnyTransitionDefinition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { channelMachine, type ChannelEvent } from '../../src/machines/channel-machine.js';
import { Defects, type DefectName } from '../../src/defects.js';
import type { Channel } from '../../src/dcp/types.js';
import { allStateIds, allTransitions, transitionKey } from './graph-helpers.js';

const ch = (name: string, priority: number, enabled = true): Channel => ({ name, host: '127.0.0.1', port: 7000 + priority, priority, enabled });
const A = ch('a', 1);
const B = ch('b', 2);
const C = ch('c', 3);

function sut(defects: DefectName[] = []) {
  return createActor(channelMachine, { input: { defects: new Defects(defects) } }).start();
}
const names = (cs: readonly Channel[]) => cs.map((c) => c.name);

test('reqs 18, 40.5: enabled channels in priority order, whatever order they were entered in', () => {
  const a = sut();
  a.send({ type: 'RESTORE', channels: [C, A, ch('x', 0, false), B] });
  assert.is(a.getSnapshot().value, 'withFailover');
  assert.equal(names(a.getSnapshot().context.inUse), ['a', 'b', 'c']);
});

test('req 40.1: programmed channels are used from then on; one channel → no failover; none → autonomous', () => {
  const a = sut();
  a.send({ type: 'RESTORE', channels: [A, B] });
  a.send({ type: 'PROGRAM', channels: [ch('new', 5)] });
  assert.is(a.getSnapshot().value, 'single');
  assert.equal(names(a.getSnapshot().context.inUse), ['new']);
  a.send({ type: 'PROGRAM', channels: [ch('off', 1, false)] });
  assert.is(a.getSnapshot().value, 'none');
  assert.equal(a.getSnapshot().context.inUse, []);
});

test('defects: single-channel keeps only the first programmed channel; channels-not-applied keeps the old ones', () => {
  const s = sut(['single-channel']);
  s.send({ type: 'RESTORE', channels: [B, A] });
  assert.equal(names(s.getSnapshot().context.inUse), ['b'], 'req 18 broken: no failover, priorities ignored');
  const n = sut(['channels-not-applied']);
  n.send({ type: 'RESTORE', channels: [A, B] });
  n.send({ type: 'PROGRAM', channels: [C] });
  assert.equal(names(n.getSnapshot().context.inUse), ['a', 'b'], 'req 40.1 broken');
});

// model: every state and transition, replayed on a real actor; each path checks its rule
const CASES: { text: string; event: ChannelEvent; check: (inUse: Channel[]) => void }[] = [
  { text: 'two channels restored', event: { type: 'RESTORE', channels: [B, A] }, check: (u) => assert.equal(names(u), ['a', 'b']) },
  { text: 'one channel programmed', event: { type: 'PROGRAM', channels: [C] }, check: (u) => assert.equal(names(u), ['c']) },
  { text: 'a disabled channel programmed', event: { type: 'PROGRAM', channels: [ch('off', 1, false)] }, check: (u) => assert.equal(u, []) },
];
const paths = getShortestPaths(channelMachine, {
  events: CASES.map((c) => c.event),
  input: {},
  serializeState: (s) => JSON.stringify(s.value),
});
const taken = new Set<string>();
const reqOf = (t: AnyTransitionDefinition | undefined) => (t?.meta as { requirement?: string } | undefined)?.requirement;
for (const path of paths) {
  const steps = path.steps.filter((s) => (s.event as { type: string }).type !== 'xstate.init');
  let current: AnyTransitionDefinition[] = [];
  const actor = createActor(channelMachine, {
    input: {},
    inspect: (ev) => { if (ev.type === '@xstate.microstep') current.push(...(ev as unknown as { _transitions: AnyTransitionDefinition[] })._transitions); },
  }).start();
  current.forEach((t) => taken.add(transitionKey(t)));
  const values: unknown[] = [];
  for (const step of steps) { current = []; actor.send(step.event); values.push(actor.getSnapshot().value); current.forEach((t) => taken.add(transitionKey(t))); }
  const decided = [...current].reverse().find((t) => reqOf(t));
  const last = CASES.find((c) => c.event === steps[steps.length - 1]?.event);
  test(`model: ${reqOf(decided) ? `req ${reqOf(decided)}` : 'start'}: ${steps.map((s) => CASES.find((c) => c.event === s.event)!.text).join(' → ') || 'start'} ⇒ ${JSON.stringify(path.state.value)}`, () => {
    steps.forEach((s, i) => assert.equal(values[i], s.state.value, 'the real actor is where the model is'));
    if (last) last.check(actor.getSnapshot().context.inUse);
  });
}
test('model: every transition and state', () => {
  assert.equal(allTransitions(channelMachine).map(transitionKey).filter((t) => !taken.has(t)), []);
  const entered = new Set(['channels', 'channels.choosing']);
  for (const k of taken) for (const t of k.split(' → ')[1]!.split(',')) entered.add(t);
  assert.equal(allStateIds(channelMachine).filter((id) => !entered.has(id)), []);
});

test.run();
