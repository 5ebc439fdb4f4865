// What the register writes into the fiscal module: one record per printed document, its payload
// the canonical JSON of the document and what the register needs to send it later (the offline
// queue is the module's unsent records, in order — reqs 8, 28).
import { decodeZControl, type FiscalRecord, type RecordKind } from '../../../fiscal-module/index.js';
import type { Document, DocumentKind } from '../dcp/types.js';
import type { ParentInfo } from './requests.js';
import type { ShiftTotals } from './totals.js';

export interface StoredDoc {
  v: 1;
  kind: DocumentKind;
  number: number;
  shiftNumber: number;
  /** register time (epoch ms) of the document */
  at: number;
  document: Document;
  cashier: string;
  /** made without the operator: waits in the queue (since = start of the offline period) */
  offline?: { since: number; offlineNumber?: number };
  parent?: ParentInfo;
  /** cash in / out */
  sum?: number;
  /** Z report: the shift's counters */
  totals?: ShiftTotals;
  idempotencyKey?: string;
}

/** Kinds the operator receives (the rest are printed only). */
export const SENDABLE: ReadonlySet<DocumentKind> = new Set(['receipt', 'cash_in', 'cash_out', 'z_report']);

/** The module record kind of a document kind. */
export function recordKind(kind: DocumentKind): RecordKind {
  switch (kind) {
    case 'receipt': return 'receipt';
    case 'cash_in': return 'cash_in';
    case 'cash_out': return 'cash_out';
    case 'z_report': return 'z_report';
    default: return 'note';
  }
}

const te = new TextEncoder();
const td = new TextDecoder();

export function encodeStored(d: StoredDoc): Uint8Array {
  return te.encode(JSON.stringify(d));
}

/** The register's part of a record's payload (a Z record starts with the module's control block). */
export function registerBytes(rec: Pick<FiscalRecord, 'kind' | 'payload'>): Uint8Array {
  if (rec.kind === 'z_report') return decodeZControl(rec.payload)?.registerPayload ?? new Uint8Array(0);
  return rec.payload;
}

export function decodeStored(rec: Pick<FiscalRecord, 'kind' | 'payload'>): StoredDoc | null {
  try {
    const d = JSON.parse(td.decode(registerBytes(rec))) as StoredDoc;
    return d && d.v === 1 && d.document ? d : null;
  } catch {
    return null;
  }
}

/** Merges `patch` into `target` (objects recursively, everything else replaced). */
export function deepMerge(target: unknown, patch: unknown): unknown {
  if (!isPlain(target) || !isPlain(patch)) return patch;
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) out[k] = deepMerge(out[k], v);
  return out;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
