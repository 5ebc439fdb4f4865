// The reference register: every DCP method (dcp.md) on top of the statecharts in ../machines.
// Fiscal data lives in the fiscal module (documents, counters, the offline queue = its unsent
// records); settings, token and REQNUM in the persistence store. A power cut loses nothing: at
// power-on everything else is rebuilt from those two.
import { createHash } from 'node:crypto';
import { createActor, fromPromise, waitFor, type Actor } from 'xstate';
import {
  systemClock, VirtualClock,
  type Clock, type Response,
} from '../../../protocol/index.js';
import { openInProcessModule, tamperImage, type FiscalModuleClient, type InProcessModule } from '../../../fiscal-module/index.js';
import { DcpDomainError, DcpInvalidParams, DcpMethodNotFound, type DcpHandler } from '../dcp/handler.js';
import {
  MODES, REASON_REQUIREMENT,
  type Channel, type DcpReason, type Document, type DocumentKind, type HelloResult, type Mode, type Receipt,
  type SelfTestCheck, type SelfTestResult, type Settings, type State,
} from '../dcp/types.js';
import { message } from '../i18n/message.js';
import type { MessageKey } from '../i18n/messages.js';
import { Defects } from '../defects.js';
import { EmulatorError } from '../errors.js';
import { powerMachine, type SelfTestOccasion, type SelfTestOutcome } from '../machines/power-machine.js';
import { sessionMachine, sessionMode } from '../machines/session-machine.js';
import { shiftMachine } from '../machines/shift-machine.js';
import { autonomyMachine } from '../machines/autonomy-machine.js';
import { linkMachine, type LinkOutcome } from '../machines/link-machine.js';
import { fiscalCycleMachine, type Fiscalisation, type FiscalCycleEvent, type FiscalCycleOutput, type SendOutcome } from '../machines/fiscal-cycle-machine.js';
import { documentMachine } from '../machines/document-machine.js';
import { channelMachine } from '../machines/channel-machine.js';
import { operatorNoticeMachine } from '../machines/operator-notice-machine.js';
import { operationAdmissionMachine, refusalOf, type AdmissionRequest, type RegisterFacts } from '../machines/operation-admission-machine.js';
import { ANSWER_TIMEOUT_MS, OFFLINE_LIMIT_MS } from '../machines/limits.js';
import { lazyQr } from './qr-png.js';
import { factoryFirmware, firmwareSignatureValid, firmwareVersion, signFirmware } from './firmware.js';
import { deepMerge, decodeStored, encodeStored, recordKind, SENDABLE, type StoredDoc } from './journal.js';
import { AbortFlagController, OfdLink, type AbortFlag, type LinkAnswer } from './ofd-link.js';
import {
  checkRegisterOptions, memoryPersistence, REGISTER_DEFAULTS,
  type PersistedRegister, type RegisterOptions, type RegisterPersistence,
} from './options.js';
import { both, header, money, receiptTotal, transliterate, type RegisterIdentity } from './render.js';
import {
  closeShiftRequest, infoRequest, moneyPlacementRequest, reportRequest, systemRequest, ticketRequest,
  type OfflinePeriod, type ParentInfo, type RegContext,
} from './requests.js';
import { addPlacement, addReceipt, emptyTotals, OPS, revenue, type ShiftTotals } from './totals.js';
import { localReportLines, serverReportLines } from './report-lines.js';

type Notify = (method: string, params: unknown) => void;
type Lang = 'ru' | 'kz';

const p2 = (n: number) => String(n).padStart(2, '0');

/** ISO-8601 with the register's offset, e.g. 2026-11-22T10:15:00.000+05:00 */
export function isoLocal(ms: number, tzOffsetMin: number): string {
  const d = new Date(ms + tzOffsetMin * 60_000).toISOString().slice(0, 23);
  const a = Math.abs(tzOffsetMin);
  return `${d}${tzOffsetMin >= 0 ? '+' : '-'}${p2(Math.trunc(a / 60))}:${p2(a % 60)}`;
}

function refuse(reason: DcpReason, msg: string, requirement?: string): never {
  throw new DcpDomainError(reason, msg, requirement ?? REASON_REQUIREMENT[reason]);
}

