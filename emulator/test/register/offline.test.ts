import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, onAndLogin, sale, PROFILE } from './_harness.js';

const H = 3_600_000;

function fiscalFrames(r: Awaited<ReturnType<typeof rig>>) {
  return r.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd');
}

test('req 29, 29.1–29.5, 25: no answer for 5 s → autonomous receipt within 7 s, cashier told', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.faults.add({ name: 'bh', kind: 'blackhole', direction: 'to-kkm', attrs: {} } as never);
    const t0 = r.clock.now();
    const { document } = await r.callAdvancing('receipt.create', sale(), 10_000, 250);
    const took = r.clock.now() - t0;
    assert.ok(took <= 7_000, `cycle took ${took} ms`);
    assert.ok(took >= 5_000, `went autonomous before 5 s (${took} ms)`);
    assert.is(document.fiscal.mode, 'autonomous');
    assert.match(document.fiscal.sign, /^\d{16}$/);
    assert.is(document.title, 'ФИСКАЛЬНЫЙ ЧЕК');
    assert.ok(document.lines.some((l: string) => l.includes('Автономный')), 'Автономный printed');
    assert.ok(document.lines.some((l: string) => l.includes(document.fiscal.sign)), 'sign printed');
    assert.ok(document.qr.payload.includes(`i=${document.fiscal.sign}`));
    assert.ok(r.notes.some((n) => n.method === 'display.message' && /автоном/i.test(n.params.text)), 'display message');
    const st = await r.call('state.get');
    assert.is(st.offline.queued, 1);
    assert.ok(st.offline.since);
  } finally { await r.close(); }
});

test('req 29.1, 8, 30.1–30.3: lost link → autonomous at once; reconnect uploads period first, then the queue in order with offline marks', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
    const signs: string[] = [];
    const t0 = r.clock.now();
    for (let i = 0; i < 3; i++) {
      const { document } = await r.call('receipt.create', sale(100_00 + i));
      assert.is(document.fiscal.mode, 'autonomous');
      signs.push(document.fiscal.sign);
      await r.advance(1000);
    }
    assert.ok(r.clock.now() - t0 < 7_000 * 3);
    assert.is(new Set(signs).size, 3, 'autonomous signs unique');
    await r.call('session.logout');
    await r.call('session.login', { mode: 'registration', password: '1111' });
    await r.call('cash.deposit', { sum: 50_00 });
    const seqBefore = r.ofd.ledger.entries().length;
    r.ofd.faults.reset();
    await r.advance(61_000);
    const st = await r.call('state.get');
    assert.is(st.offline.queued, 0, 'queue delivered');
    assert.is(st.offline.since, null);
    const sent = fiscalFrames(r).filter((e) => e.seq > seqBefore);
    const names = sent.map((e) => e.commandName);
    assert.equal(names, ['SYSTEM', 'TICKET', 'TICKET', 'TICKET', 'MONEY_PLACEMENT']);
    const sys = sent[0]!.decoded as any;
    assert.ok(sys.service?.offlinePeriod, 'offline period message first');
    const tickets = sent.filter((e) => e.commandName === 'TICKET').map((e) => e.decoded as any);
    assert.equal(tickets.map((t) => Number(t.ticket.offlineTicketNumber)), signs.map((s) => Number(s.slice(0, 10))));
    assert.ok(sent.every((e) => e.violations.length === 0), JSON.stringify(sent.flatMap((e) => e.violations)));
    assert.ok((sent[4]!.decoded as any).moneyPlacement.isOffline);
    // each answered before the next
    const all = r.ofd.ledger.entries().filter((e) => e.seq > seqBefore);
    for (let i = 0; i < all.length; i += 2) { assert.is(all[i]!.direction, 'to-ofd'); assert.is(all[i + 1]!.direction, 'to-kkm'); }
  } finally { await r.close(); }
});

