// A session: one DUT reachable over DCP, the operator server it talks to, and the clock that
// moves both. The emulator factory gives every case a fresh session (new virtual clock, new
// operator, new emulator: nothing leaks between cases, and a case's trace does not depend on the
// cases before it). An external register cannot be re-created: its factory reuses one session
// and brings it back to a known state between cases as far as DCP allows.
import { VirtualClock, systemClock } from '../../../protocol/index.js';
import type { CaseClock } from '../case.js';
import { connectDcp } from '../dcp/client.js';
import type { DcpClient, DcpHello, DeviceProfile } from '../dcp/types.js';
import type { TraceRecorder } from '../trace/recorder.js';
import { BenchError } from './errors.js';
import type { OperatorLike, Parts, LedgerEntryLike } from './parts.js';
import { sleep } from './wall.js';

/** Where virtual time starts in every session (fixed, so traces are reproducible). */
export const VIRTUAL_EPOCH = Date.UTC(2026, 0, 12, 4, 0, 0); // 09:00 Almaty, a Monday

export interface DutSession {
  dcp: DcpClient;
  ofd: OperatorLike;
  clock: CaseClock;
  /** true: virtual time (clock steps are instant and exact) */
  virtual: boolean;
  hello: DcpHello;
  profile: DeviceProfile;
  close(): Promise<void>;
}

export interface SessionFactory {
  /** a session for the next case (fresh DUT state when `isolating`) */
  open(trace: TraceRecorder, seed: number): Promise<DutSession>;
  readonly isolating: boolean;
  /** a clock reading for the trace between sessions */
  now(): number;
  close(): Promise<void>;
}

/** Records DCP traffic of a client into the trace (without the raw line: the JSON is lossless). */
export function dcpTraceHook(trace: TraceRecorder, pending?: Set<unknown>) {
  return (e: { kind: 'dcp.request' | 'dcp.response' | 'dcp.notification'; id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown }) => {
    if (pending && e.kind === 'dcp.request') pending.add(e.id);
    if (pending && e.kind === 'dcp.response') pending.delete(e.id);
    const { kind, ...rest } = e as typeof e & { line?: string };
    delete (rest as { line?: string }).line;
    trace.record(kind, rest);
  };
}

/**
 * Events that come from the DUT after it has done its work: operator frames seen so far are
 * written into the trace just before these. Frames travel over real loopback sockets, so the
 * moment one arrives relative to the bench's own steps (a clock step, a pause) is a race; tying
 * them to the DUT's next answer keeps the trace the same from run to run.
 */
export const FRAME_FLUSH_KINDS: ReadonlySet<string> = new Set(['dcp.response', 'dcp.notification', 'case.end', 'run.end', 'clock']);

/** Records every operator ledger entry as an `ofd.frame` event (raw bytes kept as hex). */
export function attachOperatorTrace(ofd: OperatorLike, trace: TraceRecorder): (() => void) & { seen(): number } {
  let seen = 0;
  if (!ofd.events) return Object.assign(() => {}, { seen: () => seen });
  const buffer: LedgerEntryLike[] = [];
  let flushing = false;
  const flush = () => {
    if (flushing || buffer.length === 0) return;
    flushing = true;
    try {
      for (const e of buffer.splice(0)) {
        // the ledger entry as it is (its own seq as ledgerSeq): command, direction, result, faults,
        // decoded JSON and rawHex (lossless)
        // t is the operator's own time stamp of the frame
        const { seq, ...rest } = e;
        const at = (e as { at?: unknown }).at;
        trace.record('ofd.frame', { ledgerSeq: seq, ...rest }, typeof at === 'number' ? at : undefined);
      }
    } finally {
      flushing = false;
    }
  };
  const onEntry = (e: LedgerEntryLike) => { seen++; buffer.push(e); };
  ofd.events.on('entry', onEntry);
  const off = trace.onBeforeRecord((kind) => { if (FRAME_FLUSH_KINDS.has(kind)) flush(); });
  return Object.assign(() => {
    flush();
    off();
    ofd.events?.off?.('entry', onEntry);
  }, { seen: () => seen });
}

/**
 * Waits (real time) until the DUT and the operator are quiet: no new trace event and no new
 * operator frame for two consecutive 1 ms polls (at most `maxMs`). Work the DUT started without
 * needing the clock (signing, an operator round trip on loopback) is then done before the clock
 * moves, so the same seed gives the same trace.
 */
export async function quiesce(activity: () => number, maxMs = 200, busy?: () => boolean, busyMs = 25): Promise<void> {
  // a DCP call still in flight: give it a moment to finish on its own before the clock moves
  // (it may be waiting for the clock, e.g. for the operator's answer, so only `busyMs`)
  for (let waited = 0; busy?.() && waited < busyMs; waited++) await sleep(1);
  let last = activity();
  let stable = 0;
  for (let waited = 0; stable < 2 && waited < maxMs; waited++) {
    await sleep(1);
    await settleQuiet(activity);
    const now = activity();
    if (now === last) stable++;
    else { stable = 0; last = now; }
  }
}

