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
import { apduTraceEvents, type ApduExchange } from '../trace/apdu.js';
import { BenchError } from '../errors.js';
import type { OperatorLike, Parts, LedgerEntryLike } from './parts.js';
import { sleep, withTimeout } from './wall.js';

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

/**
 * What the DUT and the operator do on their own (DCP notifications, operator frames) reaches the
 * bench over real loopback sockets, so where it lands relative to the bench's own steps (a clock
 * step, a pause) is a race. These events are therefore buffered and written into the trace just
 * before the DUT's next DCP answer (and at the end of a case or run): frames first, in the
 * operator's ledger order, then notifications, in their order on the DCP connection; `t` is the
 * time they are written. The same seed then gives the same trace. (The operator's own time stamp
 * of a frame stays in its ledger, which the cases read.)
 */
export const ASYNC_FLUSH_KINDS: ReadonlySet<string> = new Set(['dcp.response', 'case.end', 'run.end']);

export class AsyncEvents {
  private frames: LedgerEntryLike[] = [];
  private apdus: Record<string, unknown>[] = [];
  private notes: Record<string, unknown>[] = [];
  private flushing = false;
  private count = 0;
  private frameCount = 0;
  private readonly off: () => void;

  constructor(private readonly trace: TraceRecorder) {
    this.off = trace.onBeforeRecord((kind) => { if (ASYNC_FLUSH_KINDS.has(kind)) this.flush(); });
  }

  /** how many asynchronous events arrived so far */
  seen(): number {
    return this.count;
  }

  /** how many operator frames arrived so far */
  framesSeen(): number {
    return this.frameCount;
  }

  frame(e: LedgerEntryLike): void {
    this.count++;
    this.frameCount++;
    // snapshot now: ledger entries compute rawHex/decoded lazily (toJSON) and may release the
    // decoded message after the event
    const j = (e as { toJSON?: () => unknown }).toJSON;
    this.frames.push(typeof j === 'function' ? (j.call(e) as LedgerEntryLike) : { ...e });
  }

  /** one exchange with the DUT's simulated card (two trace events: command, status word) */
  apdu(e: ApduExchange): void {
    this.count++;
    this.apdus.push(...apduTraceEvents(e));
  }

  notification(e: Record<string, unknown>): void {
    this.count++;
    this.notes.push(e);
  }

  flush(): void {
    if (this.flushing || (this.frames.length === 0 && this.apdus.length === 0 && this.notes.length === 0)) return;
    this.flushing = true;
    try {
      // the card first (a document is stored and signed in the module before it is sent), in the
      // order of the exchanges
      for (const a of this.apdus.splice(0)) this.trace.record('apdu', a);
      const frames = this.frames.splice(0).sort((a, b) => a.seq - b.seq);
      for (const e of frames) {
        // the ledger entry (its seq as ledgerSeq): command, direction, result, faults, decoded JSON, rawHex
        const { seq, at: _at, ...rest } = e as LedgerEntryLike & { at?: unknown };
        void _at;
        this.trace.record('ofd.frame', { ledgerSeq: seq, ...rest });
      }
      for (const n of this.notes.splice(0)) this.trace.record('dcp.notification', n);
    } finally {
      this.flushing = false;
    }
  }

  close(): void {
    this.flush();
    this.off();
  }
}

/** Records DCP traffic of a client into the trace (without the raw line: the JSON is lossless). */
/**
 * Operator ports are ephemeral (port 0): in the trace, a `port` field holding one of them is
 * written as "ofd:<channel>", so traces do not depend on which ports the OS handed out.
 */
export function symbolicPorts(value: unknown, ports: ReadonlyMap<number, string>): unknown {
  if (ports.size === 0 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => symbolicPorts(v, ports));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = k === 'port' && typeof v === 'number' && ports.has(v) ? ports.get(v) : symbolicPorts(v, ports);
  }
  return out;
}