test('req 29.6: the register blocks when the oldest unsent document is 72 h old, and unblocks after upload', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
    await r.call('receipt.create', sale());
    await r.advance(23 * H);
    await r.call('session.login', { mode: 'close_shift', password: '3333' });
    const z = await r.call('report.z');
    assert.is(z.document.kind, 'z_report');
    await r.call('session.login', { mode: 'registration', password: '1111' });
    await r.advance(47 * H);
    await r.call('receipt.create', sale());
    await r.advance(2 * H - 1000);
    await r.call('receipt.create', sale());
    await r.advance(2000);
    try {
      await r.call('receipt.create', sale());
      assert.unreachable('sale accepted after 72 h offline');
    } catch (e: any) {
      assert.is(e.reason, 'offline_too_long');
    }
    const st = await r.call('state.get');
    assert.is(st.blocked?.reason, 'offline_too_long');
    assert.ok(r.notes.some((n) => n.method === 'display.message' && n.params.text.includes('72')));
    r.ofd.faults.reset();
    await r.advance(601_000); // the retry interval has backed off to 10 min
    const after = await r.call('state.get');
    assert.is(after.offline.queued, 0);
    assert.is(after.blocked, null);
    const { document } = await r.call('receipt.create', sale());
    assert.is(document.fiscal.mode, 'online');
    const closes = r.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd' && e.commandName === 'CLOSE_SHIFT');
    assert.is(closes.length, 1);
    assert.ok((closes[0]!.decoded as any).closeShift.isOffline, 'offline Z marked');
    assert.ok(closes[0]!.violations.length === 0, JSON.stringify(closes[0]!.violations));
  } finally { await r.close(); }
});

test('req 8, 28: nothing is lost across an abrupt power cut', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
    const a = (await r.call('receipt.create', sale(10_00))).document;
    const b = (await r.call('receipt.create', sale(20_00))).document;
    await r.call('power.off', { abrupt: true });
    await r.advance(720 * H);
    await r.call('power.on');
    const st = await r.call('state.get');
    assert.is(st.offline.queued, 2);
    const j = await r.call('journal.read', {});
    assert.equal(j.documents.filter((d: any) => d.kind === 'receipt').map((d: any) => d.fiscal.sign), [a.fiscal.sign, b.fiscal.sign]);
    r.ofd.faults.reset();
    await r.advance(61_000);
    assert.is((await r.call('state.get')).offline.queued, 0);
    const tickets = r.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd' && e.commandName === 'TICKET' && e.result === 0);
    assert.is(tickets.length, 2);
    void PROFILE;
  } finally { await r.close(); }
});

test('req 8: a power cut while a receipt waits for the operator records nothing; power-on works', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.faults.add({ name: 'bh', kind: 'blackhole', direction: 'to-kkm', attrs: {} } as never);
    const pending = r.call('receipt.create', sale());
    pending.catch(() => undefined);
    for (let i = 0; i < 200 && !r.ofd.ledger.entries().some((e) => e.commandName === 'TICKET'); i++) await r.reg.settle();
    await r.call('power.off', { abrupt: true });
    let reason = '';
    try { await pending; } catch (e: any) { reason = e.reason; }
    assert.is(reason, 'not_supported');
    await r.advance(10_000);
    r.ofd.faults.reset();
    await r.call('power.on');
    const j = await r.call('journal.read', {});
    assert.is(j.documents.filter((d: any) => d.kind === 'receipt').length, 0);
  } finally { await r.close(); }
});

test('reqs 8, 30.2: documents made while the queue is uploading join its end and are delivered in order', async () => {
  const r = await rig();
  try {
    await onAndLogin(r);
    r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
    for (let i = 0; i < 3; i++) await r.call('receipt.create', sale(10_00 + i));
    r.ofd.faults.reset();
    r.ofd.faults.add({ name: 'slow', kind: 'latency', direction: 'to-kkm', attrs: { ms: 1000 } } as never);
    const driving = (async () => { for (let i = 0; i < 20; i++) await r.advance(5_000); })();
    const made: any[] = [];
    for (let i = 0; i < 4; i++) made.push((await r.callAdvancing('receipt.create', sale(20_00 + i), 12_000, 1_000)).document);
    await driving;
    r.ofd.faults.reset();
    for (let i = 0; i < 10 && (await r.call('state.get')).offline.queued > 0; i++) await r.advance(600_000);
    const st = await r.call('state.get');
    assert.is(st.offline.queued, 0);
    const nums = r.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd' && e.commandName === 'TICKET' && e.result === 0).map((e: any) => Number(e.decoded.ticket.printedDocumentNumber));
    assert.equal(nums, [...nums].sort((a, b) => a - b), 'in document order');
    assert.is(new Set(nums).size, 7, 'all seven delivered once');
  } finally { await r.close(); }
});

test.run();
