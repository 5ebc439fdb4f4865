import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { VirtualClock, encodeHeader, HEADER_SIZE } from '../../protocol/index.js';
import type { Request } from '../../protocol/index.js';
import { KkmTestClient } from '../src/kkm-client.js';
import { sampleCloseShift, sampleSystem, sampleTicket } from '../src/samples.js';
import { mockWith, REG, result, Sender } from './helpers.js';

const T0 = Date.UTC(2026, 0, 10, 5, 0, 0);
const H = 3600_000;

/** A TICKET request whose ticket has only `operation`: date_time, operator and amounts are missing. */
function brokenTicketFrame(reqNum: number): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int32(1);
  w.tag(2, WireType.LengthDelimited).fork();
  w.tag(1, WireType.Varint).int32(2);
  w.join();
  const payload = w.finish();
  const frame = new Uint8Array(HEADER_SIZE + payload.length);
  encodeHeader({ version: 203, size: frame.length, deviceId: REG.kkmId, token: REG.token, reqNum }, frame);
  frame.set(payload, HEADER_SIZE);
  return frame;
}

test('strict: a request missing required fields gets 3 and every violation is in the ledger', async () => {
  const mock = await mockWith();
  try {
    const c = await KkmTestClient.connect(mock.ports[0]!);
    c.sendRaw(brokenTicketFrame(1));
    const f = await c.next();
    assert.ok(f && f.ok && f.message);
    if (f && f.ok && f.message) { assert.is(f.message.result!.resultCode, 3); assert.is(f.message.command, 1, 'the command is echoed'); }
    const e = mock.ledger.entries({ direction: 'to-ofd' })[0]!;
    const paths = e.violations.map((v) => v.path).join(' ');
    for (const p of ['date_time', 'operator', 'amounts']) assert.match(paths, new RegExp(p.replace('_', '_?'), 'i'), `${p} listed in ${paths}`);
    assert.ok(e.violations.length >= 3, 'every violation, not only the first');
    await c.close();
  } finally { await mock.close(); }
});

test('bad input: an oversize SIZE gets 3 and the connection is closed; garbage is closed without an answer', async () => {
  const mock = await mockWith({ maxFrameSize: 4096 });
  try {
    const big = new Uint8Array(HEADER_SIZE);
    encodeHeader({ version: 203, size: 2 * 1024 * 1024, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, big);
    const c = await KkmTestClient.connect(mock.ports[0]!);
    c.sendRaw(big);
    const f = await c.next();
    assert.ok(f && f.ok && f.message, 'an answer');
    if (f && f.ok && f.message) { assert.is(f.message.result!.resultCode, 3); assert.match(f.message.result!.resultText, /PROTO_SIZE_TOO_LARGE/); }
    await c.closed;
    const g = await KkmTestClient.connect(mock.ports[0]!);
    g.sendRaw(new TextEncoder().encode('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    assert.is(await g.next(), null, 'no answer to garbage');
    await g.closed;
    const e = mock.ledger.entries({ direction: 'to-ofd' });
    assert.match(e.at(-1)!.note!, /connection closed/);
    assert.is(e.at(-1)!.violations[0]!.code, 'PROTO_BAD_APPCODE');
  } finally { await mock.close(); }
});

/** A request frame with only `command` (and, for MONEY_PLACEMENT, a body without `sum`). */
function bareFrame(command: number, reqNum: number, body?: (w: BinaryWriter) => void): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int32(command);
  if (body) body(w);
  const payload = w.finish();
  const frame = new Uint8Array(HEADER_SIZE + payload.length);
  encodeHeader({ version: 203, size: frame.length, deviceId: REG.kkmId, token: REG.token, reqNum }, frame);
  frame.set(payload, HEADER_SIZE);
  return frame;
}

test('tolerant: a command without its body (or without its sums) is still refused, never an internal error', async () => {
  const mock = await mockWith({ strict: false });
  const internal: string[] = [];
  mock.events.on('entry', (e) => { for (const v of e.violations) if (v.code === 'OFDM_INTERNAL') internal.push(v.message); });
  try {
    const c = await KkmTestClient.connect(mock.ports[0]!);
    const codes: number[] = [];
    const frames = [
      bareFrame(1, 1), bareFrame(2, 2), bareFrame(3, 3), bareFrame(6, 4), bareFrame(8, 5),
      bareFrame(6, 6, (w) => { w.tag(7, WireType.LengthDelimited).fork(); w.tag(2, WireType.Varint).int32(1); w.join(); }),
      brokenTicketFrame(7),
    ];
    for (const f of frames) {
      c.sendRaw(f);
      const a = await c.next();
      codes.push(a && a.ok && a.message ? a.message.result!.resultCode : -1);
    }
    assert.equal(codes, [3, 3, 3, 3, 3, 13, 13]);
    assert.equal(internal, []);
    await c.close();
  } finally { await mock.close(); }
});

test('tolerant: the same request is answered and the violations are recorded', async () => {
  const mock = await mockWith({ strict: false });
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: T0 };
    // total does not match the items: 13 in strict mode, OK + violation in tolerant mode
    const req = sampleTicket(ctx) as Request;
    req.ticket!.amounts!.total!.bills += 5n;
    req.ticket!.payments[0]!.sum!.bills += 5n;
    req.ticket!.amounts!.taken!.bills += 5n;
    const a = await s.send(req);
    assert.is(result(a), 0);
    const e = mock.ledger.entries({ direction: 'to-ofd' }).at(-1)!;
    assert.ok(e.violations.some((v) => v.code === 'TOTAL_MISMATCH'), JSON.stringify(e.violations));
    await s.close();
  } finally { await mock.close(); }
});

