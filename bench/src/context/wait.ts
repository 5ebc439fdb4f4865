// Real-time pauses for polling what a DUT or the operator did (loopback I/O needs real event-loop
// turns even in virtual time). Uses the DCP client's clock file for timers.
import { wallClock } from '../dcp/clock.js';

/** Waits `ms` real milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => wallClock.setTimeout(r, ms));
}

/** Polls `probe` every `everyMs` real ms until it returns a value other than undefined, or `timeoutMs` passes. */
export async function poll<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 2000, everyMs = 5): Promise<T | undefined> {
  const deadline = wallClock.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (wallClock.now() >= deadline) return undefined;
    await pause(everyMs);
  }
}
