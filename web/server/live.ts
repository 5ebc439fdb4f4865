// The live register behind the front panel and the fleet view: the reference emulator and an
// ofd-mock started in-process (through their index.ts only), DCP calls relayed from the browser,
// notifications and the operator's view pushed back over server-sent events, and operator
// controls (latency, drop, suspend, notify) applied through ofd-mock's API.
//
// The two parts are imported dynamically so the dashboard still serves reports when either is
// missing or broken; the live views then say why (WEB_LIVE_UNAVAILABLE).
import type { ServerResponse } from 'node:http';
import type { DcpState, Document, DisplayMessage } from '../src/data/dcp-types.js';
import type { FleetRegister, LiveMessage, LiveStatus, OperatorControls } from '../src/data/types.js';
import { DashboardError } from './errors.js';

/** The demo register's device profile (dcp.md "The device profile"). */
export const DEMO_PROFILE = {
  dcp: 'tcp://127.0.0.1:0',
  passwords: { registration: '1111', programming: '2222', close_shift: '3333', reports: '4444', service: '5555' },
  registration: {
    kkmId: 424242, token: 777, rnm: '010101234567', serial: 'ZN0001',
    org: { title: 'ТОО «Арман Сауда»', iin: '123456789012', address: 'г. Алматы, пр. Абая 10' },
    pos: { title: 'Магазин №1', address: 'г. Алматы, пр. Абая 10' },
  },
  protocolVersion: 203,
  notApplicable: { '19': 'listed after 1 July 2015' },
};

// Structural views of what we use from emulator/index.ts, ofd-mock/index.ts, protocol/index.ts.
interface DcpHandlerLike {
  handle(method: string, params: unknown): Promise<unknown>;
  onNotification(cb: (method: string, params: unknown) => void): () => void;
}
interface EmulatorModule {
  startEmulator(o: Record<string, unknown>): Promise<{ register: DcpHandlerLike; close(): Promise<void> }>;
  /** the register's own texts (emulator/index.ts MESSAGES): front-panel keys and mode names, req 11 */
  MESSAGES?: Record<string, { kz: string; ru: string }>;
}
interface EventsLike { on(ev: string, fn: (...a: unknown[]) => void): unknown; off(ev: string, fn: (...a: unknown[]) => void): unknown }
interface OfdMockLike {
  ports: number[];
  registers(): unknown[];
  suspend(kkmId: number, reason: string): unknown;
  resume(kkmId: number): unknown;
  notify(kkmId: number, text: string): unknown;
  faults: { add(spec: Record<string, unknown>): unknown; remove(name: string): unknown; list(): unknown[] };
  events?: EventsLike;
  close(): Promise<void>;
}
interface OfdMockModule { startOfdMock(o: Record<string, unknown>): Promise<OfdMockLike> }
interface ClockLike { now(): number }
interface ProtocolModule { VirtualClock: new (start?: number) => ClockLike }

/** How the bridge loads the parts it runs (tests may substitute them). */
export interface LiveLoaders {
  emulator(): Promise<EmulatorModule>;
  ofdMock(): Promise<OfdMockModule>;
  protocol(): Promise<ProtocolModule>;
}
export type { EmulatorModule, OfdMockModule, ProtocolModule, DcpHandlerLike };

const EMULATOR = '../../emulator/index.js';
const OFD_MOCK = '../../ofd-mock/index.js';
const PROTOCOL = '../../protocol/index.js';

async function importPart<T>(spec: string, what: string): Promise<T> {
  try {
    return (await import(spec)) as T;
  } catch (err) {
    throw new DashboardError('WEB_LIVE_UNAVAILABLE', `cannot load ${what} (${spec}): ${(err as Error).message}`, { cause: err });
  }
}

/** Epoch ms as the register's local ISO time (Asia/Almaty, UTC+5), as DCP writes times. */
export function almatyIso(ms: number): string {
  return new Date(ms + 5 * 3_600_000).toISOString().replace('Z', '+05:00');
}

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return almatyIso(v);
  return String(v);
}
function num(v: unknown, d = 0): number {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return d;
}

