import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, onAndLogin, sale, PROFILE } from './_harness.js';
import { factoryFirmware, signFirmware } from '../../src/register/firmware.js';

const H = 3_600_000;

async function refusal(p: Promise<unknown>): Promise<any> {
  try { await p; } catch (e) { return e; }
  assert.unreachable('expected a refusal');
}

test('req 1, 1.1, 10: modes need their password; operations need their mode', async () => {
  const r = await rig();
  try {
    await r.call('power.on');
    assert.is((await refusal(r.call('receipt.create', sale()))).reason, 'wrong_mode');
    assert.is((await refusal(r.call('session.login', { mode: 'registration', password: '9999' }))).reason, 'bad_password');
    assert.is((await refusal(r.call('session.login', { mode: 'registration', password: '111' }))).reason, 'bad_password');
    await r.call('session.login', { mode: 'registration', password: '1111' });
    assert.is((await r.call('state.get')).mode, 'registration');
    assert.is((await refusal(r.call('report.z'))).reason, 'wrong_mode');
    assert.is((await refusal(r.call('settings.set', { rnm: '999999999999' }))).reason, 'wrong_mode');
    await r.call('session.login', { mode: 'close_shift', password: '3333' });
    assert.is((await r.call('report.z')).document.kind, 'z_report');
  } finally { await r.close(); }
});

test('req 14: payment documents refused after 24 h of shift until the Z', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    await r.call('receipt.create', sale());
    await r.advance(24 * H - 60_000);
    assert.is((await r.call('receipt.create', sale())).document.fiscal.mode, 'online');
    await r.advance(2 * 60_000);
    const e = await refusal(r.call('receipt.create', sale()));
    assert.is(e.reason, 'shift_expired');
    assert.is(e.requirement, '14');
    await r.call('session.login', { mode: 'close_shift', password: '3333' });
    await r.call('report.z');
    await r.call('session.login', { mode: 'registration', password: '1111' });
    const { document } = await r.call('receipt.create', sale());
    assert.is(document.shiftNumber, 2);
  } finally { await r.close(); }
});

test('req 41, 42: clock and connection settings only with the shift closed, never before the last document', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    const { document } = await r.call('receipt.create', sale());
    await r.call('session.login', { mode: 'programming', password: '2222' });
    const later = new Date(r.clock.now() + H).toISOString();
    assert.is((await refusal(r.call('clock.set', { now: later, password: '2222' }))).reason, 'shift_open');
    assert.is((await refusal(r.call('settings.set', { channels: [{ host: '127.0.0.1', port: 1 }] }))).reason, 'shift_open');
    r.ofd.resetToken(PROFILE.registration.kkmId, 4242);
    await r.call('settings.set', { token: 4242 }); // the token is the exception
    assert.is((await r.call('settings.get')).token, undefined, 'token never returned');
    await r.call('session.login', { mode: 'close_shift', password: '3333' });
    const z = (await r.call('report.z')).document;
    assert.ok(z.lines.some((l: string) => l.includes('ОФД')), 'online Z printed from the operator report');
    const zFrame = r.ofd.ledger.entries().find((e) => e.commandName === 'CLOSE_SHIFT' && e.direction === 'to-ofd')!;
    assert.is(zFrame.token, 4242, 'the entered token is used');
    await r.call('session.login', { mode: 'programming', password: '2222' });
    const before = new Date(Date.parse(document.printedAt) - 60_000).toISOString();
    assert.is((await refusal(r.call('clock.set', { now: before, password: '2222' }))).reason, 'time_before_last_document');
    const set = await r.call('clock.set', { now: later, password: '2222' });
    assert.is(Date.parse(set.now), Date.parse(later));
    assert.is((await refusal(r.call('settings.set', { rnm: '12345' }))).name, 'DcpInvalidParams');
  } finally { await r.close(); }
});