test('strict context checks: 13 for a wrong total listing the violation, 17 for buyer = seller, 15 without reg_info', async () => {
  const mock = await mockWith();
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: T0 };
    const req = sampleTicket(ctx);
    req.ticket!.amounts!.total!.bills += 1n;
    const a = await s.send(req);
    assert.is(result(a), 13);
    assert.match(a.message.result!.resultText, /TOTAL_MISMATCH/);
    assert.is(result(await s.send(sampleTicket(ctx, { customerIin: REG.org.iin }))), 17);
    const noReg = sampleTicket(ctx);
    noReg.service = undefined;
    assert.is(result(await s.send(noReg)), 15);
    const wrongRnm = sampleTicket({ reg: { ...REG, rnm: '999999999999' }, at: T0 });
    const w = await s.send(wrongRnm);
    assert.is(result(w), 13);
    assert.match(w.message.result!.resultText, /RNM_MISMATCH/);
    await s.close();
  } finally { await mock.close(); }
});

test('req 30.1: an offline period reported with SYSTEM is recorded; an offline document without it is refused', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    await clock.advance(5 * H);
    const period = { begin: T0 + H, end: clock.now() };
    assert.is(result(await s.send(sampleSystem({ reg: REG, at: clock.now(), offlinePeriod: period }))), 0);
    const v = mock.register(REG.kkmId)!;
    assert.is(v.offlinePeriods.length, 1);
    assert.is(v.offlinePeriods[0]!.begin, period.begin);
    assert.is(v.offlinePeriods[0]!.end, period.end);
    const a = await s.send(sampleTicket({ reg: REG, at: T0 + 2 * H }, { offlineTicketNumber: 11 }));
    assert.is(result(a), 13);
    assert.match(a.message.result!.resultText, /OFFLINE_PERIOD_MISSING/);
    const e = mock.ledger.entries({ direction: 'to-ofd' }).at(-1)!;
    assert.ok(e.violations.some((x) => x.requirement === '30.1'));
    await s.close();
  } finally { await mock.close(); }
});

