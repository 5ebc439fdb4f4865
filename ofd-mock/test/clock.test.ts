import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock, systemClock } from '../../protocol/index.js';
import { preciseSystemClock, waitOn, isWallClock, PRECISE_LEAD_MS } from '../src/clock.js';

const wait = (clock: Parameters<typeof waitOn>[0], ms: number): Promise<{ late: number; took: number }> => new Promise((resolve) => {
  const t0 = performance.now();
  waitOn(clock, ms, (late) => resolve({ late, took: performance.now() - t0 }));
});

test('a wall-clock wait never ends early and reports its lateness in high resolution', async () => {
  for (const ms of [1, PRECISE_LEAD_MS, 10, 25]) {
    const r = await wait(systemClock, ms);
    assert.ok(r.took >= ms, `${ms} ms wait ended after ${r.took} ms`);
    assert.ok(r.late >= 0 && r.late <= r.took - ms + 0.001, `late ${r.late} vs took ${r.took}`);
  }
});

test('preciseSystemClock: now() is the wall clock, timers fire no earlier than due and can be cancelled', async () => {
  const d = preciseSystemClock.now() - Date.now();
  assert.ok(Math.abs(d) <= 5);
  const t0 = performance.now();
  const took = await new Promise<number>((r) => { preciseSystemClock.setTimeout(() => r(performance.now() - t0), 15); });
  assert.ok(took >= 15, `fired after ${took} ms`);
  let fired = 0;
  const h1 = preciseSystemClock.setTimeout(() => fired++, 10); // real timer, then spin
  const h2 = preciseSystemClock.setTimeout(() => fired++, 1); // spin only
  preciseSystemClock.clearTimeout(h1);
  preciseSystemClock.clearTimeout(h2);
  await new Promise<void>((r) => { systemClock.setTimeout(() => r(), 30); });
  assert.is(fired, 0);
  assert.ok(isWallClock(preciseSystemClock) && isWallClock(systemClock));
});

test('on a virtual clock a wait is one exact clock timer (lateness 0)', async () => {
  const clock = new VirtualClock(0);
  assert.is(isWallClock(clock), false);
  let late = -1;
  const w = waitOn(clock, 50, (l) => { late = l; });
  clock.advanceSync(49);
  assert.is(late, -1);
  clock.advanceSync(1);
  assert.is(late, 0);
  let again = false;
  waitOn(clock, 10, () => { again = true; }).cancel();
  clock.advanceSync(20);
  assert.is(again, false);
  w.cancel();
});

test.run();
