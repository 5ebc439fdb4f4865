// Receipt and report text, line by line, in Kazakh and Russian (reqs 11, 24, 29.4, 29.5, 32, 39).
// Each label is printed "kz / ru". The fiscal title "ФИСКАЛДЫҚ ЧЕК / ФИСКАЛЬНЫЙ ЧЕК" is printed
// only on a receipt that has a sign (the caller passes `fiscal` only then).
import { message, type MessageParams } from '../i18n/message.js';
import type { MessageKey } from '../i18n/messages.js';
import type { DocumentFiscal, Receipt } from '../dcp/types.js';

const plain = new Map<MessageKey, string>();

/** "kz / ru" of a message (labels without parameters are built once). */
export function both(key: MessageKey, params?: MessageParams): string {
  if (params === undefined) {
    let s = plain.get(key);
    if (s === undefined) plain.set(key, (s = bothNow(key, {})));
    return s;
  }
  return bothNow(key, params);
}

function bothNow(key: MessageKey, params: MessageParams): string {
  const kz = message(key, 'kz', params);
  const ru = message(key, 'ru', params);
  return kz === ru ? kz : `${kz} / ${ru}`;
}

const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ә: 'a', ғ: 'g', қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
};

/** Cyrillic letters written in Latin (the `display-transliterated` defect, req 11). */
export function transliterate(text: string): string {
  return text.replace(/[\u0400-\u04ff]/g, (ch) => {
    const lower = ch.toLowerCase();
    const t = LATIN[lower] ?? '';
    return ch === lower || t === '' ? t : t[0]!.toUpperCase() + t.slice(1);
  });
}

/** 123456 tiyn → "1234.56" */
export function money(tiyn: number | bigint): string {
  const t = BigInt(tiyn);
  const neg = t < 0n;
  const a = neg ? -t : t;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/** 1500 thousandths → "1.5" */
export function quantity(q: number): string {
  const whole = Math.trunc(q / 1000);
  const frac = q % 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

export interface RegisterIdentity {
  rnm: string;
  serial: string;
  kkmId: number;
  org: { title: string; iin: string; address: string };
  pos: { title: string; address: string };
}

export function header(id: RegisterIdentity, shiftNumber: number, number: number, at: string): string[] {
  return [
    id.org.title,
    `${both('line.org_iin')}: ${id.org.iin}`,
    id.pos.title,
    id.pos.address,
    `${both('line.rnm')}: ${id.rnm}`,
    `${both('line.znm')}: ${id.serial}`,
    `${both('line.kkm_id')}: ${id.kkmId}`,
    `${both('line.shift', { n: shiftNumber })}  ${both('line.document_number', { n: number })}`,
    `${both('line.datetime')}: ${at}`,
  ];
}

export function itemSum(it: { price: number; quantity: number }): number {
  return Math.round((it.price * it.quantity) / 1000);
}

export function receiptTotal(r: Receipt): number {
  return r.items.reduce((a, it) => a + itemSum(it), 0);
}

export interface ReceiptRenderInput {
  id: RegisterIdentity;
  receipt: Receipt;
  number: number;
  shiftNumber: number;
  at: string;
  fiscal: DocumentFiscal | null;
  offlineNumber?: number;
  qrPayload?: string;
  parent?: { number: number; sign: string };
}

export function renderReceipt(x: ReceiptRenderInput): string[] {
  const r = x.receipt;
  const lines: string[] = [];
  if (x.fiscal) lines.push(both('doc.fiscal_receipt'));
  lines.push(...header(x.id, x.shiftNumber, x.number, x.at));
  lines.push(both(`op.${r.operation}` as MessageKey));
  if (x.parent) lines.push(`${both('line.parent_receipt', { n: x.parent.number })} ${both('line.fiscal_sign_short')}: ${x.parent.sign}`);
  for (const it of r.items) {
    lines.push(it.name);
    lines.push(`  ${quantity(it.quantity)} x ${money(it.price)} = ${money(itemSum(it))}`);
    if (it.section !== undefined) lines.push(`  ${both('line.section', { n: it.section })}`);
    if (it.taxPercent) lines.push(`  ${both('line.vat_included', { percent: it.taxPercent })}`);
    if (it.markingCode) lines.push(`  ${both('line.marking_code')}: ${it.markingCode}`);
  }
  const total = receiptTotal(r);
  lines.push(`${both('line.total')}: ${money(total)}`);
  for (const p of r.payments) lines.push(`${both(`pay.${p.type}` as MessageKey)}: ${money(p.sum)}`);
  const cash = r.payments.filter((p) => p.type === 'cash').reduce((a, p) => a + p.sum, 0);
  if (cash > 0) {
    const other = r.payments.filter((p) => p.type !== 'cash').reduce((a, p) => a + p.sum, 0);
    lines.push(`${both('line.received')}: ${money(cash)}`);
    lines.push(`${both('line.change')}: ${money(Math.max(0, cash + other - total))}`);
  }
  if (r.customerIin) lines.push(`${both('line.customer_iin')}: ${r.customerIin}`);
  if (x.fiscal?.mode === 'online') {
    lines.push(`${both('line.fiscal_sign')}: ${x.fiscal.sign}`);
  } else if (x.fiscal?.mode === 'autonomous') {
    lines.push(both('word.autonomous'));
    lines.push(`${both('line.autonomous_sign')}: ${x.fiscal.sign}`);
    if (x.offlineNumber !== undefined) lines.push(`${both('line.receipt_number', { n: x.offlineNumber })}`);
  }
  if (x.qrPayload) lines.push(`${both('line.check_url')}: ${x.qrPayload}`);
  lines.push(both('line.thank_you'));
  return lines;
}
