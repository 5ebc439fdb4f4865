// The operator's side of the protocol (reference sections 4-10): identity, token rotation,
// REQNUM retries (results 8 and 9), orders (suspension, notifications, de-registration,
// registration states), validation, the 24 h shift rule, offline backlog checks, and the answer
// to every command. Pure with respect to I/O: it takes a decoded request and returns the answer.
import {
  create, encodeResponseFrame, validateRequest, isSupportedVersion, toOfdDateTime, buildQrUrl, tiynFromMoney,
  ResponseSchema, ServiceResponseSchema, NomenclatureResponseSchema, DateTimeSchema, missingRequired,
  decodeRequestFrame, decodeResponseFrame, encodeHeader,
} from '../../protocol/index.js';
import type { Request, Response, ServiceResponse, FrameHeader, ProtocolVersion, Issue, MessageInitShape, DateTime, ZXReport, TicketRequest } from '../../protocol/index.js';
import { applyPlacement, applyTicket, applyWithdrawAll, emptyShift, ticketCashDelta } from './counters.js';
import { buildZxReport, emptyZReport } from './reports.js';
import { lastAnswer, newRegisterState, setLast, type DocAnswer, type RegisterState, type RegistrationState } from './registers.js';
import { CMD, checkContext, documentTime, isOfflineDocument, safeTime, type Violation } from './validation.js';
import type { Cashier, Clock, Registration, ResolvedOfdMockOptions } from './options.js';
import type { Rng } from './rng.js';

export const RESULT = {
  OK: 0, UNKNOWN_ID: 1, INVALID_TOKEN: 2, PROTOCOL_ERROR: 3, UNKNOWN_COMMAND: 4, UNSUPPORTED_COMMAND: 5,
  INVALID_REQUEST_NUMBER: 8, INVALID_RETRY_REQUEST: 9, CANT_CANCEL_TICKET: 10, OPEN_SHIFT_TIMEOUT_EXPIRED: 11,
  INCORRECT_REQUEST_DATA: 13, NOT_ENOUGH_CASH: 14, BLOCKED: 15, SAME_TAXPAYER_AND_CUSTOMER: 17, DEREGISTERED_204: 18,
  SERVICE_TEMPORARILY_UNAVAILABLE: 254, UNKNOWN_ERROR: 255,
} as const;

/** Per-request context passed to the answer helpers. */
/** `complete`: the request decoded without a missing required field (so no nested message lacks one either). */
interface Rq { h: FrameHeader; version: ProtocolVersion; command: number; violations: Violation[]; known: boolean; ads: TicketAdInit[]; complete: boolean }
type TicketAdInit = { info: { type: number; version: bigint }; text: string };
interface DocInfo { backlog: boolean; dt: DateTime | undefined; ms: number | null }
const NO_ADS: TicketAdInit[] = [];

function issueToViolation(i: Issue): Violation { return { code: i.code, path: i.path, message: i.message, result: RESULT.PROTOCOL_ERROR }; }
function hasResult(vs: Violation[], r: number): boolean { for (const v of vs) if (v.result === r) return true; return false; }
function violationText(vs: Violation[], r: number): string { return vs.filter((v) => v.result === r).map((v) => `${v.code} ${v.path}`).join('; '); }

/** Commands whose OK answer carries a new token (reference §4.2). */
const ROTATING = new Set<number>([CMD.TICKET, CMD.CLOSE_SHIFT, CMD.MONEY_PLACEMENT, CMD.CANCEL_TICKET, 127]);
const KNOWN_COMMANDS = new Set<number>([0, 1, 2, 3, 4, 5, 6, 7, 8, 100, 101, 127]);
/** Commands answered 11 once the shift is older than the limit (unless offline backlog). */
const SHIFT_LIMITED = new Set<number>([CMD.TICKET, CMD.MONEY_PLACEMENT, CMD.REPORT]);
/** In strict mode, the first result among these that a violation asks for is the answer. */
const STRICT_ORDER = [3, 15, 17, 13] as const;

export interface HandleInput {
  header: FrameHeader;
  /** null when the payload could not be decoded at all */
  message: Request | null;
  /** decode problems (missing required fields, undecodable payload) */
  decodeIssues: Issue[];
  /**
   * the whole frame as received (after to-ofd faults): the command of an undecodable request is
   * read from it, and the last ticket's frame is copied from it for CANCEL_TICKET
   */
  raw?: Uint8Array;
  channel: number;
}

