// Admission of an operation (reqs 3, 6, 7.1, 10, 14, 15, 16, 20, 24, 27, 29.6, 29.7, 31, 40.2, 41,
// 42, 43.1): every request for a receipt, cash in/out, a report, a settings change, the clock or a
// firmware image passes the rules below, in this order, before the register does anything. It
// ends in `admitted` or in a refusal state that names the DCP reason and the requirement.
//
//   on REQUEST, in this order (the first rule broken refuses, else `admitted`):
//     reportSupported 31 · registerPoweredOn · operationAllowedInMode 10 ·
//     params (cash sum 27, ISO time 42, password given 1.2, firmware image 43.1) ·
//     selfTestPassed 3 · notSuspendedByOperator 16 · notBlockedByOperator 20 ·
//     offlineUnder72h 29.6 · shiftUnder24h 14 · paperPresent 6 ·
//     a receipt: receiptGiven 6 · operationTypeKnown 15 · itemsWellFormed 6 · paymentsCoverTotal 6 ·
//       customerIinValid 24 · returnRefersToSignedReceipt 15 · receiptCashInDrawer 6 · markingCodesScanned 7.1
//     cash out: withdrawalCoveredByDrawer 27 · a Z report: zReportPossible 29.7 (built locally offline)
//     settings: connectionProgrammedWithShiftClosed 41 (the token excepted) · rnmAtLeast12 40.2
//     firmware: firmwareSignedByManufacturer 43.1
//   clock.set: checkingClockPassword (verifyPassword 1.2) → checkingClock: clockSetWithShiftClosed 41 ·
//     clockNotBeforeLastDocument 42
//
// The machine is long-lived: each REQUEST is decided afresh. The facts come with the
// request (the register answers them when a guard asks, so a rule that does not apply costs
// nothing); seeded defects (`--defect`) switch rules off in the guard that owns the rule.
import { and, assign, fromPromise, not, setup } from 'xstate';
import type { DcpReason, Mode, Receipt } from '../dcp/types.js';
import type { DefectName } from '../defects.js';
import type { MessageKey } from '../i18n/messages.js';
import { money } from '../register/render.js';
import {
  customerIinProblem, drawerProblem, itemsProblem, operationProblem, paymentsProblem, returnProblem, unscannedMarkedItem,
} from './receipt-rules.js';
import { OFFLINE_LIMIT_MS } from './limits.js';

/** What is asked of the register, with the parameters the rules look at. */
export type AdmissionRequest =
  | { operation: 'receipt'; receipt: Receipt }
  | { operation: 'cash_in' | 'cash_out'; sum: unknown }
  | { operation: 'x_report' | 'sections_report' | 'cashiers_report' | 'z_report' }
  | { operation: 'settings'; changes: Readonly<Record<string, unknown>> }
  | { operation: 'clock'; now: unknown; password: unknown }
  | { operation: 'firmware'; image: unknown; signature: unknown };

export type Operation = AdmissionRequest['operation'];

interface OperationRules {
  /** how the operation is named in a refusal */
  what: string;
  /** the modes in which it is allowed (null: any, even logged out) */
  modes: readonly Mode[] | null;
  /** refused while the register is blocked (self-test, operator) */
  blockable: boolean;
  /** a document that joins the autonomous queue (29.6) */
  queueing: boolean;
  /** a payment document (14) */
  payment: boolean;
  /** printed (6) */
  printed: boolean;
}

const REPORT_MODES: readonly Mode[] = ['reports', 'registration', 'close_shift'];

