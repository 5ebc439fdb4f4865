import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock, parseQrUrl, tiynFromMoney, validateResponse, create, RequestSchema } from '../../protocol/index.js';
import { KkmTestClient, requestOnce } from '../src/kkm-client.js';
import { sampleAuth, sampleCloseShift, sampleInfo, sampleMoneyPlacement, sampleNomenclature, sampleReport, sampleSystem, sampleTicket } from '../src/samples.js';
import { mockWith, REG, result, Sender } from './helpers.js';

const T0 = Date.UTC(2026, 0, 10, 5, 0, 0);

test('one request per connection and persistent connections both work', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const ctx = { reg: REG, at: clock.now() };
    const a = await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleInfo(ctx));
    assert.is(result(a), 0);
    assert.is(a.header.reqNum, 1);
    assert.is(a.header.deviceId, REG.kkmId);
    const s = await Sender.open(mock);
    s.reqNum = 1;
    for (let i = 0; i < 5; i++) assert.is(result(await s.send(sampleSystem(ctx))), 0);
    await s.close();
    assert.is(mock.register(REG.kkmId)!.requests, 6);
  } finally { await mock.close(); }
});

test('unknown register gets 1, wrong token gets 2', async () => {
  const mock = await mockWith();
  try {
    const ctx = { reg: REG, at: Date.UTC(2026, 0, 10, 5) };
    const a = await requestOnce(mock.ports[0]!, { version: 203, deviceId: 999, token: 1, reqNum: 1 }, sampleInfo(ctx));
    assert.is(result(a), 1);
    const b = await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: 12345, reqNum: 1 }, sampleInfo(ctx));
    assert.is(result(b), 2);
  } finally { await mock.close(); }
});

test('req 23: a ticket gets a unique fiscal sign and the QR URL of section 10; the token rotates', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: clock.now() };
    assert.is(result(await s.send(sampleInfo(ctx))), 0);
    const t0 = s.token;
    const a = await s.send(sampleTicket(ctx, { priceTiyn: 69690n }));
    assert.is(result(a), 0);
    assert.is.not(a.header.token, t0, 'token rotated in the TICKET answer');
    const sign = a.message.ticket!.ticketNumber;
    assert.match(sign, /^\d{10}$/);
    const url = new TextDecoder().decode(a.message.ticket!.qrCode);
    const q = parseQrUrl(url);
    assert.ok(q.ok, url);
    if (q.ok) {
      assert.is(q.value.fiscalSign, sign);
      assert.is(q.value.rnm, REG.rnm);
      assert.is(q.value.sumTiyn, 69690n);
    }
    assert.match(url, /s=696\.90&t=20260110T100000$/);
    const b = await s.send(sampleTicket(ctx));
    assert.is.not(b.message.ticket!.ticketNumber, sign);
    // INFO/SYSTEM/REPORT/AUTH never change the token
    const before = s.token;
    await s.send(sampleSystem(ctx));
    await s.send(sampleReport(ctx, 1));
    await s.send(sampleAuth('cashier', '1234'));
    await s.send(sampleInfo(ctx));
    assert.is(s.token, before);
    await s.close();
  } finally { await mock.close(); }
});

test('fiscal signs are deterministic for a seed', async () => {
  const signs = async (seed: number) => {
    const clock = new VirtualClock(T0);
    const mock = await mockWith({ clock, seed });
    const s = await Sender.open(mock);
    const out: string[] = [];
    for (let i = 0; i < 3; i++) out.push((await s.send(sampleTicket({ reg: REG, at: clock.now() }))).message.ticket!.ticketNumber);
    await s.close(); await mock.close();
    return out;
  };
  assert.equal(await signs(7), await signs(7));
  assert.not.equal(await signs(7), await signs(8));
});

