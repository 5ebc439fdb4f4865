// Waiting on the injected clock. With a virtual clock a wait is one clock timer (exact, no wall
// time). With the wall clock (`systemClock`), Node timers fire up to ~1-2 ms late, so a wait is a
// timer set 2 ms short followed by a check on the high-resolution clock every event-loop turn:
// injected latencies then land within a fraction of a millisecond of the target.
// This is one of the two clock files of this part (with options.ts's Clock interface): the only
// place here that reads time outside the injected clock.
import { systemClock } from '../../protocol/index.js';
import type { Clock } from './options.js';

export interface Waiter { cancel(): void }

/**
 * Calls `fn` after `ms` of `clock` time, with how late it fires in ms (high resolution for the
 * wall clock; virtual clocks fire exactly, so 0).
 */
export function waitOn(clock: Clock, ms: number, fn: (lateMs: number) => void): Waiter {
  if (clock !== systemClock) {
    const h = clock.setTimeout(() => fn(0), ms);
    return { cancel: () => clock.clearTimeout(h) };
  }
  const target = performance.now() + ms;
  if (ms < 3) {
    const h = clock.setTimeout(() => fn(performance.now() - target), ms);
    return { cancel: () => clock.clearTimeout(h) };
  }
  let cancelled = false;
  let imm: NodeJS.Immediate | null = null;
  const spin = (): void => {
    imm = null;
    if (cancelled) return;
    const now = performance.now();
    if (now >= target) { fn(now - target); return; }
    imm = setImmediate(spin);
  };
  const h = clock.setTimeout(spin, ms - 2);
  return { cancel: () => { cancelled = true; clock.clearTimeout(h); if (imm) clearImmediate(imm); } };
}