/** Which rules apply to which operation. */
export const OPERATION_RULES: Readonly<Record<Operation, OperationRules>> = {
  receipt: { what: 'receipt.create', modes: ['registration'], blockable: true, queueing: true, payment: true, printed: true },
  cash_in: { what: 'cash.deposit', modes: ['registration'], blockable: true, queueing: true, payment: false, printed: true },
  cash_out: { what: 'cash.withdraw', modes: ['registration'], blockable: true, queueing: true, payment: false, printed: true },
  x_report: { what: 'report.x', modes: REPORT_MODES, blockable: true, queueing: false, payment: false, printed: true },
  sections_report: { what: 'sections_report', modes: REPORT_MODES, blockable: true, queueing: false, payment: false, printed: true },
  cashiers_report: { what: 'cashiers_report', modes: REPORT_MODES, blockable: true, queueing: false, payment: false, printed: true },
  z_report: { what: 'report.z', modes: ['close_shift'], blockable: true, queueing: false, payment: false, printed: true },
  settings: { what: 'settings.set', modes: ['programming'], blockable: false, queueing: false, payment: false, printed: false },
  // logged out, clock.set takes the programming password (dcp.md); logged in, only these modes
  clock: { what: 'clock.set', modes: ['programming', 'service'], blockable: false, queueing: false, payment: false, printed: false },
  firmware: { what: 'firmware.install', modes: null, blockable: false, queueing: false, payment: false, printed: false },
};

/** The settings that program the operator connection (req 41; the token is not one of them). */
export const CONNECTION_SETTINGS = ['rnm', 'kkmId', 'serial', 'channels'] as const;

/**
 * What the register knows, asked by the guards when a rule applies. Some answers make another
 * machine check its own rule first (the shift's 24 h, the queue's 72 h).
 */
export interface RegisterFacts {
  poweredOn(): boolean;
  mode(): Mode | null;
  /** the requirement of the self-test check that failed (the power machine is blocked), or null */
  selfTestBlock(): string | null;
  /** the operator's suspension (server-block mode): its reason and the text shown, or null */
  suspension(): { reason: string; shown: string } | null;
  /** results 1–5 of the operator (the link machine is blocked), or null */
  operatorBlock(): { code: number | undefined; text: string } | null;
  offlineUnder72h(): boolean;
  shiftUnder24h(): boolean;
  shiftOpen(): boolean;
  paperPresent(): boolean;
  operatorReachable(): boolean;
  scanned(code: string): boolean;
  drawerCash(): number;
  sellerIin(): string;
  protocolVersion(): number;
  signedReceipt(number: number): boolean;
  lastDocumentAt(): number;
  /** the time of the last fiscal document as the register prints it */
  lastDocumentTime(): string;
  firmwareSignatureValid(image: string, signature: string): boolean;
  /** the mode's label on the display */
  modeLabel(mode: Mode | null): string;
}

/** A refusal as DCP carries it: a domain error (-32000) or bad params (-32602). */
export type Refusal =
  | { kind: 'domain'; reason: DcpReason; message: string; requirement?: string; display?: CashierMessage }
  | { kind: 'params'; message: string; path: string };

export interface CashierMessage {
  key: MessageKey;
  kind: 'info' | 'warning' | 'error' | 'ofd';
  params?: Record<string, string | number>;
}

export interface AdmissionContext {
  defects: { has(name: DefectName): boolean };
  request: AdmissionRequest | null;
  facts: RegisterFacts | null;
  refusal: Refusal | null;
}

export type AdmissionEvent = { type: 'REQUEST'; request: AdmissionRequest; facts: RegisterFacts };

export interface AdmissionInput {
  defects?: { has(name: DefectName): boolean };
}

/** The request under check: the REQUEST's own, or the one kept while the module checks a password. */
interface Checked { request: AdmissionRequest; facts: RegisterFacts }
// (after the password the guards run on the module's answer, not on a REQUEST: hence the check)
type Args = { context: AdmissionContext; event: AdmissionEvent };
const view = ({ context, event }: Args): Checked =>
  (event as { type: string }).type === 'REQUEST' ? event : { request: context.request!, facts: context.facts! };

