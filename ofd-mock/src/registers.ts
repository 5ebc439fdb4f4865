// What the operator knows about each register: provisioning, registration state, token, the
// last request (for retries), orders (suspension, notifications), shift counters.
import type { ZXReport, DateTime, Response, TicketRequest } from '../../protocol/index.js';
import { emptyLifetime, emptyShift, type LifetimeCounters, type ShiftCounters } from './counters.js';
import type { Registration } from './options.js';

export type RegistrationState = 'registered' | 'pending' | 'refused' | 'deregistered';

export interface PendingAd { version: bigint; text: string; delivered: boolean }

/**
 * The last request of a register, for exact retries (reference §4.4). Updated in place on every
 * request, and the answer is copied into a buffer of the register that is reused (grown when
 * needed): a busy register leaves no new long-lived objects behind per request, which is what
 * the young-generation GC pays for (each survivor is copied, then promoted). The decoded answer
 * is not kept: a retry decodes it again from the bytes (rare).
 */
export interface LastRequest {
  reqNum: number;
  token: number;
  command: number;
  /** the answer as sent (frame bytes before any to-kkm fault) are `answerBuf[0, answerLen)` */
  answerBuf: Uint8Array;
  answerLen: number;
  responseToken: number;
  result: number;
}

/** A copy of the last answer's bytes (the buffer itself is reused for the next answer). */
export function lastAnswer(last: LastRequest): Uint8Array { return last.answerBuf.slice(0, last.answerLen); }

/** Records `answer` as the register's last request (in place: no new object once the first exists). */
export function setLast(st: RegisterState, reqNum: number, token: number, command: number, answer: Uint8Array, responseToken: number, result: number): void {
  let last = st.last;
  if (!last) last = st.last = { reqNum, token, command, answerBuf: new Uint8Array(Math.max(256, answer.length)), answerLen: 0, responseToken, result };
  else { last.reqNum = reqNum; last.token = token; last.command = command; last.responseToken = responseToken; last.result = result; }
  if (last.answerBuf.length < answer.length) last.answerBuf = new Uint8Array(answer.length * 2);
  last.answerBuf.set(answer);
  last.answerLen = answer.length;
}

/**
 * The last ticket, for CANCEL_TICKET. Its request frame is copied into `frame[0, len)` (a buffer
 * of the register, reused) rather than keeping the decoded ticket's object graph alive until the
 * next request: the cancellation decodes it again (rare). `ticket` is set instead when the frame
 * bytes were not given (direct calls of Operator.handle). `valid` false: nothing to cancel.
 */
export interface LastTicket { valid: boolean; frame: Uint8Array; len: number; ticket: TicketRequest | null; counters: ShiftCounters }

/** An answer kept by printed_document_number: its bytes (re-sent with the new header) or, from an older database, the message. */
export interface DocAnswer { command: number; result: number; version?: number; answer?: Uint8Array; response?: Response }

export interface OfflinePeriodRecord { begin: number; end: number; reportedAt: number; command: number }

export interface RegisterState {
  reg: Registration;
  registration: { state: RegistrationState; reason: string | null; since: number; until: number | null };
  autoRegistered: boolean;
  token: number;
  /** the token before the last rotation: valid only for an exact retry */
  prevToken: number | null;
  last: LastRequest | null;
  suspended: { reason: string; since: number } | null;
  ads: PendingAd[];
  adVersion: bigint;
  shift: { open: boolean; number: number; openedAt: number | null; openedAtDt: DateTime | null; counters: ShiftCounters };
  lifetime: LifetimeCounters;
  cash: bigint;
  lastZ: ZXReport | null;
  lastDocument: { frShiftNumber: number; printedDocumentNumber: bigint } | null;
  /** the last ticket, for CANCEL_TICKET (invalidated by any later fiscal command) */
  lastTicket: LastTicket | null;
  offlinePeriods: OfflinePeriodRecord[];
  /** offline documents accepted (ticket with offline number or is_offline mark) */
  offlineDocs: number;
  /** date-time (epoch ms, device local as UTC+tz) of the last offline document, to check order */
  lastOfflineDocAt: number | null;
  /** offline ticket numbers seen, per local calendar date */
  offlineNumbers: Map<string, Set<number>>;
  fiscalSigns: number;
  lastSeen: number | null;
  lastChannel: number | null;
  requests: number;
  /** REQNUMs of applied requests whose answer was lost on the way (faults), until a retry is answered */
  undelivered: number[];
  /** answers by printed_document_number (last 1000), to recognise a document sent again under a new REQNUM */
  docAnswers: Map<string, DocAnswer>;
}

