// The OFD link client against tiny raw TCP servers: failover, exact retransmission, token
// persistence before the answer is handed back, the processing-time limit, unanswered documents.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server, type Socket } from 'node:net';
import { create, decodeRequestFrame, encodeResponseFrame, FrameDecoder, RequestSchema, ResponseSchema, VirtualClock } from '../../../protocol/index.js';
import { AbortFlagController, OfdLink } from '../../src/register/ofd-link.js';
import type { Channel } from '../../src/dcp/types.js';

interface Seen { token: number; reqNum: number; command: number }

async function server(behave: (conn: number, seen: Seen, sock: Socket, answer: (token: number, opts?: { keep?: boolean; resultCode?: number }) => void) => void): Promise<{ port: number; seen: Seen[]; connections: () => number; close(): Promise<void> }> {
  const seen: Seen[] = [];
  let conn = 0;
  const sockets = new Set<Socket>();
  const srv: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    const n = ++conn;
    const dec = new FrameDecoder();
    sock.on('data', (chunk) => {
      for (const r of dec.push(chunk)) {
        if (!r.ok) continue;
        const f = decodeRequestFrame(r.raw);
        if (!f.ok) continue;
        const s = { token: f.value.header.token, reqNum: f.value.header.reqNum, command: f.value.message.command as number };
        seen.push(s);
        behave(n, s, sock, (token, opts = {}) => {
          const res = create(ResponseSchema, { command: s.command, result: { resultCode: opts.resultCode ?? 0 } } as never);
          const frame = encodeResponseFrame({ version: 203, deviceId: 1, token, reqNum: s.reqNum }, res);
          if (opts.keep) sock.write(frame); else sock.end(frame);
        });
      }
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as { port: number }).port, seen, connections: () => conn,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); srv.close(() => r()); }),
  };
}

function link(channels: Channel[], clock = new VirtualClock(), saved: number[] = [], keepOpen?: () => boolean) {
  let token = 777;
  let reqNum = 0;
  const l = new OfdLink({
    clock, version: 203, deviceId: () => 1, token: () => token,
    onNewToken: async (t) => { saved.push(t); token = t; },
    nextReqNum: async () => ++reqNum,
    channels: () => channels,
    ...(keepOpen ? { keepOpen } : {}),
  });
  return { l, clock, saved, token: () => token };
}

const req = () => create(RequestSchema, { command: 0 } as never);
const ch = (port: number, priority: number, name = `p${priority}`): Channel => ({ name, host: '127.0.0.1', port, priority, enabled: true });

test('req 18, 40.5: channels in priority order; a refused channel fails over to the next', async () => {
  const good = await server((_n, _s, _sock, answer) => answer(777));
  const closedPort = await server(() => undefined);
  const dead = closedPort.port;
  await closedPort.close();
  try {
    const { l } = link([ch(good.port, 2, 'second'), ch(dead, 1, 'first')]);
    const a = await l.send(req());
    assert.ok(a.ok);
    assert.is(a.ok && a.channel, 'second');
  } finally { await good.close(); }
});

test('ofd-protocol §4.4: a connection broken before the answer → the same TOKEN and REQNUM again', async () => {
  const srv = await server((n, _s, sock, answer) => { if (n === 1) sock.destroy(); else answer(777); });
  try {
    const { l } = link([ch(srv.port, 1)]);
    const a = await l.send(req());
    assert.ok(a.ok);
    assert.is(srv.seen.length, 2);
    assert.equal(srv.seen[0], srv.seen[1]);
  } finally { await srv.close(); }
});

test('ofd-protocol §4.2: a new token in the answer is persisted before the answer is handed back', async () => {
  const srv = await server((_n, _s, _sock, answer) => answer(4242));
  try {
    const { l, saved, token } = link([ch(srv.port, 1)]);
    const a = await l.send(req());
    assert.ok(a.ok);
    assert.equal(saved, [4242]);
    assert.is(token(), 4242);
    await l.send(req());
    assert.is(srv.seen[1]!.token, 4242, 'the next request carries the new token');
  } finally { await srv.close(); }
});

test('req 29: no answer within the processing time → timeout; a document left unanswered is remembered', async () => {
  const srv = await server(() => undefined);
  try {
    const clock = new VirtualClock();
    const { l } = link([ch(srv.port, 1)], clock);
    const p = l.send(req(), { tag: 5 });
    while (srv.seen.length === 0) await new Promise((r) => setImmediate(r));
    await clock.advance(5_000);
    const a = await p;
    assert.not.ok(a.ok);
    assert.is(!a.ok && a.why, 'timeout');
    assert.equal(l.unanswered, { token: 777, reqNum: 1, tag: 5 });
  } finally { await srv.close(); }
});

