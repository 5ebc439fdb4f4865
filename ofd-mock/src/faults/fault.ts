// The fault model, after Toxiproxy's toxics but aimed at protocol messages: a fault matches frames
// by register, channel (port index), command and position (Nth message, next N, time window), and
// acts on each matched frame. Each kind is one small module implementing `FaultKind`.
// Time comes from the injected clock and chance from the seeded RNG in the context.
import type { Clock } from '../options.js';
import type { Rng } from '../rng.js';

export type FaultDirection = 'to-ofd' | 'to-kkm';

export type FaultKindName =
  | 'latency' | 'jitter' | 'blackhole' | 'answer_then_close' | 'reset' | 'close_after_bytes'
  | 'corrupt' | 'wrong_token' | 'wrong_reqnum' | 'result_code' | 'refuse' | 'bandwidth';

/** Which frames a fault applies to. Every given field must match. */
export interface FaultMatch {
  /** register id (header ID) */
  kkmId?: number;
  /** channel = index of the listening port in `ports` (0 = first) */
  channel?: number;
  /** command code (1) or name ('TICKET' / 'COMMAND_TICKET') */
  command?: number | string;
  /** act only on the Nth matching frame (1-based); with `count`, on N frames from the Nth on */
  nth?: number;
  /** act on at most this many matching frames, then stay idle */
  count?: number;
  /** active from this clock time (epoch ms or ISO string) */
  from?: number | string;
  /** active until this clock time, exclusive (epoch ms or ISO string) */
  until?: number | string;
}

/** What the control API and the programmatic API accept (the same JSON shape). */
export interface FaultSpec<A = Record<string, unknown>> {
  name: string;
  kind: FaultKindName;
  /** 'to-ofd': requests from the register; 'to-kkm': the operator's answers. @defaultValue 'to-kkm' */
  direction?: FaultDirection;
  /** chance in [0, 1] that a matching frame is affected. @defaultValue 1 */
  probability?: number;
  match?: FaultMatch;
  attrs?: Partial<A>;
}

/** A fault as installed: resolved spec and counters. */
export interface FaultView {
  name: string;
  kind: FaultKindName;
  direction: FaultDirection;
  probability: number;
  match: FaultMatch;
  attrs: Record<string, unknown>;
  /** frames (or connections, for `refuse`) that matched the filters */
  seen: number;
  /** frames the fault acted on */
  applied: number;
  /** false once `count` is used up or `until` has passed */
  active: boolean;
}

/** One frame passing through the fault pipeline. */
export interface FaultFrame {
  direction: FaultDirection;
  channel: number;
  connectionId: number;
  kkmId: number;
  /** command code from the decoded message, or null when the payload did not decode */
  command: number | null;
  reqNum: number;
  token: number;
  /** the whole frame (header + payload) */
  bytes: Uint8Array;
}

export type FrameAction =
  | { type: 'pass' }
  /** hold the frame for `ms` of clock time, then go on with the next fault */
  | { type: 'delay'; ms: number }
  /** the frame vanishes; the connection stays open */
  | { type: 'drop' }
  /** the frame is replaced by these bytes (corrupt, wrong token/reqnum) */
  | { type: 'replace'; bytes: Uint8Array }
  /** answer with this result code (to-ofd: without applying the request; to-kkm: instead of the real answer) */
  | { type: 'answer'; result: number; text?: string }
  /** to-kkm: write the frame, then close (FIN); to-ofd: close without answering */
  | { type: 'close' }
  /** close with RST without writing */
  | { type: 'reset' }
  /** write only the first `bytes` bytes, then close */
  | { type: 'truncate'; bytes: number }
  /** write at this rate (bytes per second of clock time) */
  | { type: 'throttle'; bytesPerSecond: number };

export interface FaultContext {
  clock: Clock;
  /** this fault's own seeded stream */
  rng: Rng;
}

export interface Fault {
  /** act on a matched frame (not called for `refuse`) */
  onFrame?(frame: FaultFrame, ctx: FaultContext): FrameAction;
  /** act on a new connection before any byte is read (`refuse`) */
  onConnect?(conn: { channel: number; connectionId: number }, ctx: FaultContext): 'accept' | 'reset' | 'close';
}

export interface FaultKind<A> {
  kind: FaultKindName;
  /** directions this kind can act in */
  directions: readonly FaultDirection[];
  defaults: A;
  /** every problem with the attributes (empty = fine); messages name the attribute */
  validate(attrs: A): string[];
  create(attrs: A, ctx: FaultContext): Fault;
}

/** Helper for kinds: a non-negative finite number check. */
export function nonNegative(attrs: Record<string, unknown>, key: string, out: string[], integer = false): void {
  const v = attrs[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (integer && !Number.isInteger(v))) {
    out.push(`attrs.${key} must be a non-negative ${integer ? 'integer' : 'number'}`);
  }
}