test('retry: same REQNUM+token+command gets the stored answer, applied once; 8 and 9 on mismatches', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: clock.now() };
    const tok = s.token;
    const a = await s.send(sampleTicket(ctx));
    const newTok = s.token;
    assert.is.not(newTok, tok);
    // exact retry with the OLD token and same reqnum: same answer, nothing applied twice
    const r = await s.client.request({ version: 203, deviceId: REG.kkmId, token: tok, reqNum: s.reqNum }, sampleTicket(ctx));
    assert.is(result(r), 0);
    assert.is(r.message.ticket!.ticketNumber, a.message.ticket!.ticketNumber);
    assert.is(r.header.token, newTok);
    assert.is(mock.register(REG.kkmId)!.shift.docs, 1);
    assert.is(mock.register(REG.kkmId)!.fiscalSigns, 1);
    // same reqnum, different token → 8
    const r8 = await s.client.request({ version: 203, deviceId: REG.kkmId, token: newTok, reqNum: s.reqNum }, sampleTicket(ctx));
    assert.is(result(r8), 8);
    // same reqnum and token, other command → 9
    const r9 = await s.client.request({ version: 203, deviceId: REG.kkmId, token: tok, reqNum: s.reqNum }, sampleSystem(ctx));
    assert.is(result(r9), 9);
    // the old token is not valid for a new request
    const r2 = await s.client.request({ version: 203, deviceId: REG.kkmId, token: tok, reqNum: s.reqNum + 1 }, sampleSystem(ctx));
    assert.is(result(r2), 2);
    const entries = mock.ledger.entries({ kkmId: REG.kkmId, direction: 'to-ofd' });
    assert.ok(entries.some((e) => e.retry));
    await s.close();
  } finally { await mock.close(); }
});

test('req 31.4, 31.5: X and Z reports are computed from the tickets received', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const ctx = () => ({ reg: REG, at: clock.now() });
    const info0 = await s.send(sampleInfo(ctx()));
    assert.is(info0.message.report!.report, 0, 'no shift: Z');
    assert.is(info0.message.report!.zxReport!.shiftNumber, 0, 'empty Z with shift 0');
    assert.is(info0.message.service!.regInfo!.kkm!.fnsKkmId, REG.rnm);
    await s.send(sampleMoneyPlacement(ctx(), 0, 50_000n));
    await s.send(sampleTicket(ctx(), { priceTiyn: 100_000n, takenTiyn: 150_000n }));
    await s.send(sampleTicket(ctx(), { priceTiyn: 25_050n, payment: 'card', section: '2' }));
    await s.send(sampleTicket(ctx(), { priceTiyn: 10_000n, operation: 3 }));
    const x = (await s.send(sampleReport(ctx(), 1))).message.report!;
    assert.is(x.report, 1);
    const zx = x.zxReport!;
    assert.is(zx.shiftNumber, 1);
    assert.is(tiynFromMoney(zx.cashSum!), 50_000n + 100_000n - 10_000n);
    const sell = zx.ticketOperations.find((t) => t.operation === 2)!;
    assert.is(sell.ticketsCount, 2);
    assert.is(tiynFromMoney(sell.ticketsSum!), 125_050n);
    assert.is(tiynFromMoney(sell.changeSum!), 50_000n);
    assert.is(tiynFromMoney(zx.revenue!.sum!), 125_050n - 10_000n);
    assert.is(zx.sections.length, 2);
    const dep = zx.moneyPlacements.find((p) => p.operation === 0)!;
    assert.is(dep.operationsCount, 1);
    const info = await s.send(sampleInfo(ctx()));
    assert.is(info.message.report!.report, 1, 'open shift: INFO carries X');
    // withdrawal larger than cash → 14
    assert.is(result(await s.send(sampleMoneyPlacement(ctx(), 1, 10_000_000n))), 14);
    clock.advanceSync(3600_000);
    const z = await s.send(sampleCloseShift(ctx(), { frShiftNumber: 1 }));
    assert.is(result(z), 0);
    const zr = z.message.report!;
    assert.is(zr.report, 0);
    assert.is(zr.zxReport!.shiftNumber, 1);
    assert.match(zr.zxReport!.checksum, /^[0-9A-F]{8}$/);
    assert.ok(zr.zxReport!.closeShiftTime);
    assert.is(tiynFromMoney(zr.zxReport!.ticketOperations.find((t) => t.operation === 2)!.ticketsSum!), 125_050n);
    const lastZ = (await s.send(sampleReport(ctx(), 0))).message.report!.zxReport!;
    assert.is(lastZ.shiftNumber, 1);
    const v = mock.register(REG.kkmId)!;
    assert.is(v.shift.open, false);
    assert.is(v.shift.number, 1);
    // next document opens shift 2
    await s.send(sampleTicket(ctx()));
    assert.is(mock.register(REG.kkmId)!.shift.number, 2);
    await s.close();
  } finally { await mock.close(); }
});

