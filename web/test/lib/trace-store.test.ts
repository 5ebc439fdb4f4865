import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PAGE_SIZE, TraceStore } from '../../src/data/trace-store.js';
import type { TraceEvent } from '../../src/data/types.js';

function fakeFetch(total: number, calls: number[]) {
  return async (from: number, limit: number) => {
    calls.push(from);
    const events: TraceEvent[] = [];
    for (let i = from; i < Math.min(total, from + limit); i++) events.push({ v: 1, seq: i + 1, t: i, kind: 'clock' });
    return { total, events };
  };
}

test('fetches only the pages in view, once each, even when asked concurrently', async () => {
  const calls: number[] = [];
  const s = new TraceStore('r', 100_000, fakeFetch(100_000, calls));
  assert.is(s.get(0), undefined);
  await Promise.all([s.ensure(50_100, 50_200), s.ensure(50_150, 51_010)]);
  assert.equal(calls.sort((a, b) => a - b), [50 * PAGE_SIZE, 51 * PAGE_SIZE]);
  assert.is(s.get(50_123)?.seq, 50_124);
  assert.is(s.get(49_999), undefined);
  await s.ensure(50_500, 50_600);
  assert.is(calls.length, 2);
});

test('slice returns the loaded events of a range and notifies listeners', async () => {
  const calls: number[] = [];
  const s = new TraceStore('r', 2500, fakeFetch(2500, calls));
  let loads = 0;
  s.onLoad(() => loads++);
  const sl = await s.slice(990, 1010);
  assert.is(sl.length, 21);
  assert.is(sl[0]!.seq, 991);
  assert.is(loads, 2);
  assert.equal(await s.slice(2490, 3000).then((x) => x.length), 10);
});

test.run();