export interface HandleOutput {
  answer: Uint8Array;
  response: Response;
  responseToken: number;
  result: number;
  /** the answer is the stored answer of an exact retry (nothing applied) */
  retry: boolean;
  violations: Violation[];
  /** known register (after auto-registration, if any) */
  known: boolean;
}

export interface OperatorEvents {
  register(ev: { kind: 'auto-registered' | 'first-contact' | 'registered' | 'token-rotated'; kkmId: number; channel?: number }): void;
  /** whether anyone receives events of this kind (not asked: yes); the per-ticket ones are not built otherwise */
  listening?(kind: 'token-rotated'): boolean;
  changed(st: RegisterState): void;
}

const NOMENCLATURE_VERSION = 1;

export class Operator {
  readonly registers = new Map<number, RegisterState>();
  /** fiscal signs issued so far (persisted: signs stay unique across restarts) */
  signCounter = 0;
  private readonly signOffset: bigint;
  private readonly tokenRng: Rng;
  private readonly timers = new Set<unknown>();
  /** registers heard from since this server started ('first-contact' events) */
  private readonly contacted = new Set<number>();

  constructor(private readonly o: ResolvedOfdMockOptions, private readonly clock: Clock, rng: Rng, private readonly ev: OperatorEvents) {
    this.signOffset = BigInt(Math.floor(rng.fork('fiscal-sign').next() * 9_000_000_000));
    this.tokenRng = rng.fork('token');
  }

  // ----- orders -------------------------------------------------------------------------------

  provision(reg: Registration): RegisterState {
    const now = this.clock.now();
    const old = this.registers.get(reg.kkmId);
    if (old) {
      old.reg = structuredClone(reg);
      old.token = reg.token;
      old.prevToken = null;
      old.last = null;
      old.registration = { state: 'registered', reason: null, since: now, until: null };
      this.ev.changed(old);
      return old;
    }
    const st = newRegisterState(reg, now);
    this.registers.set(reg.kkmId, st);
    this.ev.register({ kind: 'registered', kkmId: reg.kkmId });
    this.ev.changed(st);
    return st;
  }

  setRegistrationState(st: RegisterState, state: RegistrationState, opts: { reason?: string; delayMs?: number } = {}): void {
    const now = this.clock.now();
    const until = state === 'pending' && opts.delayMs !== undefined ? now + opts.delayMs : null;
    st.registration = { state, reason: opts.reason ?? null, since: now, until };
    if (until !== null) {
      const h = this.clock.setTimeout(() => {
        this.timers.delete(h);
        if (st.registration.state === 'pending' && st.registration.until === until) {
          st.registration = { state: 'registered', reason: null, since: this.clock.now(), until: null };
          this.ev.register({ kind: 'registered', kkmId: st.reg.kkmId });
          this.ev.changed(st);
        }
      }, opts.delayMs!);
      this.timers.add(h);
    }
    this.ev.changed(st);
  }

  notify(st: RegisterState, text: string): bigint {
    st.adVersion += 1n;
    st.ads.push({ version: st.adVersion, text, delivered: false });
    this.ev.changed(st);
    return st.adVersion;
  }

  close(): void {
    for (const h of this.timers) this.clock.clearTimeout(h);
    this.timers.clear();
  }

  // ----- requests -----------------------------------------------------------------------------

