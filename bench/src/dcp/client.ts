// The bench's DCP client: JSON-RPC 2.0, one message per line, over TCP or a serial port
// (docs/dcp.md). Requests carry ids and are matched to responses; notifications (no id) are
// collected in order and can be awaited. A DUT's domain refusal (-32000) becomes a DcpError with
// code BENCH_DCP_DOMAIN and its `reason`; everything the client sends and receives can be traced
// (passwords and tokens redacted).
import { connect as netConnect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { DcpError } from '../errors.js';
import { wallClock, type Clock } from './clock.js';
import { NotificationLog } from './notifications.js';
import type { DcpClient, DcpMethod, DcpMethods, DcpNotification, NotificationView } from './types.js';

/** What the client reports to a trace recorder. */
export interface DcpTraceEvent {
  kind: 'dcp.request' | 'dcp.response' | 'dcp.notification';
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: unknown;
  /** the line as sent/received (secrets redacted), UTF-8 */
  line: string;
}

export interface DcpClientOptions {
  /**
   * Timeout of one request in real milliseconds (a bench timeout, not DUT time).
   * @defaultValue 30000
   */
  requestTimeoutMs?: number;
  /** @defaultValue 5000 */
  connectTimeoutMs?: number;
  /** real timers for the timeouts @defaultValue wallClock */
  timers?: Clock;
  /** time stamp of collected notifications (the run's clock, virtual or wall) @defaultValue timers.now */
  now?: () => number;
  /** called for every request, response and notification */
  onTrace?: (e: DcpTraceEvent) => void;
  /** longest line accepted from the DUT, in characters @defaultValue 16 MiB */
  maxLineLength?: number;
}

export const DCP_CLIENT_DEFAULTS = {
  requestTimeoutMs: 30_000,
  connectTimeoutMs: 5_000,
  maxLineLength: 16 * 1024 * 1024,
} as const;

interface ResolvedOptions {
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  timers: Clock;
  now: () => number;
  onTrace?: (e: DcpTraceEvent) => void;
  maxLineLength: number;
}

export function resolveDcpClientOptions(o: DcpClientOptions = {}): ResolvedOptions {
  const timers = o.timers ?? wallClock;
  const r: ResolvedOptions = {
    requestTimeoutMs: o.requestTimeoutMs ?? DCP_CLIENT_DEFAULTS.requestTimeoutMs,
    connectTimeoutMs: o.connectTimeoutMs ?? DCP_CLIENT_DEFAULTS.connectTimeoutMs,
    maxLineLength: o.maxLineLength ?? DCP_CLIENT_DEFAULTS.maxLineLength,
    timers,
    now: o.now ?? (() => timers.now()),
  };
  if (o.onTrace) r.onTrace = o.onTrace;
  for (const k of ['requestTimeoutMs', 'connectTimeoutMs', 'maxLineLength'] as const) {
    if (!Number.isFinite(r[k]) || r[k] <= 0) throw new DcpError('BENCH_DCP_BAD_OPTION', `${k} must be a positive number`);
  }
  return r;
}

/** A parsed DCP address: 'tcp://host:port' or 'serial:/dev/ttyUSB0@115200'. */
export type DcpAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string; baudRate: number };

export function parseDcpAddress(s: string): DcpAddress {
  let m = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})\/?$/.exec(s);
  if (m) {
    const port = Number(m[2]);
    if (port < 1 || port > 65535) throw new DcpError('BENCH_DCP_BAD_OPTION', `dcp address ${s}: port must be 1..65535`);
    return { kind: 'tcp', host: m[1]!.replace(/^\[|\]$/g, ''), port };
  }
  m = /^serial:([^@]+)(?:@(\d+))?$/.exec(s);
  if (m) return { kind: 'serial', path: m[1]!, baudRate: m[2] ? Number(m[2]) : 115200 };
  throw new DcpError('BENCH_DCP_BAD_OPTION', `dcp address must be tcp://host:port or serial:/dev/X@baud, got ${JSON.stringify(s)}`);
}

/** Connects to a DUT at `address` (string form of the device profile, or parsed). */
export async function connectDcp(address: string | DcpAddress, options: DcpClientOptions = {}): Promise<LineDcpClient> {
  const o = resolveDcpClientOptions(options);
  const a = typeof address === 'string' ? parseDcpAddress(address) : address;
  if (a.kind === 'tcp') return new LineDcpClient(await openTcp(a.host, a.port, o), o);
  return new LineDcpClient(await openSerial(a.path, a.baudRate), o);
}

