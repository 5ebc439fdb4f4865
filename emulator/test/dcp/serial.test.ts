import { skipUnless } from '../../../tools/skip.js';
skipUnless('emulator DCP over serial', 'socat');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SerialPort } from 'serialport';
import { serveDcpSerial } from '../../src/dcp/serial.js';
import { EmulatorError } from '../../src/errors.js';
import { FakeHandler, LineReader } from './_fixtures.js';
import { ptyPair } from '../../../tools/pty.js';

async function openPeer(path: string): Promise<{ port: SerialPort; reader: LineReader }> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((res, rej) => port.open((e) => (e ? rej(e) : res())));
  const reader = new LineReader();
  port.on('data', (d: Buffer) => reader.push(d));
  return { port, reader };
}

const closePort = (p: SerialPort) => new Promise<void>((r) => (p.isOpen ? p.close(() => r()) : r()));

test('DCP over a serial PTY: calls, a bad line, notifications interleaved', async () => {
  const pty = await ptyPair();
  const h = new FakeHandler();
  const srv = await serveDcpSerial(h, { path: pty.a });
  assert.is(srv.url, `serial:${pty.a}@115200`);
  const { port, reader } = await openPeer(pty.b);
  try {
    port.write('{"jsonrpc":"2.0","id":1,"method":"dcp.hello","params":{}}\n');
    const hello = await reader.nextResponse();
    assert.is(hello.id, 1);
    assert.is(hello.result.dcp, '1');

    port.write('garbage\n');
    assert.is((await reader.nextResponse()).error!.code, -32700);

    port.write(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'receipt.create', params: { operation: 'sell', items: [{ name: 'x', price: 100, quantity: 1000 }], payments: [{ type: 'cash', sum: 100 }] } }) + '\n');
    const r = await reader.nextResponse();
    assert.is(r.id, 2);
    assert.is(reader.notifications[0]!.method, 'document.printed');

    port.write('{"jsonrpc":"2.0","id":3,"method":"report.z"}\n');
    const z = await reader.nextResponse();
    assert.equal(z.error!.data, { reason: 'shift_expired', requirement: '14' });

    h.emit('state.changed', { powered: true });
    const n = await reader.waitFor(() => reader.notifications[1]);
    assert.is(n.method, 'state.changed');
  } finally {
    await closePort(port);
    await srv.close();
    await pty.close();
  }
});

test('close() does not wait for a request that never completes', async () => {
  const pty = await ptyPair();
  const h = new FakeHandler();
  const srv = await serveDcpSerial(h, { path: pty.a });
  const { port } = await openPeer(pty.b);
  try {
    port.write('{"jsonrpc":"2.0","id":1,"method":"clock.advance","params":{"ms":1}}\n');
    while (h.release === null) await new Promise((r) => setImmediate(r));
    await srv.close(); // the pending clock.advance is never released
  } finally {
    await closePort(port);
    await pty.close();
  }
});

test('a missing serial device is EMU_LISTEN naming the path', async () => {
  try {
    await serveDcpSerial(new FakeHandler(), { path: '/nonexistent/ttyDCP' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, EmulatorError);
    assert.is((e as EmulatorError).code, 'EMU_LISTEN');
    assert.match((e as Error).message, '/nonexistent/ttyDCP');
  }
});

test.run();