/**
 * Maps ofd-mock's RegisterView (ofd-mock/index.ts: shift { open, number, since, docs }, cashTiyn,
 * suspended { reason, since } | null, offlineSince, lastSeen — times in epoch ms) onto what the
 * fleet view shows. Unsent documents are the register's own knowledge (its offline queue), so
 * `register` (the live register's DCP state) fills them when given.
 */
export function toFleetRegister(raw: unknown, register?: { state: DcpState | null; firstUnsent: number | null }): FleetRegister {
  const r = (raw ?? {}) as Record<string, unknown>;
  const shift = (r.shift ?? {}) as Record<string, unknown>;
  const susp = r.suspended && typeof r.suspended === 'object' ? (r.suspended as Record<string, unknown>) : null;
  const st = register?.state ?? null;
  const regOffline = st?.offline.since ?? null;
  return {
    kkmId: num(r.kkmId),
    ...(r.rnm !== undefined ? { rnm: String(r.rnm) } : {}),
    shift: { open: Boolean(shift.open), ...(shift.number !== undefined ? { number: num(shift.number) } : {}), since: str(shift.since ?? null) },
    cash: num(r.cashTiyn ?? r.cash),
    docsInShift: num(shift.docs ?? r.docsInShift),
    unsent: st ? st.offline.queued : num(r.unsent),
    firstUnsent: st ? (st.offline.queued > 0 ? register?.firstUnsent ?? null : null) : (r.firstUnsent == null ? null : num(r.firstUnsent)),
    offlineSince: regOffline ?? (st ? null : str(r.offlineSince ?? null)),
    suspended: susp !== null || r.suspended === true,
    suspendReason: susp ? str(susp.reason) : null,
    lastSeen: str(r.lastSeen ?? null),
  };
}

export class LiveBridge {
  private emu: { register: DcpHandlerLike; close(): Promise<void> } | null = null;
  private ofd: OfdMockLike | null = null;
  private clock: ClockLike | null = null;
  private clients = new Set<ServerResponse>();
  private unsub: (() => void) | null = null;
  private error: string | null = null;
  private starting: Promise<void> | null = null;
  private controls: OperatorControls = { latencyMs: 0, drop: false, dropMode: 'cut', suspended: false };
  private state: DcpState | null = null;
  private documents: Document[] = [];
  private display: DisplayMessage[] = [];
  private labels: Record<string, { kz: string; ru: string }> = {};
  /** number of the first document printed while the register's offline queue was non-empty */
  private firstUnsent: number | null = null;
  private onOfdEvent = () => this.pushFleet();

  private readonly loaders: LiveLoaders;

  constructor(private readonly clockKind: 'wall' | 'virtual', private readonly log: (s: string) => void, loaders: Partial<LiveLoaders> = {}, private readonly lang: 'ru' | 'kz' = 'ru') {
    this.loaders = {
      emulator: () => importPart<EmulatorModule>(EMULATOR, 'the emulator'),
      ofdMock: () => importPart<OfdMockModule>(OFD_MOCK, 'ofd-mock'),
      protocol: () => importPart<ProtocolModule>(PROTOCOL, 'protocol'),
      ...loaders,
    };
  }

  get kkmId(): number { return DEMO_PROFILE.registration.kkmId; }