/** Wraps an already open stream (a socket, a serial port, a test pipe) as a DCP client. */
export function dcpOverStream(stream: Duplex, options: DcpClientOptions = {}): LineDcpClient {
  return new LineDcpClient(stream, resolveDcpClientOptions(options));
}

function openTcp(host: string, port: number, o: ResolvedOptions): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host, port });
    const timer = o.timers.setTimeout(() => {
      sock.destroy();
      reject(new DcpError('BENCH_DCP_CONNECT', `DCP connect to ${host}:${port} timed out after ${o.connectTimeoutMs} ms`));
    }, o.connectTimeoutMs);
    sock.once('connect', () => {
      o.timers.clearTimeout(timer);
      sock.setNoDelay(true);
      resolve(sock);
    });
    sock.once('error', (e) => {
      o.timers.clearTimeout(timer);
      reject(new DcpError('BENCH_DCP_CONNECT', `DCP connect to ${host}:${port} failed: ${e.message}`, {}, { cause: e }));
    });
  });
}

async function openSerial(path: string, baudRate: number): Promise<Duplex> {
  const { SerialPort } = await import('serialport');
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
    port.open((err) => {
      if (err) reject(new DcpError('BENCH_DCP_CONNECT', `DCP serial ${path}@${baudRate}: ${err.message}`, {}, { cause: err }));
      else resolve(port as unknown as Duplex);
    });
  });
}

interface Pending {
  method: string;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: unknown;
}

const SECRET_KEYS = new Set(['password', 'token', 'pin']);

/** A copy of `v` with password/token/pin fields replaced by "***" (for traces). */
export function redactSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactSecrets);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEYS.has(k) ? '***' : redactSecrets(x);
    return out;
  }
  return v;
}

