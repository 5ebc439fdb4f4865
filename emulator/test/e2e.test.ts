// End to end over the wire: ofd-mock + startEmulator in one process, sharing one VirtualClock,
// driven only through DCP over real TCP — the way the bench drives a device.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PNG } from 'pngjs';
import jsqrModule from 'jsqr';
import { VirtualClock, parseQrUrl } from '../../protocol/index.js';
import { startOfdMock, type OfdMock } from '../../ofd-mock/index.js';
import { startEmulator, loadProfile, type RunningEmulator } from '../index.js';
import { TestClient, type Msg } from './dcp/_fixtures.js';

const jsQR = jsqrModule.default;
const profile = loadProfile(new URL('../profiles/reference.json', import.meta.url).pathname);
const sale = { operation: 'sell', items: [{ name: 'Нан / Хлеб', price: 150_00, quantity: 2000, section: 1 }], payments: [{ type: 'card', sum: 300_00 }] };

interface Rig { clock: VirtualClock; ofd: OfdMock; emu: RunningEmulator; dcp: TestClient; close(): Promise<void> }

async function rig(): Promise<Rig> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 4, 0, 0));
  const ofd = await startOfdMock({ clock, ports: [0], provision: [profile.registration] });
  const emu = await startEmulator({ profile, clock, ofd: [{ host: '127.0.0.1', port: ofd.ports[0]! }] });
  const dcp = await TestClient.connect(emu.dcpPort);
  return {
    clock, ofd, emu, dcp,
    async close() {
      await dcp.close();
      await emu.close();
      await ofd.close();
    },
  };
}

const ok = (m: Msg) => {
  assert.is(m.error, undefined, JSON.stringify(m.error));
  return m.result;
};

test('req 5, 23, 33-36: a sale over DCP TCP is sent to the operator and carries its sign, title and a readable QR', async () => {
  const r = await rig();
  try {
    const hello = ok(await r.dcp.call('dcp.hello'));
    assert.is(hello.clock, 'virtual');
    const on = ok(await r.dcp.call('power.on'));
    assert.ok(on.selftest.ok, JSON.stringify(on.selftest));
    ok(await r.dcp.call('session.login', { mode: 'registration', password: '1111' }));
    const { document } = ok(await r.dcp.call('receipt.create', sale));

    assert.is(document.fiscal.mode, 'online');
    assert.is(document.title, 'ФИСКАЛЬНЫЙ ЧЕК');
    assert.is(document.totals.total, 300_00);
    // the sign is the operator's ticket_number
    const answers = r.ofd.ledger.entries().filter((e) => e.commandName === 'TICKET' && e.direction === 'to-kkm');
    assert.is(answers.length, 1);
    assert.ok(JSON.stringify(answers[0]!.decoded).includes(document.fiscal.sign), 'the printed sign is the one the operator gave');
    // the QR follows the mask and decodes from its PNG
    const q = parseQrUrl(document.qr.payload);
    assert.ok(q.ok, q.ok ? "" : q.issues.map((i) => i.message).join("; "));
    if (q.ok) {
      assert.is(q.value.fiscalSign, document.fiscal.sign);
      assert.is(q.value.rnm, profile.registration.rnm);
      assert.is(q.value.sumTiyn, 30000n);
    }
    const png = PNG.sync.read(Buffer.from(document.qr.png, 'base64'));
    assert.is(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data, document.qr.payload);
    // the same document was pushed as a notification on the DCP connection
    const printed = await r.dcp.reader.waitFor(() => r.dcp.reader.notifications.find((n) => n.method === 'document.printed' && n.params.document.number === document.number));
    assert.equal(printed.params.document.lines, document.lines);
    assert.is(printed.params.document.qr.png, document.qr.png, 'the notification carries the same PNG as the answer');

    const state = ok(await r.dcp.call('state.get'));
    assert.is(state.shift.open, true);
    assert.is(state.offline.queued, 0);
    const view = r.ofd.registers().find((v) => v.kkmId === profile.registration.kkmId);
    assert.ok(view, 'the operator knows the register');
  } finally {
    await r.close();
  }
});

test('req 29, 29.2, 29.5: with the operator silent, a clock.advance on the same DCP connection lets the pending receipt go autonomous', async () => {
  const r = await rig();
  try {
    ok(await r.dcp.call('power.on'));
    ok(await r.dcp.call('session.login', { mode: 'registration', password: '1111' }));
    r.ofd.faults.add({ name: 'silent', kind: 'blackhole', direction: 'to-kkm' });
    const pending = r.dcp.call('receipt.create', sale);
    let result: Msg | undefined;
    void pending.then((m) => (result = m));
    for (let i = 0; i < 20 && result === undefined; i++) ok(await r.dcp.call('clock.advance', { ms: 1000 }));
    const { document } = ok(await pending);
    assert.is(document.fiscal.mode, 'autonomous');
    assert.ok(document.lines.some((l: string) => l.includes('Автономный')), document.lines.join('\n'));
    const warned = r.dcp.reader.notifications.find((n) => n.method === 'display.message' && n.params.text.includes('автономный режим'));
    assert.ok(warned, 'the cashier was told (display.message)');
    const state = ok(await r.dcp.call('state.get'));
    assert.ok(state.offline.since !== null);
  } finally {
    await r.close();
  }
});

test('domain refusals arrive as -32000 with reason and requirement', async () => {
  const r = await rig();
  try {
    ok(await r.dcp.call('power.on'));
    const bad = await r.dcp.call('session.login', { mode: 'registration', password: '0000' });
    assert.is(bad.error?.code, -32000);
    assert.is(bad.error?.data.reason, 'bad_password');
    ok(await r.dcp.call('session.login', { mode: 'registration', password: '1111' }));
    ok(await r.dcp.call('printer.paper', { present: false }));
    const np = await r.dcp.call('receipt.create', sale);
    assert.equal(np.error?.data, { reason: 'no_paper', requirement: '6' });
    const badParams = await r.dcp.call('receipt.create', { ...sale, items: [] });
    assert.is(badParams.error?.code, -32602);
  } finally {
    await r.close();
  }
});

test.run();
