// Waiting on the injected clock. With a virtual clock a wait is one clock timer (exact, no wall
// time). With the wall clock, a Node timer can end up to ~1 ms early (libuv counts whole
// milliseconds of a loop time cached at the start of each event-loop turn) and, on a busy loop,
// late; a wall-clock wait is therefore `preciseSystemClock`'s: one shared scheduler holds every
// pending precise wait in a heap ordered by due time, arms ONE real timer PRECISE_LEAD_MS before
// the earliest, and covers the rest with ONE check of the high-resolution clock per event-loop
// turn (setImmediate, so I/O keeps being served meanwhile), firing every wait that is due in that
// turn. So waits never end early, land within a fraction of a millisecond of due unless the process
// itself is not running, and many waits due together cost one short spin, not one spin each.
// (The previous design gave every wait its own 4 ms setImmediate spin: N waits due together meant
// N spinners for 4 ms, a CPU-bound process the kernel schedules late, and garbage — one
// Immediate per spinner per turn — whose scavenges landed exactly in the window of the delays.)
// This is one of the two clock files of this part (with options.ts's Clock interface): the only
// place here that reads time outside the injected clock.
import { systemClock } from '../../protocol/index.js';
import type { Clock } from './options.js';

export interface Waiter {
  cancel(): void;
  /** how late, now, relative to the wait's due time (ms; high resolution on the wall clock, 0 on a virtual clock) */
  lateNow(): number;
}

/**
 * How much earlier than due the real timer of a precise wait is set (ms): it covers the
 * whole-millisecond rounding of Node/libuv timers (up to ~1 ms early) and about as much of a late
 * wake-up on a shared machine; the last part is checked every event-loop turn. Since one check
 * loop serves every wait due together, a lead costs about that many ms of loop per group of
 * delays, not per delay.
 */
export const PRECISE_LEAD_MS = 2;

interface PreciseHandle { target: number; fn: (lateMs: number) => void; cancelled: boolean; seq: number }

/** Pending precise waits: a binary min-heap on (target, seq) — equal targets fire in order of creation. */
const heap: PreciseHandle[] = [];
let seqNo = 0;
let timer: unknown = null;
/** due time the real timer was armed for (its target minus the lead), or Infinity */
let timerFor = Infinity;
let imm: NodeJS.Immediate | null = null;

const before = (a: PreciseHandle, b: PreciseHandle): boolean => a.target < b.target || (a.target === b.target && a.seq < b.seq);

function heapPush(h: PreciseHandle): void {
  heap.push(h);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i]!, heap[p]!)) break;
    [heap[i], heap[p]] = [heap[p]!, heap[i]!];
    i = p;
  }
}

function heapPop(): PreciseHandle {
  const top = heap[0]!;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
  return top;
}

/** Fires every wait that is due, then arms the timer or the per-turn check for the next one. */
function tick(): void {
  imm = null;
  while (heap.length > 0) {
    const h = heap[0]!;
    if (h.cancelled) { heapPop(); continue; }
    const now = performance.now();
    if (now < h.target) break;
    heapPop();
    h.cancelled = true;
    try { h.fn(now - h.target); } catch (e) { queueMicrotask(() => { throw e; }); } // the scheduler survives a throwing callback
  }
  arm();
}

function onTimer(): void {
  timer = null;
  timerFor = Infinity;
  tick();
}

/** Arms one real timer (earliest wait − lead) or, when that is closer than the lead, the per-turn check. */
function arm(): void {
  while (heap.length > 0 && heap[0]!.cancelled) heapPop();
  if (heap.length === 0) {
    if (timer !== null) { systemClock.clearTimeout(timer); timer = null; timerFor = Infinity; }
    if (imm !== null) { clearImmediate(imm); imm = null; }
    return;
  }
  const target = heap[0]!.target;
  const rest = target - performance.now() - PRECISE_LEAD_MS;
  if (rest <= 0) {
    if (timer !== null) { systemClock.clearTimeout(timer); timer = null; timerFor = Infinity; }
    imm ??= setImmediate(tick);
    return;
  }
  if (imm !== null) { clearImmediate(imm); imm = null; }
  if (timer !== null && timerFor <= target - PRECISE_LEAD_MS) return; // armed early enough already
  if (timer !== null) systemClock.clearTimeout(timer);
  timer = systemClock.setTimeout(onTimer, rest);
  timerFor = target - PRECISE_LEAD_MS;
}

/** A precise wall-clock wait: `fn` gets how late it fired (ms, high resolution). */
function preciseWait(ms: number, fn: (lateMs: number) => void): PreciseHandle {
  const h: PreciseHandle = { target: performance.now() + Math.max(0, ms), fn, cancelled: false, seq: seqNo++ };
  heapPush(h);
  if (heap[0] === h) arm();
  return h;
}

function cancelPrecise(h: PreciseHandle): void {
  if (h.cancelled) return;
  h.cancelled = true;
  // drop it now if it is the earliest (so the timer is re-armed for the next one); otherwise it
  // is skipped when it reaches the top
  if (heap[0] === h) arm();
}

/** Pending precise waits (cancelled ones not yet dropped included); for tests. */
export function pendingPreciseWaits(): number { return heap.filter((h) => !h.cancelled).length; }

/**
 * The wall clock with precise timers: `now()` is `systemClock.now()`; `setTimeout` fires no
 * earlier than due and within a fraction of a millisecond of it (see the file comment). The server
 * uses it for injected delays when it runs on `systemClock` (the default); plain timers (idle
 * timeouts) stay on `systemClock`.
 */
export const preciseSystemClock: Clock = {
  now: () => systemClock.now(),
  setTimeout: (fn, ms) => preciseWait(ms, () => fn()),
  clearTimeout: (h) => { if (h && typeof h === 'object' && 'cancelled' in h) cancelPrecise(h as PreciseHandle); },
};

/** Whether waits on `clock` are wall-clock waits (lateness measured in high resolution). */
export function isWallClock(clock: Clock): boolean {
  return clock === systemClock || clock === preciseSystemClock;
}

/**
 * Calls `fn` after `ms` of `clock` time, with how late it fires in ms (high resolution for the
 * wall clock, through preciseSystemClock's scheduler; virtual clocks fire exactly, so 0).
 */
export function waitOn(clock: Clock, ms: number, fn: (lateMs: number) => void): Waiter {
  if (!isWallClock(clock)) {
    const h = clock.setTimeout(() => fn(0), ms);
    return { cancel: () => clock.clearTimeout(h), lateNow: () => 0 };
  }
  const h = preciseWait(ms, fn);
  return { cancel: () => cancelPrecise(h), lateNow: () => performance.now() - h.target };
}