const immediate = () => new Promise<void>((r) => setImmediate(r));

/**
 * The settle of the bench's virtual clock: event-loop turns (each passes the I/O poll phase)
 * until `activity` has not changed for 3 turns in a row (at most 500 turns).
 */
export async function settleQuiet(activity: () => number): Promise<void> {
  let last = activity();
  let stable = 0;
  for (let i = 0; stable < 3 && i < 500; i++) {
    await immediate();
    const now = activity();
    if (now === last) stable++;
    else { stable = 0; last = now; }
  }
}

/** Wraps the operator so that faults and orders a case makes are traced. */
export function tracedOperator(ofd: OperatorLike, trace: TraceRecorder): OperatorLike {
  const faults = {
    add: (spec: Parameters<OperatorLike['faults']['add']>[0]) => { trace.record('fault', { op: 'add', spec }); return ofd.faults.add(spec); },
    remove: (name: string) => { trace.record('fault', { op: 'remove', name }); return ofd.faults.remove(name); },
    reset: () => { trace.record('fault', { op: 'reset' }); return ofd.faults.reset(); },
  };
  return new Proxy(ofd, {
    get(target, prop, receiver) {
      if (prop === 'faults') return { ...target.faults, ...faults };
      if (prop === 'suspend' || prop === 'resume' || prop === 'notify' || prop === 'deregister') {
        const fn = (target as unknown as Record<string, (...a: unknown[]) => unknown>)[prop];
        return (...args: unknown[]) => { trace.record('ofd.order', { order: prop, args }); return fn?.apply(target, args); };
      }
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export interface EmulatorFactoryOptions {
  parts: Parts;
  profile: DeviceProfile;
  defects: string[];
  /** real time instead of virtual */
  wallClock: boolean;
  /** operator channels (failover tests need 2) @defaultValue 2 */
  channels?: number;
  requestTimeoutMs?: number;
}

/** A fresh in-process emulator + operator per session, sharing one clock (exact lock-step). */
export function emulatorSessions(o: EmulatorFactoryOptions): SessionFactory {
  let current: { now(): number } = o.wallClock ? systemClock : { now: () => VIRTUAL_EPOCH };
  return {
    isolating: true,
    now: () => current.now(),
    async open(trace, seed) {
      const clock = o.wallClock ? systemClock : new VirtualClock(VIRTUAL_EPOCH);
      current = clock;
      const ofd = await o.parts.startOperator({ clock, seed, provision: [o.profile.registration], ports: Array.from({ length: o.channels ?? 2 }, () => 0) });
      const detach = attachOperatorTrace(ofd, trace);
      let emu;
      try {
        emu = await o.parts.startEmulator({
          profile: o.profile,
          ofd: ofd.ports.map((port) => ({ host: '127.0.0.1', port })),
          clock,
          virtualClock: !o.wallClock,
          defects: o.defects,
          seed,
        });
      } catch (err) {
        detach();
        await ofd.close();
        throw new BenchError('BENCH_DUT_START', `could not start the emulator: ${(err as Error).message}`, { cause: err });
      }
      let dcp: DcpClient;
      const pending = new Set<unknown>();
      try {
        dcp = await connectDcp(emu.dcpUrl, { onTrace: dcpTraceHook(trace, pending), now: () => clock.now(), requestTimeoutMs: o.requestTimeoutMs });
      } catch (err) {
        detach();
        await emu.close();
        await ofd.close();
        throw new BenchError('BENCH_DUT_UNREACHABLE', `could not connect to the emulator's DCP at ${emu.dcpUrl}: ${(err as Error).message}`, { cause: err });
      }
      const hello = (await dcp.call('dcp.hello', {})) as DcpHello;
      const virtual = !o.wallClock && hello.capabilities.includes('virtual-clock');
      const activity = () => trace.seq + detach.seen();
      const caseClock = makeCaseClock({
        dcp, trace, virtual, now: () => clock.now(), operatorClock: null, activity, busy: () => pending.size > 0,
        // in-process: the emulator and the operator share this clock (exact lock-step); moving it
        // here with a settle that waits for loopback I/O to stand still after every timer is what
        // DCP clock.advance does, minus the races
        shared: clock instanceof VirtualClock ? clock : undefined,
      });
      return {
        dcp,
        ofd: tracedOperator(ofd, trace),
        clock: caseClock,
        virtual,
        hello,
        profile: o.profile,
        async close() {
          detach();
          await dcp.close().catch(() => {});
          await emu.close().catch(() => {});
          await ofd.close().catch(() => {});
        },
      };
    },
    async close() {},
  };
}

export interface CaseClockDeps {
  dcp: DcpClient;
  trace: TraceRecorder;
  virtual: boolean;
  now(): number;
  /** an operator clock of its own that must be moved too (external DUT with virtual-clock) */
  operatorClock: VirtualClock | null;
  /** a counter of what the DUT and operator did (virtual time waits until it stands still before a step) */
  activity?: () => number;
  /** the clock shared in-process by DUT and operator: advanced directly instead of over DCP */
  shared?: VirtualClock;
  /** a DCP call is in flight */
  busy?: () => boolean;
}

/**
 * Moves the DUT and the operator together. In virtual time: DCP `clock.advance` (the emulator
 * advances the shared clock and fires every due timer of both sides before it answers); an
 * external DUT with its own virtual clock is advanced over DCP after the bench's operator clock.
 * In wall time: real waiting.
 */
export function makeCaseClock(d: CaseClockDeps): CaseClock {
  return {
    now: () => d.now(),
    async advance(ms: number) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError('clock.advance: ms must be a non-negative number');
      if (d.virtual && d.activity) await quiesce(d.activity, 200, d.busy);
      const from = d.now();
      d.trace.record('clock', { op: 'advance', ms, from });
      if (d.virtual && d.shared && d.activity) {
        const activity = d.activity;
        await d.shared.advance(ms, () => settleQuiet(activity));
        await quiesce(activity, 200, d.busy);
      } else if (d.virtual) {
        if (d.operatorClock) await d.operatorClock.advance(ms);
        await d.dcp.call('clock.advance', { ms });
      } else {
        await sleep(ms);
      }
      const to = d.now();
      d.trace.record('clock', { op: 'advanced', ms, to });
      return to;
    },
  };
}

export interface ExternalFactoryOptions {
  parts: Pick<Parts, 'startOperator'>;
  profile: DeviceProfile;
  wallClock: boolean;
  /** the address the DUT can reach the operator at @defaultValue '127.0.0.1' */
  operatorHost?: string;
  /** where the operator listens @defaultValue '127.0.0.1' */
  listenHost?: string;
  channels?: number;
  requestTimeoutMs?: number;
}

/**
 * An external register (device profile's `dcp`): one connection for the whole run; the operator
 * is provisioned with the profile's registration and the DUT is pointed at it with settings.set.
 */
export function externalSessions(o: ExternalFactoryOptions): SessionFactory {
  let shared: DutSession | null = null;
  let opClock: VirtualClock | null = null;
  let ofdRef: OperatorLike | null = null;
  let detach: (() => void) & { seen(): number } = Object.assign(() => {}, { seen: () => 0 });
  return {
    isolating: false,
    now: () => (opClock ?? systemClock).now(),
    async open(trace, seed) {
      if (shared) {
        await normalize(shared);
        return shared;
      }
      let dcp: DcpClient;
      try {
        dcp = await connectDcp(o.profile.dcp, { onTrace: dcpTraceHook(trace), now: () => (opClock ?? systemClock).now(), requestTimeoutMs: o.requestTimeoutMs });
      } catch (err) {
        throw new BenchError('BENCH_DUT_UNREACHABLE', `could not connect to the DUT at ${o.profile.dcp}: ${(err as Error).message}`, { cause: err });
      }
      const hello = (await dcp.call('dcp.hello', {})) as DcpHello;
      const virtual = !o.wallClock && hello.capabilities.includes('virtual-clock');
      opClock = virtual ? new VirtualClock(VIRTUAL_EPOCH) : null;
      const clock = opClock ?? systemClock;
      const ofd = await o.parts.startOperator({ clock, seed, provision: [o.profile.registration], ports: Array.from({ length: o.channels ?? 2 }, () => 0), host: o.listenHost ?? '127.0.0.1' });
      ofdRef = ofd;
      detach = attachOperatorTrace(ofd, trace);
      const host = o.operatorHost ?? '127.0.0.1';
      const pw = o.profile.passwords.programming;
      try {
        await dcp.call('session.login', { mode: 'programming', password: pw });
        await dcp.call('settings.set', { channels: ofd.ports.map((port, i) => ({ name: `bench-${i + 1}`, host, port, priority: i + 1, enabled: true })) });
        await dcp.call('session.logout', {});
      } catch (err) {
        trace.record('note', { text: `could not point the DUT at the operator with settings.set: ${(err as Error).message}; the lab must do it by hand` });
      }
      shared = {
        dcp,
        ofd: tracedOperator(ofd, trace),
        clock: makeCaseClock({ dcp, trace, virtual, now: () => clock.now(), operatorClock: opClock, activity: () => trace.seq + detach.seen() }),
        virtual,
        hello,
        profile: o.profile,
        close: async () => {}, // closed by the factory at the end of the run
      };
      return shared;
    },
    async close() {
      detach();
      if (shared) await shared.dcp.close().catch(() => {});
      if (ofdRef) await ofdRef.close().catch(() => {});
      shared = null;
    },
  };

  async function normalize(s: DutSession): Promise<void> {
    // Best effort: operator faults and orders off, DUT logged out and powered.
    try { s.ofd.faults.reset(); } catch { /* ignore */ }
    try { await s.ofd.resume(s.profile.registration.kkmId); } catch { /* ignore */ }
    try { await s.dcp.call('session.logout', {}); } catch { /* ignore */ }
  }
}
