// The bench side's real timers and wall time, for the DCP client's own timeouts (a bench
// timeout is real time even when the DUT runs in virtual time). The only file of the DCP
// client that touches the system clock; same shape as protocol's Clock.

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Real time, real timers. */
export const wallClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};
