// Waiting on the injected clock. With a virtual clock a wait is one clock timer (exact, no wall
// time). With the wall clock, Node timers fire up to a few ms late (more on a loaded machine), so
// a wall-clock wait is `preciseSystemClock`'s timer: a real timer set PRECISE_LEAD_MS short,
// then a check of the high-resolution clock every event-loop turn (setImmediate, so I/O keeps
// being served meanwhile) until the target: injected latencies land within a fraction of a
// millisecond of it unless the process itself is not running.
// This is one of the two clock files of this part (with options.ts's Clock interface): the only
// place here that reads time outside the injected clock.
import { systemClock } from '../../protocol/index.js';
import type { Clock } from './options.js';

export interface Waiter { cancel(): void }

/** How much earlier than due the real timer of a precise wait is set (ms): covers late timers. */
export const PRECISE_LEAD_MS = 4;

interface PreciseHandle { timer: unknown; imm: NodeJS.Immediate | null; cancelled: boolean }

/** A precise wall-clock wait: `fn` gets how late it fired (ms, high resolution). */
function preciseWait(ms: number, fn: (lateMs: number) => void): PreciseHandle {
  const target = performance.now() + ms;
  const h: PreciseHandle = { timer: null, imm: null, cancelled: false };
  const spin = (): void => {
    h.imm = null;
    if (h.cancelled) return;
    const now = performance.now();
    if (now >= target) { fn(now - target); return; }
    h.imm = setImmediate(spin);
  };
  if (ms > PRECISE_LEAD_MS) h.timer = systemClock.setTimeout(spin, ms - PRECISE_LEAD_MS);
  else h.imm = setImmediate(spin);
  return h;
}

function cancelPrecise(h: PreciseHandle): void {
  h.cancelled = true;
  if (h.timer !== null) systemClock.clearTimeout(h.timer);
  if (h.imm) clearImmediate(h.imm);
}

/**
 * The wall clock with precise timers: `now()` is `systemClock.now()`; `setTimeout` fires within
 * a fraction of a millisecond of due (a real timer PRECISE_LEAD_MS early, then event-loop turns
 * until due), at the price of a few ms of busy event loop per timer. The server uses it for
 * injected delays when it runs on `systemClock` (the default); plain timers (idle timeouts)
 * stay on `systemClock`.
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
 * wall clock, through preciseSystemClock's timer; virtual clocks fire exactly, so 0).
 */
export function waitOn(clock: Clock, ms: number, fn: (lateMs: number) => void): Waiter {
  if (!isWallClock(clock)) {
    const h = clock.setTimeout(() => fn(0), ms);
    return { cancel: () => clock.clearTimeout(h) };
  }
  const h = preciseWait(ms, fn);
  return { cancel: () => cancelPrecise(h) };
}
