// Requirements 43, 43.1, 43.4: no unauthorised software change; fiscal signs never change.
import type { TestCase } from '../case.js';
import { enter, prepare, saleReceipt, sell, zReport, errorEvidence, isRefusal } from '../context/dut.js';
import { ledgerMark } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { decodeQrPng, parseQrPayload } from '../context/qr.js';
import { operatorSign, printedCopy, ticketFor } from '../context/flows.js';

const badSignature: TestCase = {
  id: 'req-43.1-bad-signature-refused',
  title: 'A firmware image with a bad signature is refused and the firmware stays as it was',
  covers: ['43.1'],
  needs: ['firmware'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const before = await ctx.dcp.call('dcp.hello', {});
    const image = Buffer.from(`KKM firmware 9.9.9 (bench, unsigned) ${ctx.seed}`).toString('base64');
    const signatures = [Buffer.alloc(64, 7).toString('base64'), Buffer.from('not a signature').toString('base64'), ''];
    for (const signature of signatures) {
      await enter(ctx, 'service', '43.1').catch(() => undefined);
      const r = await ctx.dcp.call('firmware.install', { image, signature }).then((x) => ({ x }), (e: unknown) => ({ e }));
      const refused = 'e' in r ? isRefusal(r.e, 'bad_signature') : r.x.installed === false;
      ctx.check(refused, '43.1', `firmware with signature ${signature ? `${signature.slice(0, 12)}…` : '(empty)'} is refused (${'e' in r ? (r.e as Error).message : `installed=${r.x.installed}`})`, 'e' in r ? errorEvidence(r.e) : { kind: 'dcp.response', summary: 'firmware.install', data: r.x });
    }
    const after = await ctx.dcp.call('dcp.hello', {});
    ctx.check(after.firmware === before.firmware, '43.1', `the firmware version is unchanged (${before.firmware} → ${after.firmware})`);
  },
};

const signStable: TestCase = {
  id: 'req-43.4-fiscal-sign-unchanged',
  title: 'The operator\'s fiscal sign is the same on paper, in the QR, in memory, and stays so',
  covers: ['43.4'],
  async run(ctx) {
    await prepare(ctx);
    const mark = ledgerMark(ctx);
    const doc = await sell(ctx, '43.4', saleReceipt(ctx, 330_00));
    const t = ticketFor(ctx, doc, mark);
    const sign = t ? operatorSign(ctx, t) : undefined;
    const p = await printedCopy(ctx, '43.4', doc);
    ctx.check(!!sign && doc.fiscal?.sign === sign && p?.fiscal?.sign === sign, '43.4', `answer, paper and operator agree on the sign ${sign}`, p ? docEvidence(p) : docEvidence(doc));
    const qr = p?.qr?.payload ? parseQrPayload(p.qr.payload) : null;
    ctx.check(qr?.i === sign, '43.4', `the QR carries the same sign (${qr?.i})`);
    if (p?.qr?.png) ctx.check(decodeQrPng(p.qr.png) === p.qr.payload, '43.4', 'the printed QR image says the same');
    await sell(ctx, '43.4', saleReceipt(ctx, 331_00));
    await zReport(ctx, '43.4');
    await sell(ctx, '43.4', saleReceipt(ctx, 332_00));
    const j = await ctx.dcp.call('journal.read', { fromNumber: doc.number, toNumber: doc.number });
    const stored = j.documents.find((d) => d.number === doc.number);
    ctx.check(stored?.fiscal?.sign === sign, '43.4', `after more documents and a Z the fiscal memory still holds ${sign} (${stored?.fiscal?.sign})`, stored ? docEvidence(stored) : undefined);
  },
};

export const FIRMWARE_CASES: TestCase[] = [badSignature, signStable];
