// Time, injected. The fiscal module may import nothing of the other parts, so it declares its
// own Clock with the same shape as protocol/src/clock.ts (TypeScript compares by shape, so the
// bench's VirtualClock fits). Only this file reads the system's time or sets real timers.

export interface Clock {
  /** epoch milliseconds */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The wall clock: real time, real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