  handle(inp: HandleInput): HandleOutput {
    const h = inp.header;
    const req = inp.message;
    const now = this.clock.now();
    const version: ProtocolVersion = isSupportedVersion(h.version) ? h.version : 202;
    const command = req ? (req.command as number) : peekCommand(inp);
    let st = this.registers.get(h.deviceId);
    const violations: Violation[] = inp.decodeIssues.length ? inp.decodeIssues.map(issueToViolation) : [];
    const rq: Rq = { h, version, command, violations, known: !!st, ads: NO_ADS, complete: inp.decodeIssues.length === 0 };

    // identity
    if (!st) {
      if (!this.o.autoRegister || !req) return this.reply(rq, RESULT.UNKNOWN_ID, `unknown register id ${h.deviceId}`);
      st = this.autoRegister(h, req, inp.channel);
    }
    rq.known = true;
    if (!this.contacted.has(st.reg.kkmId)) { this.contacted.add(st.reg.kkmId); this.ev.register({ kind: 'first-contact', kkmId: st.reg.kkmId, channel: inp.channel }); }
    st.lastSeen = now;
    st.lastChannel = inp.channel;
    st.requests++;

    // registration state
    const reg = st.registration;
    if (reg.state === 'pending' && reg.until !== null && now >= reg.until) st.registration = { state: 'registered', reason: null, since: now, until: null };
    if (st.registration.state === 'refused') return this.reply(rq, RESULT.UNKNOWN_ID, `registration refused${reg.reason ? `: ${reg.reason}` : ''}`);

    // an undecodable payload: nothing else can be judged
    if (!req) return this.reply(rq, RESULT.PROTOCOL_ERROR, `malformed request: ${inp.decodeIssues.map((i) => `${i.path} ${i.message}`).join('; ')}`);

    // retries (reference §4.4)
    const last = st.last;
    if (last && h.reqNum === last.reqNum) {
      if (h.token !== last.token) return this.reply(rq, RESULT.INVALID_REQUEST_NUMBER, `request number ${h.reqNum} was already used with another token`);
      if (command !== last.command) return this.reply(rq, RESULT.INVALID_RETRY_REQUEST, `request number ${h.reqNum} was used for command ${last.command}, not ${command}`);
      const answer = lastAnswer(last);
      return { answer, response: responseOf(answer), responseToken: last.responseToken, result: last.result, retry: true, violations, known: true };
    }
    if (h.token !== st.token) return this.reply(rq, RESULT.INVALID_TOKEN, 'invalid token');

    // the same document (printed_document_number) sent again under a new REQNUM (§4.4, §13.4):
    // answered with its original answer, not applied twice
    const docNo = documentNumber(req);
    if (docNo) {
      const prev = st.docAnswers.get(docNo);
      if (prev && prev.command === command) {
        const answer = replayAnswer(prev, version, h.deviceId, st.token, h.reqNum);
        setLast(st, h.reqNum, h.token, command, answer, st.token, prev.result);
        return { answer, response: responseOf(answer), responseToken: st.token, result: prev.result, retry: true, violations, known: true };
      }
    }
    const out = this.authenticated(st, rq, req, inp.raw);
    if (docNo && out.result === RESULT.OK) {
      // the bytes, not the message: re-sent with the new header (same version) or re-encoded
      st.docAnswers.set(docNo, { command, result: out.result, version, answer: out.answer.slice() });
      if (st.docAnswers.size > 1000) st.docAnswers.delete(st.docAnswers.keys().next().value!);
    }
    setLast(st, h.reqNum, h.token, command, out.answer, out.responseToken, out.result);
    this.ev.changed(st);
    return out;
  }

  private autoRegister(h: FrameHeader, req: Request, channel: number): RegisterState {
    const kkm = req.service?.regInfo?.kkm;
    const org = req.service?.regInfo?.org;
    const reg: Registration = {
      kkmId: h.deviceId, token: h.token,
      rnm: kkm?.fnsKkmId || '', serial: kkm?.serialNumber || '',
      org: { title: org?.title ?? '', iin: org?.inn ?? '', address: org?.address ?? '' },
      pos: { title: '', address: '' },
    };
    const delay = this.o.registrationDelayMs;
    const st = newRegisterState(reg, this.clock.now(), 'registered');
    st.autoRegistered = true;
    this.registers.set(h.deviceId, st);
    if (delay > 0) this.setRegistrationState(st, 'pending', { reason: 'registration in progress', delayMs: delay });
    this.ev.register({ kind: 'auto-registered', kkmId: h.deviceId, channel });
    return st;
  }

  private reply(rq: Rq, result: number, text: string, body: Partial<MessageInitShape<typeof ResponseSchema>> = {}, token = rq.h.token, service?: ServiceResponse): HandleOutput {
    const response = create(ResponseSchema, {
      command: KNOWN_COMMANDS.has(rq.command) ? rq.command : 0,
      result: text ? { resultCode: result, resultText: text } : { resultCode: result },
      ...body,
      ...(service ? { service } : {}),
    } as MessageInitShape<typeof ResponseSchema>);
    const answer = encodeResponseFrame({ version: rq.version, deviceId: rq.h.deviceId, token, reqNum: rq.h.reqNum }, response);
    return { answer, response, responseToken: token, result, retry: false, violations: rq.violations, known: rq.known };
  }