export function dcpTraceHook(trace: TraceRecorder, pending?: Map<unknown, number>, async?: AsyncEvents, ports: ReadonlyMap<number, string> = new Map()) {
  return (e: { kind: 'dcp.request' | 'dcp.response' | 'dcp.notification'; id?: number; method?: string; params?: unknown; result?: unknown; error?: unknown }) => {
    // in flight: id → how many operator frames had arrived when it was sent
    if (pending && e.kind === 'dcp.request') pending.set(e.id, async?.framesSeen() ?? 0);
    if (pending && e.kind === 'dcp.response') pending.delete(e.id);
    const { kind, ...raw } = e as typeof e & { line?: string };
    delete (raw as { line?: string }).line;
    const rest = symbolicPorts(raw, ports) as Record<string, unknown>;
    if (kind === 'dcp.notification' && async) async.notification(rest);
    else trace.record(kind, rest);
  };
}

/** Feeds every operator ledger entry into `async` (→ `ofd.frame` events, raw bytes kept as hex). */
export function attachOperatorTrace(ofd: OperatorLike, async: AsyncEvents): () => void {
  if (!ofd.events) return () => {};
  const onEntry = (e: LedgerEntryLike) => async.frame(e);
  ofd.events.on('entry', onEntry);
  return () => {
    ofd.events?.off?.('entry', onEntry);
  };
}

/**
 * Quiescence without real time. In-process, the DUT and the operator do all their work on this
 * event loop (signing and QR rendering are synchronous; loopback writes complete at once and are
 * readable at the next poll phase), so "quiet" is a condition on the loop, not a pause: no
 * socket connect/shutdown/file request in flight (`process.getActiveResourcesInfo()`), and the
 * activity counter (trace events, operator frames, notifications) unchanged for a number of
 * event-loop turns. A DCP call in flight needs more quiet turns than an idle DUT (a request can
 * take a few hops — bench → DUT → operator → DUT → bench — before anything is counted).
 * This needs TCP_NODELAY on the loopback sockets (the emulator, ofd-mock and the DCP client set
 * it): with Nagle, a small write right after another one waits ~40 ms of real time for the
 * delayed ACK, and no event-loop condition can see those bytes.
 */
export interface QuiesceOptions {
  /** a DCP call is in flight */
  busy?: () => boolean;
  /** quiet turns needed while `busy` @defaultValue QUIET_TURNS_BUSY */
  busyTurns?: number;
  /** quiet turns needed otherwise @defaultValue QUIET_TURNS_IDLE */
  idleTurns?: number;
}

/** Quiet event-loop turns before a clock step while a DCP call is in flight. */
export const QUIET_TURNS_BUSY = 24;
/** Quiet event-loop turns before a clock step (and after every timer) when no call is in flight. */
export const QUIET_TURNS_IDLE = 4;
/** A safety stop (turns), never reached by a DUT that waits on the clock. */
const MAX_TURNS = 20_000;

/** Kinds of libuv requests that mean I/O is under way (long-lived handles such as sockets and servers are not). */
const IN_FLIGHT = new Set(['ConnectWrap', 'ShutdownWrap', 'SimpleShutdownWrap', 'WriteWrap', 'FSReqCallback', 'FSReqPromise', 'GetAddrInfoReqWrap', 'FileHandleCloseReq', 'QueryWrap']);

/** true while a socket connect, shutdown, write or file request is in flight anywhere in the process. */
export function ioInFlight(): boolean {
  for (const r of process.getActiveResourcesInfo()) if (IN_FLIGHT.has(r)) return true;
  return false;
}

export async function quiesce(activity: () => number, o: QuiesceOptions = {}): Promise<void> {
  let last = activity();
  let stable = 0;
  for (let i = 0; i < MAX_TURNS; i++) {
    const need = o.busy?.() ? o.busyTurns ?? QUIET_TURNS_BUSY : o.idleTurns ?? QUIET_TURNS_IDLE;
    if (stable >= need) return;
    await immediate();
    const now = activity();
    if (now !== last || ioInFlight()) { stable = 0; last = now; } else stable++;
  }
}

