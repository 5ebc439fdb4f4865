// Time, injected. Every component takes a Clock; only this file reads the system's time or
// sets real timers. The interface is a superset of XState's `Clock`, so the same object can be
// passed to `createActor(machine, { clock })`.

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

interface VirtualTimer { id: number; due: number; seq: number; fn: () => void }

/** Lets pending promise callbacks and I/O callbacks run before the next timer fires. */
export type Settle = () => Promise<void>;

/** Yields to the event loop a few times: enough for chained promise reactions and loopback I/O. */
export const settleEventLoop: Settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

/**
 * Virtual time. Nothing moves until `advance` is called; timers then fire in due order (ties in
 * the order they were set), each at exactly its due time, so a 6-second latency costs no wall
 * time and fires exactly. `advanceSync` fires without yielding (pure in-memory code);
 * `advance` awaits `settle` after every timer so that work started by one timer (promises,
 * socket I/O on loopback) is done before the next one fires.
 */
export class VirtualClock implements Clock {
  private current: number;
  private timers: VirtualTimer[] = [];
  private nextId = 1;
  private seq = 0;

  constructor(start = Date.UTC(2026, 0, 1, 5, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    this.timers.push({ id, due: this.current + delay, seq: this.seq++, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    const i = this.timers.findIndex((t) => t.id === handle);
    if (i >= 0) this.timers.splice(i, 1);
  }

  /** Number of timers waiting. */
  get pending(): number {
    return this.timers.length;
  }

  /** Due time of the earliest timer, or null. */
  nextDue(): number | null {
    const t = this.takeNext(Infinity, false);
    return t ? t.due : null;
  }

  private takeNext(limit: number, remove = true): VirtualTimer | undefined {
    let best: VirtualTimer | undefined;
    for (const t of this.timers) {
      if (t.due > limit) continue;
      if (!best || t.due < best.due || (t.due === best.due && t.seq < best.seq)) best = t;
    }
    if (best && remove) this.timers.splice(this.timers.indexOf(best), 1);
    return best;
  }

  /** Moves time forward by `ms`, firing due timers synchronously. */
  advanceSync(ms: number): number {
    if (!(ms >= 0)) throw new RangeError('advance: ms must be a non-negative number');
    const target = this.current + ms;
    for (let t = this.takeNext(target); t; t = this.takeNext(target)) {
      this.current = Math.max(this.current, t.due);
      t.fn();
    }
    this.current = target;
    return this.current;
  }

  /** Moves time forward by `ms`, firing due timers in order and settling after each. */
  async advance(ms: number, settle: Settle = settleEventLoop): Promise<number> {
    if (!(ms >= 0)) throw new RangeError('advance: ms must be a non-negative number');
    const target = this.current + ms;
    await settle();
    for (let t = this.takeNext(target); t; t = this.takeNext(target)) {
      this.current = Math.max(this.current, t.due);
      t.fn();
      await settle();
    }
    this.current = target;
    return this.current;
  }

  /** Jumps to an absolute time (never backwards), firing what falls due on the way. */
  async advanceTo(epochMs: number, settle: Settle = settleEventLoop): Promise<number> {
    return this.advance(Math.max(0, epochMs - this.current), settle);
  }
}
