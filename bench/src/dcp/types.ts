// The DCP v1 shapes (docs/dcp.md) as the bench sees them. The bench never imports a DUT's
// types: these are written from the contract, and parsed defensively (a vendor's DUT may be wrong).

/** Money in integer tiyn. */
export type Tiyn = number;
/** ISO-8601 with offset, in the DUT's clock. */
export type IsoTime = string;

export type Operation = 'sell' | 'sell_return' | 'buy' | 'buy_return';
export type PaymentType = 'cash' | 'card' | 'mobile';
export type Mode = 'registration' | 'programming' | 'close_shift' | 'reports' | 'service';
export const MODES: readonly Mode[] = ['registration', 'programming', 'close_shift', 'reports', 'service'];

/** DCP domain refusal reasons (error data.reason). */
export type DcpReason =
  | 'bad_password' | 'wrong_mode' | 'shift_expired' | 'offline_too_long' | 'suspended_by_ofd'
  | 'no_paper' | 'marking_required' | 'selftest_failed' | 'shift_open' | 'time_before_last_document'
  | 'bad_signature' | 'immutable' | 'invalid_receipt' | 'not_supported' | (string & {});

export interface ReceiptItem {
  name: string;
  price: Tiyn;
  /** thousandths (1 piece = 1000) */
  quantity: number;
  section?: number;
  markingCode?: string;
  taxPercent?: number;
}
export interface Payment { type: PaymentType; sum: Tiyn }
export interface Receipt {
  operation: Operation;
  items: ReceiptItem[];
  payments: Payment[];
  customerIin?: string;
  parentNumber?: number;
  idempotencyKey?: string;
}

export type DocumentKind =
  | 'receipt' | 'x_report' | 'z_report' | 'cash_in' | 'cash_out' | 'sections_report'
  | 'cashiers_report' | 'selftest' | 'ofd_message' | 'offline_notice' | (string & {});

export interface DcpDocument {
  kind: DocumentKind;
  number: number;
  shiftNumber: number;
  printedAt: IsoTime;
  fiscal: { mode: 'online' | 'autonomous'; sign: string } | null;
  title: string | null;
  lines: string[];
  qr: { payload: string; png?: string } | null;
  totals?: { total: Tiyn; byPayment: { cash?: Tiyn; card?: Tiyn; mobile?: Tiyn } };
  receipt?: Receipt;
}

export interface DcpState {
  powered: boolean;
  mode: string | null;
  shift: { open: boolean; number: number; openedAt: IsoTime | null };
  offline: { since: IsoTime | null; queued: number };
  blocked: { reason: string; requirement?: string } | null;
}

export interface DcpChannel { name: string; host: string; port: number; priority: number; enabled: boolean }
export interface DcpSettings {
  rnm: string;
  kkmId: number;
  serial: string;
  token?: number;
  channels: DcpChannel[];
  languages: string[];
}

export interface SelfTestResult { ok: boolean; checks: { name: string; ok: boolean; detail?: string }[] }

export interface DcpHello {
  vendor: string;
  model: string;
  firmware: string;
  dcp: string;
  capabilities: string[];
  languages: string[];
  clock: 'virtual' | 'wall';
  /** extension: the seeded defects a DUT runs with (capability `defects`) */
  defects?: string[];
}

export interface DisplayMessage { text: string; lang: string; kind: 'info' | 'warning' | 'error' | 'ofd' | (string & {}) }

/** A DUT → bench notification, as collected by the client. */
export type DcpNotification =
  | { seq: number; at: number; method: 'document.printed'; params: { document: DcpDocument } }
  | { seq: number; at: number; method: 'display.message'; params: DisplayMessage }
  | { seq: number; at: number; method: 'state.changed'; params: DcpState }
  | { seq: number; at: number; method: string & {}; params: unknown };

/** The registration object of the device profile (also what ofd-mock is provisioned with). */
export interface ProfileRegistration {
  kkmId: number;
  token: number;
  rnm: string;
  serial: string;
  org: { title: string; iin: string; address: string };
  pos: { title: string; address: string };
}