test('persistent connection: while more requests wait (keepOpen) the answered connection carries the next frame; closeIdle ends it', async () => {
  const srv = await server((_n, _s, _sock, answer) => answer(777, { keep: true }));
  try {
    let waiting = true;
    const { l } = link([ch(srv.port, 1)], new VirtualClock(), [], () => waiting);
    for (let i = 0; i < 3; i++) assert.ok((await l.send(req())).ok);
    assert.is(srv.seen.length, 3);
    assert.is(srv.connections(), 1, 'three requests, one connection');
    assert.is(l.connectionsOpened, 1);
    l.closeIdle();
    assert.ok((await l.send(req())).ok);
    assert.is(srv.connections(), 2, 'after closeIdle the next request connects again');
    waiting = false;
    assert.ok((await l.send(req())).ok);
    assert.ok((await l.send(req())).ok);
    assert.is(srv.connections(), 3, 'nothing waiting: the connection closes after its answer (one request per connection)');
  } finally { await srv.close(); }
});

test('persistent connection: hold/release keep it for a burst; a held connection survives closeIdle until release', async () => {
  const srv = await server((_n, _s, _sock, answer) => answer(777, { keep: true }));
  try {
    const { l } = link([ch(srv.port, 1)]);
    l.hold();
    for (let i = 0; i < 3; i++) assert.ok((await l.send(req())).ok);
    l.closeIdle();
    assert.ok((await l.send(req())).ok);
    assert.is(srv.connections(), 1);
    l.release();
    assert.ok((await l.send(req())).ok);
    assert.is(srv.connections(), 2);
  } finally { await srv.close(); }
});

test('req 18, §4.4: a kept connection the operator closes instead of answering → the same frame again on a new connection to the SAME channel (no failover)', async () => {
  // the first channel serves one request per connection: a second frame on it is met with a close
  const perConn = new Map<number, number>();
  const first = await server((n, _s, sock, answer) => {
    perConn.set(n, (perConn.get(n) ?? 0) + 1);
    if (perConn.get(n) === 1) answer(777, { keep: true }); else sock.destroy();
  });
  const second = await server((_n, _s, _sock, answer) => answer(777));
  try {
    const { l } = link([ch(first.port, 1, 'first'), ch(second.port, 2, 'second')], new VirtualClock(), [], () => true);
    for (let i = 0; i < 3; i++) {
      const a = await l.send(req());
      assert.ok(a.ok);
      assert.is(a.ok && a.channel, 'first');
    }
    assert.is(second.seen.length, 0, 'never failed over');
    // 1 on the first connection; 2 and 3 each written on the kept one, then again on a new one
    assert.equal(first.seen.map((x) => x.reqNum), [1, 2, 2, 3, 3]);
    assert.equal(first.seen[1], first.seen[2], 'an exact retransmission (same TOKEN, REQNUM, command)');
  } finally { await first.close(); await second.close(); }
});

test('§5.3: result 254 drops the connection even when requests wait; the same frame goes again on a new one', async () => {
  const srv = await server((n, _s, _sock, answer) => answer(777, { keep: true, resultCode: n === 1 ? 254 : 0 }));
  try {
    const { l } = link([ch(srv.port, 1)], new VirtualClock(), [], () => true);
    const a = await l.send(req());
    assert.ok(a.ok);
    assert.is(srv.connections(), 2);
    assert.equal(srv.seen[0], srv.seen[1], 'same TOKEN, REQNUM and command');
  } finally { await srv.close(); }
});

test('an abort (AbortFlagController) ends the wait at once: aborted, the document remembered as unanswered', async () => {
  const srv = await server(() => undefined);
  try {
    const { l } = link([ch(srv.port, 1)]);
    const ac = new AbortFlagController();
    const p = l.send(req(), { signal: ac, tag: 9 });
    while (srv.seen.length === 0) await new Promise((r) => setImmediate(r));
    ac.abort();
    ac.abort();
    const a = await p;
    assert.is(!a.ok && a.why, 'aborted');
    assert.equal(l.unanswered, { token: 777, reqNum: 1, tag: 9 });
    const late = new AbortFlagController();
    late.abort();
    const b = await l.send(req(), { signal: late });
    assert.is(!b.ok && b.why, 'aborted', 'an aborted flag sends nothing');
    assert.is(srv.seen.length, 1);
  } finally { await srv.close(); }
});

test.run();
