// The DCP v1 shapes of docs/dcp.md as TypeScript types. This file is the contract between the
// register core (which returns these shapes from DcpHandler.handle) and the DCP server / bench.

/** Money in integer tiyn (1 tenge = 100 tiyn). */
export type Tiyn = number;
/** ISO-8601 with offset, in the DUT's own clock, e.g. `2026-11-22T10:15:00.000+05:00`. */
export type IsoTime = string;

export const OPERATIONS = ['sell', 'sell_return', 'buy', 'buy_return'] as const;
export type Operation = (typeof OPERATIONS)[number];

export const PAYMENT_TYPES = ['cash', 'card', 'mobile'] as const;
export type PaymentType = (typeof PAYMENT_TYPES)[number];

export const MODES = ['registration', 'programming', 'close_shift', 'reports', 'service'] as const;
export type Mode = (typeof MODES)[number];

export interface ReceiptItem {
  name: string;
  /** tiyn per unit */
  price: Tiyn;
  /** thousandths (1 piece = 1000) */
  quantity: number;
  section?: number;
  markingCode?: string;
  taxPercent?: number;
}

export interface Payment {
  type: PaymentType;
  sum: Tiyn;
}

export interface Receipt {
  operation: Operation;
  items: ReceiptItem[];
  payments: Payment[];
  /** printed on demand (req 24) */
  customerIin?: string;
  /** the original receipt, for returns (req 15) */
  parentNumber?: number;
  /** same key → same document, never a second one */
  idempotencyKey?: string;
}