  /** The service block of an answer: pending ads (and extra fields), or none. */
  private svc(rq: Rq, extra?: Partial<MessageInitShape<typeof ServiceResponseSchema>>): ServiceResponse | undefined {
    return rq.ads.length || extra ? create(ServiceResponseSchema, { ticketAds: rq.ads, ...extra } as MessageInitShape<typeof ServiceResponseSchema>) : undefined;
  }

  private fail(rq: Rq, result: number, text: string): HandleOutput {
    return this.reply(rq, result, text, {}, rq.h.token, this.svc(rq));
  }

  private openShift(st: RegisterState, d: DocInfo, now: number): void {
    if (st.shift.open) return;
    st.shift = {
      open: true, number: st.shift.number + 1,
      openedAt: d.backlog && d.ms !== null ? d.ms : now,
      openedAtDt: d.dt ?? toOfdDateTime(now, this.o.tzOffsetMin),
      counters: emptyShift(st.lifetime.nonNullable),
    };
  }

  private noteDocument(st: RegisterState, d: DocInfo, frShift: number, printed: bigint): void {
    if (d.backlog) { st.offlineDocs++; if (d.ms !== null) st.lastOfflineDocAt = Math.max(st.lastOfflineDocAt ?? d.ms, d.ms); }
    const ld = st.lastDocument;
    if (ld) { ld.frShiftNumber = frShift || st.shift.number; if (printed) ld.printedDocumentNumber = printed; }
    else st.lastDocument = { frShiftNumber: frShift || st.shift.number, printedDocumentNumber: printed || 0n };
  }

  /** A new token after an applied rotating command (the previous one stays valid for an exact retry). */
  private rotate(st: RegisterState, command: number): number {
    if (!this.o.rotateTokens || !ROTATING.has(command)) return st.token;
    let t = this.tokenRng.uint32();
    if (t === st.token) t = (t + 1) >>> 0 || 1;
    st.prevToken = st.token;
    st.token = t;
    if (this.ev.listening?.('token-rotated') ?? true) this.ev.register({ kind: 'token-rotated', kkmId: st.reg.kkmId });
    return t;
  }

  /** Keeps what CANCEL_TICKET needs: a copy of the frame in the register's reused buffer (or the ticket, without a frame). */
  private keepLastTicket(st: RegisterState, tk: TicketRequest, raw: Uint8Array | undefined): void {
    let lt = st.lastTicket;
    if (!lt) lt = st.lastTicket = { valid: true, frame: new Uint8Array(raw ? Math.max(512, raw.length) : 0), len: 0, ticket: null, counters: st.shift.counters };
    lt.valid = true;
    lt.counters = st.shift.counters;
    if (raw) {
      if (lt.frame.length < raw.length) lt.frame = new Uint8Array(raw.length * 2);
      lt.frame.set(raw);
      lt.len = raw.length;
      lt.ticket = null;
    } else { lt.len = 0; lt.ticket = tk; }
  }

  private xReport(st: RegisterState, now: number): ZXReport {
    return buildZxReport({
      shift: st.shift.open ? st.shift.counters : emptyShift(st.lifetime.nonNullable), lifetime: st.lifetime, cash: st.cash,
      shiftNumber: st.shift.open ? st.shift.number : st.shift.number + 1, at: toOfdDateTime(now, this.o.tzOffsetMin),
      openedAt: st.shift.open ? st.shift.openedAtDt : null, closedAt: null,
    });
  }

