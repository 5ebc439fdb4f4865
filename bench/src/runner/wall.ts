// The runner's only contact with real time: case timeouts, durations and run ids. (A clock file
// in the sense of the brief: nothing else in bench/src/runner reads the system time.)

import { systemClock, type Clock } from '../../../protocol/index.js';

export type WallClock = Clock;

/** Real time, real timers: protocol's system clock. */
export const wall: WallClock = systemClock;

/** Real time in ms with sub-ms precision, for measuring. */
export function hrtimeMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Resolves after `ms` of real time (wall-clock runs only). */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => wall.setTimeout(r, ms));
}

/** Rejects with `make()` if `p` is not settled within `ms` real ms. */
export async function withTimeout<T>(p: Promise<T>, ms: number, make: () => Error): Promise<T> {
  let handle: unknown;
  const timeout = new Promise<never>((_, reject) => { handle = wall.setTimeout(() => reject(make()), ms); });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    wall.clearTimeout(handle);
  }
}

/** A run id: UTC time to the second plus the seed, e.g. 20261122-141500-s1. */
export function makeRunId(seed: number, now = wall.now()): string {
  const d = new Date(now).toISOString();
  return `${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 19).replace(/:/g, '')}-s${seed}`;
}