export const DOCUMENT_KINDS = [
  'receipt', 'x_report', 'z_report', 'cash_in', 'cash_out', 'sections_report',
  'cashiers_report', 'selftest', 'ofd_message', 'offline_notice',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentFiscal {
  mode: 'online' | 'autonomous';
  sign: string;
}

export interface DocumentQr {
  payload: string;
  /** base64 PNG */
  png?: string;
}

export interface DocumentTotals {
  total: Tiyn;
  byPayment: { cash?: Tiyn; card?: Tiyn; mobile?: Tiyn };
}

export interface Document {
  kind: DocumentKind;
  number: number;
  shiftNumber: number;
  printedAt: IsoTime;
  fiscal: DocumentFiscal | null;
  /** e.g. "ФИСКАЛЬНЫЙ ЧЕК" — only when fiscal != null (reqs 39, 43.3) */
  title: string | null;
  /** the printed text, line by line, as the customer sees it */
  lines: string[];
  /** reqs 33–36 */
  qr: DocumentQr | null;
  totals?: DocumentTotals;
  receipt?: Receipt;
}

export interface State {
  powered: boolean;
  mode: string | null;
  shift: { open: boolean; number: number; openedAt: IsoTime | null };
  offline: { since: IsoTime | null; queued: number };
  blocked: { reason: string; requirement?: string } | null;
}

export interface Channel {
  name: string;
  host: string;
  port: number;
  priority: number;
  enabled: boolean;
}

export interface Settings {
  rnm: string;
  kkmId: number;
  serial: string;
  /** write-only: accepted by settings.set, never returned (req 40.4) */
  token?: number;
  channels: Channel[];
  languages: string[];
}

export interface SelfTestCheck {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface SelfTestResult {
  ok: boolean;
  checks: SelfTestCheck[];
}

export const CAPABILITIES = [
  'virtual-clock', 'printer-sim', 'tamper', 'scanner', 'firmware', 'power-cut', 'defects',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const DCP_REASONS = [
  'bad_password', 'wrong_mode', 'shift_expired', 'offline_too_long', 'suspended_by_ofd',
  'no_paper', 'marking_required', 'selftest_failed', 'shift_open', 'time_before_last_document',
  'bad_signature', 'immutable', 'invalid_receipt', 'not_supported',
] as const;
export type DcpReason = (typeof DCP_REASONS)[number];

/** The requirement each reason code stands for (dcp.md "Reason codes"). */
export const REASON_REQUIREMENT: Readonly<Record<DcpReason, string | undefined>> = {
  bad_password: undefined,
  wrong_mode: undefined,
  shift_expired: '14',
  offline_too_long: '29.6',
  suspended_by_ofd: '16',
  no_paper: '6',
  marking_required: '7.1',
  selftest_failed: '3',
  shift_open: '41',
  time_before_last_document: '42',
  bad_signature: '43.1',
  immutable: '43.2',
  invalid_receipt: undefined,
  not_supported: undefined,
};

// ---- methods -------------------------------------------------------------------------------

export interface HelloResult {
  vendor: string;
  model: string;
  firmware: string;
  dcp: '1';
  capabilities: string[];
  languages: string[];
  clock: 'virtual' | 'wall';
  /** added optional field: the seeded defects the DUT was started with (capability `defects`) */
  defects?: string[];
}

/** params and result of every DCP method (bench → DUT). */
export interface DcpMethods {
  'dcp.hello': { params: Record<string, never>; result: HelloResult };
  'power.on': { params: Record<string, never>; result: { selftest: SelfTestResult } };
  'power.off': { params: { abrupt?: boolean }; result: Record<string, never> };
  'clock.get': { params: Record<string, never>; result: { now: IsoTime } };
  'clock.advance': { params: { ms: number }; result: { now: IsoTime } };
  'clock.set': { params: { now: IsoTime; password: string }; result: { now: IsoTime } };
  'session.login': { params: { mode: Mode; password: string }; result: { mode: Mode } };
  'session.logout': { params: Record<string, never>; result: Record<string, never> };
  'receipt.create': { params: Receipt; result: { document: Document } };
  'cash.deposit': { params: { sum: Tiyn }; result: { document: Document } };
  'cash.withdraw': { params: { sum: Tiyn }; result: { document: Document } };
  'report.x': { params: Record<string, never>; result: { document: Document } };
  'report.z': { params: Record<string, never>; result: { document: Document } };
  'report.sections': { params: Record<string, never>; result: { document: Document } };
  'report.cashiers': { params: Record<string, never>; result: { document: Document } };
  'settings.get': { params: Record<string, never>; result: Settings };
  'settings.set': { params: Partial<Settings>; result: Settings };
  'selftest.run': { params: Record<string, never>; result: SelfTestResult };
  'scanner.scan': { params: { code: string }; result: { accepted: boolean } };
  'printer.paper': { params: { present: boolean }; result: Record<string, never> };
  'firmware.install': { params: { image: string; signature: string }; result: { installed: boolean } };
  'journal.read': { params: { fromNumber?: number; toNumber?: number }; result: { documents: Document[] } };
  'journal.tamper': { params: { number: number; patch: Record<string, unknown> }; result: Record<string, never> };
  'state.get': { params: Record<string, never>; result: State };
}

export type DcpMethod = keyof DcpMethods;
export type DcpParams<M extends DcpMethod> = DcpMethods[M]['params'];
export type DcpResult<M extends DcpMethod> = DcpMethods[M]['result'];

export const DCP_METHODS = [
  'dcp.hello', 'power.on', 'power.off', 'clock.get', 'clock.advance', 'clock.set',
  'session.login', 'session.logout', 'receipt.create', 'cash.deposit', 'cash.withdraw',
  'report.x', 'report.z', 'report.sections', 'report.cashiers', 'settings.get', 'settings.set',
  'selftest.run', 'scanner.scan', 'printer.paper', 'firmware.install', 'journal.read',
  'journal.tamper', 'state.get',
] as const satisfies readonly DcpMethod[];

// ---- notifications (DUT → bench) -----------------------------------------------------------

export type DisplayKind = 'info' | 'warning' | 'error' | 'ofd';

export interface DcpNotifications {
  'document.printed': { document: Document };
  'display.message': { text: string; lang: string; kind: DisplayKind };
  'state.changed': State;
}
export type DcpNotification = keyof DcpNotifications;
export const DCP_NOTIFICATIONS = ['document.printed', 'display.message', 'state.changed'] as const satisfies readonly DcpNotification[];

// ---- device profile ------------------------------------------------------------------------

export interface Registration {
  kkmId: number;
  token: number;
  rnm: string;
  serial: string;
  org: { title: string; iin: string; address: string };
  pos: { title: string; address: string };
}

export interface DeviceProfile {
  /** "tcp://127.0.0.1:7070" | "serial:/dev/ttyUSB0@115200" */
  dcp: string;
  passwords: Record<Mode, string>;
  registration: Registration;
  protocolVersion: 202 | 203 | 204;
  /** requirement id → why it does not apply */
  notApplicable?: Record<string, string>;
  /** path of an attestations file, relative to the profile */
  attestations?: string;
}
