import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../../../protocol/index.js';
import { FaultRegistry, FAULT_KINDS } from '../../src/faults/registry.js';
import { createRng } from '../../src/rng.js';
import { OfdMockError } from '../../src/errors.js';
import type { FaultFrame, FaultSpec } from '../../src/faults/fault.js';

const frame = (over: Partial<FaultFrame> = {}): FaultFrame => ({ direction: 'to-kkm', channel: 0, connectionId: 1, kkmId: 1, command: 1, reqNum: 1, token: 1, bytes: new Uint8Array(30), ...over });
const reg = (clock = new VirtualClock(0), seed = 1) => new FaultRegistry(clock, createRng(seed));
const hits = (r: FaultRegistry, n: number, f: Partial<FaultFrame> = {}) => Array.from({ length: n }, () => r.evaluate(frame(f)).length);

test('every kind of the contract is registered', () => {
  assert.equal(Object.keys(FAULT_KINDS).sort(), ['answer_then_close', 'bandwidth', 'blackhole', 'close_after_bytes', 'corrupt', 'jitter', 'latency', 'refuse', 'reset', 'result_code', 'wrong_reqnum', 'wrong_token']);
});

test('a bad spec lists every problem and has a stable code', () => {
  const errs = FaultRegistry.check({ name: '', kind: 'nope' as never, probability: 2, match: { nth: 0, command: 'FLY', bogus: 1 } as never });
  assert.ok(errs.length >= 5, errs.join('\n'));
  try { reg().add({ name: 'x', kind: 'latency', attrs: { ms: -5, extra: 1 } as never }); assert.unreachable(); }
  catch (e) { assert.is((e as OfdMockError).code, 'OFDM_BAD_FAULT'); assert.match((e as Error).message, /attrs.extra/); assert.match((e as Error).message, /attrs.ms/); }
  assert.equal(FaultRegistry.check({ name: 'x', kind: 'wrong_token', direction: 'to-ofd' }), ['kind wrong_token cannot act in direction to-ofd']);
});

test('nth alone = only the Nth; nth + count = N from the Nth; count alone = the first N', () => {
  const a = reg(); a.add({ name: 'n', kind: 'blackhole', match: { nth: 3 } });
  assert.equal(hits(a, 5), [0, 0, 1, 0, 0]);
  const b = reg(); b.add({ name: 'n', kind: 'blackhole', match: { nth: 2, count: 2 } });
  assert.equal(hits(b, 5), [0, 1, 1, 0, 0]);
  const c = reg(); c.add({ name: 'n', kind: 'blackhole', match: { count: 2 } });
  assert.equal(hits(c, 4), [1, 1, 0, 0]);
  assert.is(c.get('n').active, false);
});

test('filters: register, channel, command (code or name), direction', () => {
  const r = reg();
  r.add({ name: 'f', kind: 'blackhole', match: { kkmId: 7, channel: 1, command: 'COMMAND_CLOSE_SHIFT' } });
  assert.is(r.evaluate(frame({ kkmId: 7, channel: 1, command: 2 })).length, 1);
  assert.is(r.evaluate(frame({ kkmId: 8, channel: 1, command: 2 })).length, 0);
  assert.is(r.evaluate(frame({ kkmId: 7, channel: 0, command: 2 })).length, 0);
  assert.is(r.evaluate(frame({ kkmId: 7, channel: 1, command: 1 })).length, 0);
  assert.is(r.evaluate(frame({ kkmId: 7, channel: 1, command: 2, direction: 'to-ofd' })).length, 0);
  assert.is(r.get('f').seen, 1, 'seen counts only frames that pass the filters');
});

test('probability is seeded: same seed, same choices', () => {
  const run = (seed: number) => { const r = reg(new VirtualClock(0), seed); r.add({ name: 'p', kind: 'blackhole', probability: 0.3 }); return hits(r, 200); };
  const a = run(5);
  const n = a.reduce((x, y) => x + y, 0);
  assert.ok(n > 30 && n < 90, `about 30 %: ${n}`);
  assert.equal(run(5), a);
  assert.not.equal(run(6), a);
});

test('list, get, update (counters kept unless the match changes), remove, reset', () => {
  const r = reg();
  const spec: FaultSpec = { name: 'l', kind: 'latency', attrs: { ms: 10 } };
  r.add(spec);
  assert.throws(() => r.add(spec), (e: OfdMockError) => e.code === 'OFDM_FAULT_EXISTS');
  hits(r, 2);
  const u = r.update('l', { attrs: { ms: 20 } });
  assert.is(u.attrs.ms, 20);
  assert.is(u.seen, 2);
  const act = r.evaluate(frame())[0]!.action;
  assert.equal(act, { type: 'delay', ms: 20 });
  assert.is(r.update('l', { match: { count: 1 } }).seen, 0);
  assert.is(r.list().length, 1);
  r.remove('l');
  assert.throws(() => r.get('l'), (e: OfdMockError) => e.code === 'OFDM_FAULT_NOT_FOUND');
  r.add(spec); r.add({ ...spec, name: 'm' });
  r.reset();
  assert.is(r.size, 0);
});

test('refuse acts on connections, by channel', () => {
  const r = reg();
  r.add({ name: 'r', kind: 'refuse', match: { channel: 1 } });
  assert.is(r.onConnect(0, 1).verdict, 'accept');
  assert.equal(r.onConnect(1, 2), { verdict: 'reset', fault: 'r' });
  assert.is(r.evaluate(frame({ direction: 'to-ofd', channel: 1 })).length, 0, 'refuse does not act on frames');
});

test.run();