/** Fixes a state loaded from a database written by an older version (answers kept as objects). */
export function normalizeLoadedState(st: RegisterState): RegisterState {
  st.undelivered ??= [];
  st.docAnswers ??= new Map();
  st.lastTicket = null;
  const last = st.last as (LastRequest & { answer?: Uint8Array }) | null;
  if (last && !last.answerBuf) {
    if (last.answer) { last.answerBuf = last.answer; last.answerLen = last.answer.length; delete last.answer; } else st.last = null;
  }
  if (last && 'response' in last) delete (last as { response?: unknown }).response;
  return st;
}

export function newRegisterState(reg: Registration, now: number, state: RegistrationState = 'registered'): RegisterState {
  return {
    reg: structuredClone(reg),
    registration: { state, reason: null, since: now, until: null },
    autoRegistered: false,
    token: reg.token,
    prevToken: null,
    last: null,
    suspended: null,
    ads: [],
    adVersion: 0n,
    shift: { open: false, number: 0, openedAt: null, openedAtDt: null, counters: emptyShift() },
    lifetime: emptyLifetime(),
    cash: 0n,
    lastZ: null,
    lastDocument: null,
    lastTicket: null,
    offlinePeriods: [],
    offlineDocs: 0,
    lastOfflineDocAt: null,
    offlineNumbers: new Map(),
    fiscalSigns: 0,
    lastSeen: null,
    lastChannel: null,
    requests: 0,
    undelivered: [],
    docAnswers: new Map(),
  };
}

/** The public view of a register (no counters' internals). Times are epoch ms of the mock's clock. */
export interface RegisterView {
  kkmId: number;
  rnm: string;
  serial: string;
  org: Registration['org'];
  pos: Registration['pos'];
  registration: { state: RegistrationState; reason: string | null; since: number; until: number | null };
  autoRegistered: boolean;
  token: number;
  shift: { open: boolean; number: number; since: number | null; docs: number };
  cashTiyn: string;
  lastZShift: number | null;
  lastDocument: { frShiftNumber: number; printedDocumentNumber: string } | null;
  suspended: { reason: string; since: number } | null;
  pendingNotifications: number;
  offlinePeriods: OfflinePeriodRecord[];
  /** begin of the last offline period reported (null if none) */
  offlineSince: number | null;
  offlineDocs: number;
  fiscalSigns: number;
  lastSeen: number | null;
  lastChannel: number | null;
  requests: number;
  /** applied documents whose answer has not reached the register (lost to a fault, no retry answered yet) */
  unsent: number;
}

export function viewOf(s: RegisterState): RegisterView {
  const lastPeriod = s.offlinePeriods[s.offlinePeriods.length - 1];
  return {
    kkmId: s.reg.kkmId,
    rnm: s.reg.rnm,
    serial: s.reg.serial,
    org: { ...s.reg.org },
    pos: { ...s.reg.pos },
    registration: { ...s.registration },
    autoRegistered: s.autoRegistered,
    token: s.token,
    shift: { open: s.shift.open, number: s.shift.number, since: s.shift.openedAt, docs: s.shift.open ? s.shift.counters.docs : 0 },
    cashTiyn: s.cash.toString(),
    lastZShift: s.lastZ ? s.lastZ.shiftNumber : null,
    lastDocument: s.lastDocument ? { frShiftNumber: s.lastDocument.frShiftNumber, printedDocumentNumber: s.lastDocument.printedDocumentNumber.toString() } : null,
    suspended: s.suspended ? { ...s.suspended } : null,
    pendingNotifications: s.ads.filter((a) => !a.delivered).length,
    offlinePeriods: s.offlinePeriods.map((p) => ({ ...p })),
    offlineSince: lastPeriod ? lastPeriod.begin : null,
    offlineDocs: s.offlineDocs,
    fiscalSigns: s.fiscalSigns,
    lastSeen: s.lastSeen,
    lastChannel: s.lastChannel,
    requests: s.requests,
    unsent: (s.undelivered ?? []).length,
  };
}