test('req 30.2, 30.3: the backlog is accepted in order with marks; out of order or unmarked documents are refused', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    assert.is(result(await s.send(sampleTicket({ reg: REG, at: clock.now() }))), 0);
    await clock.advance(6 * H);
    const period = { begin: T0 + H, end: clock.now() };
    const off = (at: number) => ({ reg: REG, at, offlinePeriod: period });
    // in order, each with its offline number or is_offline mark
    assert.is(result(await s.send(sampleTicket(off(T0 + 2 * H), { offlineTicketNumber: 101 }))), 0);
    assert.is(result(await s.send(sampleTicket(off(T0 + 3 * H), { offlineTicketNumber: 102 }))), 0);
    assert.is(result(await s.send(sampleCloseShift(off(T0 + 4 * H), { isOffline: true, frShiftNumber: 1 }))), 0);
    // older than the previous offline document → out of order
    const back = await s.send(sampleTicket(off(T0 + 2.5 * H), { offlineTicketNumber: 103 }));
    assert.is(result(back), 13);
    assert.match(back.message.result!.resultText, /OFFLINE_OUT_OF_ORDER/);
    // made inside the offline period but sent without a mark
    const unmarked = await s.send(sampleTicket(off(T0 + 5 * H)));
    assert.is(result(unmarked), 13);
    assert.match(unmarked.message.result!.resultText, /OFFLINE_MARK_MISSING/);
    const v = mock.register(REG.kkmId)!;
    assert.is(v.offlineDocs, 3);
    assert.is(v.shift.open, false);
    await s.close();
  } finally { await mock.close(); }
});

test('req 29.3: an offline ticket number used twice on the same date is a violation', async () => {
  const clock = new VirtualClock(T0 + 10 * H);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const period = { begin: T0, end: clock.now() };
    assert.is(result(await s.send(sampleTicket({ reg: REG, at: T0 + H, offlinePeriod: period }, { offlineTicketNumber: 5 }))), 0);
    const a = await s.send(sampleTicket({ reg: REG, at: T0 + 2 * H, offlinePeriod: period }, { offlineTicketNumber: 5 }));
    assert.is(result(a), 13);
    assert.match(a.message.result!.resultText, /OFFLINE_NUMBER_DUPLICATE/);
    await s.close();
  } finally { await mock.close(); }
});

test('a document sent again under a new REQNUM (same printed_document_number) gets its original answer, applied once', async () => {
  const mock = await mockWith();
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: T0 };
    const a = await s.send(sampleTicket(ctx, { printedDocumentNumber: 10n, frShiftNumber: 1 }));
    const b = await s.send(sampleTicket(ctx, { printedDocumentNumber: 10n, frShiftNumber: 1 }));
    assert.is(result(b), 0);
    assert.is(b.message.ticket!.ticketNumber, a.message.ticket!.ticketNumber);
    assert.is(mock.register(REG.kkmId)!.shift.docs, 1);
    assert.is(mock.register(REG.kkmId)!.fiscalSigns, 1);
    assert.ok(mock.ledger.entries({ direction: 'to-kkm' }).at(-1)!.retry);
    await s.close();
  } finally { await mock.close(); }
});

test('document numbers must grow and the shift number must match', async () => {
  const mock = await mockWith();
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: T0 };
    assert.is(result(await s.send(sampleTicket(ctx, { printedDocumentNumber: 10n, frShiftNumber: 1 }))), 0);
    const a = await s.send(sampleTicket(ctx, { printedDocumentNumber: 9n, frShiftNumber: 1, priceTiyn: 5n }));
    assert.is(result(a), 13);
    assert.match(a.message.result!.resultText, /DOCUMENT_NUMBER_NOT_INCREASING/);
    const b = await s.send(sampleTicket(ctx, { printedDocumentNumber: 11n, frShiftNumber: 3 }));
    assert.is(result(b), 13);
    assert.match(b.message.result!.resultText, /SHIFT_NUMBER_MISMATCH/);
    await s.close();
  } finally { await mock.close(); }
});

test.run();