  private authenticated(st: RegisterState, rq: Rq, req: Request, raw: Uint8Array | undefined): HandleOutput {
    const { h, version, command, violations } = rq;
    const now = this.clock.now();
    const tz = this.o.tzOffsetMin;
    // learn data a register sends that an auto-registration did not have
    const kkm = req.service?.regInfo?.kkm;
    if (st.autoRegistered && kkm) { if (!st.reg.rnm && kkm.fnsKkmId) st.reg.rnm = kkm.fnsKkmId; if (!st.reg.serial && kkm.serialNumber) st.reg.serial = kkm.serialNumber; }
    const ads = this.adsFor(st, req);
    rq.ads = ads;

    if (st.registration.state === 'pending') {
      return this.fail(rq, RESULT.BLOCKED, `registration pending${st.registration.until !== null ? ` until ${new Date(st.registration.until).toISOString()}` : ''}`);
    }
    if (st.registration.state === 'deregistered') {
      return this.fail(rq, version >= 204 ? RESULT.DEREGISTERED_204 : RESULT.BLOCKED, `register de-registered${st.registration.reason ? `: ${st.registration.reason}` : ''}`);
    }
    if (st.suspended) return this.fail(rq, RESULT.BLOCKED, st.suspended.reason);
    if (!KNOWN_COMMANDS.has(command)) return this.fail(rq, RESULT.UNKNOWN_COMMAND, `unknown command ${command}`);

    // record the offline period (req 30.1)
    const period = req.service?.offlinePeriod;
    if (period) {
      const b = safeTime(period.beginTime, tz), e = safeTime(period.endTime, tz);
      if (b !== null && e !== null && e > b) {
        const lastP = st.offlinePeriods[st.offlinePeriods.length - 1];
        if (lastP && lastP.begin === b) { lastP.end = Math.max(lastP.end, e); }
        else st.offlinePeriods.push({ begin: b, end: e, reportedAt: now, command });
      }
    }

    // validation: protocol (required fields, version) + context
    for (const i of validateRequest(req, version)) {
      if (!violations.some((v) => v.code === i.code && v.path === i.path)) violations.push({ code: i.code, path: i.path, message: i.message, result: RESULT.PROTOCOL_ERROR });
    }
    violations.push(...checkContext({ req, version, st, tzOffsetMin: tz }));
    if (violations.length) {
      if (this.o.strict) {
        for (const r of STRICT_ORDER) if (hasResult(violations, r)) return this.fail(rq, r, violationText(violations, r));
      } else if (hasResult(violations, RESULT.SAME_TAXPAYER_AND_CUSTOMER)) {
        return this.fail(rq, RESULT.SAME_TAXPAYER_AND_CUSTOMER, violationText(violations, RESULT.SAME_TAXPAYER_AND_CUSTOMER));
      }
    }

    // 24 h shift rule (except for the offline backlog)
    const backlog = isOfflineDocument(req);
    if (st.shift.open && st.shift.openedAt !== null && now - st.shift.openedAt > this.o.shiftLimitMs && !backlog
      && (this.o.shiftLimitScope === 'all' ? command !== CMD.CLOSE_SHIFT : SHIFT_LIMITED.has(command))) {
      return this.fail(rq, RESULT.OPEN_SHIFT_TIMEOUT_EXPIRED, `shift ${st.shift.number} open for more than ${Math.round(this.o.shiftLimitMs / 3600_000)} h: close it`);
    }

    if (command !== CMD.SYSTEM && command !== CMD.INFO) {
      if (command !== CMD.CANCEL_TICKET && st.lastTicket) st.lastTicket.valid = false;
    }
    const docTime = documentTime(req);
    const docMs = safeTime(docTime, tz);
    // the register's own date-time goes into our answers only when it is complete and valid
    // (decoding already checked every required field of a complete request: not walked again)
    const doc: DocInfo = { backlog, dt: docMs !== null && (rq.complete ? !!docTime : isCompleteDateTime(docTime)) ? docTime : undefined, ms: docMs };

    // even a tolerant operator cannot apply a document without its body or its sums
    const missing = essentialMissing(req);
    if (missing) return this.fail(rq, missing.result, missing.text);

    switch (command) {
      case CMD.SYSTEM:
        return this.reply(rq, RESULT.OK, '', {}, h.token, this.svc(rq));
      case CMD.INFO: {
        const report = st.shift.open
          ? { report: 1, zxReport: this.xReport(st, now) }
          : { report: 0, zxReport: st.lastZ ?? emptyZReport(toOfdDateTime(now, tz)) };
        const service = create(ServiceResponseSchema, {
          ticketAds: ads,
          regInfo: this.regInfo(st, version),
          ...(st.lastDocument ? { lastDocumentInfo: { frShiftNumber: st.lastDocument.frShiftNumber, printedDocumentNumber: st.lastDocument.printedDocumentNumber } } : {}),
        } as MessageInitShape<typeof ServiceResponseSchema>);
        return this.reply(rq, RESULT.OK, '', { report } as never, h.token, service);
      }
      case CMD.TICKET: {
        const tk = req.ticket!;
        const delta = ticketCashDelta(tk);
        if (st.cash + delta < 0n) return this.fail(rq, RESULT.NOT_ENOUGH_CASH, `not enough cash: ${st.cash} tiyn in the drawer, ${-delta} needed`);
        this.openShift(st, doc, now);
        applyTicket(st.shift.counters, st.lifetime, tk, 1);
        st.cash += delta;
        this.keepLastTicket(st, tk, raw);
        if (tk.offlineTicketNumber && docTime?.date) {
          const key = `${docTime.date.year}-${docTime.date.month}-${docTime.date.day}`;
          let set = st.offlineNumbers.get(key);
          if (!set) { set = new Set(); st.offlineNumbers.set(key, set); }
          set.add(tk.offlineTicketNumber);
        }
        this.noteDocument(st, doc, tk.frShiftNumber, tk.printedDocumentNumber);
        const sign = this.fiscalSign();
        st.fiscalSigns++;
        let qr: Uint8Array | undefined;
        if (st.reg.rnm && /^\d+$/.test(st.reg.rnm) && doc.dt) {
          try {
            // Buffer.from: UTF-8 like TextEncoder, but short strings come out of Node's pooled slab (no new ArrayBuffer per ticket)
            qr = Buffer.from(buildQrUrl({ fiscalSign: sign, rnm: st.reg.rnm, sumTiyn: tk.amounts ? tiynFromMoney(tk.amounts.total!) : 0n, at: doc.dt, baseUrl: this.o.qrBaseUrl }), 'utf8');
          } catch { qr = undefined; }
        }
        const token = this.rotate(st, command);
        return this.reply(rq, RESULT.OK, '', { ticket: { ticketNumber: sign, ...(qr ? { qrCode: qr } : {}) } } as never, token, this.svc(rq));
      }
      case CMD.MONEY_PLACEMENT: {
        const p = req.moneyPlacement!;
        const sum = tiynFromMoney(p.sum!);
        if (p.operation === 1 && sum > st.cash) return this.fail(rq, RESULT.NOT_ENOUGH_CASH, `not enough cash: ${st.cash} tiyn in the drawer, ${sum} to withdraw`);
        this.openShift(st, doc, now);
        applyPlacement(st.shift.counters, st.lifetime, p);
        st.cash += p.operation === 1 ? -sum : sum;
        this.noteDocument(st, doc, p.frShiftNumber, p.printedDocumentNumber);
        const token = this.rotate(st, command);
        return this.reply(rq, RESULT.OK, '', {}, token, this.svc(rq));
      }
      case CMD.CLOSE_SHIFT: {
        const c = req.closeShift!;
        this.openShift(st, doc, now);
        if (c.withdrawMoney) { applyWithdrawAll(st.shift.counters, st.lifetime, st.cash); st.cash = 0n; }
        const z = buildZxReport({
          shift: st.shift.counters, lifetime: st.lifetime, cash: st.cash, shiftNumber: st.shift.number,
          at: doc.dt ?? toOfdDateTime(now, tz), openedAt: st.shift.openedAtDt, closedAt: doc.dt ?? toOfdDateTime(now, tz),
        });
        this.noteDocument(st, doc, c.frShiftNumber, c.printedDocumentNumber);
        st.lastZ = z;
        st.shift = { open: false, number: st.shift.number, openedAt: null, openedAtDt: null, counters: emptyShift(st.lifetime.nonNullable) };
        const token = this.rotate(st, command);
        return this.reply(rq, RESULT.OK, '', { report: { report: 0, zxReport: z } } as never, token, this.svc(rq));
      }
      case CMD.REPORT: {
        const r = req.report!;
        if (r.report === 1) return this.reply(rq, RESULT.OK, '', { report: { report: 1, zxReport: this.xReport(st, now) } } as never, h.token, this.svc(rq));
        return this.reply(rq, RESULT.OK, '', { report: { report: 0, zxReport: st.lastZ ?? emptyZReport(doc.dt ?? toOfdDateTime(now, tz)) } } as never, h.token, this.svc(rq));
      }
      case CMD.CANCEL_TICKET: {
        if (version >= 204) return this.fail(rq, RESULT.UNKNOWN_COMMAND, 'CANCEL_TICKET does not exist in 2.0.4');
        const lt = st.lastTicket;
        const last = lt?.valid ? lt.ticket ?? ticketOf(lt.frame.subarray(0, lt.len)) : null;
        if (!lt || !last) return this.fail(rq, RESULT.CANT_CANCEL_TICKET, 'only the last ticket, followed by nothing but SYSTEM/INFO, can be cancelled');
        applyTicket(lt.counters, st.lifetime, last, -1);
        st.cash -= ticketCashDelta(last);
        lt.valid = false;
        const token = this.rotate(st, command);
        return this.reply(rq, RESULT.OK, '', {}, token, this.svc(rq));
      }
      case CMD.AUTH: {
        const a = req.auth!;
        const c: Cashier | undefined = this.o.cashiers.find((x) => x.login === a.login && x.password === a.password);
        const auth = c ? { result: 0, operatorCode: c.code, operatorName: c.name, roles: c.roles } : { result: 1 };
        return this.reply(rq, RESULT.OK, '', { auth } as never, h.token, this.svc(rq));
      }
      case CMD.NOMENCLATURE: {
        const n = req.nomenclature;
        return this.reply(rq, RESULT.OK, '', { nomenclature: nomenclature(n?.currentVersion ?? 0, n?.barcode ?? '', toOfdDateTime(now, tz)) } as never, h.token, this.svc(rq));
      }
      case 100: case 101:
        return this.fail(rq, RESULT.UNSUPPORTED_COMMAND, 'QR payments are not enabled for this register');
      default:
        return this.fail(rq, RESULT.UNSUPPORTED_COMMAND, `command ${command} is not supported`);
    }
  }