export class LineDcpClient implements DcpClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private buf = '';
  private closedFlag = false;
  private closeError: DcpError | null = null;
  private readonly log: NotificationLog;
  private readonly subs = new Set<(n: DcpNotification) => void>();
  /** lines from the DUT that were not JSON-RPC (kept for diagnosis) */
  readonly protocolErrors: string[] = [];

  constructor(private readonly stream: Duplex, private readonly o: ResolvedOptions) {
    this.log = new NotificationLog(o.timers, o.now);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => this.onData(chunk));
    stream.on('error', (e: Error) => this.shutdown(new DcpError('BENCH_DCP_CLOSED', `DCP connection error: ${e.message}`, {}, { cause: e })));
    stream.on('close', () => this.shutdown(new DcpError('BENCH_DCP_CLOSED', 'DCP connection closed')));
    stream.on('end', () => this.shutdown(new DcpError('BENCH_DCP_CLOSED', 'DCP connection closed by the DUT')));
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** every notification since connect */
  get notifications(): NotificationView {
    return this.log.view(1);
  }

  /** a view of the notifications from now on */
  view(): NotificationView {
    return this.log.view();
  }

  onNotification(cb: (n: DcpNotification) => void): () => void {
    this.subs.add(cb);
    return () => this.subs.delete(cb);
  }

  call<M extends DcpMethod>(method: M, params?: DcpMethods[M][0], timeoutMs?: number): Promise<DcpMethods[M][1]> {
    return this.request(method, params ?? {}, timeoutMs) as Promise<DcpMethods[M][1]>;
  }

  request(method: string, params: unknown = {}, timeoutMs = this.o.requestTimeoutMs): Promise<unknown> {
    if (this.closedFlag) return Promise.reject(this.closeError ?? new DcpError('BENCH_DCP_CLOSED', 'DCP client is closed', { method }));
    const id = this.nextId++;
    const msg = { jsonrpc: '2.0', id, method, params };
    const line = JSON.stringify(msg);
    const answer = new Promise((resolve, reject) => {
      const timer = this.o.timers.setTimeout(() => {
        this.pending.delete(id);
        reject(new DcpError('BENCH_DCP_TIMEOUT', `DCP ${method} (id ${id}) got no answer within ${timeoutMs} ms`, { method }));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.trace({ kind: 'dcp.request', id, method, params: redactSecrets(params), line: JSON.stringify(redactSecrets(msg)) });
      this.stream.write(line + '\n');
    });
    // A case may start a call, fail a check on something else and abort before it awaits the
    // answer (e.g. a sale started while the clock moves). A refusal that nobody awaits any more
    // is then not an unhandled rejection that kills the run; whoever awaits still gets it.
    answer.catch(() => {});
    return answer;
  }

  async close(): Promise<void> {
    if (this.closedFlag) return;
    this.shutdown(new DcpError('BENCH_DCP_CLOSED', 'DCP client closed'));
    await new Promise<void>((resolve) => {
      const s = this.stream as Duplex & { destroyed?: boolean; isOpen?: boolean; close?: (cb: () => void) => void };
      if (typeof s.close === 'function' && s.isOpen !== undefined) {
        if (!s.isOpen) return resolve();
        s.close(() => resolve());
        return;
      }
      if (s.destroyed) return resolve();
      s.once('close', () => resolve());
      s.end();
      s.destroy();
    });
  }

  private trace(e: DcpTraceEvent): void {
    if (!this.o.onTrace) return;
    try {
      this.o.onTrace(e);
    } catch {
      /* a trace sink must not break the client */
    }
  }

  private shutdown(e: DcpError): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.closeError = e;
    for (const [id, p] of this.pending) {
      this.o.timers.clearTimeout(p.timer);
      p.reject(new DcpError('BENCH_DCP_CLOSED', `${e.message} (while waiting for ${p.method}, id ${id})`, { method: p.method }, { cause: e }));
    }
    this.pending.clear();
    this.log.fail(e);
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).replace(/\r$/, '');
      this.buf = this.buf.slice(nl + 1);
      if (line.trim() !== '') this.onLine(line);
    }
    if (this.buf.length > this.o.maxLineLength) {
      this.protocolErrors.push(this.buf.slice(0, 200));
      this.buf = '';
      this.shutdown(new DcpError('BENCH_DCP_PROTOCOL', `DCP line longer than ${this.o.maxLineLength} characters`));
      (this.stream as Duplex).destroy();
    }
  }

  private onLine(line: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.protocolErrors.push(line.slice(0, 500));
      return;
    }
    if (!msg || typeof msg !== 'object' || (msg as { jsonrpc?: unknown }).jsonrpc !== '2.0') {
      this.protocolErrors.push(line.slice(0, 500));
      return;
    }
    const m = msg as { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: unknown };
    if (typeof m.method === 'string' && (m.id === undefined || m.id === null)) {
      this.trace({ kind: 'dcp.notification', method: m.method, params: m.params, line });
      const n = this.log.push(m.method, m.params);
      for (const cb of [...this.subs]) {
        try {
          cb(n);
        } catch {
          /* subscriber errors are theirs */
        }
      }
      return;
    }
    if (typeof m.id !== 'number') {
      this.protocolErrors.push(line.slice(0, 500));
      return;
    }
    const p = this.pending.get(m.id);
    this.trace({ kind: 'dcp.response', id: m.id, method: p?.method, result: m.result, error: m.error, line });
    if (!p) return; // late answer after a timeout
    this.pending.delete(m.id);
    this.o.timers.clearTimeout(p.timer);
    if ('error' in m && m.error !== undefined) p.reject(toDcpError(m.error, p.method));
    else if ('result' in m) p.resolve(m.result);
    else p.reject(new DcpError('BENCH_DCP_PROTOCOL', `DCP answer to ${p.method} has neither result nor error`, { method: p.method }));
  }
}

function toDcpError(err: unknown, method: string): DcpError {
  const e = (err && typeof err === 'object' ? err : {}) as { code?: unknown; message?: unknown; data?: unknown };
  const code = typeof e.code === 'number' ? e.code : NaN;
  const message = typeof e.message === 'string' ? e.message : 'DCP error';
  const data = (e.data && typeof e.data === 'object' ? e.data : {}) as { reason?: unknown; requirement?: unknown };
  if (code === -32000) {
    const details: { reason?: string; requirement?: string; rpcCode: number; method: string; data: unknown } = { rpcCode: code, method, data: e.data };
    if (typeof data.reason === 'string') details.reason = data.reason;
    if (typeof data.requirement === 'string') details.requirement = data.requirement;
    return new DcpError('BENCH_DCP_DOMAIN', `${method} refused: ${details.reason ?? '?'} — ${message}`, details);
  }
  return new DcpError('BENCH_DCP_RPC', `${method}: JSON-RPC error ${code}: ${message}`, { rpcCode: code, method, data: e.data });
}