/** The device profile of dcp.md: what a lab knows about a register. */
export interface DeviceProfile {
  /** 'tcp://127.0.0.1:7070' | 'serial:/dev/ttyUSB0@115200' */
  dcp: string;
  passwords: Record<Mode, string>;
  registration: ProfileRegistration;
  protocolVersion?: number;
  /** requirement id → why it does not apply to this model */
  notApplicable?: Record<string, string>;
  /** path of the lab's attestation file for manual items */
  attestations?: string;
}

/** Method → [params, result] map of DCP v1, for typed calls. */
export interface DcpMethods {
  'dcp.hello': [Record<string, never>, DcpHello];
  'power.on': [Record<string, never>, { selftest: SelfTestResult }];
  'power.off': [{ abrupt?: boolean }, Record<string, never>];
  'clock.get': [Record<string, never>, { now: IsoTime }];
  'clock.advance': [{ ms: number }, { now: IsoTime }];
  'clock.set': [{ now: IsoTime; password: string }, { now: IsoTime }];
  'session.login': [{ mode: Mode; password: string }, { mode: Mode }];
  'session.logout': [Record<string, never>, Record<string, never>];
  'receipt.create': [Receipt, { document: DcpDocument }];
  'cash.deposit': [{ sum: Tiyn }, { document: DcpDocument }];
  'cash.withdraw': [{ sum: Tiyn }, { document: DcpDocument }];
  'report.x': [Record<string, never>, { document: DcpDocument }];
  'report.z': [Record<string, never>, { document: DcpDocument }];
  'report.sections': [Record<string, never>, { document: DcpDocument }];
  'report.cashiers': [Record<string, never>, { document: DcpDocument }];
  'settings.get': [Record<string, never>, DcpSettings];
  'settings.set': [Partial<DcpSettings>, DcpSettings];
  'selftest.run': [Record<string, never>, SelfTestResult];
  'scanner.scan': [{ code: string }, { accepted: boolean }];
  'printer.paper': [{ present: boolean }, Record<string, never>];
  'firmware.install': [{ image: string; signature: string }, { installed: boolean }];
  'journal.read': [{ fromNumber?: number; toNumber?: number }, { documents: DcpDocument[] }];
  'journal.tamper': [{ number: number; patch: Record<string, unknown> }, Record<string, never>];
  'state.get': [Record<string, never>, DcpState];
}
export type DcpMethod = keyof DcpMethods;

/** A filtered, awaitable view of the notifications a DUT sent. */
export interface NotificationView {
  /** every notification since the view's start, in arrival order */
  all(): DcpNotification[];
  /** documents from `document.printed` */
  printed(): DcpDocument[];
  /** `display.message` params */
  displays(): DisplayMessage[];
  /** `state.changed` params */
  states(): DcpState[];
  /**
   * Resolves with the first notification (since the view's start, including ones already
   * received) for which `match` is true; rejects with DcpError BENCH_DCP_TIMEOUT after
   * `timeoutMs` of real time (default 2000).
   */
  waitFor(match: (n: DcpNotification) => boolean, timeoutMs?: number): Promise<DcpNotification>;
  /** a new view that starts now (sees only later notifications) */
  fromNow(): NotificationView;
}

/** The bench's DCP client (JSON-RPC 2.0, one message per line, over TCP or serial). */
export interface DcpClient {
  /** typed call; rejects with DcpError (code BENCH_DCP_DOMAIN with `reason` for -32000) */
  call<M extends DcpMethod>(method: M, params?: DcpMethods[M][0], timeoutMs?: number): Promise<DcpMethods[M][1]>;
  /** untyped call, for extension methods */
  request(method: string, params?: unknown, timeoutMs?: number): Promise<unknown>;
  /** all notifications received since connect (or since `notifications.fromNow()` for a view) */
  readonly notifications: NotificationView;
  /** subscribe to notifications as they arrive; returns unsubscribe */
  onNotification(cb: (n: DcpNotification) => void): () => void;
  close(): Promise<void>;
  readonly closed: boolean;
}
