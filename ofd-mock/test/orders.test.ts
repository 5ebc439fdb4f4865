import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../../protocol/index.js';
import { requestOnce } from '../src/kkm-client.js';
import { sampleCloseShift, sampleInfo, sampleReport, sampleSystem, sampleTicket, sampleMoneyPlacement } from '../src/samples.js';
import { mockWith, REG, result, Sender } from './helpers.js';

const T0 = Date.UTC(2026, 0, 10, 5, 0, 0);

test('req 16: suspension answers 15 with the reason; lifting it restores OK', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: clock.now() };
    assert.is(result(await s.send(sampleTicket(ctx))), 0);
    mock.suspend(REG.kkmId, 'Приостановлено органом государственных доходов');
    const a = await s.send(sampleTicket(ctx));
    assert.is(result(a), 15);
    assert.is(a.message.result!.resultText, 'Приостановлено органом государственных доходов');
    const ad = a.message.service!.ticketAds[0]!;
    assert.is(ad.info!.type, 4, 'the reason is also a TICKET_AD_INFO');
    const sys = await s.send(sampleSystem(ctx));
    assert.is(result(sys), 15, 'server-block mode polls with SYSTEM and still gets 15');
    assert.ok(mock.register(REG.kkmId)!.suspended);
    mock.resume(REG.kkmId);
    assert.is(result(await s.send(sampleSystem(ctx))), 0);
    assert.is(result(await s.send(sampleTicket(ctx))), 0);
    await s.close();
  } finally { await mock.close(); }
});

test('req 17: a notification is delivered once as TICKET_AD_INFO, or again while the register reports an older version', async () => {
  const mock = await mockWith();
  try {
    const s = await Sender.open(mock);
    const ctx = { reg: REG, at: T0 };
    const { version } = mock.notify(REG.kkmId, 'Уведомление: обновите ПО до 2.0.3');
    assert.is(version, '1');
    assert.is(mock.register(REG.kkmId)!.pendingNotifications, 1);
    const a = await s.send(sampleSystem(ctx));
    assert.is(a.message.service!.ticketAds.length, 1);
    assert.is(a.message.service!.ticketAds[0]!.text, 'Уведомление: обновите ПО до 2.0.3');
    assert.is(a.message.service!.ticketAds[0]!.info!.type, 4);
    assert.is(mock.register(REG.kkmId)!.pendingNotifications, 0);
    const b = await s.send(sampleSystem(ctx));
    assert.is(b.message.service?.ticketAds.length ?? 0, 0, 'delivered once');
    // a register that reports it has version 0 of INFO texts gets it again
    const c = await s.send(sampleSystem(ctx, { ticketAdInfos: [{ type: 4, version: 0n }] }));
    assert.is(c.message.service!.ticketAds.length, 1);
    const d = await s.send(sampleSystem(ctx, { ticketAdInfos: [{ type: 4, version: 1n }] }));
    assert.is(d.message.service?.ticketAds.length ?? 0, 0);
    await s.close();
  } finally { await mock.close(); }
});

test('de-registration: 15 in 2.0.3, 18 DEREGISTERED in 2.0.4', async () => {
  const mock = await mockWith();
  try {
    mock.deregister(REG.kkmId, 'снята с учёта');
    const ctx = { reg: REG, at: T0 };
    const a = await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleInfo(ctx));
    assert.is(result(a), 15);
    assert.match(a.message.result!.resultText, /снята с учёта/);
    const b = await requestOnce(mock.ports[0]!, { version: 204, deviceId: REG.kkmId, token: REG.token, reqNum: 2 }, sampleSystem(ctx));
    assert.is(result(b), 18);
    assert.is(mock.register(REG.kkmId)!.registration.state, 'deregistered');
  } finally { await mock.close(); }
});

