import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { traceToScenario } from '../../src/props/to-scenario.js';
import { validateScenario } from '../../src/scenario/validate.js';
import type { TraceLine } from '../../src/trace/recorder.js';

const ev = (seq: number, kind: string, f: Record<string, unknown>): TraceLine => ({ v: 1, seq, t: seq, kind: kind as never, ...f });

test('a property-run trace becomes a valid replayable scenario (passwords as placeholders, settles, invariants steps)', () => {
  const events = [
    ev(1, 'dcp.request', { id: 1, method: 'power.on', params: {} }),
    ev(2, 'dcp.response', { id: 1, result: {} }),
    ev(3, 'dcp.request', { id: 2, method: 'session.login', params: { mode: 'registration', password: '***' } }),
    ev(4, 'dcp.response', { id: 2, result: { mode: 'registration' } }),
    ev(5, 'dcp.request', { id: 3, method: 'state.get', params: {} }),
    ev(6, 'dcp.response', { id: 3, result: {} }),
    ev(7, 'fault', { op: 'add', spec: { name: 'case-link-down', kind: 'blackhole', direction: 'to-ofd' } }),
    ev(8, 'dcp.request', { id: 4, method: 'receipt.create', params: { operation: 'sell' } }),
    ev(9, 'clock', { op: 'advance', ms: 1000 }),
    ev(10, 'dcp.request', { id: 5, method: 'clock.advance', params: { ms: 1000 } }),
    ev(11, 'dcp.response', { id: 5, result: {} }),
    ev(12, 'dcp.response', { id: 4, error: { code: -32000, data: { reason: 'offline_too_long' } } }),
    ev(13, 'note', { text: 'props: after sell(100x1 cash)' }),
    ev(14, 'clock', { op: 'advance', ms: 3600000 }),
    ev(15, 'clock', { op: 'advance', ms: 3600000 }),
    ev(16, 'ofd.order', { order: 'suspend', args: [424242, 'property run'] }),
  ];
  const s = traceToScenario(events, { name: 'props-x', description: 'd', covers: ['29.6'], seed: 3 });
  const v = validateScenario(JSON.parse(JSON.stringify(s)));
  assert.ok(v.ok, JSON.stringify(v));
  assert.equal(s.steps, [
    { dcp: 'power.on', params: {}, expect: { ok: true } },
    { dcp: 'session.login', params: { mode: 'registration', password: '$password.registration' }, expect: { ok: true } },
    { fault: { add: { name: 'case-link-down', kind: 'blackhole', direction: 'to-ofd' } } },
    { dcp: 'receipt.create', params: { operation: 'sell' }, settle: { maxMs: 30000, stepMs: 1000 }, expect: { reason: 'offline_too_long' } },
    { check: 'invariants', note: 'sell(100x1 cash)' },
    { clock: { advance: 7200000 } },
    { order: { suspend: { reason: 'property run' } } },
  ]);
});

test.run();
