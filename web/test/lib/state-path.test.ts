import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DcpState } from '../../src/data/dcp-types.js';
import type { TraceEvent } from '../../src/data/types.js';
import { stateGraph, stateLabel, statePath } from '../../src/lib/state-path.js';

const base: DcpState = { powered: true, mode: null, shift: { open: false, number: 1, openedAt: null }, offline: { since: null, queued: 0 }, blocked: null };
let seq = 0;
const ev = (e: Partial<TraceEvent>): TraceEvent => ({ v: 1, seq: ++seq, t: seq * 1000, kind: 'dcp.request', ...e });
const changed = (s: DcpState) => ev({ kind: 'dcp.notification', method: 'state.changed', params: s });

test('stateLabel names power, blocking, shift, autonomy and mode', () => {
  assert.is(stateLabel({ ...base, powered: false }), 'off');
  assert.is(stateLabel({ ...base, blocked: { reason: 'offline_too_long', requirement: '29.6' } }), 'blocked: offline_too_long');
  assert.is(stateLabel({ ...base, mode: 'registration', shift: { open: true, number: 1, openedAt: 'x' }, offline: { since: 'y', queued: 2 } }), 'shift open · autonomous · registration');
});

test('statePath collapses repeats and records the trigger of each change', () => {
  const open = { ...base, mode: 'registration', shift: { open: true, number: 1, openedAt: 'a' } };
  const events = [
    ev({ method: 'session.login' }), changed({ ...base, mode: 'registration' }),
    ev({ method: 'receipt.create' }), changed(open), changed(open),
    ev({ kind: 'fault', fault: { kind: 'blackhole' } }), changed({ ...open, offline: { since: 'b', queued: 1 } }),
    ev({ kind: 'clock', ms: 72 * 3_600_000 }), changed({ ...open, blocked: { reason: 'offline_too_long' } }),
  ];
  const path = statePath(events);
  assert.equal(path.map((p) => p.label), ['shift closed · registration', 'shift open · registration', 'shift open · autonomous · registration', 'blocked: offline_too_long']);
  assert.equal(path.map((p) => p.trigger), ['session.login', 'receipt.create', 'fault blackhole', 'clock +72 h']);
  const g = stateGraph(path);
  assert.is(g.nodes.length, 4);
  assert.is(g.edges.length, 3);
});

test('stateGraph counts repeated transitions', () => {
  const a = { ...base, mode: 'registration' };
  const b = { ...a, shift: { open: true, number: 1, openedAt: 'x' } };
  const g = stateGraph(statePath([changed(a), changed(b), changed(a), changed(b)]));
  assert.equal(g.edges.find((e) => e.from === 'shift closed · registration')?.count, 2);
});

test.run();
