// What the operator knows about each register: provisioning, registration state, token, the
// last request (for retries), orders (suspension, notifications), shift counters.
import type { ZXReport, DateTime, Response, TicketRequest } from '../../protocol/index.js';
import { emptyLifetime, emptyShift, type LifetimeCounters, type ShiftCounters } from './counters.js';
import type { Registration } from './options.js';

export type RegistrationState = 'registered' | 'pending' | 'refused' | 'deregistered';

export interface PendingAd { version: bigint; text: string; delivered: boolean }

export interface LastRequest {
  reqNum: number;
  token: number;
  command: number;
  /** the answer as sent (frame bytes before any to-kkm fault) */
  answer: Uint8Array;
  response: Response;
  responseToken: number;
  result: number;
}

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
  /** the last ticket, for CANCEL_TICKET (cleared by any later fiscal command) */
  lastTicket: { ticket: TicketRequest; cashDelta: bigint; counters: ShiftCounters } | null;
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
  docAnswers: Map<string, { command: number; response: Response; result: number }>;
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
