// The vpicc protocol against a fake vpcd (no pcscd needed): ATR polls, power control, APDUs,
// removal and re-insertion.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server, type Socket } from 'node:net';
import { startVirtualCard, VIRTUAL_CARD_ATR } from '../src/vpcd.js';
import { buildCommandApdu } from '../src/apdu.js';
import { FISCAL_AID } from '../src/applet.js';

interface FakeVpcd { server: Server; port: number; next(): Promise<Socket> }

async function fakeVpcd(): Promise<FakeVpcd> {
  const waiting: ((s: Socket) => void)[] = [];
  const queued: Socket[] = [];
  const server = createServer((s) => { const w = waiting.shift(); if (w) w(s); else queued.push(s); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { server, port, next: () => new Promise((r) => { const q = queued.shift(); if (q) r(q); else waiting.push(r); }) };
}

/** Sends one vpicc message and reads one answer. */
function exchange(s: Socket, payload: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        s.off('data', onData);
        resolve(new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      }
    };
    s.on('data', onData);
    const h = Buffer.alloc(2); h.writeUInt16BE(payload.length);
    s.write(Buffer.concat([h, payload]));
  });
}

function send(s: Socket, payload: Uint8Array): void {
  const h = Buffer.alloc(2); h.writeUInt16BE(payload.length);
  s.write(Buffer.concat([h, payload]));
}

const cleanup: (() => Promise<void>)[] = [];
test.after(async () => { for (const f of cleanup) await f().catch(() => {}); });

test('answers ATR polls, APDUs, resets on power off, reconnects after removal', async () => {
  const vpcd = await fakeVpcd();
  let removed = 0;
  const card = await startVirtualCard({ vpcd: { port: vpcd.port }, onRemoved: () => { removed++; } });
  cleanup.push(() => card.close(), () => new Promise<void>((r) => { vpcd.server.close(() => r()); }));
  const s = await vpcd.next();
  assert.equal(await exchange(s, Uint8Array.of(0x04)), VIRTUAL_CARD_ATR);
  assert.equal(await exchange(s, Uint8Array.of(0x04)), VIRTUAL_CARD_ATR, 'every poll is answered');
  const sel = await exchange(s, buildCommandApdu(0x00, 0xa4, 0x04, 0x00, FISCAL_AID, 256));
  assert.equal(Array.from(sel.subarray(-2)), [0x90, 0x00]);
  const info = await exchange(s, buildCommandApdu(0x80, 0xca, 0, 0, undefined, 256));
  assert.equal(Array.from(info.subarray(-2)), [0x90, 0x00]);
  // power off: the applet is deselected (volatile state lost), no answer is sent
  send(s, Uint8Array.of(0x00));
  const after = await exchange(s, buildCommandApdu(0x80, 0xca, 0, 0, undefined, 256));
  assert.equal(Array.from(after), [0x69, 0x86]);
  assert.is(card.apduCount, 3);
  // vpcd goes away: the card notices and comes back
  s.destroy();
  const s2 = await vpcd.next();
  assert.equal(await exchange(s2, Uint8Array.of(0x04)), VIRTUAL_CARD_ATR);
  assert.is(removed, 1);
  assert.ok(card.connected);
  await card.close();
  assert.not.ok(card.connected);
  s2.destroy();
});

test('without vpcd and without reconnect, startVirtualCard fails with FM_VPCD_CONNECT', async () => {
  const vpcd = await fakeVpcd();
  const port = vpcd.port;
  await new Promise<void>((r) => vpcd.server.close(() => r()));
  const e = await startVirtualCard({ vpcd: { port }, reconnect: false }).catch((x: { code?: string }) => x);
  assert.is((e as { code?: string }).code, 'FM_VPCD_CONNECT');
  const bad = await startVirtualCard({ vpcd: { port: 0 } }).catch((x: { code?: string }) => x);
  assert.is((bad as { code?: string }).code, 'FM_BAD_OPTION');
});

test.run();
