// Reading printed documents: their text, the fiscal title, the autonomous mark, languages.
import type { DcpDocument } from '../dcp/types.js';
import type { Evidence } from '../report/types.js';

/** The whole printed text of a document (title + lines), one string. */
export function printedText(d: DcpDocument): string {
  return [d.title ?? '', ...(Array.isArray(d.lines) ? d.lines : [])].join('\n');
}

/** The printed lines only (what went to paper). */
export function linesText(d: DcpDocument): string {
  return (Array.isArray(d.lines) ? d.lines : []).join('\n');
}

const FISCAL_TITLE = /фискальный\s+чек/i;
/** Kazakh rendering of the fiscal receipt title. */
const FISCAL_TITLE_KZ = /фискалд[ыі]қ\s+чек/i;

/** Does the document carry (title) or print (lines) the fiscal-mode sign "Фискальный чек"? */
export function showsFiscalTitle(d: DcpDocument): boolean {
  return (d.title !== null && d.title !== undefined && (FISCAL_TITLE.test(d.title) || FISCAL_TITLE_KZ.test(d.title)))
    || FISCAL_TITLE.test(linesText(d)) || FISCAL_TITLE_KZ.test(linesText(d));
}

/** Is `sign` printed as such — on a line of its own kind, not only inside the QR/check URL? */
export function printsSign(d: DcpDocument, sign: string | undefined): boolean {
  if (!sign) return false;
  return (Array.isArray(d.lines) ? d.lines : []).some((l) => l.includes(sign) && !/:\/\/|[?&]i=/.test(l));
}

/** Does the printed text carry the term "Автономный" (req 29.5)? */
export function showsAutonomousMark(d: DcpDocument): boolean {
  return /автономн/i.test(printedText(d));
}

/** Kazakh-specific Cyrillic letters: their presence marks Kazakh text. */
export const KAZAKH_LETTERS = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;

export function hasKazakh(s: string): boolean {
  return KAZAKH_LETTERS.test(s);
}

/** Russian words typical of receipts/messages (none of them Kazakh). */
export function hasRussian(s: string): boolean {
  return /(чек|итого|смена|сумма|наличн|касс|режим|ошибк|оператор|нет|продаж|фискальн)/i.test(s) && /[а-яё]/i.test(s);
}

export function isCyrillic(s: string): boolean {
  return /[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]/.test(s);
}

/** Epoch ms of an ISO time with offset (NaN when unparsable). */
export function isoMs(s: string | null | undefined): number {
  return typeof s === 'string' ? Date.parse(s) : NaN;
}

export function docEvidence(d: DcpDocument, summary?: string): Evidence {
  return {
    kind: 'document',
    summary: summary ?? `${d.kind} №${d.number} shift ${d.shiftNumber} ${d.fiscal ? `${d.fiscal.mode} sign ${d.fiscal.sign}` : 'non-fiscal'}${d.title ? ` «${d.title}»` : ''}`,
    data: { ...d, qr: d.qr ? { payload: d.qr.payload, png: d.qr.png ? `(${d.qr.png.length} base64 chars)` : undefined } : null },
  };
}