  /** TICKET_AD_INFO texts to send: newer than what the register says it has, else not yet delivered. */
  private adsFor(st: RegisterState, req: Request) {
    if (st.ads.length === 0) return NO_ADS;
    const known = req.service?.ticketAdInfos?.find((i) => i.type === 4);
    const list = known ? st.ads.filter((a) => a.version > known.version) : st.ads.filter((a) => !a.delivered);
    for (const a of list) a.delivered = true;
    return list.map((a) => ({ info: { type: 4, version: a.version }, text: a.text }));
  }

  private regInfo(st: RegisterState, version: ProtocolVersion) {
    const r = st.reg;
    return {
      kkm: { fnsKkmId: r.rnm, serialNumber: r.serial, kkmId: String(r.kkmId) },
      pos: { title: r.pos.title, address: r.pos.address, ...(version >= 203 ? { addressKz: r.pos.addressKz ?? r.pos.address, latitude: 0, longitude: 0 } : {}) },
      org: { title: r.org.title, address: r.org.address, inn: r.org.iin, ...(r.org.okved ? { okved: r.org.okved } : {}), ...(version >= 203 ? { addressKz: r.org.addressKz ?? r.org.address } : {}) },
      ...(version >= 204 ? { ofd: { title: 'ofd-mock', titleKz: 'ofd-mock', url: this.o.qrBaseUrl } } : {}),
    };
  }

