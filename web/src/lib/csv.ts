// The journal as CSV (RFC 4180: quoted when needed, CRLF line ends), as KASSIKS exports its tables.
import type { Document } from '../data/dcp-types.js';
import { tenge } from './format.js';

export const JOURNAL_COLUMNS = ['number', 'kind', 'shift', 'printedAt', 'mode', 'fiscalSign', 'operation', 'total', 'cash', 'card', 'mobile', 'title', 'qr'] as const;

export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function journalCsv(docs: readonly Document[]): string {
  const rows: string[] = [JOURNAL_COLUMNS.join(',')];
  for (const d of docs) {
    const t = d.totals;
    rows.push([
      d.number, d.kind, d.shiftNumber, d.printedAt, d.fiscal?.mode ?? '', d.fiscal?.sign ?? '', d.receipt?.operation ?? '',
      t ? tenge(t.total).replace(/ /g, '') : '', t?.byPayment.cash !== undefined ? tenge(t.byPayment.cash).replace(/ /g, '') : '',
      t?.byPayment.card !== undefined ? tenge(t.byPayment.card).replace(/ /g, '') : '', t?.byPayment.mobile !== undefined ? tenge(t.byPayment.mobile).replace(/ /g, '') : '',
      d.title ?? '', d.qr?.payload ?? '',
    ].map(csvCell).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