test('req 10, 1.2: clock.set carries its own password (dcp.md): logged out it takes the programming password; a cashier in sales mode may not set the clock', async () => {
  const r = await rig();
  try {
    await r.call('power.on');
    const later = new Date(r.clock.now() + H).toISOString();
    assert.is((await refusal(r.call('clock.set', { now: later, password: '1111' }))).reason, 'bad_password', 'the registration password does not program the clock');
    const set = await r.call('clock.set', { now: later, password: '2222' });
    assert.is(Date.parse(set.now), Date.parse(later));
    await r.call('session.login', { mode: 'registration', password: '1111' });
    assert.is((await refusal(r.call('clock.set', { now: new Date(Date.parse(later) + H).toISOString(), password: '2222' }))).reason, 'wrong_mode');
  } finally { await r.close(); }
});

test('req 2.3, 3.3, 43.2: a tampered record is detected by the self-test and blocks the register', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    const { document } = await r.call('receipt.create', sale());
    assert.ok((await r.call('selftest.run')).ok);
    await r.call('journal.tamper', { number: document.number, patch: { lines: ['changed'] } });
    const st = await r.call('selftest.run');
    assert.is(st.ok, false);
    assert.ok(st.checks.some((c: any) => c.name === 'fiscal_memory' && !c.ok));
    assert.is((await r.call('state.get')).blocked.reason, 'selftest_failed');
    const e = await refusal(r.call('receipt.create', sale()));
    assert.is(e.reason, 'selftest_failed');
    await r.call('power.off', {});
    const on = await r.call('power.on');
    assert.is(on.selftest.ok, false, 'detected again at power-on');
  } finally { await r.close(); }
});

test('req 43.1, 2.2: firmware with a bad signature is refused, a signed one is installed', async () => {
  const r = await rig();
  try {
    await r.call('power.on');
    const image = factoryFirmware('2.0.0');
    const sig = signFirmware(image);
    const bad = Uint8Array.from(sig, (b, i) => (i === 0 ? b ^ 1 : b));
    const e = await refusal(r.call('firmware.install', { image: Buffer.from(image).toString('base64'), signature: Buffer.from(bad).toString('base64') }));
    assert.is(e.reason, 'bad_signature');
    assert.is((await r.call('dcp.hello')).firmware, '1.0.0');
    await r.call('firmware.install', { image: Buffer.from(image).toString('base64'), signature: Buffer.from(sig).toString('base64') });
    assert.is((await r.call('dcp.hello')).firmware, '2.0.0');
    assert.ok((await r.call('selftest.run')).checks.find((c: any) => c.name === 'software').ok);
  } finally { await r.close(); }
});

test('req 16, 17: suspension blocks until lifted; notices are shown and printed', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.notify(PROFILE.registration.kkmId, 'Проверка уведомления');
    await r.call('receipt.create', sale());
    assert.ok(r.notes.some((n) => n.method === 'display.message' && n.params.text.includes('Проверка уведомления')));
    await r.call('session.login', { mode: 'registration', password: '1111' }); // the notice prints after the receipt
    assert.ok(r.notes.some((n) => n.method === 'document.printed' && n.params.document.kind === 'ofd_message'));
    r.ofd.suspend(PROFILE.registration.kkmId, 'приостановлено КГД');
    const e = await refusal(r.call('receipt.create', sale()));
    assert.is(e.reason, 'suspended_by_ofd');
    assert.is((await refusal(r.call('receipt.create', sale()))).reason, 'suspended_by_ofd');
    assert.is((await r.call('state.get')).blocked.reason, 'suspended_by_ofd');
    r.ofd.resume(PROFILE.registration.kkmId);
    await r.advance(61_000);
    assert.is((await r.call('state.get')).blocked, null);
    assert.is((await r.call('receipt.create', sale())).document.fiscal.mode, 'online');
  } finally { await r.close(); }
});

test('req 6, 7, 7.1: no paper and unscanned marking codes block the operation', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    await r.call('printer.paper', { present: false });
    assert.is((await refusal(r.call('receipt.create', sale()))).reason, 'no_paper');
    await r.call('printer.paper', { present: true });
    const marked = { operation: 'sell', items: [{ name: 'Сигареты', price: 900_00, quantity: 1000, markingCode: '0104600266011725212345678901234' }], payments: [{ type: 'card', sum: 900_00 }] };
    assert.is((await refusal(r.call('receipt.create', marked))).reason, 'marking_required');
    assert.equal(await r.call('scanner.scan', { code: '0104600266011725212345678901234' }), { accepted: true });
    const before = r.ofd.ledger.entries().length;
    await r.call('receipt.create', marked);
    const t = r.ofd.ledger.entries().slice(before).find((e) => e.commandName === 'TICKET' && e.direction === 'to-ofd')!;
    assert.equal((t.decoded as any).ticket.items[0].commodity.listExciseStamp, ['0104600266011725212345678901234']);
    assert.is((await refusal(r.call('receipt.create', { ...sale(), items: [] }))).reason, 'invalid_receipt');
  } finally { await r.close(); }
});

