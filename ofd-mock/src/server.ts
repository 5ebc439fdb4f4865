// The operator server: TCP listeners (one per channel), connections, the fault pipeline around
// the operator logic, the ledger, orders and the optional HTTP control API.
import { createServer, type Server, type Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import {
  APP_CODE, FrameDecoder, decodeRequestFrame, encodeResponseFrame, create, systemClock, isSupportedVersion, ResponseSchema,
} from '../../protocol/index.js';
import type { FrameHeader, Request, Response, Issue } from '../../protocol/index.js';
import { OfdMockError } from './errors.js';
import { checkRegistration, resolveOptions, type Clock, type OfdMockOptions, type Registration, type ResolvedOfdMockOptions } from './options.js';
import { createRng } from './rng.js';
import { Operator, RESULT } from './operator.js';
import { normalizeLoadedState, viewOf, type RegisterState, type RegisterView, type RegistrationState } from './registers.js';
import { Ledger, type LedgerEntry, type LedgerFilter } from './ledger.js';
import { SqliteStore } from './store.js';
import { FaultRegistry, type MatchedAction } from './faults/registry.js';
import type { FaultFrame, FaultSpec, FaultView } from './faults/fault.js';
import type { Violation } from './validation.js';
import { startControlApi, type ControlApi } from './control-api.js';
import { waitOn, type Waiter } from './clock.js';

export interface ConnectionEvent { type: 'open' | 'close'; connectionId: number; channel: number; remote: string }
export interface RegisterEvent { kind: 'auto-registered' | 'first-contact' | 'registered' | 'token-rotated' | 'suspended' | 'resumed' | 'notified' | 'deregistered' | 'registration-state'; kkmId: number; channel?: number }

/** A fault's delay that ended: how long it was asked for and how late it fired (wall clock: high resolution). */
export interface DelayEvent { fault: string; direction: 'to-ofd' | 'to-kkm'; kkmId: number | null; ms: number; lateMs: number }

export interface OfdMockEvents {
  entry: [LedgerEntry];
  connection: [ConnectionEvent];
  register: [RegisterEvent];
  delay: [DelayEvent];
}

export interface FaultsApi {
  add(spec: FaultSpec): FaultView;
  list(): FaultView[];
  get(name: string): FaultView;
  update(name: string, patch: Partial<FaultSpec>): FaultView;
  remove(name: string): FaultView;
  reset(): void;
}

export interface OfdMock {
  /** actual listening ports, index = channel */
  readonly ports: number[];
  readonly host: string;
  /** http://127.0.0.1:port of the control API, when started */
  readonly controlUrl: string | undefined;
  /** the token the control API requires */
  readonly controlToken: string | undefined;
  readonly clock: Clock;
  readonly options: Readonly<ResolvedOfdMockOptions>;
  provision(reg: Registration): RegisterView;
  registers(): RegisterView[];
  register(kkmId: number): RegisterView | undefined;
  /** answers become 15 BLOCKED with `reason` in result_text (req 16); by default the reason is also queued as a TICKET_AD_INFO */
  suspend(kkmId: number, reason: string, opts?: { notify?: boolean }): RegisterView;
  resume(kkmId: number): RegisterView;
  /** queues a TICKET_AD_INFO text for the cashier (req 17); returns its version */
  notify(kkmId: number, text: string): { version: string };
  /** answers become 15 (2.0.2/2.0.3) or 18 DEREGISTERED (2.0.4) */
  deregister(kkmId: number, reason?: string): RegisterView;
  /** 'pending' (answers 15 until `delayMs` passes, or until changed), 'refused' (answers 1 with the reason), 'registered', 'deregistered' */
  setRegistrationState(kkmId: number, state: RegistrationState, opts?: { reason?: string; delayMs?: number }): RegisterView;
  /** a token reset from the operator's cabinet */
  resetToken(kkmId: number, token: number): RegisterView;
  readonly faults: FaultsApi;
  readonly ledger: { entries(filter?: LedgerFilter): LedgerEntry[]; readonly size: number; clear(): void };
  readonly events: EventEmitter<OfdMockEvents>;
  /** open TCP connections from registers */
  connectionCount(): number;
  /** resolves once listening sockets match the installed 'unlisten' refuse faults */
  listenersSettled(): Promise<void>;
  close(): Promise<void>;
}

const EMPTY: string[] = [];
const NO_VIOLATIONS: Violation[] = [];
const EMPTY_ISSUES: Issue[] = [];

interface Conn { id: number; channel: number; socket: Socket; decoder: FrameDecoder; queue: Uint8Array[]; busy: boolean; dead: boolean; ending: boolean; kkmId: number | null; idle: unknown }

/** Starts the operator server (and its control API when `controlPort` is given). */
export async function startOfdMock(options: OfdMockOptions = {}): Promise<OfdMock> {
  const o = resolveOptions(options);
  const clock: Clock = o.clock ?? systemClock;
  const rng = createRng(o.seed);
  const events = new EventEmitter<OfdMockEvents>();
  events.setMaxListeners(100);
  const store = o.dbPath ? await SqliteStore.open(o.dbPath) : null;
  const dirty = new Set<RegisterState>();
  let flushScheduled = false;
  const flush = (): void => {
    flushScheduled = false;
    if (!store) return;
    for (const st of dirty) store.saveRegister(st);
    dirty.clear();
    store.putMeta('signCounter', String(operator.signCounter));
  };
  const operator: Operator = new Operator(o, clock, rng, {
    register: (ev) => { if (ev.kind !== 'token-rotated' || events.listenerCount('register') > 0) events.emit('register', ev); },
    listening: () => events.listenerCount('register') > 0,
    changed: (st) => {
      if (!store) return;
      dirty.add(st);
      if (!flushScheduled) { flushScheduled = true; setImmediate(flush); }
    },
  });
  if (store) {
    for (const st of store.loadRegisters()) operator.registers.set(st.reg.kkmId, normalizeLoadedState(st));
    operator.signCounter = Number(store.meta('signCounter') ?? '0');
  }
  for (const reg of o.provision) operator.provision(reg);
  const ledger = new Ledger(o.ledgerLimit, store, (e) => { if (events.listenerCount('entry') > 0) events.emit('entry', e); }, () => events.listenerCount('entry') > 0);
  const faults = new FaultRegistry(clock, rng.fork('faults'));
  const decodeOpts = { maxSize: o.maxFrameSize };
  const timers = new Set<Waiter>();
  const sleepers = new Set<() => void>();
  const conns = new Set<Conn>();
  let nextConnId = 1;
  let closed = false;

  /** Waits `ms` of clock time; resolves with the wait (its `lateNow()` tells how late the caller resumed). */
  const sleep = (ms: number): Promise<Waiter> => new Promise((resolve) => {
    const done = (): void => { timers.delete(w); sleepers.delete(done); resolve(w); };
    const w = waitOn(clock, ms, done);
    timers.add(w);
    sleepers.add(done);
  });
  /**
   * A delay a fault asked for: held, then announced as a 'delay' event with its accuracy, measured
   * when the held frame resumes (after the promise continuation), i.e. just before it goes on its
   * way (the answer's write follows synchronously when nothing else holds it).
   */
  const faultDelay = async (name: string, direction: 'to-ofd' | 'to-kkm', kkmId: number | null, ms: number): Promise<void> => {
    const w = await sleep(ms);
    if (events.listenerCount('delay') > 0) events.emit('delay', { fault: name, direction, kkmId, ms, lateMs: w.lateNow() });
  };

  const faultNames = (acts: MatchedAction[]): string[] => acts.map((a) => `${a.name}:${a.kind}`);

  // ----- answering -------------------------------------------------------------------------------

  /** Builds a bare answer (result code only) with the header values given. */
  const bareAnswer = (h: { version: number; deviceId: number; token: number; reqNum: number }, command: number, result: number, text: string): { bytes: Uint8Array; response: Response } => {
    const response = create(ResponseSchema, { command, result: text ? { resultCode: result, resultText: text } : { resultCode: result } });
    const v = isSupportedVersion(h.version) ? h.version : 202;
    const bytes = encodeResponseFrame({ version: v, deviceId: h.deviceId >>> 0, token: h.token >>> 0, reqNum: h.reqNum & 0xffff }, response);
    if (v !== h.version) new DataView(bytes.buffer, bytes.byteOffset).setUint16(2, h.version & 0xffff, true);
    return { bytes, response };
  };

  const destroy = (c: Conn, how: 'reset' | 'close' | 'end'): void => {
    if (c.dead) return;
    c.dead = true;
    c.queue.length = 0;
    if (how === 'reset') c.socket.resetAndDestroy();
    else if (how === 'end') c.socket.end();
    else c.socket.destroy();
  };

  const write = async (c: Conn, bytes: Uint8Array, bytesPerSecond: number | null): Promise<void> => {
    if (c.dead) return;
    if (bytesPerSecond === null) { c.socket.write(bytes); return; }
    const slice = Math.max(1, Math.ceil(bytesPerSecond / 100));
    for (let i = 0; i < bytes.length && !c.dead; i += slice) {
      const part = bytes.subarray(i, Math.min(bytes.length, i + slice));
      await sleep((part.length * 1000) / bytesPerSecond);
      if (!c.dead) c.socket.write(part);
    }
  };

  /** Sends an answer through the to-kkm faults and records it. */
  const sendAnswer = async (c: Conn, h: FrameHeader, command: number | null, bytes: Uint8Array, response: Response, responseToken: number, retry: boolean, extraFaults: string[]): Promise<void> => {
    let out = bytes;
    let resp = response;
    let note: string | null = null;
    let bps: number | null = null;
    let after: 'none' | 'end' | 'reset' | 'truncate' | 'drop' = 'none';
    let truncateAt = 0;
    let applied: string[] = extraFaults;
    if (faults.size > 0) {
      const frame: FaultFrame = { direction: 'to-kkm', channel: c.channel, connectionId: c.id, kkmId: h.deviceId, command, reqNum: h.reqNum, token: responseToken, bytes: out };
      const acts = faults.evaluate(frame);
      if (acts.length) applied = [...extraFaults, ...faultNames(acts)];
      for (const a of acts) {
        const act = a.action;
        if (act.type === 'delay') await faultDelay(a.name, 'to-kkm', h.deviceId, act.ms);
        else if (act.type === 'replace') { out = act.bytes; frame.bytes = out; }
        else if (act.type === 'answer') {
          const b = bareAnswer({ version: h.version, deviceId: h.deviceId, token: responseToken, reqNum: h.reqNum }, command ?? 0, act.result, act.text ?? '');
          out = b.bytes; resp = b.response; frame.bytes = out;
        } else if (act.type === 'throttle') bps = act.bytesPerSecond;
        else if (act.type === 'drop') { after = 'drop'; break; }
        else if (act.type === 'close') { after = 'end'; break; }
        else if (act.type === 'reset') { after = 'reset'; break; }
        else if (act.type === 'truncate') { after = 'truncate'; truncateAt = act.bytes; break; }
      }
    }
    if (c.dead) note = 'connection gone';
    else if (after === 'drop') note = 'dropped';
    else if (after === 'reset') { note = 'reset'; destroy(c, 'reset'); }
    else if (after === 'truncate') {
      note = `truncated:${Math.min(truncateAt, out.length)}`;
      out = out.subarray(0, Math.min(truncateAt, out.length));
      await write(c, out, bps);
      destroy(c, 'end');
    } else {
      await write(c, out, bps);
      if (after === 'end') { note = 'closed after answer'; destroy(c, 'end'); }
    }
    const st = operator.registers.get(h.deviceId);
    if (st) {
      // lost: the register did not get the real answer intact (dropped, reset, cut, corrupted, replaced)
      const lost = (note !== null && note !== 'closed after answer') || out !== bytes || resp !== response;
      const i = st.undelivered.indexOf(h.reqNum);
      if (lost && i < 0 && response.result?.resultCode === 0 && command !== null && command !== 0 && command !== 5) {
        st.undelivered.push(h.reqNum);
        if (st.undelivered.length > 100) st.undelivered.shift();
      } else if (!lost && i >= 0) st.undelivered.splice(i, 1);
    }
    ledger.add({
      at: clock.now(), kkmId: h.deviceId, channel: c.channel, connectionId: c.id, direction: 'to-kkm', command, reqNum: h.reqNum,
      token: responseToken, raw: out, message: { kind: 'response', value: resp }, result: resp.result?.resultCode ?? null,
      faults: applied, violations: NO_VIOLATIONS, retry, note,
    });
  };

  // ----- one frame ---------------------------------------------------------------------------------

  const processFrame = async (c: Conn, rawIn: Uint8Array): Promise<void> => {
    let raw = rawIn;
    let d = decodeRequestFrame(raw, decodeOpts);
    let applied: string[] = EMPTY;
    if (faults.size > 0) {
      const hdr = d.ok ? d.value.header : (d.header ?? d.rawHeader);
      const msg: Request | undefined = d.ok ? d.value.message : d.message;
      const frame: FaultFrame = {
        direction: 'to-ofd', channel: c.channel, connectionId: c.id, kkmId: hdr?.deviceId ?? 0, command: msg ? (msg.command as number) : null,
        reqNum: hdr?.reqNum ?? 0, token: hdr?.token ?? 0, bytes: raw,
      };
      const acts = faults.evaluate(frame);
      if (acts.length) {
        applied = faultNames(acts);
        for (const a of acts) {
          const act = a.action;
          if (act.type === 'delay') { await faultDelay(a.name, 'to-ofd', hdr?.deviceId ?? null, act.ms); if (c.dead) return; continue; }
          if (act.type === 'replace') { raw = act.bytes; frame.bytes = raw; d = decodeRequestFrame(raw, decodeOpts); continue; }
          const note = act.type === 'drop' ? 'dropped' : act.type === 'reset' ? 'reset' : act.type === 'close' ? 'closed' : act.type === 'answer' ? `answered ${act.result} without applying` : act.type;
          ledger.add({
            at: clock.now(), kkmId: hdr?.deviceId ?? null, channel: c.channel, connectionId: c.id, direction: 'to-ofd', command: frame.command,
            reqNum: hdr?.reqNum ?? null, token: hdr?.token ?? null, raw, message: msg ? { kind: 'request', value: msg } : null,
            result: act.type === 'answer' ? act.result : null, faults: applied, violations: NO_VIOLATIONS, retry: false, note,
          });
          if (act.type === 'reset') destroy(c, 'reset');
          else if (act.type === 'close') destroy(c, 'close');
          else if (act.type === 'answer' && hdr) {
            const b = bareAnswer(hdr, frame.command ?? 0, act.result, act.text ?? '');
            await sendAnswer(c, hdr as FrameHeader, frame.command, b.bytes, b.response, hdr.token, false, EMPTY);
          }
          return;
        }
      }
    }
    const header = d.ok ? d.value.header : d.header;
    const message: Request | null = d.ok ? d.value.message : (d.message ?? null);
    const issues: Issue[] = d.ok ? [] : d.issues;
    if (!header) {
      // the header itself is broken (only after a to-ofd corruption: the stream decoder checked it)
      const rh = d.ok ? undefined : d.rawHeader;
      ledger.add({
        at: clock.now(), kkmId: rh?.deviceId ?? null, channel: c.channel, connectionId: c.id, direction: 'to-ofd', command: null,
        reqNum: rh?.reqNum ?? null, token: rh?.token ?? null, raw, message: null, result: null, faults: applied,
        violations: issues.map((i) => ({ code: i.code, path: i.path, message: i.message, result: RESULT.PROTOCOL_ERROR })), retry: false, note: 'bad header: connection closed',
      });
      destroy(c, 'close');
      return;
    }
    const tolerantMissing = !d.ok && message !== null && !o.strict;
    const out = operator.handle({ header, message: tolerantMissing || d.ok ? message : null, decodeIssues: issues, channel: c.channel, raw });
    c.kkmId = header.deviceId;
    ledger.add({
      at: clock.now(), kkmId: header.deviceId, channel: c.channel, connectionId: c.id, direction: 'to-ofd', command: message ? (message.command as number) : null,
      reqNum: header.reqNum, token: header.token, raw, message: message ? { kind: 'request', value: message } : null, result: out.result,
      faults: applied, violations: out.violations, retry: out.retry, note: message ? null : 'undecodable payload',
    });
    await sendAnswer(c, header, out.response.command as number, out.answer, out.response, out.responseToken, out.retry, EMPTY);
  };

  /** Fast path without faults: everything synchronous; ledger entries are built only when recorded. */
  const processFrameSync = (c: Conn, raw: Uint8Array): void => {
    const d = decodeRequestFrame(raw, decodeOpts);
    if (!d.ok && !d.header) { void processFrame(c, raw); return; }
    const header = d.ok ? d.value.header : d.header!;
    const message: Request | null = d.ok ? d.value.message : (d.message ?? null);
    const out = operator.handle({ header, message: d.ok || (message !== null && !o.strict) ? message : null, decodeIssues: d.ok ? EMPTY_ISSUES : d.issues, channel: c.channel, raw });
    c.kkmId = header.deviceId;
    const recording = ledger.recording;
    if (recording) {
      ledger.add({
        at: clock.now(), kkmId: header.deviceId, channel: c.channel, connectionId: c.id, direction: 'to-ofd', command: message ? (message.command as number) : null,
        reqNum: header.reqNum, token: header.token, raw, message: message ? { kind: 'request', value: message } : null, result: out.result,
        faults: EMPTY, violations: out.violations, retry: out.retry, note: message ? null : 'undecodable payload',
      });
    } else ledger.skip();
    c.socket.write(out.answer);
    const st = operator.registers.get(header.deviceId);
    if (st && st.undelivered.length) { const i = st.undelivered.indexOf(header.reqNum); if (i >= 0) st.undelivered.splice(i, 1); }
    if (recording) {
      ledger.add({
        at: clock.now(), kkmId: header.deviceId, channel: c.channel, connectionId: c.id, direction: 'to-kkm', command: out.response.command as number,
        reqNum: header.reqNum, token: out.responseToken, raw: out.answer, message: { kind: 'response', value: out.response },
        result: out.result, faults: EMPTY, violations: NO_VIOLATIONS, retry: out.retry, note: null,
      });
    } else ledger.skip();
  };

  /** After the register half-closed: close our side once everything queued is answered. */
  const maybeEnd = (c: Conn): void => {
    if (c.ending && !c.busy && c.queue.length === 0 && !c.dead) { c.dead = true; c.socket.end(); }
  };

  const drain = (c: Conn): void => {
    while (!c.busy && !c.dead && c.queue.length > 0) {
      const raw = c.queue.shift()!;
      if (faults.size === 0) {
        try { processFrameSync(c, raw); } catch (e) { internalError(c, e); }
        continue;
      }
      c.busy = true;
      processFrame(c, raw).catch((e) => internalError(c, e)).finally(() => { c.busy = false; drain(c); });
    }
    maybeEnd(c);
  };

  const internalError = (c: Conn, e: unknown): void => {
    ledger.add({
      at: clock.now(), kkmId: c.kkmId, channel: c.channel, connectionId: c.id, direction: 'to-ofd', command: null, reqNum: null, token: null,
      raw: new Uint8Array(0), message: null, result: null, faults: EMPTY,
      violations: [{ code: 'OFDM_INTERNAL', path: '$', message: String((e as Error)?.stack ?? e), result: RESULT.UNKNOWN_ERROR }], retry: false, note: 'internal error: connection closed',
    });
    destroy(c, 'close');
  };

  /** A frame the stream decoder rejected. */
  const rejectFrame = (c: Conn, issues: Issue[], fatal: boolean, rh: { appCode: number; version: number; deviceId: number; token: number; reqNum: number } | undefined, raw: Uint8Array): void => {
    const violations = issues.map((i) => ({ code: i.code, path: i.path, message: i.message, result: RESULT.PROTOCOL_ERROR }));
    const canAnswer = !!rh && rh.appCode === APP_CODE;
    ledger.add({
      at: clock.now(), kkmId: rh?.deviceId ?? null, channel: c.channel, connectionId: c.id, direction: 'to-ofd', command: null,
      reqNum: rh?.reqNum ?? null, token: rh?.token ?? null, raw, message: null, result: canAnswer ? RESULT.PROTOCOL_ERROR : null,
      faults: EMPTY, violations, retry: false, note: fatal ? (canAnswer ? 'rejected: answered 3 and closed' : 'rejected: connection closed') : 'rejected: answered 3',
    });
    if (canAnswer && !c.dead) {
      const b = bareAnswer(rh!, 0, RESULT.PROTOCOL_ERROR, issues.map((i) => `${i.code} ${i.message}`).join('; '));
      c.socket.write(b.bytes);
      ledger.add({
        at: clock.now(), kkmId: rh!.deviceId, channel: c.channel, connectionId: c.id, direction: 'to-kkm', command: 0, reqNum: rh!.reqNum, token: rh!.token,
        raw: b.bytes, message: { kind: 'response', value: b.response }, result: RESULT.PROTOCOL_ERROR, faults: EMPTY, violations: NO_VIOLATIONS, retry: false, note: null,
      });
    }
    if (fatal) destroy(c, canAnswer ? 'end' : 'close');
  };

  // ----- listeners ---------------------------------------------------------------------------------

  /** (Re)starts the idle timer of a connection (idleTimeoutMs of clock time without a frame). */
  const armIdle = (c: Conn): void => {
    if (o.idleTimeoutMs <= 0) return;
    if (c.idle !== null) clock.clearTimeout(c.idle);
    c.idle = clock.setTimeout(() => {
      c.idle = null;
      if (c.dead || c.busy) return;
      ledger.add({
        at: clock.now(), kkmId: c.kkmId, channel: c.channel, connectionId: c.id, direction: 'to-kkm', command: null, reqNum: null, token: null,
        raw: new Uint8Array(0), message: null, result: null, faults: EMPTY, violations: NO_VIOLATIONS, retry: false, note: `idle ${o.idleTimeoutMs} ms: closed`,
      });
      destroy(c, 'end');
    }, o.idleTimeoutMs);
  };

  const onConnection = (channel: number, socket: Socket): void => {
    if (closed) { socket.destroy(); return; }
    const id = nextConnId++;
    socket.on('error', () => { /* resets from registers are normal */ });
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    if (faults.size > 0) {
      const v = faults.onConnect(channel, id);
      if (v.verdict !== 'accept') {
        ledger.add({
          at: clock.now(), kkmId: null, channel, connectionId: id, direction: 'to-ofd', command: null, reqNum: null, token: null,
          raw: new Uint8Array(0), message: null, result: null, faults: [`${v.fault}:refuse`], violations: NO_VIOLATIONS, retry: false, note: `refused (${v.verdict})`,
        });
        if (v.verdict === 'reset') socket.resetAndDestroy(); else socket.end();
        return;
      }
    }
    socket.setNoDelay(true);
    const c: Conn = { id, channel, socket, decoder: new FrameDecoder({ maxSize: o.maxFrameSize }), queue: [], busy: false, dead: false, ending: false, kkmId: null, idle: null };
    conns.add(c);
    if (events.listenerCount('connection') > 0) events.emit('connection', { type: 'open', connectionId: id, channel, remote });
    armIdle(c);
    socket.on('data', (chunk: Buffer) => {
      if (c.dead) return;
      if (o.idleTimeoutMs > 0) armIdle(c);
      let results;
      try { results = c.decoder.push(chunk); } catch (e) { internalError(c, e); return; }
      // several frames in one read (pipelined requests): their answers leave in one write
      const cork = results.length > 1;
      if (cork) socket.cork();
      for (const r of results) {
        if (r.ok) { c.queue.push(r.raw); continue; }
        drain(c);
        rejectFrame(c, r.issues, r.fatal, r.rawHeader, chunk);
        if (r.fatal) break;
      }
      drain(c);
      if (cork) socket.uncork();
    });
    socket.on('end', () => {
      const rest = c.decoder.end();
      for (const r of rest) if (!r.ok) {
        ledger.add({
          at: clock.now(), kkmId: r.rawHeader?.deviceId ?? null, channel, connectionId: id, direction: 'to-ofd', command: null,
          reqNum: r.rawHeader?.reqNum ?? null, token: r.rawHeader?.token ?? null, raw: new Uint8Array(0), message: null, result: null,
          faults: EMPTY, violations: r.issues.map((i) => ({ code: i.code, path: i.path, message: i.message, result: RESULT.PROTOCOL_ERROR })), retry: false, note: 'stream ended inside a frame',
        });
      }
      // half-close: answer what is queued, then close our side
      c.ending = true;
      maybeEnd(c);
    });
    socket.on('close', () => {
      if (c.idle !== null) { clock.clearTimeout(c.idle); c.idle = null; }
      c.dead = true;
      conns.delete(c);
      if (events.listenerCount('connection') > 0) events.emit('connection', { type: 'close', connectionId: id, channel, remote });
    });
  };

  const servers: (Server | null)[] = [];
  const ports: number[] = [];
  const listen = async (ch: number, port: number): Promise<Server> => {
    const srv = createServer({ noDelay: true, allowHalfOpen: true }, (s) => onConnection(ch, s));
    srv.maxConnections = 1 << 20;
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen({ host: o.host, port, backlog: 4096 }, () => { srv.off('error', reject); resolve(); });
    });
    return srv;
  };
  try {
    for (let ch = 0; ch < o.ports.length; ch++) {
      const srv = await listen(ch, o.ports[ch]!);
      servers.push(srv);
      ports.push((srv.address() as { port: number }).port);
    }
  } catch (e) {
    for (const s of servers) s?.close();
    store?.close();
    throw new OfdMockError('OFDM_LISTEN_FAILED', `cannot listen on ${o.host}:${o.ports.join(',')}: ${(e as Error).message}`, { cause: e });
  }

  // 'unlisten' refuse faults: take a channel's listener down (ECONNREFUSED) and bring it back
  let listenerSync: Promise<void> = Promise.resolve();
  const syncListeners = (): void => {
    listenerSync = listenerSync.then(async () => {
      const down = faults.unlistened();
      for (let ch = 0; ch < ports.length && !closed; ch++) {
        const want = down.all || down.channels.has(ch);
        const srv = servers[ch];
        if (want && srv) { servers[ch] = null; await new Promise<void>((r) => srv.close(() => r())); }
        else if (!want && !srv) {
          try { servers[ch] = await listen(ch, ports[ch]!); } catch { servers[ch] = null; }
        }
      }
    });
  };
  faults.onChange = syncListeners;
  /** resolves when listeners match the installed 'unlisten' faults */
  const listenersSettled = (): Promise<void> => listenerSync;

  // ----- orders ------------------------------------------------------------------------------------

  const get = (kkmId: number): RegisterState => {
    const st = operator.registers.get(kkmId);
    if (!st) throw new OfdMockError('OFDM_REGISTER_NOT_FOUND', `no register ${kkmId}`);
    return st;
  };
  const changed = (st: RegisterState, kind: RegisterEvent['kind']): RegisterView => {
    if (store) { store.saveRegister(st); }
    events.emit('register', { kind, kkmId: st.reg.kkmId });
    return viewOf(st);
  };

  const mock: OfdMock = {
    ports, host: o.host, controlUrl: undefined, controlToken: undefined, clock, options: o,
    provision(reg) {
      const errs = checkRegistration(reg);
      if (errs.length) throw new OfdMockError('OFDM_BAD_REGISTRATION', `bad registration: ${errs.join('; ')}`);
      return viewOf(operator.provision(reg));
    },
    registers: () => [...operator.registers.values()].map(viewOf),
    register: (kkmId) => { const st = operator.registers.get(kkmId); return st ? viewOf(st) : undefined; },
    suspend(kkmId, reason, opts = {}) {
      const st = get(kkmId);
      st.suspended = { reason, since: clock.now() };
      if (opts.notify !== false) operator.notify(st, reason);
      return changed(st, 'suspended');
    },
    resume(kkmId) { const st = get(kkmId); st.suspended = null; return changed(st, 'resumed'); },
    notify(kkmId, text) {
      if (typeof text !== 'string' || text === '') throw new OfdMockError('OFDM_BAD_REQUEST', 'text must be a non-empty string');
      const st = get(kkmId);
      const v = operator.notify(st, text);
      changed(st, 'notified');
      return { version: v.toString() };
    },
    deregister(kkmId, reason) {
      const st = get(kkmId);
      operator.setRegistrationState(st, 'deregistered', reason !== undefined ? { reason } : {});
      return changed(st, 'deregistered');
    },
    setRegistrationState(kkmId, state, opts = {}) {
      if (!['registered', 'pending', 'refused', 'deregistered'].includes(state)) throw new OfdMockError('OFDM_BAD_REQUEST', 'state must be registered, pending, refused or deregistered');
      if (opts.delayMs !== undefined && !(opts.delayMs >= 0)) throw new OfdMockError('OFDM_BAD_REQUEST', 'delayMs must be a non-negative number');
      const st = get(kkmId);
      operator.setRegistrationState(st, state, opts);
      return changed(st, 'registration-state');
    },
    resetToken(kkmId, token) {
      if (!Number.isInteger(token) || token < 0 || token > 0xffffffff) throw new OfdMockError('OFDM_BAD_REQUEST', 'token must be a uint32');
      const st = get(kkmId);
      st.token = token; st.prevToken = null; st.last = null; st.reg.token = token;
      return changed(st, 'token-rotated');
    },
    faults: {
      add: (spec) => faults.add(spec),
      list: () => faults.list(),
      get: (name) => faults.get(name),
      update: (name, patch) => faults.update(name, patch),
      remove: (name) => faults.remove(name),
      reset: () => faults.reset(),
    },
    ledger: { entries: (f) => ledger.entries(f), get size() { return ledger.size; }, clear: () => ledger.clear() },
    events,
    connectionCount: () => conns.size,
    listenersSettled,
    async close() {
      if (closed) return;
      closed = true;
      await control?.close();
      operator.close();
      for (const w of timers) w.cancel();
      for (const wake of [...sleepers]) wake();
      for (const c of conns) { if (c.idle !== null) clock.clearTimeout(c.idle); destroy(c, 'close'); }
      await listenerSync;
      await Promise.all(servers.map((s) => (s ? new Promise<void>((r) => s.close(() => r())) : undefined)));
      flush();
      store?.close();
    },
  };

  let control: ControlApi | undefined;
  if (o.controlPort !== undefined) {
    control = await startControlApi(mock, { host: '127.0.0.1', port: o.controlPort, token: o.controlToken });
    (mock as { controlUrl: string | undefined }).controlUrl = control.url;
    (mock as { controlToken: string | undefined }).controlToken = control.token;
  }
  return mock;
}
