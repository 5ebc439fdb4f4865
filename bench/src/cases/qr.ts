// Requirements 33–36: the receipt QR code — present, its content, its format, and a PNG that decodes.
import type { TestCase, CaseContext } from '../case.js';
import type { DcpDocument } from '../dcp/types.js';
import { prepare, saleReceipt, sell } from '../context/dut.js';
import { docEvidence } from '../context/documents.js';
import { decodeQrPng, parseQrPayload, qrTimeOf, QR_MASK } from '../context/qr.js';
import { offlineSale, printedCopy } from '../context/flows.js';

async function receipts(ctx: CaseContext, req: '33' | '34' | '35' | '36'): Promise<DcpDocument[]> {
  await prepare(ctx);
  const on = await sell(ctx, req, saleReceipt(ctx, 345_67));
  const off = await offlineSale(ctx, req, saleReceipt(ctx, 123_40));
  const out: DcpDocument[] = [];
  for (const d of [on, off]) out.push((await printedCopy(ctx, req, d)) ?? d);
  return out;
}

const present: TestCase = {
  id: 'req-33-qr-on-receipts',
  title: 'Online and autonomous receipts carry a QR code',
  covers: ['33'],
  async run(ctx) {
    for (const d of await receipts(ctx, '33')) {
      ctx.check(!!d.qr && typeof d.qr.payload === 'string' && d.qr.payload.length > 0, '33', `the ${d.fiscal?.mode} receipt №${d.number} has a QR code`, docEvidence(d));
    }
  },
};

const contents: TestCase = {
  id: 'req-34-qr-contents',
  title: 'The QR code holds the fiscal sign, the RNM, the date and time, and the total of this receipt',
  covers: ['34'],
  async run(ctx) {
    for (const d of await receipts(ctx, '34')) {
      const q = d.qr ? parseQrPayload(d.qr.payload) : null;
      const ev = docEvidence(d);
      if (!ctx.check(!!q, '34', `the QR payload of №${d.number} can be read (${d.qr?.payload})`, ev)) continue;
      ctx.check(q!.i === d.fiscal?.sign, '34', `i = the ${d.fiscal?.mode} fiscal sign (${q!.i} vs ${d.fiscal?.sign})`, ev);
      ctx.check(q!.f === ctx.profile.registration.rnm, '34', `f = the RNM (${q!.f})`, ev);
      ctx.check(q!.sumTiyn === d.totals?.total, '34', `s = the total (${q!.s} vs ${d.totals?.total} tiyn)`, ev);
      ctx.check(q!.t === qrTimeOf(d.printedAt), '34', `t = the receipt time (${q!.t} vs ${d.printedAt})`, ev);
    }
  },
};

const format: TestCase = {
  id: 'req-35-qr-format',
  title: 'The QR string follows Протокол://URL?i=…&f=…&s=тенге.тиын&t=датаTвремя',
  covers: ['35'],
  async run(ctx) {
    for (const d of await receipts(ctx, '35')) {
      const payload = d.qr?.payload ?? '';
      ctx.check(QR_MASK.test(payload), '35', `the ${d.fiscal?.mode} receipt's QR string matches the mask (${payload})`, docEvidence(d));
      const q = parseQrPayload(payload);
      const total = d.totals?.total;
      const want = total === undefined ? undefined : `${Math.floor(total / 100)}.${String(total % 100).padStart(2, '0')}`;
      ctx.check(!!q && total !== undefined && q.sumTiyn === total, '35', `s is the sum written as tenge.tiyn (${q?.s}; the total ${want})`, docEvidence(d));
    }
  },
};

const png: TestCase = {
  id: 'req-36-qr-png-decodes',
  title: 'The printed QR image decodes to exactly the payload',
  covers: ['36'],
  async run(ctx) {
    for (const d of await receipts(ctx, '36')) {
      const img = d.qr?.png;
      if (!ctx.check(typeof img === 'string' && img.length > 0, '36', `the ${d.fiscal?.mode} receipt comes with a QR image`, docEvidence(d))) continue;
      const text = decodeQrPng(img!);
      ctx.check(text === d.qr!.payload, '36', `the QR image decodes (jsqr) to the payload (${text === null ? 'undecodable' : text})`, docEvidence(d));
    }
  },
};

export const QR_CASES: TestCase[] = [present, contents, format, png];