test('req 18, 40.5: with the first channel refused the receipt goes through the second', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.faults.add({ name: 'ch0', kind: 'refuse', direction: 'to-ofd', match: { channel: 0 }, attrs: { mode: 'reset' } } as never);
    const { document } = await r.call('receipt.create', sale());
    assert.is(document.fiscal.mode, 'online');
    const t = r.ofd.ledger.entries().filter((e) => e.commandName === 'TICKET' && e.direction === 'to-ofd' && e.result === 0);
    assert.is(t[0]!.channel, 1);
  } finally { await r.close(); }
});

test('req 31.4, 31.5, 27, 15: X from the operator online, sections/cashiers local, cash sent, return with parent', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    const a = (await r.call('receipt.create', { ...sale(300_00), items: [{ name: 'A', price: 300_00, quantity: 1000, section: 2 }] })).document;
    await r.call('cash.deposit', { sum: 1000_00 });
    await r.call('cash.withdraw', { sum: 100_00 });
    const ret = (await r.call('receipt.create', { operation: 'sell_return', items: [{ name: 'A', price: 300_00, quantity: 1000, section: 2 }], payments: [{ type: 'cash', sum: 300_00 }], parentNumber: a.number })).document;
    assert.is(ret.fiscal.mode, 'online');
    await r.call('session.login', { mode: 'reports', password: '4444' });
    const x = (await r.call('report.x')).document;
    assert.is(x.kind, 'x_report');
    assert.is(x.title, null);
    assert.is(x.fiscal, null);
    const sec = (await r.call('report.sections')).document;
    assert.ok(sec.lines.some((l: string) => l.includes('2')));
    assert.is((await r.call('report.cashiers')).document.kind, 'cashiers_report');
    const to = r.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd').map((e) => e.commandName);
    assert.ok(to.includes('REPORT'));
    assert.is(to.filter((c) => c === 'MONEY_PLACEMENT').length, 2);
    const retFrame = r.ofd.ledger.entries().filter((e) => e.commandName === 'TICKET' && e.direction === 'to-ofd').pop()!;
    assert.is((retFrame.decoded as any).ticket.parentTicket.parentTicketNumber, a.fiscal.sign);
    assert.ok(r.ofd.ledger.entries().every((e) => e.violations.length === 0), JSON.stringify(r.ofd.ledger.entries().flatMap((e) => e.violations)));
  } finally { await r.close(); }
});

test('idempotencyKey: the same key gives the same document, never a second one', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    const a = (await r.call('receipt.create', sale(100_00, { idempotencyKey: 'k1' }))).document;
    const b = (await r.call('receipt.create', sale(100_00, { idempotencyKey: 'k1' }))).document;
    assert.equal(a, b);
    assert.is(r.ofd.ledger.entries().filter((e) => e.commandName === 'TICKET' && e.direction === 'to-ofd').length, 1);
  } finally { await r.close(); }
});

test('token rotation (ofd-protocol §4.2): the rotated token is persisted and used next', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    for (let i = 0; i < 3; i++) await r.call('receipt.create', sale());
    const frames = r.ofd.ledger.entries().filter((e) => e.commandName === 'TICKET');
    const toOfd = frames.filter((e) => e.direction === 'to-ofd');
    const toKkm = frames.filter((e) => e.direction === 'to-kkm');
    assert.is(toOfd[1]!.token, toKkm[0]!.token);
    assert.is(toOfd[2]!.token, toKkm[1]!.token);
    assert.ok(toOfd.every((e) => e.result === 0));
  } finally { await r.close(); }
});

test.run();