const immediate = () => new Promise<void>((r) => setImmediate(r));

/** The settle of the bench's virtual clock after every timer (see `quiesce`). */
export async function settleQuiet(activity: () => number, busy?: () => boolean): Promise<void> {
  await quiesce(activity, { busy });
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
      trace.setClock(clock);
      const ofd = await o.parts.startOperator({ clock, seed, provision: [o.profile.registration], ports: Array.from({ length: o.channels ?? 2 }, () => 0) });
      const async = new AsyncEvents(trace);
      const detachOperator = attachOperatorTrace(ofd, async);
      const detach = () => { detachOperator(); async.close(); };
      let emu;
      try {
        emu = await o.parts.startEmulator({
          profile: o.profile,
          ofd: ofd.ports.map((port) => ({ host: '127.0.0.1', port })),
          clock,
          virtualClock: !o.wallClock,
          defects: o.defects,
          seed,
          apduLog: (e) => async.apdu(e),
        });
      } catch (err) {
        detach();
        await ofd.close();
        throw new BenchError('BENCH_DUT_START', `could not start the emulator: ${(err as Error).message}`, { cause: err });
      }
      let dcp: DcpClient;
      const pending = new Map<unknown, number>();
      try {
        const ports = new Map(ofd.ports.map((p, i) => [p, `ofd:${i}`] as const));
        dcp = await connectDcp(emu.dcpUrl, { onTrace: dcpTraceHook(trace, pending, async, ports), now: () => clock.now(), requestTimeoutMs: o.requestTimeoutMs });
      } catch (err) {
        detach();
        await emu.close();
        await ofd.close();
        throw new BenchError('BENCH_DUT_UNREACHABLE', `could not connect to the emulator's DCP at ${emu.dcpUrl}: ${(err as Error).message}`, { cause: err });
      }
      const hello = (await dcp.call('dcp.hello', {})) as DcpHello;
      const virtual = !o.wallClock && hello.capabilities.includes('virtual-clock');
      const activity = () => trace.seq + async.seen();
      const caseClock = makeCaseClock({
        dcp, trace, virtual, now: () => clock.now(), operatorClock: null, activity, pending, asyncSeen: () => async.framesSeen(),
        // in-process: the emulator and the operator share this clock (exact lock-step); moving it
        // here with a settle that waits for loopback I/O to stand still after every timer is what
        // DCP clock.advance does, minus the races
        shared: clock instanceof VirtualClock ? clock : undefined,
        stopped: () => closed,
      });
      let closed = false;
      return {
        dcp,
        ofd: tracedOperator(ofd, trace),
        clock: caseClock,
        virtual,
        hello,
        profile: o.profile,
        async close() {
          // a clock step still running (a case that timed out) stops at its next timer
          closed = true;
          detach();
          const bounded = (p: Promise<unknown>) => withTimeout(p, CLOSE_TIMEOUT_MS, () => new Error('close timed out')).catch(() => {});
          await bounded(dcp.close());
          await bounded(emu.close());
          await bounded(ofd.close());
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
  /** the session was closed: a clock step in progress must stop */
  stopped?: () => boolean;
  /** the ids of DCP calls in flight */
  pending?: ReadonlyMap<unknown, number>;
  /** operator frames so far (AsyncEvents.framesSeen): a call that made the DUT send one has stirred */
  asyncSeen?: () => number;
}

/**
 * Moves the DUT and the operator together. In virtual time: DCP `clock.advance` (the emulator
 * advances the shared clock and fires every due timer of both sides before it answers); an
 * external DUT with its own virtual clock is advanced over DCP after the bench's operator clock.
 * In wall time: real waiting.
 */
/** Closing a session's parts never waits longer than this (real ms). */
export const CLOSE_TIMEOUT_MS = 5_000;
/** A clock step that fires more timers than this is a timer loop: the case gets `error`. */
export const MAX_TIMERS_PER_STEP = 2_000_000;

export function makeCaseClock(d: CaseClockDeps): CaseClock {
  let quietAt = -1;
  const busy = () => (d.pending ? d.pending.size > 0 : false);
  return {
    now: () => d.now(),
    async advance(ms: number) {
      if (!(Number.isFinite(ms) && ms >= 0)) throw new RangeError('clock.advance: ms must be a non-negative number');
      // quiet already since the end of the last step: no need to wait again
      if (d.virtual && d.activity && (d.activity() !== quietAt || busy())) await quiesce(d.activity, { busy });
      const from = d.now();
      d.trace.record('clock', { op: 'advance', ms, from });
      if (d.virtual && d.shared && d.activity) {
        const activity = d.activity;
        let settles = 0;
        await d.shared.advance(ms, () => {
          if (d.stopped?.()) throw new BenchError('BENCH_CASE_TIMEOUT', 'the session was closed during a clock step');
          if (++settles > MAX_TIMERS_PER_STEP) throw new BenchError('BENCH_CASE_TIMEOUT', `more than ${MAX_TIMERS_PER_STEP} timers fired in one clock step of ${ms} ms (a timer loop in the DUT?)`);
          return settleQuiet(activity, busy);
        });
        await quiesce(activity, { busy });
      } else if (d.virtual) {
        // an external DUT works in its own process: a call in flight gets a short real-time
        // grace before its clock moves (there is no event loop of its to watch)
        if (busy()) await externalGrace(d);
        if (d.operatorClock) await d.operatorClock.advance(ms);
        await d.dcp.call('clock.advance', { ms });
      } else {
        await sleep(ms);
      }
      const to = d.now();
      d.trace.record('clock', { op: 'advanced', ms, to });
      if (d.activity) quietAt = d.activity();
      return to;
    },
  };
}

/** Real time an external DUT's call in flight may take before the clock moves (ms). */
export const EXTERNAL_GRACE_MS = 400;

/** Until the calls in flight answer, or nothing new has happened for 60 ms, at most EXTERNAL_GRACE_MS. */
async function externalGrace(d: CaseClockDeps): Promise<void> {
  const activity = d.activity ?? (() => 0);
  let last = activity();
  let quiet = 0;
  for (let waited = 0; waited < EXTERNAL_GRACE_MS && quiet < 60 && (d.pending?.size ?? 0) > 0; waited++) {
    await sleep(1);
    const a = activity();
    if (a === last) quiet++;
    else { quiet = 0; last = a; }
  }
}

/** The register's own time (DCP clock.get), or VIRTUAL_EPOCH when it gives none. */
async function dutEpoch(dcp: DcpClient): Promise<number> {
  try {
    const t = Date.parse(((await dcp.call('clock.get', {})) as { now: string }).now);
    return Number.isFinite(t) ? t : VIRTUAL_EPOCH;
  } catch {
    return VIRTUAL_EPOCH;
  }
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
  const pending = new Map<unknown, number>();
  let ofdRef: OperatorLike | null = null;
  let detach: () => void = () => {};
  let async: AsyncEvents | null = null;
  return {
    isolating: false,
    now: () => (opClock ?? systemClock).now(),
    async open(trace, seed) {
      if (shared) {
        await normalize(shared);
        // a case that programmed the register's date/time (clock.set, reqs 41, 42) moved its clock
        // and not the operator's: the operator catches up before the next case
        if (opClock) {
          const dut = await dutEpoch(shared.dcp);
          if (dut > opClock.now()) await opClock.advanceTo(dut);
        }
        return shared;
      }
      let dcp: DcpClient;
      try {
        async = new AsyncEvents(trace);
        dcp = await connectDcp(o.profile.dcp, { onTrace: dcpTraceHook(trace, pending, async), now: () => (opClock ?? systemClock).now(), requestTimeoutMs: o.requestTimeoutMs });
      } catch (err) {
        throw new BenchError('BENCH_DUT_UNREACHABLE', `could not connect to the DUT at ${o.profile.dcp}: ${(err as Error).message}`, { cause: err });
      }
      const hello = (await dcp.call('dcp.hello', {})) as DcpHello;
      const virtual = !o.wallClock && hello.capabilities.includes('virtual-clock');
      // the operator's clock starts where the register's is: an operator judges the register's
      // document times (shift older than 24 h, offline period) against its own clock
      opClock = virtual ? new VirtualClock(await dutEpoch(dcp)) : null;
      const clock = opClock ?? systemClock;
      const ofd = await o.parts.startOperator({ clock, seed, provision: [o.profile.registration], ports: Array.from({ length: o.channels ?? 2 }, () => 0), host: o.listenHost ?? '127.0.0.1' });
      ofdRef = ofd;
      detach = attachOperatorTrace(ofd, async!);
      const host = o.operatorHost ?? '127.0.0.1';
      const pw = o.profile.passwords.programming;
      try {
        const st = await dcp.call('state.get', {});
        if (!st.powered) await dcp.call('power.on', {});
        await dcp.call('session.logout', {}).catch(() => undefined);
        await dcp.call('session.login', { mode: 'programming', password: pw });
        await dcp.call('settings.set', { channels: ofd.ports.map((port, i) => ({ name: `bench-${i + 1}`, host, port, priority: i + 1, enabled: true })) });
        await dcp.call('session.logout', {});
        await dcp.call('power.off', {});
      } catch (err) {
        trace.record('note', { text: `could not point the DUT at the operator with settings.set: ${(err as Error).message}; the lab must do it by hand` });
      }
      shared = {
        dcp,
        ofd: tracedOperator(ofd, trace),
        clock: makeCaseClock({ dcp, trace, virtual, now: () => clock.now(), operatorClock: opClock, activity: () => trace.seq + (async?.seen() ?? 0), pending, asyncSeen: () => async?.framesSeen() ?? 0 }),
        virtual,
        hello,
        profile: o.profile,
        close: async () => {}, // closed by the factory at the end of the run
      };
      return shared;
    },
    async close() {
      detach();
      async?.close();
      if (shared) await shared.dcp.close().catch(() => {});
      if (ofdRef) await ofdRef.close().catch(() => {});
      shared = null;
    },
  };

  /**
   * Brings the shared register back to where a fresh one starts, as far as DCP allows: operator
   * faults off and suspension lifted, queue delivered, an open shift closed with a Z-report,
   * logged out, powered off (cases and model paths begin with power.on).
   */
  async function normalize(s: DutSession): Promise<void> {
    const call = (m: string, p: unknown = {}) => s.dcp.request(m, p);
    try { s.ofd.faults.reset(); } catch { /* ignore */ }
    try { await s.ofd.resume(s.profile.registration.kkmId); } catch { /* ignore */ }
    try {
      let st = (await call('state.get')) as { powered: boolean; shift: { open: boolean }; offline: { queued: number; since: string | null } };
      if (!st.powered) { await call('power.on'); st = (await call('state.get')) as typeof st; }
      for (let i = 0; i < 60 && (st.offline.queued > 0 || st.offline.since !== null); i++) {
        await s.clock.advance(30_000);
        st = (await call('state.get')) as typeof st;
      }
      // a lifted suspension reaches the register at its next contact with the operator
      await s.clock.advance(120_000);
      st = (await call('state.get')) as typeof st;
      for (let attempt = 0; attempt < 3 && st.shift.open; attempt++) {
        await call('session.logout').catch(() => undefined);
        await call('session.login', { mode: 'close_shift', password: s.profile.passwords.close_shift });
        const z = call('report.z');
        for (let i = 0; i < 30; i++) {
          const done = await Promise.race([z.then(() => true, () => true), sleep(5).then(() => false)]);
          if (done) break;
          await s.clock.advance(1_000);
        }
        await z.catch(() => undefined);
        st = (await call('state.get')) as typeof st;
        if (st.shift.open) await s.clock.advance(60_000);
      }
      await call('session.logout').catch(() => undefined);
      await call('power.off', {});
    } catch {
      /* best effort: a case that needs a state prepares it itself */
    }
  }
}