  /**
   * A fiscal sign: 10 digits, deterministic for the seed, unique for the first 9·10⁹ signs
   * (an affine bijection of the counter modulo 9·10⁹ with a prime multiplier).
   */
  fiscalSign(): string {
    // BigInt on purpose: the same in exact double arithmetic (16-bit halves of the multiplier)
    // measured 3× slower, String() of a double above 2³¹ being the slow part
    const n = BigInt(this.signCounter++);
    return String(1_000_000_000n + ((n * 4_294_967_291n + this.signOffset) % 9_000_000_000n));
  }
}

/** A DateTime with every required field (date: year, month, day; time: hour, minute). */
function isCompleteDateTime(dt: DateTime | undefined): dt is DateTime {
  return !!dt && !!dt.date && !!dt.time && missingRequired(DateTimeSchema, dt).length === 0;
}

/** What a command cannot be processed without (tolerant mode lets such requests this far). */
const missingBody = (name: string): { result: number; text: string } => ({ result: RESULT.PROTOCOL_ERROR, text: `${name} is missing: the request cannot be processed` });

function essentialMissing(req: Request): { result: number; text: string } | null {
  const body = missingBody;
  switch (req.command as number) {
    case CMD.TICKET:
      if (!req.ticket) return body('ticket');
      if (!req.ticket.amounts?.total) return { result: RESULT.INCORRECT_REQUEST_DATA, text: 'ticket.amounts.total is missing: the ticket cannot be fiscalised' };
      return null;
    case CMD.CLOSE_SHIFT: return req.closeShift ? null : body('close_shift');
    case CMD.REPORT: return req.report ? null : body('report');
    case CMD.MONEY_PLACEMENT:
      if (!req.moneyPlacement) return body('money_placement');
      if (!req.moneyPlacement.sum) return { result: RESULT.INCORRECT_REQUEST_DATA, text: 'money_placement.sum is missing' };
      return null;
    case CMD.AUTH: return req.auth ? null : body('auth');
    default: return null;
  }
}