test('registration delay: pending answers 15 until the delay passes in clock time; refusal answers 1 with the reason', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock, autoRegister: true, provision: [], registrationDelayMs: 3 * 3600_000 });
  try {
    const reg = { ...REG, kkmId: 77, token: 9 };
    const ctx = { reg, at: clock.now() };
    const s = await Sender.open(mock, 0, reg);
    const a = await s.send(sampleSystem(ctx));
    assert.is(result(a), 15);
    assert.match(a.message.result!.resultText, /pending/);
    assert.is(mock.register(77)!.registration.state, 'pending');
    await clock.advance(3 * 3600_000 - 1);
    assert.is(result(await s.send(sampleSystem(ctx))), 15);
    await clock.advance(1);
    assert.is(mock.register(77)!.registration.state, 'registered');
    assert.is(result(await s.send(sampleSystem(ctx))), 0);
    mock.setRegistrationState(77, 'refused', { reason: 'ИИН не найден' });
    const r = await s.send(sampleSystem(ctx));
    assert.is(result(r), 1);
    assert.match(r.message.result!.resultText, /ИИН не найден/);
    mock.setRegistrationState(77, 'pending', { delayMs: 1000 });
    assert.is(result(await s.send(sampleSystem(ctx))), 15);
    await s.close();
  } finally { await mock.close(); }
});

test('token reset from the cabinet', async () => {
  const mock = await mockWith();
  try {
    mock.resetToken(REG.kkmId, 31337);
    const ctx = { reg: REG, at: T0 };
    assert.is(result(await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleInfo(ctx))), 2);
    assert.is(result(await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: 31337, reqNum: 2 }, sampleInfo(ctx))), 0);
  } finally { await mock.close(); }
});

test('req 14: after 24 h of open shift, tickets get 11 except for the offline backlog; closing works', async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock });
  try {
    const s = await Sender.open(mock);
    const ctx = () => ({ reg: REG, at: clock.now() });
    assert.is(result(await s.send(sampleTicket(ctx()))), 0);
    await clock.advance(24 * 3600_000);
    assert.is(result(await s.send(sampleTicket(ctx()))), 0, 'exactly 24 h is still allowed');
    await clock.advance(1000);
    assert.is(result(await s.send(sampleTicket(ctx()))), 11);
    assert.is(result(await s.send(sampleMoneyPlacement(ctx(), 0, 100n))), 11);
    assert.is(result(await s.send(sampleReport(ctx(), 1))), 11);
    assert.is(result(await s.send(sampleSystem(ctx()))), 0);
    assert.is(result(await s.send(sampleInfo(ctx()))), 0);
    // an offline document (made before the link came back) is accepted
    const made = clock.now() - 2 * 3600_000;
    const off = await s.send(sampleTicket({ reg: REG, at: made, offlinePeriod: { begin: made - 60_000, end: clock.now() } }, { offlineTicketNumber: 1001 }));
    assert.is(result(off), 0);
    assert.is(result(await s.send(sampleCloseShift(ctx(), { frShiftNumber: 1 }))), 0);
    assert.is(result(await s.send(sampleTicket(ctx()))), 0, 'a new shift starts');
    await s.close();
  } finally { await mock.close(); }
});

test("shiftLimitScope 'all': everything but CLOSE_SHIFT gets 11 after 24 h", async () => {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock, shiftLimitScope: 'all' });
  try {
    const s = await Sender.open(mock);
    const ctx = () => ({ reg: REG, at: clock.now() });
    assert.is(result(await s.send(sampleTicket(ctx()))), 0);
    await clock.advance(24 * 3600_000 + 1);
    assert.is(result(await s.send(sampleSystem(ctx()))), 11);
    assert.is(result(await s.send(sampleInfo(ctx()))), 11);
    assert.is(result(await s.send(sampleCloseShift(ctx(), { frShiftNumber: 1 }))), 0);
    assert.is(result(await s.send(sampleInfo(ctx()))), 0);
    await s.close();
  } finally { await mock.close(); }
});

test.run();
