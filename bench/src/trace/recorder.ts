// The trace recorder: every DCP message, operator frame, clock step, fault, case boundary and
// check of a run, as versioned JSONL lines `{ v: 1, seq, t, kind, ... }` (bench/README.md).
// In virtual time `t` is the virtual clock (so the trace has no wall-clock timestamps and the
// same seed gives the same bytes); in wall time it is epoch ms of the system clock.
import { canonicalJson, redactSecrets, TRACE_VERSION } from './jsonl.js';

export type TraceKind =
  | 'run.start' | 'run.end'
  | 'dcp.request' | 'dcp.response' | 'dcp.notification'
  | 'ofd.frame' | 'ofd.order' | 'apdu' | 'clock' | 'fault'
  | 'case.start' | 'case.end' | 'check' | 'note';

/** One trace line. Kind-specific fields follow the four common ones. */
export interface TraceLine {
  v: typeof TRACE_VERSION;
  seq: number;
  t: number;
  kind: TraceKind;
  [field: string]: unknown;
}

export interface TraceRecorderOptions {
  /** time source for `t` (the bench's virtual clock, or a wall clock) */
  clock: { now(): number };
  /** called with every serialised line (without the newline), e.g. to stream to a file */
  sink?: (line: string) => void;
  /** keep events in memory for slices and reports @defaultValue true */
  keep?: boolean;
}

const RESERVED = new Set(['v', 'seq', 't', 'kind']);

export class TraceRecorder {
  private nextSeq = 1;
  private readonly lines: string[] = [];
  private readonly parsed: TraceLine[] = [];
  private readonly listeners = new Set<(e: TraceLine) => void>();

  private clock: { now(): number };

  constructor(private readonly opts: TraceRecorderOptions) {
    this.clock = opts.clock;
  }

  /** Switches the time source (a session's own clock). */
  setClock(clock: { now(): number }): void {
    this.clock = clock;
  }

  /**
   * Appends the events of another recorder (a case run on its own), renumbering their seq to
   * follow this trace. Returns the offset added to their seq.
   */
  append(events: readonly TraceLine[]): number {
    const offset = this.nextSeq - 1;
    for (const e of events) {
      const moved = { ...e, seq: e.seq + offset } as TraceLine;
      this.nextSeq = moved.seq + 1;
      const line = canonicalJson(moved);
      if (this.opts.keep !== false) {
        this.lines.push(line);
        this.parsed.push(moved);
      }
      this.opts.sink?.(line);
      for (const l of this.listeners) l(moved);
    }
    return offset;
  }

  /** Sequence number the next event will get. */
  get seq(): number {
    return this.nextSeq;
  }

  private readonly before = new Set<(kind: TraceKind) => void>();

  /**
   * Runs `hook(kind)` before every event is recorded (e.g. to flush buffered operator frames at
   * deterministic points). Returns the unsubscribe function.
   */
  onBeforeRecord(hook: (kind: TraceKind) => void): () => void {
    this.before.add(hook);
    return () => this.before.delete(hook);
  }

  /** Records one event (at `at`, default the clock's now); DCP payload secrets are redacted. Returns the stored line. */
  record(kind: TraceKind, fields: Record<string, unknown> = {}, at?: number): TraceLine {
    for (const h of this.before) h(kind);
    const body = kind.startsWith('dcp.') ? (redactSecrets(fields) as Record<string, unknown>) : fields;
    const event = { v: TRACE_VERSION, seq: this.nextSeq++, t: at ?? this.clock.now(), kind } as TraceLine;
    // the four common fields always win over same-named fields of the body
    for (const [k, v] of Object.entries(body)) if (!RESERVED.has(k)) event[k] = v;
    const line = canonicalJson(event);
    if (this.opts.keep !== false) {
      this.lines.push(line);
      this.parsed.push(JSON.parse(line) as TraceLine);
    }
    this.opts.sink?.(line);
    for (const l of this.listeners) l(event);
    return event;
  }

  /** Subscribes to recorded events (live progress, dashboards). */
  on(listener: (e: TraceLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** All kept events (plain JSON). */
  events(): readonly TraceLine[] {
    return this.parsed;
  }

  /** Events with from <= seq <= to. */
  slice(from: number, to: number): TraceLine[] {
    return this.parsed.filter((e) => e.seq >= from && e.seq <= to);
  }

  /** The whole kept trace as JSONL text (newline-terminated). */
  toJsonl(): string {
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }
}
