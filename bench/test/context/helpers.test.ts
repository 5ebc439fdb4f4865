import { test } from 'uvu';
import * as assert from 'uvu/assert';
import QRCode from 'qrcode';
import { fakeContext } from '../support/fake-context.js';
import { advanceUntilSettled, expectOk, expectRefused, isRefusal, saleReceipt } from '../../src/context/dut.js';
import { answerTo, commandName, enumIs, field, frames, linkDown, linkUp, moneyTiyn, normaliseEntry, path, requests, LINK_DOWN_FAULT } from '../../src/context/operator.js';
import { hasKazakh, hasRussian, showsAutonomousMark, showsFiscalTitle } from '../../src/context/documents.js';
import { decodeQrPng, parseQrPayload, qrTimeOf, QR_MASK } from '../../src/context/qr.js';
import { dateTimeMs, isoWithOffset, offsetMinOf, printedCopy } from '../../src/context/flows.js';
import { DcpError } from '../../src/errors.js';
import { CaseAbort } from '../../src/case.js';
import type { DcpDocument } from '../../src/dcp/types.js';

const refusal = (reason: string) => new DcpError('BENCH_DCP_DOMAIN', `refused: ${reason}`, { reason, method: 'receipt.create' });

function doc(over: Partial<DcpDocument> = {}): DcpDocument {
  return { kind: 'receipt', number: 1, shiftNumber: 1, printedAt: '2026-01-12T09:00:05.000+05:00', fiscal: { mode: 'online', sign: '4228143549' }, title: 'ФИСКАЛЬНЫЙ ЧЕК', lines: ['ФИСКАЛДЫҚ ЧЕК / ФИСКАЛЬНЫЙ ЧЕК', 'ИТОГО / ЖИЫНЫ: 150.00', 'ФП 4228143549'], qr: null, ...over };
}

test('expectRefused: right reason passes, wrong reason and acceptance fail', async () => {
  const w = fakeContext();
  await expectRefused(w.ctx, '29.6', 'sale', Promise.reject(refusal('offline_too_long')), 'offline_too_long');
  await expectRefused(w.ctx, '29.6', 'sale', Promise.reject(refusal('no_paper')), 'offline_too_long');
  await expectRefused(w.ctx, '29.6', 'sale', Promise.resolve({ document: doc() }), 'offline_too_long');
  assert.equal(w.checks.map((c) => c.ok), [true, false, false]);
  assert.ok(w.checks.every((c) => c.requirement === '29.6'));
  // a bench failure is not a refusal: rethrown
  const e = await expectRefused(w.ctx, '29.6', 'sale', Promise.reject(new DcpError('BENCH_DCP_CLOSED', 'gone')), 'x').catch((x: unknown) => x);
  assert.instance(e, DcpError);
});

test('expectOk: a refusal records a failed check and aborts the case (fail, not error)', async () => {
  const w = fakeContext();
  const e = await expectOk(w.ctx, '14', 'sale', Promise.reject(refusal('shift_expired'))).catch((x: unknown) => x);
  assert.instance(e, CaseAbort);
  assert.is(w.checks.length, 1);
  assert.not.ok(w.checks[0]!.ok);
  assert.match(w.checks[0]!.message, /shift_expired/);
  assert.ok(isRefusal(refusal('a'), 'a'));
  assert.not.ok(isRefusal(new Error('x')));
});

test('advanceUntilSettled: moves the clock until the call settles, and reports a call that never does', async () => {
  const w = fakeContext();
  let resolve!: (v: string) => void;
  const p = new Promise<string>((r) => (resolve = r));
  w.onAdvance.push((_ms, now) => { if (now - Date.UTC(2026, 0, 12, 4) >= 5000) resolve('done'); });
  const r = await advanceUntilSettled(w.ctx, p, 10_000, 100);
  assert.ok(r.ok);
  assert.is(r.value, 'done');
  assert.is(r.advancedMs, 5000);
  const never = await advanceUntilSettled(w.ctx, new Promise(() => {}), 1000, 250);
  assert.not.ok(never.ok);
  assert.ok(never.pending);
  assert.is(never.advancedMs, 1000);
});