test('retry answers are the original bytes, also after later answers reused the register\'s answer buffer (longer and shorter ones)', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: clock.now() };
    for (const req of [sampleTicket(ctx), sampleSystem(ctx), sampleTicket(ctx, { priceTiyn: 123n }), sampleInfo(ctx), sampleSystem(ctx)]) {
      const tok = s.token;
      const a = await s.send(req);
      const r = await s.client.request({ version: 203, deviceId: REG.kkmId, token: tok, reqNum: s.reqNum }, req);
      assert.equal(Buffer.from(r.raw).toString('hex'), Buffer.from(a.raw).toString('hex'), `retry of command ${req.command}`);
    }
    assert.is(mock.register(REG.kkmId)!.fiscalSigns, 2);
    await s.close();
  } finally { await mock.close(); }
});

test('a document sent again under a new REQNUM: same payload bytes with the new header; under another version: re-encoded for it', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: clock.now() };
    const a = await s.send(sampleTicket(ctx, { printedDocumentNumber: 5n, frShiftNumber: 1 }));
    await s.send(sampleSystem(ctx));
    const b = await s.send(sampleTicket(ctx, { printedDocumentNumber: 5n, frShiftNumber: 1 }));
    assert.is(b.header.reqNum, s.reqNum);
    assert.is(b.header.token, mock.register(REG.kkmId)!.token);
    assert.is(Buffer.from(b.raw.subarray(18)).toString('hex'), Buffer.from(a.raw.subarray(18)).toString('hex'));
    s.version = 202;
    const c = await s.send(sampleTicket({ ...ctx, version: 202 }, { printedDocumentNumber: 5n, frShiftNumber: 1 }));
    assert.is(result(c), 0);
    assert.is(c.header.version, 202);
    assert.is(c.message.ticket!.ticketNumber, a.message.ticket!.ticketNumber);
    assert.is(mock.register(REG.kkmId)!.fiscalSigns, 1);
    await s.close();
  } finally { await mock.close(); }
});

test("'register' events: token-rotated reaches a listener (it is not built when nobody listens)", async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    await s.send(sampleTicket({ reg: REG, at: clock.now() }));
    const seen: string[] = [];
    mock.events.on('register', (e) => seen.push(`${e.kind}:${e.kkmId}`));
    await s.send(sampleTicket({ reg: REG, at: clock.now() }));
    await s.send(sampleSystem({ reg: REG, at: clock.now() }));
    assert.equal(seen, [`token-rotated:${REG.kkmId}`]);
    await s.close();
  } finally { await mock.close(); }
});

test('CANCEL_TICKET undoes the last ticket only (10 otherwise); it does not exist in 2.0.4', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock, 0, REG, 202);
    const ctx = { reg: REG, at: clock.now(), version: 202 };
    const cancel = create(RequestSchema, { command: 7, service: { regInfo: { kkm: { fnsKkmId: REG.rnm, serialNumber: REG.serial, kkmId: String(REG.kkmId) } } } } as never);
    await s.send(sampleTicket(ctx, { priceTiyn: 7_000n }));
    await s.send(sampleTicket(ctx, { priceTiyn: 5_000n }));
    assert.is(mock.register(REG.kkmId)!.cashTiyn, '12000');
    const before = s.token;
    assert.is(result(await s.send(cancel)), 0);
    assert.is.not(s.token, before, 'the token rotates on CANCEL_TICKET');
    assert.is(mock.register(REG.kkmId)!.cashTiyn, '7000');
    const x = (await s.send(sampleReport(ctx, 1))).message.report!.zxReport!;
    assert.is(x.ticketOperations.find((t) => t.operation === 2)!.ticketsCount, 1);
    assert.is(result(await s.send(cancel)), 10, 'a REPORT came in between');
    await s.close();
    const s4 = await Sender.open(mock, 0, REG, 204);
    s4.token = mock.register(REG.kkmId)!.token;
    s4.reqNum = 100;
    const a = await s4.send(cancel);
    assert.ok(result(a) === 4 || result(a) === 3, `2.0.4: ${result(a)}`);
    await s4.close();
  } finally { await mock.close(); }
});

