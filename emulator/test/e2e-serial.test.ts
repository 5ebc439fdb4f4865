// End to end over a serial line: ofd-mock + startEmulator({ serial }) with a socat PTY pair,
// a sale driven only through DCP on the other end of the PTY.
import { skipUnless } from '../../tools/skip.js';
skipUnless('emulator DCP over serial end to end', 'socat');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SerialPort } from 'serialport';
import { VirtualClock } from '../../protocol/index.js';
import { startOfdMock } from '../../ofd-mock/index.js';
import { startEmulator, loadProfile } from '../index.js';
import { LineReader, type Msg } from './dcp/_fixtures.js';
import { ptyPair } from '../../tools/pty.js';

const profile = loadProfile(new URL('../profiles/reference.json', import.meta.url).pathname);

test('req 5: a sale over DCP on a serial port (socat PTY), notifications on the same line', async () => {
  const pty = await ptyPair();
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 4, 0, 0));
  const ofd = await startOfdMock({ clock, ports: [0], provision: [profile.registration] });
  const emu = await startEmulator({ profile, clock, ofd: [{ host: '127.0.0.1', port: ofd.ports[0]! }], serial: pty.a });
  const port = new SerialPort({ path: pty.b, baudRate: 115200, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  const reader = new LineReader();
  port.on('data', (d: Buffer) => reader.push(d));
  let seq = 0;
  const call = async (method: string, params: unknown = {}): Promise<any> => {
    const id = ++seq;
    port.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
    const m: Msg = await reader.waitFor(() => reader.responses.find((r) => r.id === id));
    assert.is(m.error, undefined, `${method}: ${JSON.stringify(m.error)}`);
    return m.result;
  };
  try {
    assert.is(emu.serialUrl, `serial:${pty.a}@115200`);
    assert.is((await call('dcp.hello')).dcp, '1');
    assert.ok((await call('power.on')).selftest.ok);
    await call('session.login', { mode: 'registration', password: '1111' });
    const { document } = await call('receipt.create', { operation: 'sell', items: [{ name: 'Сүт / Молоко', price: 450_00, quantity: 1000 }], payments: [{ type: 'cash', sum: 500_00 }] });
    assert.is(document.fiscal.mode, 'online');
    assert.is(document.title, 'ФИСКАЛЬНЫЙ ЧЕК');
    assert.ok(reader.notifications.some((n) => n.method === 'document.printed' && n.params.document.number === document.number));
    assert.ok(reader.notifications.some((n) => n.method === 'state.changed'));
    const tickets = ofd.ledger.entries().filter((e) => e.commandName === 'TICKET' && e.direction === 'to-ofd');
    assert.is(tickets.length, 1);
  } finally {
    await new Promise<void>((r) => (port.isOpen ? port.close(() => r()) : r()));
    await emu.close();
    await ofd.close();
    await pty.close();
  }
});

test.run();