test('ledger entries are normalised; lost frames are left out unless asked; answers matched by reqNum', () => {
  const w = fakeContext();
  const e = (seq: number, direction: string, command: number, reqNum: number, extra: object = {}) => ({ seq, at: seq, kkmId: 424242, channel: 0, connectionId: 1, direction, command, commandName: 'X', reqNum, token: 777, rawHex: 'a281', decoded: { command: 'COMMAND_TICKET' }, result: 0, faults: [], violations: [], retry: false, note: null, ...extra });
  w.ledger.push(e(1, 'to-ofd', 1, 5, { note: 'dropped' }), e(2, 'to-ofd', 1, 5), e(3, 'to-kkm', 1, 5, { decoded: { ticket: { ticketNumber: '99' } } }), e(4, 'to-ofd', 2, 6), { ...e(5, 'to-ofd', 1, 7), kkmId: 1 });
  const f = normaliseEntry(w.ledger[0]);
  assert.is(f.command, 'TICKET');
  assert.ok(f.lost);
  assert.equal(requests(w.ctx, 'TICKET').map((x) => x.seq), [2]);
  assert.equal(frames(w.ctx, { direction: 'to-ofd', lost: true }).map((x) => x.seq), [1, 2, 4]);
  const a = answerTo(w.ctx, requests(w.ctx, 'TICKET')[0]!);
  assert.is(a?.seq, 3);
  assert.is(path(a!.decoded, 'ticket.ticket_number'), '99');
  assert.is(commandName('COMMAND_CLOSE_SHIFT'), 'CLOSE_SHIFT');
  assert.is(moneyTiyn({ bills: '696', coins: 90 }), 69690);
  assert.is(field({ offlineTicketNumber: 5 }, 'offline_ticket_number'), 5);
  assert.ok(enumIs('OPERATION_SELL', 'SELL', 2));
  assert.not.ok(enumIs('OPERATION_SELL_RETURN', 'SELL', 2));
});

test('linkDown/linkUp install and remove one named fault', async () => {
  const w = fakeContext();
  await linkDown(w.ctx);
  await linkDown(w.ctx, 'refuse');
  assert.equal(w.faults.map((f) => [f.name, f.kind]), [[LINK_DOWN_FAULT, 'refuse']]);
  await linkUp(w.ctx);
  await linkUp(w.ctx);
  assert.is(w.faults.length, 0);
});

test('documents: fiscal title, autonomous mark, Kazakh and Russian text', () => {
  assert.ok(showsFiscalTitle(doc()));
  assert.not.ok(showsFiscalTitle(doc({ title: null, lines: ['X-ОТЧЕТ'] })));
  assert.ok(showsFiscalTitle(doc({ title: null, lines: ['ФИСКАЛДЫҚ ЧЕК'] })));
  assert.ok(showsAutonomousMark(doc({ lines: ['Автономный режим'] })));
  assert.not.ok(showsAutonomousMark(doc()));
  assert.ok(hasKazakh('ЖИЫНЫ: ФИСКАЛДЫҚ'));
  assert.not.ok(hasKazakh('ИТОГО'));
  assert.ok(hasRussian('ИТОГО 150'));
});

test('QR: the mask of req 35, parsing, time form, and PNG decoding', async () => {
  const url = 'http://consumer.oofd.kz?i=4228143549&f=640300014538&s=696.90&t=20280629T170916';
  assert.ok(QR_MASK.test(url));
  assert.not.ok(QR_MASK.test('http://consumer.oofd.kz?f=640300014538&i=1&s=696.90&t=20280629T170916'), 'order matters');
  assert.not.ok(QR_MASK.test('http://consumer.oofd.kz?i=1&f=640300014538&s=69690&t=20280629T170916'), 'tenge.tiyn');
  const q = parseQrPayload(url)!;
  assert.is(q.sumTiyn, 69690);
  assert.is(parseQrPayload('http://x.kz?i=1&f=2&s=1820.0&t=20280629T170916')!.sumTiyn, 182000);
  assert.is(qrTimeOf('2028-06-29T17:09:16.000+05:00'), '20280629T170916');
  const png = (await QRCode.toBuffer(url, { type: 'png' })).toString('base64');
  assert.is(decodeQrPng(png), url);
  assert.is(decodeQrPng('bm90IGEgcG5n'), null);
});

test('time helpers: ISO with offset round trip, OFD DateTime', () => {
  const ms = Date.UTC(2026, 0, 12, 4, 0, 5, 7);
  const iso = isoWithOffset(ms, 300);
  assert.is(iso, '2026-01-12T09:00:05.007+05:00');
  assert.is(Date.parse(iso), ms);
  assert.is(offsetMinOf(iso), 300);
  assert.is(offsetMinOf('2026-01-12T09:00:05Z'), 300);
  assert.is(dateTimeMs({ date: { year: 2026, month: 1, day: 12 }, time: { hour: 9, minute: 0, second: 5 } }, 300), Date.UTC(2026, 0, 12, 4, 0, 5));
});

test('printedCopy: finds the document.printed copy, or fails the check when nothing was printed', async () => {
  const w = fakeContext();
  w.notify('document.printed', { document: doc({ number: 7 }) });
  const p = await printedCopy(w.ctx, '31.1', doc({ number: 7 }));
  assert.is(p?.number, 7);
  const none = await printedCopy(w.ctx, '31.1', doc({ number: 8 }), 30);
  assert.is(none, null);
  assert.equal(w.checks.map((c) => c.ok), [false]);
  const ctx = { caseId: 'req-1-x' };
  const a = saleReceipt(ctx, 100);
  assert.ok(a.payments[0]!.sum === 100);
  // idempotency keys are numbered per case context, not per process
  assert.is(a.idempotencyKey, 'req-1-x-1');
  assert.is(saleReceipt(ctx).idempotencyKey, 'req-1-x-2');
  assert.is(saleReceipt({ caseId: 'req-1-x' }).idempotencyKey, 'req-1-x-1');
});

test.run();