function sha256(bytes: Uint8Array | string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const fromB64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

interface ModeState { lifetime: Record<'buy' | 'buy_return' | 'sell' | 'sell_return', number> }

export class Register implements DcpHandler {
  readonly clock: Clock;
  readonly defects: Defects;
  private readonly o: RegisterOptions & typeof REGISTER_DEFAULTS;
  private readonly persistence: RegisterPersistence;
  private p!: PersistedRegister;
  private module!: InProcessModule;
  private fm!: FiscalModuleClient;
  private readonly listeners = new Set<Notify>();
  private readonly link: OfdLink;

  // machines
  readonly power;
  readonly session;
  readonly shift;
  readonly autonomy;
  readonly linkActor;
  /** reqs 3, 6, 7.1, 10, 14, 15, 16, 20, 24, 27, 29.6, 41, 42, 43.1: may this operation go ahead? */
  readonly admission;
  /** reqs 23, 24, 27, 29.3–29.5, 29.7, 31–35, 39, 43.3: how each document is laid out */
  readonly documents;
  /** reqs 18, 40.1, 40.5: which channels to the operator, in which order */
  readonly channels;
  /** req 17: the operator's notices, shown and printed */
  readonly notices;

  // hardware
  private paper = true;
  private readonly scanned = new Set<string>();

  // rebuilt at power-on from the module
  private powered = false;
  private docs = new Map<number, StoredDoc>();
  private recordCount = 0;
  private totals: ShiftTotals = emptyTotals(1, 0);
  private lifetime: ModeState['lifetime'] = { buy: 0, buy_return: 0, sell: 0, sell_return: 0 };
  private lastDocAt = 0;
  private idem = new Map<string, number>();
  private queued = new Set<number>();
  private offlineSince: number | null = null;
  private lastAutonomousSign: Fiscalisation | null = null;
  private powerOnInfo: LinkOutcome | null = null;
  /** the shift number the operator expects next (from INFO), for diagnostics */
  private operatorShift: number | null = null;
  /** the side effects of the fiscal cycle under way (cycles run one at a time) */
  private cycle: {
    sendToOperator: (x: { signal: AbortFlag }) => Promise<SendOutcome>;
    signAutonomously: () => Promise<Fiscalisation>;
    recordDocument: (x: { input: { fiscal: Fiscalisation } }) => Promise<Document>;
    at: number;
  } | null = null;
  /** one fiscal-cycle actor for the register's life: one document's cycle after another */
  private readonly cycleActor;
  /** stops the cycle's wait for the operator (the machine's `abortSend`) */
  private sendAbort: AbortFlagController | null = null;
  /** resolves the fiscal cycle under way with its outcome (the machine's `finishCycle`) */
  private cycleWaiter: ((out: FiscalCycleOutput) => void) | null = null;
  /** cancels the fiscal cycle under way (power cut) */
  private cancelCycle: ((e: Error) => void) | null = null;

  // plumbing
  private opChain: Promise<unknown> = Promise.resolve();
  /** operations started or waiting in `exclusive` */
  private opsPending = 0;
  private modChain: Promise<unknown> = Promise.resolve();
  private activity = 0;
  private inflight = 0;
  private lastStateJson = '';
  private closed = false;

  private constructor(options: RegisterOptions) {
    checkRegisterOptions(options);
    this.o = { ...REGISTER_DEFAULTS, ...options } as RegisterOptions & typeof REGISTER_DEFAULTS;
    this.clock = options.clock ?? systemClock;
    this.defects = new Defects(options.defects ?? []);
    this.persistence = options.persistence ?? memoryPersistence();
    const d = this.defects;
    const now = () => this.now();

    this.link = new OfdLink({
      clock: this.clock,
      version: options.profile.protocolVersion ?? 203,
      deviceId: () => this.p.kkmId,
      token: () => this.p.token,
      onNewToken: async (t) => {
        this.p.token = t;
        await this.save();
      },
      nextReqNum: async () => {
        this.p.reqNum = this.p.reqNum >= 0xffff ? 0 : this.p.reqNum + 1;
        await this.save();
        return this.p.reqNum;
      },
      channels: () => this.channels.getSnapshot().context.inUse,
      processingTimeMs: d.has('no-autonomous-after-5s') ? 30_000 : ANSWER_TIMEOUT_MS,
      onActivity: () => { this.activity++; },
      ignoreNewToken: () => d.has('token-not-rotated'),
      // operations waiting behind the one under way: its operator connection serves the next one
      keepOpen: () => this.opsPending > 1,
    });

    this.power = createActor(powerMachine.provide({
      actors: { runSelfTest: fromPromiseLogic((input: { occasion: SelfTestOccasion }) => this.runSelfTest(input.occasion)) },
    }), { clock: this.clock });

    this.session = createActor(sessionMachine.provide({
      actors: {
        verifyPassword: fromPromiseLogic(async (input: { mode: Mode; password: string }): Promise<{ ok: boolean; triesLeft?: number }> => {
          if (d.has('password-not-checked')) return { ok: true };
          const r = await this.mod((fm) => fm.verifyPin(input.mode, input.password)).catch(() => ({ ok: false, triesLeft: 0 }));
          return r;
        }),
      },
    }), { clock: this.clock });

    this.shift = createActor(shiftMachine.provide({
      actions: { tellCashierShiftExpired: () => this.display('display.shift_expired', 'warning') },
    }), { clock: this.clock, input: { now } });

    this.autonomy = createActor(autonomyMachine.provide({
      actions: { tellCashierOfflineTooLong: () => this.display('display.offline_too_long', 'error', { hours: OFFLINE_LIMIT_MS / 3_600_000 }) },
    }), { clock: this.clock, input: { now } });

    this.linkActor = createActor(linkMachine.provide({
      actors: {
        initialise: fromPromiseLogic(() => this.initialise()),
        // the offline period message and the queued documents go out back to back on one connection
        uploadBacklog: fromPromiseLogic(() => { this.link.hold(); return this.uploadBacklog().finally(() => this.link.release()); }),
        probeOperator: fromPromiseLogic(() => this.probeOperator()),
      },
      actions: {
        tellCashierAutonomous: () => {
          if (this.offlineSince === null) this.offlineSince = this.now();
          if (!d.has('no-offline-display')) this.display('display.offline_entered', 'warning');
        },
        tellCashierSuspended: ({ context }) => {
          const text = context.blockText ?? this.p.lastInfoText ?? '';
          this.p.serverBlock = { text };
          void this.save();
          this.display('display.suspended_by_ofd', 'ofd', { text: this.p.lastInfoText ?? text });
        },
        tellCashierResumed: () => {
          this.p.serverBlock = null;
          void this.save();
          this.display('display.resumed_by_ofd', 'ofd');
        },
        tellCashierBlocked: ({ context }) => this.display('display.ofd_server_block', 'error', { text: `${context.fatal?.code ?? ''} ${context.fatal?.text ?? ''}`.trim() }),
      },
    }), { clock: this.clock });

    this.admission = createActor(operationAdmissionMachine.provide({
      actors: {
        verifyPassword: fromPromiseLogic(async (input: { mode: Mode; password: string }): Promise<boolean> => {
          if (d.has('password-not-checked')) return true;
          const r = await this.mod((fm) => fm.verifyPin(input.mode, input.password)).catch(() => ({ ok: false }));
          return r.ok;
        }),
      },
      actions: {
        tellCashier: ({ context }) => {
          const r = context.refusal;
          if (r?.kind === 'domain' && r.display) this.display(r.display.key, r.display.kind, r.display.params ?? {});
        },
      },
    }), { clock: this.clock, input: { defects: d } });
    this.admission.start();
    this.documents = createActor(documentMachine, { clock: this.clock, input: { defects: d } });
    this.documents.start();
    this.channels = createActor(channelMachine, { clock: this.clock, input: { defects: d } });
    this.channels.start();
    this.notices = createActor(operatorNoticeMachine.provide({
      actions: {
        rememberVersion: ({ event }) => { this.p.adVersions[String(event.notice.kind)] = event.notice.version.toString(); },
        keepInfoText: ({ event }) => { this.p.lastInfoText = event.notice.text; },
        showToCashier: ({ event }) => this.display('display.ofd_notification', 'ofd', { text: event.notice.text }),
        printNotice: ({ event }) => {
          // printed after the operation under way (its document number comes first)
          const text = event.notice.text;
          void this.exclusive(async () => {
            if (this.paper && this.powered) await this.printNote('ofd_message', [both('doc.ofd_message'), text]);
          }).catch(() => undefined);
        },
      },
    }), { clock: this.clock, input: { defects: d } });
    this.notices.start();
    this.cycleActor = createActor(fiscalCycleMachine.provide({
      actions: {
        // the effects of the cycle under way: each reports back to the machine with an event
        sendToOperator: () => {
          const ac = new AbortFlagController();
          this.sendAbort = ac;
          const signal = ac;
          this.startEffect(
            (c) => c.sendToOperator({ signal }).finally(() => { if (this.sendAbort === ac) this.sendAbort = null; }),
            (outcome) => ({ type: 'OPERATOR_ANSWERED', outcome }), (error) => ({ type: 'SEND_FAILED', error }), signal,
          );
        },
        abortSend: () => {
          // only a send still under way (the answer taken ends it without an abort)
          this.sendAbort?.abort();
          this.sendAbort = null;
        },
        signAutonomously: () => this.startEffect((c) => c.signAutonomously(), (fiscal) => ({ type: 'SIGNED', fiscal }), (error) => ({ type: 'SIGN_FAILED', error })),
        recordDocument: (_, input: { fiscal: Fiscalisation }) => this.startEffect((c) => c.recordDocument({ input }), (recorded) => ({ type: 'RECORDED', recorded }), (error) => ({ type: 'RECORD_FAILED', error })),
        reportNoAnswer: () => {
          if (this.offlineSince === null) this.offlineSince = this.cycle?.at ?? this.now();
          this.linkActor.send({ type: 'NO_ANSWER' });
        },
        reportServerBlock: (_, o: SendOutcome) => this.linkActor.send({ type: 'SERVER_BLOCK', ...(o.kind === 'server_block' && o.text !== undefined ? { text: o.text } : {}) }),
        reportFatal: (_, o: SendOutcome) => { if (o.kind === 'fatal') this.linkActor.send({ type: 'FATAL_RESULT', code: o.code, ...(o.text ? { text: o.text } : {}) }); },
        finishCycle: (_, out: FiscalCycleOutput) => {
          const w = this.cycleWaiter;
          this.cycleWaiter = null;
          w?.(out);
        },
      },
      ...(d.has('no-autonomous-after-5s') ? { delays: { ANSWER_TIMEOUT: 30_000 } } : {}),
    }), { clock: this.clock });
    this.cycleActor.start();

    for (const a of [this.power, this.session, this.shift, this.autonomy, this.linkActor] as Actor<never>[]) {
      // an event that changes nothing (CHECK_DURATION within 24 h, …) leaves the same snapshot
      let last: unknown = null;
      a.subscribe((snap) => {
        if (snap === last) return;
        last = snap;
        this.scheduleStateEmit();
      });
      a.start();
    }
  }

  /** Opens the module (factory-initialised on first use) and the persisted settings. Powered off. */
  static async create(options: RegisterOptions): Promise<Register> {
    const r = new Register(options);
    await r.init();
    return r;
  }

  private async init(): Promise<void> {
    const o = this.o;
    const reg = o.profile.registration;
    this.module = await openInProcessModule({
      ...(o.moduleImagePath ? { imagePath: o.moduleImagePath } : {}),
      clock: this.clock,
      sync: o.moduleSync,
    });
    this.fm = this.module.client;
    const apduLog = o.apduLog;
    if (apduLog) {
      // the card's APDU log (dcp.md): every exchange of the register with its module, in order
      const clock = this.clock;
      this.module.transport.onExchange = (command, response) => {
        try { apduLog({ at: clock.now(), command, response }); } catch { /* a listener's problem */ }
      };
    }
    const info = await this.fm.info();
    if (info.state === 'blank') {
      await this.fm.personalize(`KKM-${reg.kkmId}`);
      for (const m of MODES) {
        const pin = o.profile.passwords[m];
        if (typeof pin === 'string' && /^[0-9]{4,12}$/.test(pin)) await this.fm.setPin(m, pin);
      }
    }
    const loaded = await this.persistence.load();
    if (loaded) this.p = loaded;
    else {
      const image = factoryFirmware(o.firmwareVersion);
      this.p = {
        rnm: reg.rnm, kkmId: reg.kkmId, serial: reg.serial, token: reg.token,
        channels: (o.ofd ?? []).map((c, i) => ({ name: `ch${i + 1}`, host: c.host, port: c.port, priority: i + 1, enabled: true })),
        languages: ['kz', 'ru'],
        reqNum: 0,
        clockOffsetMs: 0,
        firmware: { image: b64(image), signature: b64(signFirmware(image)) },
        adVersions: {},
        lastInfoText: null,
        serverBlock: null,
      };
      await this.save();
    }
    this.channels.send({ type: 'RESTORE', channels: this.p.channels });
    const pf = this.p.pendingFrame;
    if (pf) this.link.unanswered = { token: pf.token, reqNum: pf.reqNum, tag: pf.number };
    this.link.onUnansweredChange = (u) => {
      this.p.pendingFrame = u ? { token: u.token, reqNum: u.reqNum, number: u.tag ?? 0 } : null;
      void this.save();
    };
  }

  // ---------------------------------------------------------------------------------------------
  // DcpHandler

  onNotification(cb: Notify): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  async handle(method: string, params: unknown): Promise<unknown> {
    const prm = (params ?? {}) as Record<string, unknown>;
    switch (method) {
      // never serialised: they must work while an operation waits for the operator
      case 'dcp.hello': return this.hello();
      case 'clock.get': return { now: this.iso(this.now()) };
      case 'clock.advance': return this.clockAdvance(prm['ms']);
      case 'state.get': return this.state();
      case 'settings.get': return this.settingsView();
      case 'journal.read': return this.journalRead(prm['fromNumber'] as number | undefined, prm['toNumber'] as number | undefined);
      case 'printer.paper': this.paper = prm['present'] === true; this.emitStateIfChanged(); return {};
      case 'scanner.scan': return this.scan(prm['code']);
      case 'power.off': return this.powerOff(prm['abrupt'] === true);
      default: break;
    }
    const run = async (): Promise<unknown> => {
      try {
        switch (method) {
          case 'power.on': return await this.powerOn();
          case 'clock.set': return await this.clockSet(prm['now'], prm['password']);
          case 'session.login': return await this.login(prm['mode'], prm['password']);
          case 'session.logout': this.requirePowered(); this.session.send({ type: 'LOGOUT' }); return {};
          case 'receipt.create': return await this.createReceipt(params as Receipt);
          case 'cash.deposit': return await this.cash('cash_in', prm['sum']);
          case 'cash.withdraw': return await this.cash('cash_out', prm['sum']);
          case 'report.x': return await this.reportX();
          case 'report.z': return await this.reportZ();
          case 'report.sections': return await this.reportLocal('sections_report');
          case 'report.cashiers': return await this.reportLocal('cashiers_report');
          case 'settings.set': return await this.settingsSet(prm);
          case 'selftest.run': return await this.selfTestRun();
          case 'firmware.install': return await this.firmwareInstall(prm['image'], prm['signature']);
          case 'journal.tamper': return await this.journalTamper(prm['number'], prm['patch']);
          default: throw new DcpMethodNotFound(method);
        }
      } finally {
        this.emitStateIfChanged();
      }
    };
    return this.exclusive(run);
  }

  /** Runs `fn` after every operation already started (one operation at a time). */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    this.opsPending++;
    const p = this.opChain.then(fn, fn);
    this.opChain = p.catch(() => undefined).finally(() => {
      // nothing waits any more: no operator connection stays open
      if (--this.opsPending === 0) this.link.closeIdle();
    });
    return p;
  }

  /** Stops the machines, closes the module and every socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.link.destroyAll();
    for (const a of [this.power, this.session, this.shift, this.autonomy, this.linkActor, this.cycleActor, this.admission, this.documents, this.channels, this.notices] as Actor<never>[]) a.stop();
    await this.opChain.catch(() => undefined);
    await this.module.close();
  }

  /** The in-process fiscal module (tests, tamper hook). */
  get fiscalModule(): InProcessModule {
    return this.module;
  }

  // ---------------------------------------------------------------------------------------------
  // time

  now(): number {
    return this.clock.now() + (this.p?.clockOffsetMs ?? 0);
  }

  // the same two instants are formatted again and again (the shift's opening time in every
  // state.changed check, the cycle's time in the document): two remembered results
  private isoA: [number, number, string] | null = null;
  private isoB: [number, number, string] | null = null;

  private iso(ms: number): string {
    const tz = this.o.tzOffsetMin;
    const a = this.isoA;
    if (a && a[0] === ms && a[1] === tz) return a[2];
    const b = this.isoB;
    if (b && b[0] === ms && b[1] === tz) return b[2];
    const text = isoLocal(ms, tz);
    this.isoB = a;
    this.isoA = [ms, tz, text];
    return text;
  }

  /** Lets loopback I/O to the operator finish between virtual timers. */
  readonly settle = async (): Promise<void> => {
    let last = this.activity;
    let quiet = 0;
    for (let i = 0; i < 400; i++) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.activity !== last) { last = this.activity; quiet = 0; continue; }
      quiet++;
      if (quiet >= (this.inflight > 0 ? 4 : 2)) break;
    }
  };

  private async clockAdvance(ms: unknown): Promise<{ now: string }> {
    if (!(this.clock instanceof VirtualClock) || this.o.virtualClock === false) refuse('not_supported', 'clock.advance needs a virtual clock');
    if (typeof ms !== 'number' || !(ms >= 0)) throw new DcpInvalidParams('ms must be a non-negative number', '$.ms');
    await (this.clock as VirtualClock).advance(ms, this.settle);
    await this.settle();
    this.emitStateIfChanged();
    return { now: this.iso(this.now()) };
  }

  // ---------------------------------------------------------------------------------------------
  // notifications

  private notify(method: string, params: unknown): void {
    for (const l of this.listeners) {
      try { l(method, params); } catch { /* a listener's problem */ }
    }
  }

  private get lang(): Lang {
    return this.o.lang;
  }

  private display(key: MessageKey, kind: 'info' | 'warning' | 'error' | 'ofd', params: Record<string, string | number> = {}): void {
    this.displayText(message(key, this.lang, params), kind);
  }

  private displayText(text: string, kind: 'info' | 'warning' | 'error' | 'ofd'): void {
    this.notify('display.message', { text: this.defects.has('display-transliterated') ? transliterate(text) : text, lang: this.lang, kind });
  }

  state(): State {
    const blocked = this.blockedView();
    const sh = this.shift.getSnapshot();
    return {
      powered: this.powered,
      mode: this.powered ? sessionMode(this.session.getSnapshot().value) : null,
      shift: {
        open: this.powered && !sh.matches('closed'),
        number: sh.context.number,
        openedAt: sh.context.openedAt !== null && !sh.matches('closed') ? this.iso(sh.context.openedAt) : null,
      },
      offline: { since: this.offlineSince !== null ? this.iso(this.offlineSince) : null, queued: this.queued.size },
      blocked,
    };
  }

  private blockedView(): State['blocked'] {
    if (!this.powered) return null;
    const pw = this.power.getSnapshot();
    if (pw.matches('blocked') && !this.defects.has('selftest-failure-ignored')) return { reason: 'selftest_failed', requirement: pw.context.block?.requirement ?? '3' };
    const ln = this.linkActor.getSnapshot();
    if ((ln.matches('serverBlocked') || ln.matches('probing')) && !this.defects.has('suspension-ignored')) return { reason: 'suspended_by_ofd', requirement: '16' };
    if (ln.matches('blocked')) return { reason: `ofd_result_${ln.context.fatal?.code ?? 0}`, requirement: '20' };
    if (this.autonomy.getSnapshot().matches('tooLong') && !this.defects.has('no-offline-block')) return { reason: 'offline_too_long', requirement: '29.6' };
    if (this.shift.getSnapshot().matches('expired') && !this.defects.has('shift-not-limited')) return { reason: 'shift_expired', requirement: '14' };
    return null;
  }

  private stateEmitScheduled = false;

  /** state.changed once per burst of machine transitions (after the current microtask). */
  private scheduleStateEmit(): void {
    if (this.stateEmitScheduled) return;
    this.stateEmitScheduled = true;
    queueMicrotask(() => {
      this.stateEmitScheduled = false;
      this.emitStateIfChanged();
    });
  }

  private emitStateIfChanged(): void {
    if (!this.p) return;
    const s = this.state();
    const j = JSON.stringify(s);
    if (j === this.lastStateJson) return;
    this.lastStateJson = j;
    this.notify('state.changed', s);
  }

  private printed(document: Document): void {
    this.notify('document.printed', { document });
  }

  // ---------------------------------------------------------------------------------------------
  // plumbing

  private async save(): Promise<void> {
    await this.persistence.save(this.p);
  }

  /** Serialises module access (one APDU conversation at a time). */
  private mod<T>(fn: (fm: FiscalModuleClient) => Promise<T>): Promise<T> {
    const run = this.modChain.then(() => fn(this.fm));
    this.modChain = run.catch(() => undefined);
    return run;
  }

  private async send(req: Parameters<OfdLink['send']>[0], signal?: AbortFlag, rounds?: number, tag?: number): Promise<LinkAnswer> {
    this.inflight++;
    try {
      const a = await this.link.send(req, { ...(signal ? { signal } : {}), ...(rounds ? { rounds } : {}), ...(tag !== undefined ? { tag } : {}) });
      if (a.ok) this.takeService(a.response);
      return a;
    } finally {
      this.inflight--;
      this.activity++;
    }
  }

  private regContext(): RegContext {
    const reg = this.o.profile.registration;
    return {
      rnm: this.p.rnm, serial: this.p.serial, kkmId: this.p.kkmId,
      org: reg.org, tzOffsetMin: this.o.tzOffsetMin,
      adInfos: Object.entries(this.p.adVersions).map(([type, v]) => ({ type: Number(type), version: BigInt(v) })),
      omitRegInfo: this.defects.has('no-reg-info'),
    };
  }

  private identity(): RegisterIdentity {
    const reg = this.o.profile.registration;
    return { rnm: this.p.rnm, serial: this.p.serial, kkmId: this.p.kkmId, org: reg.org, pos: reg.pos };
  }

  /** Operator notices (ticket_ads): shown and printed (req 17); INFO texts kept for server-block mode. */
  private takeService(res: Response): void {
    const ads = res.service?.ticketAds ?? [];
    for (const ad of ads) {
      const kind = ad.info?.type ?? 0;
      const known = this.p.adVersions[String(kind)];
      this.notices.send({ type: 'NOTICE', notice: { kind, version: ad.info?.version ?? 0n, text: ad.text }, known: known !== undefined ? BigInt(known) : undefined });
    }
    if (ads.length) void this.save();
  }

  // ---------------------------------------------------------------------------------------------
  // power and self-test

  private requirePowered(): void {
    if (!this.powered) refuse('not_supported', 'the register is powered off (power.on first)');
  }

  private async powerOn(): Promise<{ selftest: SelfTestResult }> {
    if (!this.powered) {
      await this.mod((fm) => fm.select()); // a fresh session: PIN verification is lost with power
      await this.rebuild();
      this.powered = true;
      this.powerOnInfo = null;
      this.power.send({ type: 'POWER_ON' });
    } else {
      this.power.send({ type: 'RUN_SELFTEST', occasion: 'power_on' });
    }
    const snap = await waitFor(this.power, (s) => !s.matches('selfTesting'));
    const outcome = snap.context.lastSelfTest!;
    if (outcome.blocking && !this.defects.has('selftest-failure-ignored')) {
      this.display('display.selftest_failed', 'error', { reason: outcome.result.checks.filter((c) => !c.ok).map((c) => c.name).join(', ') });
    } else this.display('display.power_on', 'info');
    if (this.linkActor.getSnapshot().matches('idle')) {
      if (this.p.serverBlock && !this.defects.has('suspension-ignored')) {
        this.linkActor.send({ type: 'START' });
      } else this.linkActor.send({ type: 'START' });
      await waitFor(this.linkActor, (s) => !s.matches('starting'));
    }
    return { selftest: outcome.result };
  }

  private async powerOff(abrupt: boolean): Promise<Record<string, never>> {
    if (!this.powered) return {};
    this.powered = false;
    // an operation waiting for the operator dies with the power: nothing more is recorded
    this.cancelCycle?.(new DcpDomainError('not_supported', 'power cut during the operation'));
    this.link.destroyAll();
    this.session.send({ type: 'LOGOUT' });
    this.linkActor.send({ type: 'STOP' });
    this.power.send({ type: 'POWER_OFF' });
    if (!abrupt) await this.opChain.catch(() => undefined);
    this.emitStateIfChanged();
    return {};
  }

  /** Rebuilds every in-memory counter from the module's records (nothing else survives power). */
  private async rebuild(): Promise<void> {
    const info = await this.mod((fm) => fm.info());
    this.docs.clear();
    this.idem.clear();
    this.queued.clear();
    this.lifetime = { buy: 0, buy_return: 0, sell: 0, sell_return: 0 };
    this.recordCount = info.recordCount;
    this.lastDocAt = 0;
    let cash = 0;
    let totals = emptyTotals(info.shiftNumber, 0);
    for (let i = 1; i <= info.recordCount; i++) {
      const rec = await this.mod((fm) => fm.read(i));
      const d = decodeStored(rec);
      if (!d) continue;
      this.docs.set(i, d);
      this.lastDocAt = Math.max(this.lastDocAt, d.at);
      if (d.idempotencyKey) this.idem.set(d.idempotencyKey, i);
      if (rec.transmitted === false && SENDABLE.has(d.kind)) this.queued.add(i);
      if (d.kind === 'z_report') { totals = emptyTotals(rec.shift + 1, cash); continue; }
      if (d.kind === 'receipt' && d.document.receipt) {
        addReceipt(totals, d.document.receipt, d.at, !!d.offline, d.cashier);
        this.lifetime[d.document.receipt.operation]++;
      }
      if ((d.kind === 'cash_in' || d.kind === 'cash_out') && d.sum !== undefined) addPlacement(totals, d.kind, d.sum, !!d.offline);
      cash = totals.cash;
    }
    totals.shiftNumber = info.shiftNumber;
    this.totals = totals;
    if (this.defects.has('offline-queue-lost') && info.recordCount > 0) {
      await this.mod((fm) => fm.markTransmitted(info.recordCount));
      this.queued.clear();
    }
    // shift: opened by its first receipt (req 14)
    this.shift.send({ type: 'RESTORE', number: info.shiftNumber, openedAt: totals.ops.sell.count + totals.ops.sell_return.count + totals.ops.buy.count + totals.ops.buy_return.count > 0 ? totals.openedAt : null });
    // autonomous queue (reqs 8, 28, 29.6)
    const first = [...this.queued].sort((a, b) => a - b)[0];
    const oldest = first !== undefined ? this.docs.get(first)! : null;
    this.offlineSince = oldest ? oldest.offline?.since ?? oldest.at : null;
    this.autonomy.send({ type: 'RESTORE', queued: this.queued.size, oldestUnsentAt: oldest ? oldest.at : null });
  }

  private async runSelfTest(occasion: SelfTestOccasion): Promise<SelfTestOutcome> {
    const d = this.defects;
    if (d.has('selftest-skipped')) return { result: { ok: true, checks: [] }, blocking: false };
    const checks: (SelfTestCheck & { requirement: string; blocking: boolean })[] = [];
    // 2.1 blocks and nodes: the fiscal module answers, the printer mechanism, the clock
    let moduleOk = true;
    let moduleDetail = '';
    try {
      const info = await this.mod((fm) => fm.info());
      if (info.state === 'locked') { moduleOk = false; moduleDetail = `module locked: ${info.lockReason}`; }
      else moduleDetail = `module ${info.moduleId} ${info.state}, ${info.recordCount} records`;
    } catch (e) {
      moduleOk = false;
      moduleDetail = `module does not answer: ${(e as Error).message}`;
    }
    const clockOk = Number.isFinite(this.now()) && this.now() >= this.lastDocAt;
    checks.push({ name: 'blocks', ok: moduleOk && clockOk, detail: `${moduleDetail}; printer ${this.paper ? 'ready' : 'no paper'}; clock ${clockOk ? 'ok' : 'behind the last document'}`, requirement: '3.1', blocking: true });
    // 2.2 software: hash of the installed image against the manufacturer's signature
    if (!d.has('software-check-skipped')) {
      const image = fromB64(this.p.firmware.image);
      const swOk = firmwareSignatureValid(image, fromB64(this.p.firmware.signature));
      checks.push({ name: 'software', ok: swOk, detail: `firmware ${firmwareVersion(image)} ${swOk ? 'signature valid' : 'signature INVALID'}`, requirement: '3.2', blocking: true });
    }
    // 2.3 fiscal memory integrity (last shift vs its Z checksum; total vs the sum of Z) — in the module
    if (!d.has('tamper-undetected')) {
      try {
        const st = await this.mod((fm) => fm.selfTest());
        const failed = st.checks.filter((c) => !c.ok);
        checks.push({ name: 'fiscal_memory', ok: st.ok && failed.length === 0, detail: failed.length ? failed.map((c) => `${c.name}: ${c.detail ?? 'failed'}`).join('; ') : st.checks.map((c) => c.name).join(', '), requirement: '3.3', blocking: true });
      } catch (e) {
        checks.push({ name: 'fiscal_memory', ok: false, detail: (e as Error).message, requirement: '3.3', blocking: true });
      }
    } else checks.push({ name: 'fiscal_memory', ok: true, detail: 'not checked', requirement: '3.3', blocking: true });
    // 2.4 the operator link: a test message and its answer (at power-on it is the INFO that starts work)
    if (occasion === 'power_on' || occasion === 'request') {
      if (d.has('link-test-skipped')) checks.push({ name: 'ofd_link', ok: true, detail: 'not tested', requirement: '2.4', blocking: false });
      else {
        const out = occasion === 'power_on' ? await this.infoExchange() : await this.systemExchange();
        if (occasion === 'power_on') this.powerOnInfo = out;
        checks.push({ name: 'ofd_link', ok: out.kind === 'ok', detail: out.kind === 'ok' ? 'test message answered' : out.kind === 'no_link' ? 'no answer from the operator' : `operator answered ${out.kind}`, requirement: '2.4', blocking: false });
      }
    }
    const firstBlocking = checks.find((c) => c.blocking && !c.ok);
    return {
      result: { ok: checks.every((c) => c.ok), checks: checks.map(({ name, ok, detail }) => (detail !== undefined ? { name, ok, detail } : { name, ok })) },
      blocking: !!firstBlocking,
      ...(firstBlocking ? { requirement: firstBlocking.requirement } : {}),
    };
  }

  private async selfTest(occasion: SelfTestOccasion): Promise<SelfTestOutcome> {
    this.power.send({ type: 'RUN_SELFTEST', occasion });
    const snap = await waitFor(this.power, (s) => !s.matches('selfTesting'));
    const outcome = snap.context.lastSelfTest!;
    if (outcome.blocking && !this.defects.has('selftest-failure-ignored')) {
      this.display('display.selftest_failed', 'error', { reason: outcome.result.checks.filter((c) => !c.ok).map((c) => c.name).join(', ') });
    }
    return outcome;
  }

  private async selfTestRun(): Promise<SelfTestResult> {
    this.requirePowered();
    const out = await this.selfTest('request');
    if (this.paper) await this.printNote('selftest', [both('doc.selftest'), ...out.result.checks.map((c) => `${c.name}: ${c.ok ? both('word.ok') : both('word.failed')}${c.detail ? ` (${c.detail})` : ''}`)]).catch(() => undefined);
    return out.result;
  }

  // ---------------------------------------------------------------------------------------------
  // operator exchanges outside a document cycle

  private classify(a: LinkAnswer): LinkOutcome {
    if (!a.ok) return { kind: 'no_link' };
    const code = a.response.result?.resultCode ?? 0;
    const text = a.response.result?.resultText ?? '';
    if (code === 0) return { kind: 'ok' };
    if (code === 15 || (code === 18 && (this.o.profile.protocolVersion ?? 203) >= 204) || code === 19) {
      return this.defects.has('suspension-ignored') ? { kind: 'no_link' } : { kind: 'server_block', text };
    }
    if (code >= 1 && code <= 5) return { kind: 'fatal', code, text };
    if (code === 254 || code === 255) return { kind: 'no_link' };
    return { kind: 'fatal', code, text };
  }

  /**
   * §4.4/§9: the document whose request got no answer goes first, with that request's TOKEN and
   * REQNUM — an operator that applied it answers the stored result (and its rotated token); one
   * that did not applies it now. It carries its offline marks and the offline period (30.1, 30.3).
   */
  private async resolveUnanswered(): Promise<LinkOutcome> {
    const u = this.link.unanswered;
    if (!u) return { kind: 'ok' };
    const clear = () => { this.link.unanswered = null; this.link.onUnansweredChange?.(null); };
    const n = u.tag;
    const doc = n !== undefined ? this.docs.get(n) : undefined;
    if (n === undefined || !doc || !this.queued.has(n)) { clear(); return { kind: 'ok' }; }
    const since = this.offlineSince ?? doc.at;
    const period = this.defects.has('no-offline-period-message') ? undefined : { begin: since, end: Math.max(this.now(), since + 1000) };
    this.inflight++;
    let a: LinkAnswer;
    try { a = await this.link.resend(this.requestFor(doc, period, !this.defects.has('no-offline-marks')), u.token, u.reqNum, { rounds: 1, tag: n }); } finally { this.inflight--; this.activity++; }
    if (!a.ok) return { kind: 'no_link' };
    this.takeService(a.response);
    clear();
    const out = this.classify(a);
    if (out.kind === 'ok') { await this.delivered(n); return out; }
    const code = a.response.result?.resultCode ?? 0;
    // 8/9: the operator does not take it as a retry — the document goes with the queue
    return code === 8 || code === 9 ? { kind: 'ok' } : out;
  }

  /** A queued document reached the operator: the queue, the watermark and the 72 h clock follow. */
  private async delivered(n: number): Promise<void> {
    this.queued.delete(n);
    await this.mod((fm) => fm.markTransmitted(this.watermark()));
    const rest = [...this.queued].sort((a, b) => a - b);
    this.autonomy.send({ type: 'DELIVERED', remaining: rest.length, oldestUnsentAt: rest.length ? this.docs.get(rest[0]!)!.at : null });
    this.emitStateIfChanged();
  }

  private async infoExchange(): Promise<LinkOutcome> {
    const first = await this.resolveUnanswered();
    if (first.kind !== 'ok') return first;
    const a = await this.send(infoRequest(this.regContext()));
    if (a.ok && (a.response.result?.resultCode ?? 0) === 0) this.syncCounters(a.response);
    const out = this.classify(a);
    // codes other than 1–5 and 15 on INFO do not stop work
    return out.kind === 'fatal' && out.code > 5 ? { kind: 'ok' } : out;
  }

  /**
   * §6.2: the INFO answer carries the operator's X (shift open) or last Z report and the last
   * document it accepted. The module stays the register's authority; a disagreement is shown to
   * the cashier (e.g. a module swapped or an operator that lost documents).
   */
  private syncCounters(res: Response): void {
    const rep = res.report;
    const z = rep?.zxReport;
    if (z) {
      const operatorShift = rep.report === 1 ? z.shiftNumber : z.shiftNumber + 1;
      this.operatorShift = operatorShift;
      if (this.queued.size === 0 && operatorShift !== this.totals.shiftNumber) {
        this.displayText(`${message('line.shift', this.lang, { n: this.totals.shiftNumber })} ≠ ${message('line.ofd', this.lang)}: ${operatorShift}`, 'warning');
      }
    }
    const last = res.service?.lastDocumentInfo;
    if (last && this.queued.size === 0 && last.printedDocumentNumber > BigInt(this.recordCount)) {
      this.displayText(`${message('line.ofd', this.lang)}: ${message('line.document_number', this.lang, { n: last.printedDocumentNumber.toString() })} > ${this.recordCount}`, 'warning');
    }
  }

  private async systemExchange(period?: OfflinePeriod, rounds?: number): Promise<LinkOutcome> {
    const out = this.classify(await this.send(systemRequest(this.regContext(), period), undefined, rounds));
    return out.kind === 'fatal' && out.code > 5 ? { kind: 'ok' } : out;
  }

  private async initialise(): Promise<LinkOutcome> {
    const cached = this.powerOnInfo;
    this.powerOnInfo = null;
    if (cached) return cached;
    return this.infoExchange();
  }

  private async probeOperator(): Promise<LinkOutcome> {
    return this.systemExchange(undefined, 1);
  }

  /** Req 30: the offline period message first, then every queued document, one at a time, in order. */
  private async uploadBacklog(): Promise<LinkOutcome> {
    const d = this.defects;
    if (this.queued.size === 0 && this.offlineSince === null && !this.link.unanswered) return { kind: 'ok' };
    const first = await this.resolveUnanswered();
    if (first.kind !== 'ok') return first;
    const since = this.offlineSince ?? this.now();
    if (!d.has('no-offline-period-message')) {
      // a reconnect attempt: one frame per channel; the queue follows only if it is answered
      const out = await this.systemExchange({ begin: since, end: Math.max(this.now(), since + 1000) }, 1);
      if (out.kind !== 'ok') return out;
    }
    // documents made meanwhile join the end of the queue; the loop ends only when it is empty
    while (this.queued.size > 0) {
      const order = [...this.queued].sort((a, b) => a - b);
      if (d.has('queue-out-of-order')) order.reverse();
      const next = order[0]!;
      const doc = this.docs.get(next)!;
      const period = d.has('no-offline-period-message') ? undefined : { begin: since, end: Math.max(this.now(), since + 1000) };
      const req = this.requestFor(doc, period, !d.has('no-offline-marks'));
      const out = this.classify(await this.send(req, undefined, undefined, next));
      if (out.kind !== 'ok') return out;
      await this.delivered(next);
    }
    // everything delivered: the watermark covers the records printed meanwhile
    await this.mod((fm) => fm.markTransmitted(this.watermark())).catch(() => undefined);
    this.offlineSince = null;
    this.display('display.online_restored', 'info', { count: this.queued.size });
    return { kind: 'ok' };
  }

  /**
   * The module's "transmitted" watermark: every record before the first queued document (printed-
   * only records included); all records when nothing is queued. Evaluated inside the module queue,
   * so a document appended meanwhile is never marked by mistake.
   */
  private watermark(): number {
    let first = Infinity;
    for (const n of this.queued) if (n < first) first = n;
    return first === Infinity ? this.recordCount : first - 1;
  }

  /** The request of a stored document (for the first send or the upload of the queue). */
  private requestFor(doc: StoredDoc, period: OfflinePeriod | undefined, marks: boolean) {
    const c = this.regContext();
    const offline = !!doc.offline;
    switch (doc.kind) {
      case 'receipt':
        return ticketRequest(c, {
          receipt: doc.document.receipt!, at: doc.at, number: doc.number, shiftNumber: doc.shiftNumber,
          ...(offline && marks && doc.offline?.offlineNumber !== undefined ? { offlineNumber: doc.offline.offlineNumber } : {}),
          ...(period ? { offlinePeriod: period } : {}),
          ...(doc.parent ? { parent: doc.parent } : {}),
          printed: doc.document.lines.join('\n'),
          dropMarking: this.defects.has('marking-not-sent'),
          dropCustomerIin: this.defects.has('customer-iin-dropped'),
          returnAsSale: this.defects.has('return-as-sale'),
        });
      case 'cash_in':
      case 'cash_out':
        return moneyPlacementRequest(c, { kind: doc.kind, sum: doc.sum ?? 0, at: doc.at, number: doc.number, shiftNumber: doc.shiftNumber, offline: offline && marks, ...(period ? { offlinePeriod: period } : {}) });
      case 'z_report':
        return closeShiftRequest(c, { totals: doc.totals!, at: doc.at, number: doc.number, offline: offline && marks, lifetime: this.lifetime, ...(period ? { offlinePeriod: period } : {}) });
      default:
        throw new EmulatorError('EMU_INTERNAL', `not sendable: ${doc.kind}`);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // sessions, clock, settings

  private async login(mode: unknown, password: unknown): Promise<{ mode: Mode }> {
    this.requirePowered();
    if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) throw new DcpInvalidParams('mode must be one of ' + MODES.join(', '), '$.mode');
    if (typeof password !== 'string') throw new DcpInvalidParams('password must be a string', '$.password');
    this.session.send({ type: 'LOGIN', mode: mode as Mode, password });
    const s = await waitFor(this.session, (x) => !x.matches('verifying') && !x.matches('granted'));
    if (sessionMode(s.value) !== mode) {
      this.display('display.bad_password', 'error');
      refuse('bad_password', `wrong password for mode ${mode}`, '1');
    }
    return { mode: mode as Mode };
  }

  private shiftOpen(): boolean {
    return !this.shift.getSnapshot().matches('closed');
  }

  private async clockSet(nowParam: unknown, password: unknown): Promise<{ now: string }> {
    // dcp.md: clock.set carries its own password. Logged out, that is the programming password
    // (req 10: setting the clock is a programming function); logged in, only programming or
    // service mode may set it (a cashier in sales mode may not), with that mode's password.
    await this.admit({ operation: 'clock', now: nowParam, password });
    const target = Date.parse(nowParam as string);
    this.p.clockOffsetMs = target - this.clock.now();
    await this.save();
    return { now: this.iso(this.now()) };
  }

  private settingsView(): Settings {
    const s: Settings = { rnm: this.p.rnm, kkmId: this.p.kkmId, serial: this.p.serial, channels: this.p.channels.map((c) => ({ ...c })), languages: [...this.p.languages] };
    if (this.defects.has('token-readable')) s.token = this.p.token;
    if (this.defects.has('kkm-id-misreported')) s.kkmId = this.p.kkmId + 1;
    return s;
  }

  private async settingsSet(prm: Record<string, unknown>): Promise<Settings> {
    await this.admit({ operation: 'settings', changes: prm });
    if (prm['rnm'] !== undefined) this.p.rnm = prm['rnm'] as string;
    if (prm['kkmId'] !== undefined) {
      const id = prm['kkmId'];
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 0xffffffff) throw new DcpInvalidParams('kkmId must be an integer 1..4294967295', '$.kkmId');
      this.p.kkmId = id;
    }
    if (prm['serial'] !== undefined) {
      if (typeof prm['serial'] !== 'string' || prm['serial'] === '') throw new DcpInvalidParams('serial must be a non-empty string', '$.serial');
      this.p.serial = prm['serial'];
    }
    if (prm['channels'] !== undefined) {
      const chs = prm['channels'];
      if (!Array.isArray(chs)) throw new DcpInvalidParams('channels must be an array', '$.channels');
      const out: Channel[] = chs.map((c: Record<string, unknown>, i: number) => {
        if (typeof c?.['host'] !== 'string' || !Number.isInteger(c['port']) || (c['port'] as number) < 1 || (c['port'] as number) > 65535) throw new DcpInvalidParams('each channel needs host and port 1..65535', `$.channels[${i}]`);
        return {
          name: typeof c['name'] === 'string' ? c['name'] : `ch${i + 1}`,
          host: c['host'] as string,
          port: c['port'] as number,
          priority: typeof c['priority'] === 'number' ? c['priority'] : i + 1,
          enabled: c['enabled'] !== false,
        };
      });
      this.p.channels = out;
      this.channels.send({ type: 'PROGRAM', channels: out });
    }
    if (prm['languages'] !== undefined) {
      const l = prm['languages'];
      if (!Array.isArray(l) || !l.every((x) => x === 'kz' || x === 'ru')) throw new DcpInvalidParams('languages must be a list of kz/ru', '$.languages');
      this.p.languages = [...l];
    }
    let tokenEntered = false;
    if (prm['token'] !== undefined) {
      const t = prm['token'];
      if (typeof t !== 'number' || !Number.isInteger(t) || t < 0 || t > 0xffffffff) throw new DcpInvalidParams('token must be an integer 0..4294967295', '$.token');
      this.p.token = t;
      tokenEntered = true;
    }
    await this.save();
    if (tokenEntered && this.linkActor.getSnapshot().matches('blocked')) this.linkActor.send({ type: 'TOKEN_ENTERED' });
    return this.settingsView();
  }

  // ---------------------------------------------------------------------------------------------
  // hardware

  private scan(code: unknown): { accepted: boolean } {
    if (typeof code !== 'string') throw new DcpInvalidParams('code must be a string', '$.code');
    // a marking code: printable ASCII, at least 8 characters (DataMatrix payloads are longer)
    const ok = this.powered && /^[\x20-\x7e\x1d]{8,200}$/.test(code);
    if (ok) this.scanned.add(code);
    return { accepted: ok };
  }

  private async firmwareInstall(image: unknown, signature: unknown): Promise<{ installed: boolean }> {
    await this.admit({ operation: 'firmware', image, signature });
    this.p.firmware = { image: image as string, signature: signature as string };
    await this.save();
    return { installed: true };
  }

  private hello(): HelloResult {
    const caps = ['printer-sim', 'tamper', 'scanner', 'firmware', 'power-cut'];
    if (this.clock instanceof VirtualClock && this.o.virtualClock !== false) caps.unshift('virtual-clock');
    if (this.defects.names.length) caps.push('defects');
    return {
      vendor: this.o.vendor, model: this.o.model, firmware: firmwareVersion(fromB64(this.p.firmware.image)), dcp: '1',
      capabilities: caps, languages: this.defects.has('russian-only') ? ['ru'] : ['kz', 'ru'],
      clock: caps.includes('virtual-clock') ? 'virtual' : 'wall',
      // an added optional field (dcp.md allows them): which seeded defects this DUT runs with
      ...(this.defects.names.length ? { defects: [...this.defects.names] } : {}),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // journal

  private async journalRead(from?: number, to?: number): Promise<{ documents: Document[] }> {
    const count = (await this.mod((fm) => fm.info())).recordCount;
    const lo = Math.max(1, from ?? 1);
    const hi = Math.min(count, to ?? count);
    const documents: Document[] = [];
    for (let i = lo; i <= hi; i++) {
      const rec = await this.mod((fm) => fm.read(i));
      const d = decodeStored(rec);
      if (d) documents.push(d.document);
    }
    return { documents };
  }

  private async journalTamper(number: unknown, patch: unknown): Promise<Record<string, never>> {
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) throw new DcpInvalidParams('number must be a document number', '$.number');
    if (typeof patch !== 'object' || patch === null) throw new DcpInvalidParams('patch must be an object', '$.patch');
    const count = (await this.mod((fm) => fm.info())).recordCount;
    if (number > count) throw new DcpInvalidParams(`no document ${number}`, '$.number');
    tamperImage(this.module.applet, number, (payload) => {
      const isZ = this.docs.get(number)?.kind === 'z_report';
      const head = isZ ? payload.subarray(0, 80) : new Uint8Array(0);
      const body = isZ ? payload.subarray(80) : payload;
      let d: Record<string, unknown>;
      try { d = JSON.parse(new TextDecoder().decode(body)) as Record<string, unknown>; } catch { d = {}; }
      d['document'] = deepMerge(d['document'], patch);
      const nb = new TextEncoder().encode(JSON.stringify(d));
      const out = new Uint8Array(head.length + nb.length);
      out.set(head);
      out.set(nb, head.length);
      return out;
    });
    return {};
  }

  // ---------------------------------------------------------------------------------------------
  // guards shared by the operations

  /**
   * Asks the operation-admission statechart whether the operation may go ahead (its guards are
   * the rules; `facts` answers them) and throws its refusal as DCP carries it.
   */
  private async admit(request: AdmissionRequest): Promise<void> {
    this.admission.send({ type: 'REQUEST', request, facts: this.facts });
    let snap = this.admission.getSnapshot();
    if (snap.matches('checkingClockPassword')) snap = await waitFor(this.admission, (x) => !x.matches('checkingClockPassword'));
    const r = refusalOf(snap);
    if (!r) return;
    if (r.kind === 'params') throw new DcpInvalidParams(r.message, r.path);
    refuse(r.reason, r.message, r.requirement);
  }

  /** What the admission guards ask of the register (read when a rule applies, never before). */
  private readonly facts: RegisterFacts = {
    poweredOn: () => this.powered,
    mode: () => sessionMode(this.session.getSnapshot().value),
    selfTestBlock: () => {
      const pw = this.power.getSnapshot();
      return pw.matches('blocked') ? pw.context.block?.requirement ?? '3' : null;
    },
    suspension: () => {
      const ln = this.linkActor.getSnapshot();
      if (!ln.matches('serverBlocked') && !ln.matches('probing')) return null;
      return { reason: ln.context.blockText ?? '', shown: this.p.lastInfoText ?? ln.context.blockText ?? '' };
    },
    operatorBlock: () => {
      const ln = this.linkActor.getSnapshot();
      return ln.matches('blocked') ? { code: ln.context.fatal?.code, text: ln.context.fatal?.text ?? '' } : null;
    },
    // the autonomy and shift machines check their own limit first (a timer may not have fired yet)
    offlineUnder72h: () => {
      this.autonomy.send({ type: 'CHECK_AGE' });
      return !this.autonomy.getSnapshot().matches('tooLong');
    },
    shiftUnder24h: () => {
      this.shift.send({ type: 'CHECK_DURATION' });
      return !this.shift.getSnapshot().matches('expired');
    },
    shiftOpen: () => this.shiftOpen(),
    paperPresent: () => this.paper,
    operatorReachable: () => this.operatorReachable(),
    scanned: (code) => this.scanned.has(code),
    drawerCash: () => this.totals.cash,
    sellerIin: () => this.o.profile.registration.org.iin,
    protocolVersion: () => this.o.profile.protocolVersion ?? 203,
    signedReceipt: (n) => {
      const parent = this.docs.get(n);
      return !!parent && parent.kind === 'receipt' && !!parent.document.fiscal;
    },
    lastDocumentAt: () => this.lastDocAt,
    lastDocumentTime: () => this.iso(this.lastDocAt),
    firmwareSignatureValid: (image, signature) => firmwareSignatureValid(fromB64(image), fromB64(signature)),
    modeLabel: (m) => (m ? message(`mode.${m}` as MessageKey, this.lang) : '—'),
  };

  private operatorReachable(): boolean {
    return this.linkActor.getSnapshot().matches('online') && this.queued.size === 0;
  }

  // ---------------------------------------------------------------------------------------------
  // receipts (reqs 5, 6, 7, 14, 15, 23–26, 29, 39)

  private async createReceipt(r: Receipt): Promise<{ document: Document }> {
    if (r && typeof r.idempotencyKey === 'string' && this.idem.has(r.idempotencyKey)) {
      const n = this.idem.get(r.idempotencyKey)!;
      const doc = this.docs.get(n)!.document;
      const withPng = doc.qr && this.o.qrPng && !this.defects.has('qr-no-png') ? { ...doc, qr: lazyQr(doc.qr.payload, true) } : doc;
      return { document: withPng };
    }
    await this.admit({ operation: 'receipt', receipt: r });
    if (!this.shiftOpen()) {
      // req 2: the self-test at the start of a shift
      const st = await this.selfTest('shift_start');
      if (st.blocking && !this.defects.has('selftest-failure-ignored')) refuse('selftest_failed', 'the self-test at the start of the shift failed', st.requirement ?? '3');
    }
    const receipt: Receipt = structuredClone(r);
    const parentDoc = r.parentNumber !== undefined ? this.docs.get(r.parentNumber) : undefined;
    const parent: ParentInfo | undefined = parentDoc?.document.fiscal ? {
      sign: parentDoc.document.fiscal.sign, at: parentDoc.at, total: receiptTotal(parentDoc.document.receipt!),
      offline: parentDoc.document.fiscal.mode === 'autonomous', rnm: this.p.rnm,
    } : undefined;
    const doc = await this.fiscalCycle({ kind: 'receipt', receipt, ...(parent ? { parent } : {}) });
    return { document: doc };
  }

  private async cash(kind: 'cash_in' | 'cash_out', sum: unknown): Promise<{ document: Document }> {
    await this.admit({ operation: kind, sum });
    const doc = await this.fiscalCycle({ kind, sum: sum as number });
    return { document: doc };
  }

  /**
   * Starts one effect of the fiscal cycle under way; its outcome goes back to the machine as an
   * event — unless the cycle has moved on meanwhile (another document, a power cut, an abort).
   */
  private startEffect<T>(run: (c: NonNullable<Register['cycle']>) => Promise<T>, done: (v: T) => FiscalCycleEvent, failed: (e: unknown) => FiscalCycleEvent, signal?: AbortFlag): void {
    const c = this.cycle;
    let p: Promise<T>;
    try {
      if (!c) throw new EmulatorError('EMU_INTERNAL', 'no fiscal cycle under way');
      p = run(c);
    } catch (e) {
      p = Promise.reject(e);
    }
    const current = () => this.cycle === c && !signal?.aborted;
    p.then((v) => { if (current()) this.cycleActor.send(done(v)); }, (e: unknown) => { if (current()) this.cycleActor.send(failed(e)); });
  }

  /**
   * One fiscal document through the fiscal-cycle statechart: sent to the operator in the same
   * cycle; autonomous after 5 s without an answer or on a lost link; recorded in the module and
   * printed once it has a sign (or an offline mark).
   */
  private async fiscalCycle(x: { kind: 'receipt' | 'cash_in' | 'cash_out' | 'z_report'; receipt?: Receipt; parent?: ParentInfo; sum?: number }): Promise<Document> {
    const d = this.defects;
    if (!this.powered) refuse('not_supported', 'power cut during the operation');
    const at = this.now();
    const number = this.recordCount + 1;
    const shiftNumber = this.totals.shiftNumber;
    const cashier = sessionMode(this.session.getSnapshot().value) ?? 'registration';
    const base: StoredDoc = {
      v: 1, kind: x.kind, number, shiftNumber, at, cashier,
      document: { kind: x.kind, number, shiftNumber, printedAt: this.iso(at), fiscal: null, title: null, lines: [], qr: null },
      ...(x.parent ? { parent: x.parent } : {}),
      ...(x.sum !== undefined ? { sum: x.sum } : {}),
      ...(x.receipt?.idempotencyKey ? { idempotencyKey: x.receipt.idempotencyKey } : {}),
    };
    if (x.receipt) base.document.receipt = x.receipt;
    if (x.kind === 'z_report') base.totals = structuredClone(this.totals);
    const skipSend = (x.kind === 'receipt' && d.has('receipt-not-sent')) || ((x.kind === 'cash_in' || x.kind === 'cash_out') && d.has('cash-not-sent'));

    const sendToOperator = async ({ signal }: { signal: AbortFlag }): Promise<SendOutcome> => {
      if (x.kind === 'z_report' && d.has('z-not-closing')) return { kind: 'signed', sign: '' };
      const req = this.requestFor(base, undefined, true);
      const a = await this.send(req, signal, undefined, number);
      if (!a.ok) return { kind: 'no_link' };
      const code = a.response.result?.resultCode ?? 0;
      const text = a.response.result?.resultText ?? '';
      if (code === 0) {
        if (x.kind === 'receipt') {
          const sign = a.response.ticket?.ticketNumber ?? '';
          const qr = a.response.ticket?.qrCode?.length ? new TextDecoder().decode(a.response.ticket.qrCode) : undefined;
          return { kind: 'signed', sign, ...(qr ? { qr } : {}) };
        }
        return { kind: 'signed', sign: '', ...(a.response.report?.zxReport ? { serverReport: a.response.report.zxReport } : {}) };
      }
      const out = this.classify(a);
      if (out.kind === 'no_link') return { kind: 'no_link' };
      if (out.kind === 'server_block') return { kind: 'server_block', ...(out.text !== undefined ? { text: out.text } : {}) };
      if (code >= 1 && code <= 5) return { kind: 'fatal', code, text };
      if (code === 11) return { kind: 'refused', reason: 'shift_expired', code, text, requirement: '14' };
      return { kind: 'refused', reason: 'invalid_receipt', code, text };
    };

    const signAutonomously = async (): Promise<Fiscalisation> => {
      if (x.kind !== 'receipt') return { mode: 'autonomous', sign: '' };
      if (d.has('autonomous-sign-reused') && this.lastAutonomousSign) return this.lastAutonomousSign;
      const hash = sha256(JSON.stringify({ receipt: x.receipt, number, at, rnm: this.p.rnm }));
      const s = await this.mod((fm) => fm.autonomousSign(hash));
      const f: Fiscalisation = { mode: 'autonomous', sign: s.sign, offlineNumber: s.counter };
      this.lastAutonomousSign = f;
      return f;
    };

    const recordDocument = async ({ input }: { input: { fiscal: Fiscalisation } }): Promise<Document> => {
      const f = input.fiscal;
      // only top-level fields of the copy are replaced below (offline, document): a shallow copy will do
      const stored: StoredDoc = { ...base };
      if (f.mode === 'autonomous') {
        if (this.offlineSince === null) this.offlineSince = at;
        stored.offline = { since: this.offlineSince, ...(f.offlineNumber !== undefined ? { offlineNumber: f.offlineNumber } : {}) };
      }
      const printedDoc = await this.renderDocument(stored, f);
      // the module keeps the QR payload; the PNG is derived from it (not fiscal data)
      stored.document = printedDoc.qr ? { ...printedDoc, qr: { payload: printedDoc.qr.payload } } : printedDoc;
      if (d.has('slow-cycle')) await new Promise<void>((res) => this.clock.setTimeout(res, 8_000));
      const bytes = encodeStored(stored);
      const rec = x.kind === 'z_report'
        ? await this.mod((fm) => fm.closeShift(bytes))
        : await this.mod((fm) => fm.append(recordKind(x.kind), bytes));
      if (rec.index !== number) throw new EmulatorError('EMU_INTERNAL', `module index ${rec.index} ≠ document number ${number}`);
      this.recordCount = rec.index;
      this.docs.set(number, stored);
      this.lastDocAt = Math.max(this.lastDocAt, at);
      if (stored.idempotencyKey) this.idem.set(stored.idempotencyKey, number);
      if (f.mode === 'online') {
        await this.mod((fm) => fm.markTransmitted(this.watermark()));
      } else {
        this.queued.add(number);
        this.autonomy.send({ type: 'QUEUED', at });
        // queued while the link is up (a queue was waiting): start delivering now
        if (this.linkActor.getSnapshot().matches('online')) this.linkActor.send({ type: 'RETRY_NOW' });
      }
      this.applyToTotals(stored);
      if (!(x.kind === 'receipt' && d.has('receipt-not-printed'))) this.printed(printedDoc);
      return printedDoc;
    };

    this.cycle = { sendToOperator, signAutonomously, recordDocument, at };
    const reachable = !skipSend && this.operatorReachable();
    let out: FiscalCycleOutput;
    try {
      out = await new Promise<FiscalCycleOutput>((resolve, reject) => {
        this.cycleWaiter = resolve;
        this.cancelCycle = (e) => {
          this.cycleWaiter = null;
          reject(e);
          this.cycleActor.send({ type: 'CANCEL' });
        };
        this.cycleActor.send({ type: 'DOCUMENT', operatorReachable: reachable });
      });
    } finally {
      this.cycle = null;
      this.cancelCycle = null;
      this.cycleWaiter = null;
    }
    if (!out) refuse('not_supported', 'the operation was interrupted');
    if (out.refusal) {
      this.display('display.invalid_receipt', 'error', { detail: out.refusal.message });
      refuse(out.refusal.reason, out.refusal.message, out.refusal.requirement);
    }
    if (skipSend && out.recorded) {
      // defect: recorded as if delivered
      this.queued.delete(number);
      await this.mod((fm) => fm.markTransmitted(this.watermark())).catch(() => undefined);
      const rest = [...this.queued].sort((a, b) => a - b);
      this.autonomy.send({ type: 'DELIVERED', remaining: rest.length, oldestUnsentAt: rest.length ? this.docs.get(rest[0]!)!.at : null });
    }
    return out.recorded as Document;
  }

  private applyToTotals(s: StoredDoc): void {
    if (s.kind === 'receipt' && s.document.receipt) {
      addReceipt(this.totals, s.document.receipt, s.at, !!s.offline, s.cashier);
      this.lifetime[s.document.receipt.operation]++;
      this.shift.send({ type: 'PAYMENT_DOCUMENT_FINISHED', at: s.at });
    } else if ((s.kind === 'cash_in' || s.kind === 'cash_out') && s.sum !== undefined) {
      addPlacement(this.totals, s.kind, s.sum, !!s.offline);
    } else if (s.kind === 'z_report') {
      this.totals = emptyTotals(s.shiftNumber + 1, this.totals.cash);
      this.shift.send({ type: 'CLOSE' });
    }
  }

  /** Lines, title, QR of a document: the document statechart lays it out (reqs 23, 24, 27, 29.3–29.7, 31–35, 39). */
  private async renderDocument(s: StoredDoc, f: Fiscalisation): Promise<Document> {
    const doc = this.assemble(s.kind, s.number, s.shiftNumber, s.document, f, s);
    const payload = this.documents.getSnapshot().context.qrPayload;
    // req 36: the symbol is printed with every receipt; its PNG is encoded when first read (a DCP answer)
    if (s.kind === 'receipt') doc.qr = payload ? lazyQr(payload, this.o.qrPng && !this.defects.has('qr-no-png')) : null;
    return doc;
  }

  /** Runs the document statechart on a draft and returns the laid-out document. */
  private assemble(kind: DocumentKind, number: number, shiftNumber: number, document: Document, fiscal: Fiscalisation | null, s?: StoredDoc): Document {
    this.documents.send({
      type: 'ASSEMBLE',
      draft: {
        kind, number, shiftNumber, document, fiscal, identity: this.identity(), drawerCash: this.totals.cash,
        ...(this.o.qrBaseUrl !== undefined ? { qrBaseUrl: this.o.qrBaseUrl } : {}),
        ...(s?.parent ? { parent: s.parent } : {}),
        ...(s?.sum !== undefined ? { sum: s.sum } : {}),
        ...(s?.totals ? { totals: s.totals } : {}),
      },
    });
    return this.documents.getSnapshot().context.document!;
  }

  private async printNote(kind: DocumentKind, lines: string[]): Promise<Document> {
    const at = this.now();
    const number = this.recordCount + 1;
    const document = this.assemble(kind, number, this.totals.shiftNumber, { kind, number, shiftNumber: this.totals.shiftNumber, printedAt: this.iso(at), fiscal: null, title: null, lines, qr: null }, null);
    const stored: StoredDoc = { v: 1, kind, number, shiftNumber: this.totals.shiftNumber, at, document, cashier: 'system' };
    const rec = await this.mod((fm) => fm.append('note', encodeStored(stored)));
    this.recordCount = rec.index;
    document.number = rec.index;
    stored.number = rec.index;
    this.docs.set(rec.index, stored);
    await this.mod((fm) => fm.markTransmitted(this.watermark())).catch(() => undefined);
    this.printed(document);
    return document;
  }

  // ---------------------------------------------------------------------------------------------
  // reports (reqs 12, 13, 29.7, 31)

  private async reportX(): Promise<{ document: Document }> {
    await this.admit({ operation: 'x_report' });
    const at = this.now();
    let lines: string[] | null = null;
    if (this.operatorReachable() && !this.defects.has('x-report-always-local')) {
      const a = await this.send(reportRequest(this.regContext(), { totals: this.totals, at, lifetime: this.lifetime }));
      const out = this.classify(a);
      if (out.kind === 'server_block') { this.linkActor.send({ type: 'SERVER_BLOCK', ...(out.text ? { text: out.text } : {}) }); refuse('suspended_by_ofd', out.text ?? 'suspended', '16'); }
      if (a.ok && out.kind === 'ok' && a.response.report?.zxReport) lines = [`${both('line.ofd')}: ${both('word.online')}`, ...serverReportLines(a.response.report.zxReport)];
      if (out.kind === 'no_link') this.linkActor.send({ type: 'NO_ANSWER' });
      if (out.kind === 'fatal' && out.code <= 5) this.linkActor.send({ type: 'FATAL_RESULT', code: out.code, ...(out.text ? { text: out.text } : {}) });
    }
    if (!lines) lines = [both('word.autonomous'), ...localReportLines(this.totals)];
    const doc = await this.printNote('x_report', [both('doc.x_report'), ...header(this.identity(), this.totals.shiftNumber, this.recordCount + 1, this.iso(at)), ...lines]);
    return { document: doc };
  }

  private async reportLocal(kind: 'sections_report' | 'cashiers_report'): Promise<{ document: Document }> {
    await this.admit({ operation: kind });
    const t = this.totals;
    const lines: string[] = [both(kind === 'sections_report' ? 'doc.sections_report' : 'doc.cashiers_report'), ...header(this.identity(), t.shiftNumber, this.recordCount + 1, this.iso(this.now()))];
    if (kind === 'sections_report') {
      for (const [sec, ops] of Object.entries(t.sections).sort(([a], [b]) => Number(a) - Number(b))) {
        lines.push(both('line.section', { n: sec }));
        for (const op of OPS) if (ops[op].count) lines.push(`  ${both(`op.${op}` as MessageKey)}: ${ops[op].count} / ${money(ops[op].sum)}`);
      }
    } else {
      for (const [c, v] of Object.entries(t.cashiers)) lines.push(`${both('line.cashier')} ${c}: ${v.count} / ${money(v.sum)}`);
    }
    lines.push(`${both('line.total')}: ${money(revenue(t))}`);
    return { document: await this.printNote(kind, lines) };
  }

  private async reportZ(): Promise<{ document: Document }> {
    await this.admit({ operation: 'z_report' });
    // reqs 2, 13: the integrity test runs with the Z report
    const st = await this.selfTest('z_report');
    if (st.blocking && !this.defects.has('selftest-failure-ignored')) refuse('selftest_failed', 'the integrity test at the Z report failed: the register is blocked', st.requirement ?? '3.3');
    const doc = await this.fiscalCycle({ kind: 'z_report' });
    return { document: doc };
  }
}

/** A promise actor whose creator takes (input, signal) — declared once, used with `.provide()`. */
function fromPromiseLogic<I, O>(fn: (input: I, signal: AbortSignal) => Promise<O>) {
  return fromPromise<O, I>(({ input, signal }) => fn(input, signal));
}