const rules = (c: Checked) => OPERATION_RULES[c.request.operation];
const facts = (c: Checked) => c.facts;
const req = <O extends Operation>(c: Checked, _op: O) => c.request as Extract<AdmissionRequest, { operation: O }>;
const receiptOf = (c: Checked) => req(c, 'receipt').receipt;
const cashSum = (c: Checked) => (c.request as Extract<AdmissionRequest, { sum: unknown }>).sum;
const domain = (reason: DcpReason, message: string, requirement?: string, display?: CashierMessage): Refusal =>
  ({ kind: 'domain', reason, message, ...(requirement !== undefined ? { requirement } : {}), ...(display ? { display } : {}) });
const invalidReceipt = (detail: string): Refusal =>
  domain('invalid_receipt', detail, '6', { key: 'display.invalid_receipt', kind: 'error', params: { detail } });
const changedConnection = (c: Checked) => CONNECTION_SETTINGS.filter((k) => req(c, 'settings').changes[k] !== undefined);

export const operationAdmissionMachine = setup({
  types: {} as { context: AdmissionContext; events: AdmissionEvent; input: AdmissionInput },
  actors: {
    /** Replaced by the register: the password of the mode (the module PIN), req 1.2. */
    verifyPassword: fromPromise<boolean, { mode: Mode; password: string }>(async () => false),
  },
  guards: {
    // which operation
    isReceipt: (a: Args) => view(a).request.operation === 'receipt',
    isCashOut: (a: Args) => view(a).request.operation === 'cash_out',
    isCash: (a: Args) => view(a).request.operation === 'cash_in' || view(a).request.operation === 'cash_out',
    isZReport: (a: Args) => view(a).request.operation === 'z_report',
    isSettings: (a: Args) => view(a).request.operation === 'settings',
    isClockSetting: (a: Args) => view(a).request.operation === 'clock',
    isFirmware: (a: Args) => view(a).request.operation === 'firmware',
    isBlockable: (a: Args) => rules(view(a)).blockable,
    joinsAutonomousQueue: (a: Args) => rules(view(a)).queueing,
    isPaymentDocument: (a: Args) => rules(view(a)).payment,
    isPrinted: (a: Args) => rules(view(a)).printed,

    /** reqs 31.2, 31.3: the cashiers and sections reports exist (defects remove them) */
    reportSupported: (a: Args) => {
      const op = view(a).request.operation;
      return !((op === 'sections_report' && a.context.defects.has('no-sections-report')) || (op === 'cashiers_report' && a.context.defects.has('no-cashiers-report')));
    },
    registerPoweredOn: (a: Args) => facts(view(a)).poweredOn(),
    /** req 10: the mode that protects the operation is logged in */
    operationAllowedInMode: (a: Args) => {
      const modes = rules(view(a)).modes;
      if (modes === null) return true;
      const m = facts(view(a)).mode();
      if (view(a).request.operation === 'clock' && m === null) return true;
      if (a.context.defects.has('mode-not-checked')) return true;
      return m !== null && modes.includes(m);
    },
    cashSumPositive: (a: Args) => {
      const sum = cashSum(view(a));
      return typeof sum === 'number' && Number.isSafeInteger(sum) && sum > 0;
    },
    clockTimeIsIso: (a: Args) => {
      const now = req(view(a), 'clock').now;
      return typeof now === 'string' && !Number.isNaN(Date.parse(now));
    },
    clockPasswordGiven: (a: Args) => typeof req(view(a), 'clock').password === 'string',
    firmwareParamsGiven: (a: Args) => typeof req(view(a), 'firmware').image === 'string' && typeof req(view(a), 'firmware').signature === 'string',
    passwordAccepted: (_, ok: boolean) => ok,
    /** req 3: a failed self-test blocks the register (the selftest-failure-ignored defect lets it work) */
    selfTestPassed: (a: Args) => a.context.defects.has('selftest-failure-ignored') || facts(view(a)).selfTestBlock() === null,
    /** req 16: the operator's suspension blocks every operation */
    notSuspendedByOperator: (a: Args) => facts(view(a)).suspension() === null,
    /** req 20: results 1–5 block the register until a person enters a token */
    notBlockedByOperator: (a: Args) => facts(view(a)).operatorBlock() === null,
    /** req 29.6: the oldest unsent document is younger than 72 h */
    offlineUnder72h: (a: Args) => facts(view(a)).offlineUnder72h() || a.context.defects.has('no-offline-block'),
    /** req 14: payment documents only within 24 h of the shift's first one */
    shiftUnder24h: (a: Args) => facts(view(a)).shiftUnder24h() || a.context.defects.has('shift-not-limited'),
    /** req 6: no paper, no operation */
    paperPresent: (a: Args) => a.context.defects.has('no-paper-ignored') || facts(view(a)).paperPresent(),
    receiptGiven: (a: Args) => typeof receiptOf(view(a)) === 'object' && receiptOf(view(a)) !== null,
    /** req 15: sale, sale return, purchase, purchase return */
    operationTypeKnown: (a: Args) => operationProblem(receiptOf(view(a))) === null,
    /** req 6: no cashier error in the items */
    itemsWellFormed: (a: Args) => itemsProblem(receiptOf(view(a))) === null,
    /** req 6: no cashier error in the payments */
    paymentsCoverTotal: (a: Args) => paymentsProblem(receiptOf(view(a))) === null,
    /** req 24: the customer's IIN is 12 digits, not the seller's */
    customerIinValid: (a: Args) => customerIinProblem(receiptOf(view(a)), facts(view(a)).sellerIin()) === null,
    /** req 15: a return refers to a signed receipt */
    returnRefersToSignedReceipt: (a: Args) => returnProblem(receiptOf(view(a)), (n) => facts(view(a)).signedReceipt(n), facts(view(a)).protocolVersion()) === null,
    /** req 6: cash paid out is in the drawer */
    receiptCashInDrawer: (a: Args) => drawerProblem(receiptOf(view(a)), facts(view(a)).drawerCash()) === null,
    /** req 27: a withdrawal takes only what is in the drawer */
    withdrawalCoveredByDrawer: (a: Args) => (cashSum(view(a)) as number) <= facts(view(a)).drawerCash(),
    /** req 7.1: every marked item's code was scanned (the marking-not-checked defect sells without) */
    markingCodesScanned: (a: Args) => a.context.defects.has('marking-not-checked') || unscannedMarkedItem(receiptOf(view(a)), (c) => facts(view(a)).scanned(c)) === null,
    /** req 29.7: a Z report offline is built locally (the offline-z-refused defect refuses it) */
    zReportPossible: (a: Args) => !a.context.defects.has('offline-z-refused') || facts(view(a)).operatorReachable(),
    /** req 41: operator connection settings only with the shift closed; the token is the exception */
    connectionProgrammedWithShiftClosed: (a: Args) =>
      a.context.defects.has('settings-with-shift-open') || changedConnection(view(a)).length === 0 || !facts(view(a)).shiftOpen(),
    /** req 40.2: an RNM of at least 12 characters */
    rnmAtLeast12: (a: Args) => {
      const rnm = req(view(a), 'settings').changes['rnm'];
      return rnm === undefined || (typeof rnm === 'string' && (rnm.length >= 12 || a.context.defects.has('rnm-not-validated')));
    },
    /** req 41: the date and time only with the shift closed */
    clockSetWithShiftClosed: (a: Args) => a.context.defects.has('settings-with-shift-open') || !facts(view(a)).shiftOpen(),
    /** req 42: never before the last fiscal document */
    clockNotBeforeLastDocument: (a: Args) =>
      a.context.defects.has('time-before-last-document') || Date.parse(req(view(a), 'clock').now as string) >= facts(view(a)).lastDocumentAt(),
    /** req 43.1: only firmware signed by the manufacturer */
    firmwareSignedByManufacturer: (a: Args) => {
      const r = req(view(a), 'firmware');
      return a.context.defects.has('unsigned-firmware') || facts(view(a)).firmwareSignatureValid(r.image as string, r.signature as string);
    },
  },
  actions: {
    /** kept while the module checks the clock password */
    takeRequest: assign({
      request: ({ event }) => event.request,
      facts: ({ event }) => event.facts,
    }),
    /** the register shows the refusal's message to the cashier (req 11: in kz or ru) */
    tellCashier: () => {},
    refuseUnsupportedReport: assign({ refusal: (a: Args) => domain('not_supported', `${rules(view(a)).what} is not supported`) }),
    refusePoweredOff: assign({ refusal: () => domain('not_supported', 'the register is powered off (power.on first)') }),
    refuseWrongMode: assign({
      refusal: (a: Args) => {
        const m = facts(view(a)).mode();
        return domain('wrong_mode', `${rules(view(a)).what} needs mode ${rules(view(a)).modes!.join(' or ')} (now ${m ?? 'logged out'})`, '10',
          { key: 'display.wrong_mode', kind: 'error', params: { mode: facts(view(a)).modeLabel(m) } });
      },
    }),
    refuseBadCashSum: assign({ refusal: (): Refusal => ({ kind: 'params', message: 'sum must be a positive integer (tiyn)', path: '$.sum' }) }),
    refuseBadClockTime: assign({ refusal: (): Refusal => ({ kind: 'params', message: 'now must be an ISO-8601 time', path: '$.now' }) }),
    refuseNoClockPassword: assign({ refusal: (): Refusal => ({ kind: 'params', message: 'password must be a string', path: '$.password' }) }),
    refuseBadFirmwareParams: assign({ refusal: (): Refusal => ({ kind: 'params', message: 'image and signature must be base64 strings', path: '$' }) }),
    refuseBadPassword: assign({ refusal: () => domain('bad_password', 'wrong password', '1.2') }),
    refuseSelfTestFailed: assign({ refusal: (a: Args) => domain('selftest_failed', 'the self-test failed: the register is blocked', facts(view(a)).selfTestBlock() ?? '3') }),
    refuseSuspended: assign({
      refusal: (a: Args) => {
        const s = facts(view(a)).suspension()!;
        return domain('suspended_by_ofd', `operations suspended by the operator: ${s.reason}`, '16', { key: 'display.suspended_by_ofd', kind: 'ofd', params: { text: s.shown } });
      },
    }),
    refuseBlockedByOperator: assign({
      refusal: (a: Args) => {
        const b = facts(view(a)).operatorBlock()!;
        return domain('suspended_by_ofd', `the operator answered ${b.code}: ${b.text} — blocked until fixed`, '20');
      },
    }),
    refuseOfflineTooLong: assign({
      refusal: () => domain('offline_too_long', 'the oldest unsent document is more than 72 h old', '29.6',
        { key: 'display.offline_too_long', kind: 'error', params: { hours: OFFLINE_LIMIT_MS / 3_600_000 } }),
    }),
    refuseShiftExpired: assign({
      refusal: () => domain('shift_expired', 'the shift is open for more than 24 h: close it (Z report)', '14', { key: 'display.shift_expired', kind: 'warning' }),
    }),
    refuseNoPaper: assign({ refusal: () => domain('no_paper', 'no paper in the printer', '6', { key: 'display.no_paper', kind: 'error' }) }),
    refuseReceiptNotGiven: assign({ refusal: () => invalidReceipt('receipt must be an object') }),
    refuseUnknownOperationType: assign({ refusal: (a: Args) => invalidReceipt(operationProblem(receiptOf(view(a)))!) }),
    refuseBadItems: assign({ refusal: (a: Args) => invalidReceipt(itemsProblem(receiptOf(view(a)))!) }),
    refuseBadPayments: assign({ refusal: (a: Args) => invalidReceipt(paymentsProblem(receiptOf(view(a)))!) }),
    refuseBadCustomerIin: assign({ refusal: (a: Args) => invalidReceipt(customerIinProblem(receiptOf(view(a)), facts(view(a)).sellerIin())!) }),
    refuseReturnWithoutSignedReceipt: assign({
      refusal: (a: Args) => invalidReceipt(returnProblem(receiptOf(view(a)), (n) => facts(view(a)).signedReceipt(n), facts(view(a)).protocolVersion())!),
    }),
    refuseReceiptDrawerShort: assign({ refusal: (a: Args) => invalidReceipt(drawerProblem(receiptOf(view(a)), facts(view(a)).drawerCash())!) }),
    refuseWithdrawalDrawerShort: assign({
      refusal: (a: Args) => {
        const cash = money(facts(view(a)).drawerCash());
        return domain('invalid_receipt', `not enough cash in the drawer: ${cash}`, '27', { key: 'display.invalid_receipt', kind: 'error', params: { detail: `not enough cash (${cash})` } });
      },
    }),
    refuseMarkingNotScanned: assign({
      refusal: (a: Args) => {
        const item = unscannedMarkedItem(receiptOf(view(a)), (c) => facts(view(a)).scanned(c))!;
        return domain('marking_required', `item "${item}" needs its marking code scanned (scanner.scan)`, '7.1', { key: 'display.marking_required', kind: 'error', params: { item } });
      },
    }),
    refuseOfflineZReport: assign({ refusal: () => domain('not_supported', 'Z report offline is not supported') }),
    refuseConnectionWithShiftOpen: assign({
      refusal: (a: Args) => domain('shift_open', `${changedConnection(view(a)).join(', ')} can be programmed only with the shift closed (the token is the exception)`, '41',
        { key: 'display.shift_open', kind: 'warning' }),
    }),
    refuseShortRnm: assign({ refusal: (): Refusal => ({ kind: 'params', message: 'rnm must have at least 12 characters (req 40.2)', path: '$.rnm' }) }),
    refuseClockWithShiftOpen: assign({
      refusal: () => domain('shift_open', 'the date and time can be set only with the shift closed', '41', { key: 'display.shift_open', kind: 'warning' }),
    }),
    refuseTimeBeforeLastDocument: assign({
      refusal: (a: Args) => domain('time_before_last_document', `${req(view(a), 'clock').now as string} is before the last fiscal document (${facts(view(a)).lastDocumentTime()})`, '42',
        { key: 'display.time_before_last_document', kind: 'error' }),
    }),
    refuseUnsignedFirmware: assign({
      refusal: () => domain('bad_signature', 'the firmware signature does not verify with the manufacturer key', '43.1', { key: 'display.bad_signature', kind: 'error' }),
    }),
  },
}).createMachine({
  id: 'admission',
  initial: 'idle',
  context: ({ input }) => ({ defects: input.defects ?? { has: () => false }, request: null, facts: null, refusal: null }),
  on: {
    // the rules, in order: the first one broken refuses; every request is decided in one step
    // (clock.set waits for the module to check its password first)
    REQUEST: [
      { guard: not('reportSupported'), target: '.refused.notSupported', actions: 'refuseUnsupportedReport', meta: { requirement: '31' } },
      { guard: not('registerPoweredOn'), target: '.refused.poweredOff', actions: 'refusePoweredOff' },
      { guard: not('operationAllowedInMode'), target: '.refused.wrongMode', actions: 'refuseWrongMode', meta: { requirement: '10' } },
      { guard: and(['isCash', not('cashSumPositive')]), target: '.refused.badParams', actions: 'refuseBadCashSum', meta: { requirement: '27' } },
      { guard: and(['isClockSetting', not('clockTimeIsIso')]), target: '.refused.badParams', actions: 'refuseBadClockTime', meta: { requirement: '42' } },
      { guard: and(['isClockSetting', not('clockPasswordGiven')]), target: '.refused.badParams', actions: 'refuseNoClockPassword', meta: { requirement: '1.2' } },
      { guard: and(['isFirmware', not('firmwareParamsGiven')]), target: '.refused.badParams', actions: 'refuseBadFirmwareParams', meta: { requirement: '43.1' } },
      { guard: 'isClockSetting', target: '.checkingClockPassword', actions: 'takeRequest', meta: { requirement: '1.2' } },
      { guard: and(['isBlockable', not('selfTestPassed')]), target: '.refused.selfTestFailed', actions: 'refuseSelfTestFailed', meta: { requirement: '3' } },
      { guard: and(['isBlockable', not('notSuspendedByOperator')]), target: '.refused.suspended', actions: 'refuseSuspended', meta: { requirement: '16' } },
      { guard: and(['isBlockable', not('notBlockedByOperator')]), target: '.refused.blockedByOperator', actions: 'refuseBlockedByOperator', meta: { requirement: '20' } },
      { guard: and(['joinsAutonomousQueue', not('offlineUnder72h')]), target: '.refused.offlineTooLong', actions: 'refuseOfflineTooLong', meta: { requirement: '29.6' } },
      { guard: and(['isPaymentDocument', not('shiftUnder24h')]), target: '.refused.shiftExpired', actions: 'refuseShiftExpired', meta: { requirement: '14' } },
      { guard: and(['isPrinted', not('paperPresent')]), target: '.refused.noPaper', actions: 'refuseNoPaper', meta: { requirement: '6' } },
      // a receipt: no cashier error (6), a known operation (15), the customer's IIN (24), returns (15), marking (7.1)
      { guard: and(['isReceipt', not('receiptGiven')]), target: '.refused.invalidReceipt', actions: 'refuseReceiptNotGiven', meta: { requirement: '6' } },
      { guard: and(['isReceipt', not('operationTypeKnown')]), target: '.refused.invalidReceipt', actions: 'refuseUnknownOperationType', meta: { requirement: '15' } },
      { guard: and(['isReceipt', not('itemsWellFormed')]), target: '.refused.invalidReceipt', actions: 'refuseBadItems', meta: { requirement: '6' } },
      { guard: and(['isReceipt', not('paymentsCoverTotal')]), target: '.refused.invalidReceipt', actions: 'refuseBadPayments', meta: { requirement: '6' } },
      { guard: and(['isReceipt', not('customerIinValid')]), target: '.refused.invalidReceipt', actions: 'refuseBadCustomerIin', meta: { requirement: '24' } },
      { guard: and(['isReceipt', not('returnRefersToSignedReceipt')]), target: '.refused.invalidReceipt', actions: 'refuseReturnWithoutSignedReceipt', meta: { requirement: '15' } },
      { guard: and(['isReceipt', not('receiptCashInDrawer')]), target: '.refused.invalidReceipt', actions: 'refuseReceiptDrawerShort', meta: { requirement: '6' } },
      { guard: and(['isReceipt', not('markingCodesScanned')]), target: '.refused.markingRequired', actions: 'refuseMarkingNotScanned', meta: { requirement: '7.1' } },
      { guard: 'isReceipt', target: '.admitted', meta: { requirement: '5' } },
      // cash out: only what is in the drawer (27)
      { guard: and(['isCashOut', not('withdrawalCoveredByDrawer')]), target: '.refused.notEnoughCash', actions: 'refuseWithdrawalDrawerShort', meta: { requirement: '27' } },
      { guard: 'isCash', target: '.admitted', meta: { requirement: '27' } },
      // the Z report: possible without the operator too (29.7)
      { guard: and(['isZReport', not('zReportPossible')]), target: '.refused.notSupported', actions: 'refuseOfflineZReport', meta: { requirement: '29.7' } },
      { guard: 'isZReport', target: '.admitted', meta: { requirement: '12' } },
      // settings: the operator connection only with the shift closed (41), an RNM of 12+ characters (40.2)
      { guard: and(['isSettings', not('connectionProgrammedWithShiftClosed')]), target: '.refused.shiftOpen', actions: 'refuseConnectionWithShiftOpen', meta: { requirement: '41' } },
      { guard: and(['isSettings', not('rnmAtLeast12')]), target: '.refused.badParams', actions: 'refuseShortRnm', meta: { requirement: '40.2' } },
      { guard: 'isSettings', target: '.admitted', meta: { requirement: '40' } },
      // firmware: only signed by the manufacturer (43.1)
      { guard: and(['isFirmware', not('firmwareSignedByManufacturer')]), target: '.refused.badSignature', actions: 'refuseUnsignedFirmware', meta: { requirement: '43.1' } },
      { guard: 'isFirmware', target: '.admitted', meta: { requirement: '43.1' } },
      // X, sections and cashiers reports (31)
      { target: '.admitted', meta: { requirement: '31' } },
    ],
  },
  states: {
    idle: {},
    // the clock: its password (1.2), then only with the shift closed (41), never before the last document (42)
    checkingClockPassword: {
      meta: { requirement: '1.2' },
      invoke: {
        id: 'password',
        src: 'verifyPassword',
        input: ({ context }) => ({ mode: context.facts!.mode() ?? 'programming', password: context.request && 'password' in context.request ? context.request.password as string : '' }),
        onDone: [
          { guard: { type: 'passwordAccepted', params: ({ event }) => event.output }, target: 'checkingClock', meta: { requirement: '1.2' } },
          { target: 'refused.badPassword', actions: 'refuseBadPassword', meta: { requirement: '1.2' } },
        ],
        onError: { target: 'refused.badPassword', actions: 'refuseBadPassword', meta: { requirement: '1.2' } },
      },
    },
    checkingClock: {
      always: [
        { guard: not('clockSetWithShiftClosed'), target: 'refused.shiftOpen', actions: 'refuseClockWithShiftOpen', meta: { requirement: '41' } },
        { guard: not('clockNotBeforeLastDocument'), target: 'refused.timeBeforeLastDocument', actions: 'refuseTimeBeforeLastDocument', meta: { requirement: '42' } },
        { target: 'admitted', meta: { requirement: '42' } },
      ],
    },
    admitted: {},
    refused: {
      // always entered at one of its states (the rule that refused); `initial` only satisfies xstate
      initial: 'notSupported',
      entry: 'tellCashier',
      states: {
        notSupported: { meta: { reason: 'not_supported' } },
        poweredOff: { meta: { reason: 'not_supported' } },
        wrongMode: { meta: { reason: 'wrong_mode', requirement: '10' } },
        badParams: { meta: { reason: 'invalid_params' } },
        badPassword: { meta: { reason: 'bad_password', requirement: '1.2' } },
        selfTestFailed: { meta: { reason: 'selftest_failed', requirement: '3' } },
        suspended: { meta: { reason: 'suspended_by_ofd', requirement: '16' } },
        blockedByOperator: { meta: { reason: 'suspended_by_ofd', requirement: '20' } },
        offlineTooLong: { meta: { reason: 'offline_too_long', requirement: '29.6' } },
        shiftExpired: { meta: { reason: 'shift_expired', requirement: '14' } },
        noPaper: { meta: { reason: 'no_paper', requirement: '6' } },
        invalidReceipt: { meta: { reason: 'invalid_receipt', requirement: '6' } },
        markingRequired: { meta: { reason: 'marking_required', requirement: '7.1' } },
        notEnoughCash: { meta: { reason: 'invalid_receipt', requirement: '27' } },
        shiftOpen: { meta: { reason: 'shift_open', requirement: '41' } },
        timeBeforeLastDocument: { meta: { reason: 'time_before_last_document', requirement: '42' } },
        badSignature: { meta: { reason: 'bad_signature', requirement: '43.1' } },
      },
    },
  },
});

/** The refusal of a settled admission snapshot, or null when the operation is admitted. */
export function refusalOf(snapshot: { matches(v: 'refused'): boolean; context: AdmissionContext }): Refusal | null {
  return snapshot.matches('refused') ? snapshot.context.refusal : null;
}