/** printed_document_number of a fiscal document, as a string key ('' when absent). */
function documentNumber(req: Request): string {
  const n = req.ticket?.printedDocumentNumber || req.closeShift?.printedDocumentNumber || req.moneyPlacement?.printedDocumentNumber || 0n;
  return n ? n.toString() : '';
}

/** Best effort: the command of a request whose payload did not decode (field 1 varint). */
function peekCommand(inp: HandleInput): number {
  return (inp.raw && inp.raw.length > 18 && peekCommandCode(inp.raw.subarray(18))) || 0;
}

/** The decoded message of one of our own answer frames (retries: the message is not kept). */
function responseOf(answer: Uint8Array): Response {
  const d = decodeResponseFrame(answer);
  return d.ok ? d.value.message : d.message ?? create(ResponseSchema, {});
}

/** The ticket of a stored request frame (CANCEL_TICKET). */
function ticketOf(frame: Uint8Array): TicketRequest | null {
  const d = decodeRequestFrame(frame);
  return (d.ok ? d.value.message : d.message)?.ticket ?? null;
}

/** A stored answer re-sent under a new header: same version → the same bytes with the header's id, token and REQNUM; else re-encoded. */
function replayAnswer(prev: DocAnswer, version: ProtocolVersion, deviceId: number, token: number, reqNum: number): Uint8Array {
  if (prev.answer && prev.version === version) {
    const out = prev.answer.slice();
    encodeHeader({ version, size: out.length, deviceId, token, reqNum }, out, 0);
    return out;
  }
  const response = prev.response ?? responseOf(prev.answer!);
  return encodeResponseFrame({ version, deviceId, token, reqNum }, response);
}

/** The command field (1, varint) at the start of a Request payload, or null. */
export function peekCommandCode(payload: Uint8Array): number | null {
  if (payload.length < 2 || payload[0] !== 0x08) return null;
  let v = 0, shift = 0;
  for (let i = 1; i < Math.min(payload.length, 6); i++) {
    const b = payload[i]!;
    v += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return v;
    shift += 7;
  }
  return null;
}

function nomenclature(current: number, barcode: string, at: ReturnType<typeof toOfdDateTime>) {
  const item = { type: 1, title: 'Хлеб', id: 2n, parentGroupId: 1n, item: { article: 'A-1', barcode: '4870000000017', purchasePrice: { bills: 200n, coins: 0 }, sellPrice: { bills: 250n, coins: 0 }, measureUnitCode: '796' } };
  const group = { type: 0, title: 'Продукты', id: 1n };
  if (barcode) {
    return barcode === item.item.barcode
      ? create(NomenclatureResponseSchema, { version: NOMENCLATURE_VERSION, createdTime: at, elements: [item], result: 0 } as never)
      : create(NomenclatureResponseSchema, { version: NOMENCLATURE_VERSION, result: 3 } as never);
  }
  if (current >= NOMENCLATURE_VERSION) return create(NomenclatureResponseSchema, { version: NOMENCLATURE_VERSION, result: 1 } as never);
  return create(NomenclatureResponseSchema, { version: NOMENCLATURE_VERSION, createdTime: at, elements: [group, item], result: 0 } as never);
}