test('AUTH and NOMENCLATURE answers', async () => {
  const mock = await mockWith();
  try {
    const s = await Sender.open(mock);
    const ok = await s.send(sampleAuth('cashier', '1234'));
    assert.is(ok.message.auth!.result, 0);
    assert.is(ok.message.auth!.operatorCode, 1);
    const bad = await s.send(sampleAuth('cashier', 'nope'));
    assert.is(result(bad), 0);
    assert.is(bad.message.auth!.result, 1);
    const ctx = { reg: REG, at: Date.UTC(2026, 0, 10, 5) };
    const n = await s.send(sampleNomenclature(ctx, 0));
    assert.is(n.message.nomenclature!.result, 0);
    assert.ok(n.message.nomenclature!.elements.length >= 2);
    assert.is((await s.send(sampleNomenclature(ctx, 1))).message.nomenclature!.result, 1);
    assert.is((await s.send(sampleNomenclature(ctx, 0, '000'))).message.nomenclature!.result, 3);
    await s.close();
  } finally { await mock.close(); }
});

test('several ports: each is a channel, recorded in the ledger (req 18)', async () => {
  const mock = await mockWith({ ports: [0, 0] });
  try {
    assert.is(mock.ports.length, 2);
    assert.is.not(mock.ports[0], mock.ports[1]);
    const ctx = { reg: REG, at: Date.UTC(2026, 0, 10, 5) };
    await requestOnce(mock.ports[1]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleInfo(ctx));
    const e = mock.ledger.entries({ direction: 'to-ofd' });
    assert.is(e[0]!.channel, 1);
    assert.is(mock.register(REG.kkmId)!.lastChannel, 1);
  } finally { await mock.close(); }
});

test('auto-register accepts an unknown register on first contact and records it', async () => {
  const mock = await mockWith({ autoRegister: true, provision: [] });
  try {
    const seen: number[] = [];
    mock.events.on('register', (e) => { if (e.kind === 'auto-registered') seen.push(e.kkmId); });
    const reg = { ...REG, kkmId: 5555, token: 42 };
    const ctx = { reg, at: Date.UTC(2026, 0, 10, 5) };
    const a = await requestOnce(mock.ports[0]!, { version: 203, deviceId: 5555, token: 42, reqNum: 1 }, sampleInfo(ctx));
    assert.is(result(a), 0);
    assert.equal(seen, [5555]);
    const v = mock.register(5555)!;
    assert.is(v.autoRegistered, true);
    assert.is(v.rnm, REG.rnm);
  } finally { await mock.close(); }
});

test('answers are valid responses for each protocol version (validateResponse finds nothing)', async () => {
  for (const version of [202, 203, 204] as const) {
    const clock = new VirtualClock(T0);
    const mock = await mockWith({ clock });
    try {
      const s = await Sender.open(mock, 0, REG, version);
      const ctx = { reg: REG, at: clock.now(), version };
      mock.notify(REG.kkmId, 'hello');
      const answers = [
        await s.send(sampleInfo(ctx)), await s.send(sampleSystem(ctx)), await s.send(sampleMoneyPlacement(ctx, 0, 1000n)),
        await s.send(sampleTicket(ctx, { vat: true })), await s.send(sampleReport(ctx, 1)), await s.send(sampleInfo(ctx)),
        await s.send(sampleCloseShift(ctx, { frShiftNumber: 1 })), await s.send(sampleReport(ctx, 0)),
        await s.send(sampleAuth('cashier', '1234')), await s.send(sampleNomenclature(ctx, 0)),
      ];
      for (const a of answers) {
        assert.is(result(a), 0, `${version} command ${a.message.command}: ${a.message.result!.resultText}`);
        const issues = validateResponse(a.message, version);
        assert.equal(issues, [], `${version} command ${a.message.command}`);
      }
      await s.close();
    } finally { await mock.close(); }
  }
});

test('idleTimeoutMs closes a connection after that much clock time without a frame', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock, idleTimeoutMs: 30_000 });
  try {
    const s = await Sender.open(mock);
    await clock.advance(20_000);
    assert.is(result(await s.send(sampleSystem({ reg: REG, at: clock.now() }))), 0);
    await clock.advance(29_999);
    assert.is(s.client.ended, false, 'the frame re-armed the timer');
    await clock.advance(1);
    await s.client.closed;
    assert.is(s.client.endReason, 'end');
    assert.match(mock.ledger.entries().at(-1)!.note!, /idle 30000 ms/);
  } finally { await mock.close(); }
});

test('connection events and clean close with open clients', async () => {
  const mock = await mockWith();
  const evs: string[] = [];
  mock.events.on('connection', (e) => evs.push(e.type));
  const c = await KkmTestClient.connect(mock.ports[0]!);
  await new Promise((r) => setImmediate(r));
  assert.is(mock.connectionCount(), 1);
  await mock.close();
  await c.closed;
  assert.ok(evs.includes('open'));
});

test.run();
