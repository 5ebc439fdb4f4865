import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../src/clock.js';

test('virtual timers fire exactly at their due time, in order, ties by insertion', async () => {
  const c = new VirtualClock(1_000);
  const fired: string[] = [];
  c.setTimeout(() => fired.push(`b@${c.now()}`), 6_000);
  c.setTimeout(() => fired.push(`a@${c.now()}`), 5_000);
  c.setTimeout(() => fired.push(`c@${c.now()}`), 6_000);
  await c.advance(5_999);
  assert.equal(fired, ['a@6000']);
  await c.advance(1);
  assert.equal(fired, ['a@6000', 'b@7000', 'c@7000']);
  assert.is(c.now(), 7_000);
});

test('a cleared timer never fires; timers set by timers fire within the same advance', () => {
  const c = new VirtualClock(0);
  const fired: number[] = [];
  const h = c.setTimeout(() => fired.push(-1), 10);
  c.clearTimeout(h);
  c.setTimeout(() => { fired.push(c.now()); c.setTimeout(() => fired.push(c.now()), 5); }, 10);
  c.advanceSync(20);
  assert.equal(fired, [10, 15]);
  assert.is(c.pending, 0);
});

test('advance rejects negative time', async () => {
  const c = new VirtualClock(0);
  try { await c.advance(-1); assert.unreachable(); } catch (e) { assert.instance(e, RangeError); }
});

test.run();