  /** Starts ofd-mock and the emulator once; later calls wait for the same start. */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch((err: unknown) => {
      this.error = (err as Error).message;
      this.log(`[dashboard] live register unavailable: ${this.error}`);
      throw err instanceof DashboardError ? err : new DashboardError('WEB_LIVE_UNAVAILABLE', this.error, { cause: err });
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const [emuMod, ofdMod] = await Promise.all([this.loaders.emulator(), this.loaders.ofdMock()]);
    for (const [k, v] of Object.entries(emuMod.MESSAGES ?? {})) {
      if ((k.startsWith('key.') || k.startsWith('mode.')) && typeof v?.kz === 'string' && typeof v?.ru === 'string') this.labels[k] = { kz: v.kz, ru: v.ru };
    }
    const clockOpt: Record<string, unknown> = {};
    if (this.clockKind === 'virtual') {
      const proto = await this.loaders.protocol();
      this.clock = new proto.VirtualClock();
      clockOpt.clock = this.clock;
    }
    this.ofd = await ofdMod.startOfdMock({ ...clockOpt, provision: [DEMO_PROFILE.registration] });
    this.ofd.events?.on('entry', this.onOfdEvent);
    this.ofd.events?.on('register', this.onOfdEvent);
    this.emu = await emuMod.startEmulator({
      profile: DEMO_PROFILE, ofd: [{ host: '127.0.0.1', port: this.ofd.ports[0] }], dcp: { host: '127.0.0.1', port: 0 },
      ...clockOpt, ...(this.clockKind === 'virtual' ? { virtualClock: true } : {}), lang: this.lang,
    });
    this.unsub = this.emu.register.onNotification((method, params) => this.onNotification(method, params));
    try { await this.invoke('power.on', {}); } catch { /* shown on the panel */ }
    try { this.state = (await this.emu.register.handle('state.get', {})) as DcpState; } catch { /* ignore */ }
  }

  private onNotification(method: string, params: unknown): void {
    const p = (params ?? {}) as Record<string, unknown>;
    if (method === 'document.printed' && p.document) {
      const d = p.document as Document;
      if (this.firstUnsent === null && (d.fiscal?.mode === 'autonomous' || (this.state?.offline.queued ?? 0) > 0)) this.firstUnsent = d.number;
      this.documents.push(d);
      if (this.documents.length > 200) this.documents.shift();
      this.broadcast({ type: 'document.printed', document: d });
    } else if (method === 'display.message') {
      const m = params as DisplayMessage;
      this.display.push(m);
      if (this.display.length > 50) this.display.shift();
      this.broadcast({ type: 'display.message', message: m });
    } else if (method === 'state.changed') {
      this.state = params as DcpState;
      if (this.state.offline.queued === 0 && !this.state.offline.since) this.firstUnsent = null;
      this.broadcast({ type: 'state.changed', state: this.state });
    }
    this.pushFleet();
  }

  status(): LiveStatus {
    return {
      running: this.emu !== null, error: this.error, clock: this.clockKind, now: this.clock?.now() ?? null, kkmId: this.kkmId,
      controls: this.controls, state: this.state, documents: this.documents, display: this.display, labels: this.labels,
    };
  }

  /** Relays one DCP call to the register; broadcasts the outcome. */
  async call(method: string, params: unknown): Promise<unknown> {
    await this.start();
    return this.invoke(method, params);
  }

  private async invoke(method: string, params: unknown): Promise<unknown> {
    try {
      const result = await this.emu!.register.handle(method, params ?? {});
      this.broadcast({ type: 'call', method, params: redact(params), ok: true, result });
      if (method === 'state.get') { this.state = result as DcpState; if (this.state.offline.queued === 0 && !this.state.offline.since) this.firstUnsent = null; }
      return result;
    } catch (err) {
      const e = err as Error & { reason?: string; requirement?: string; data?: { reason?: string; requirement?: string } };
      const error = { message: e.message, ...(e.reason ?? e.data?.reason ? { reason: e.reason ?? e.data?.reason } : {}), ...(e.requirement ?? e.data?.requirement ? { requirement: e.requirement ?? e.data?.requirement } : {}) };
      this.broadcast({ type: 'call', method, params: redact(params), ok: false, error });
      throw Object.assign(new Error(e.message), { dcp: error });
    } finally {
      this.pushFleet();
    }
  }

  fleet(): FleetRegister[] {
    if (!this.ofd) return [];
    return this.ofd.registers().map((r) => toFleetRegister(r, (r as { kkmId?: number }).kkmId === this.kkmId ? { state: this.state, firstUnsent: this.firstUnsent } : undefined));
  }

  /** Operator controls on the live operator server. */
  async operator(action: string, body: Record<string, unknown>): Promise<OperatorControls> {
    await this.start();
    const ofd = this.ofd!;
    const removeIf = (name: string) => { try { ofd.faults.remove(name); } catch { /* absent */ } };
    switch (action) {
      case 'latency': {
        const ms = num(body.ms, -1);
        if (!Number.isInteger(ms) || ms < 0) throw new DashboardError('WEB_BAD_REQUEST', 'latency: ms must be a non-negative integer');
        removeIf('dashboard-latency');
        if (ms > 0) ofd.faults.add({ name: 'dashboard-latency', kind: 'latency', direction: 'to-kkm', probability: 1, attrs: { ms } });
        this.controls = { ...this.controls, latencyMs: ms };
        break;
      }
      case 'drop': {
        // the link goes down: 'cut' resets the register's connection at its next frame and
        // refuses new ones (the register notices at once); 'silent' drops frames unanswered
        // (the register notices only when its own timeout runs out)
        const on = Boolean(body.on);
        const mode = body.mode === 'silent' ? 'silent' : 'cut';
        removeIf('dashboard-drop');
        removeIf('dashboard-drop-refuse');
        if (on && mode === 'cut') {
          ofd.faults.add({ name: 'dashboard-drop', kind: 'reset', direction: 'to-ofd', probability: 1, attrs: {} });
          ofd.faults.add({ name: 'dashboard-drop-refuse', kind: 'refuse', direction: 'to-ofd', probability: 1, attrs: { mode: 'reset' } });
        } else if (on) {
          ofd.faults.add({ name: 'dashboard-drop', kind: 'blackhole', direction: 'to-ofd', probability: 1, attrs: {} });
        }
        this.controls = { ...this.controls, drop: on, dropMode: mode };
        break;
      }
      case 'suspend':
        ofd.suspend(this.kkmId, String(body.reason ?? 'suspended from the dashboard'));
        this.controls = { ...this.controls, suspended: true };
        break;
      case 'resume':
        ofd.resume(this.kkmId);
        this.controls = { ...this.controls, suspended: false };
        break;
      case 'notify': {
        const text = String(body.text ?? '').trim();
        if (!text) throw new DashboardError('WEB_BAD_REQUEST', 'notify: text is empty');
        ofd.notify(this.kkmId, text);
        break;
      }
      case 'advance': {
        const ms = num(body.ms, -1);
        if (!Number.isInteger(ms) || ms <= 0) throw new DashboardError('WEB_BAD_REQUEST', 'advance: ms must be a positive integer');
        await this.call('clock.advance', { ms });
        break;
      }
      default:
        throw new DashboardError('WEB_NOT_FOUND', `unknown operator action ${action}`);
    }
    this.pushFleet();
    return this.controls;
  }

  /** Adds a server-sent-events client. */
  subscribe(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    this.send(res, { type: 'hello', clock: this.clockKind, now: this.clock?.now() ?? 0, kkmId: this.kkmId, languages: ['kz', 'ru'] });
    if (this.state) this.send(res, { type: 'state.changed', state: this.state });
    this.send(res, { type: 'fleet', registers: this.fleet() });
  }

  private send(res: ServerResponse, msg: LiveMessage): void {
    res.write(`data: ${JSON.stringify(msg, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n\n`);
  }

  private broadcast(msg: LiveMessage): void {
    for (const c of this.clients) this.send(c, msg);
  }

  private pushFleet(): void {
    if (this.clients.size === 0 || !this.ofd) return;
    try { this.broadcast({ type: 'fleet', registers: this.fleet() }); } catch { /* operator closing */ }
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.end();
    this.clients.clear();
    this.unsub?.();
    if (this.starting) await this.starting.catch(() => undefined);
    this.ofd?.events?.off('entry', this.onOfdEvent);
    this.ofd?.events?.off('register', this.onOfdEvent);
    await this.emu?.close().catch(() => undefined);
    await this.ofd?.close().catch(() => undefined);
    this.emu = null;
    this.ofd = null;
  }
}

function redact(params: unknown): unknown {
  if (params && typeof params === 'object' && 'password' in params) return { ...(params as object), password: '***' };
  return params;
}
