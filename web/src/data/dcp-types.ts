// The DCP v1 shapes the dashboard shows (docs/dcp.md, "Shapes"). They are the wire contract of
// every register, so the dashboard mirrors them here instead of importing the emulator.

export type Tiyn = number;
export type DocumentKind =
  | 'receipt' | 'x_report' | 'z_report' | 'cash_in' | 'cash_out' | 'sections_report'
  | 'cashiers_report' | 'selftest' | 'ofd_message' | 'offline_notice';

export interface ReceiptItem { name: string; price: Tiyn; quantity: number; section?: number; markingCode?: string; taxPercent?: number }
export interface Payment { type: 'cash' | 'card' | 'mobile'; sum: Tiyn }
export interface Receipt {
  operation: 'sell' | 'sell_return' | 'buy' | 'buy_return';
  items: ReceiptItem[];
  payments: Payment[];
  customerIin?: string;
  parentNumber?: number;
  idempotencyKey?: string;
}

export interface Document {
  kind: DocumentKind;
  number: number;
  shiftNumber: number;
  printedAt: string;
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
  shift: { open: boolean; number: number; openedAt: string | null };
  offline: { since: string | null; queued: number };
  blocked: { reason: string; requirement?: string } | null;
}

export interface DisplayMessage { text: string; lang: string; kind: 'info' | 'warning' | 'error' | 'ofd' }

export type DcpMode = 'registration' | 'programming' | 'close_shift' | 'reports' | 'service';
export const DCP_MODES: readonly DcpMode[] = ['registration', 'programming', 'close_shift', 'reports', 'service'];
