import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { serveDcpTcp } from '../../src/dcp/tcp.js';
import { EmulatorError } from '../../src/errors.js';
import { FakeHandler, TestClient } from './_fixtures.js';

test('serves DCP on 127.0.0.1:0 and answers a call', async () => {
  const h = new FakeHandler();
  const srv = await serveDcpTcp(h, { port: 0 });
  assert.ok(srv.port > 0);
  assert.is(srv.url, `tcp://127.0.0.1:${srv.port}`);
  const c = await TestClient.connect(srv.port);
  const r = await c.call('dcp.hello', {});
  assert.is(r.result.dcp, '1');
  await c.close();
  await srv.close();
  assert.is(h.subscribers, 0, 'close() unsubscribes from the handler');
});

test('a malformed line gets its error and the connection carries on', async () => {
  const srv = await serveDcpTcp(new FakeHandler(), { port: 0 });
  const c = await TestClient.connect(srv.port);
  c.send('this is not json\n');
  const bad = await c.reader.nextResponse();
  assert.is(bad.error!.code, -32700);
  c.send('{"jsonrpc":"2.0","id":99}\n');
  assert.is((await c.reader.nextResponse()).error!.code, -32600);
  const ok = await c.call('dcp.hello');
  assert.is(ok.result.vendor, 'test');
  await c.close();
  await srv.close();
});

test('lines split across packets, CRLF and several lines per packet are framed right', async () => {
  const srv = await serveDcpTcp(new FakeHandler(), { port: 0 });
  const c = await TestClient.connect(srv.port);
  const line = JSON.stringify({ jsonrpc: '2.0', id: 'x', method: 'dcp.hello' });
  c.send(line.slice(0, 10));
  c.send(line.slice(10) + '\r\n' + JSON.stringify({ jsonrpc: '2.0', id: 'y', method: 'no.such' }) + '\n');
  const a = await c.reader.nextResponse();
  const b = await c.reader.nextResponse();
  assert.is(a.id, 'x');
  assert.is(b.id, 'y');
  assert.is(b.error!.code, -32601);
  await c.close();
  await srv.close();
});

test('an over-long line is answered with -32700 and skipped; the next line works', async () => {
  const srv = await serveDcpTcp(new FakeHandler(), { port: 0, maxLineBytes: 1024 });
  const c = await TestClient.connect(srv.port);
  c.send('{"jsonrpc":"2.0","id":1,"method":"dcp.hello","params":{"x":"' + 'a'.repeat(5000) + '"}}\n');
  const r = await c.reader.nextResponse();
  assert.is(r.error!.code, -32700);
  assert.match(r.error!.message, 'longer than 1024');
  const ok = await c.call('dcp.hello');
  assert.is(ok.result.dcp, '1');
  assert.is(c.reader.responses.length, 2, 'the tail of the long line produced no second answer');
  await c.close();
  await srv.close();
});

test('several clients: notifications go to all, a bad client disturbs no other', async () => {
  const h = new FakeHandler();
  const srv = await serveDcpTcp(h, { port: 0 });
  const a = await TestClient.connect(srv.port);
  const b = await TestClient.connect(srv.port);
  // wait until the server has registered both sessions
  while (srv.connections() < 2) await new Promise((r) => setImmediate(r));
  b.send('{{{\n');
  const r = await a.call('receipt.create', { operation: 'sell', items: [{ name: 'x', price: 100, quantity: 1000 }], payments: [{ type: 'cash', sum: 100 }] });
  assert.is(r.result.document.title, 'ФИСКАЛЬНЫЙ ЧЕК');
  const na = await a.reader.waitFor(() => a.reader.notifications[0]);
  const nb = await b.reader.waitFor(() => b.reader.notifications[0]);
  assert.is(na.method, 'document.printed');
  assert.is(nb.method, 'document.printed');
  assert.not.ok('id' in na);
  // the notification was written before the response on the caller's connection
  assert.is((await b.reader.nextResponse()).error!.code, -32700);
  b.socket.destroy();
  while (srv.connections() > 1) await new Promise((r) => setImmediate(r));
  h.emit('display.message', { text: 'Сообщение ОФД: test', lang: 'ru', kind: 'ofd' });
  const n2 = await a.reader.waitFor(() => a.reader.notifications[1]);
  assert.is(n2.params.kind, 'ofd');
  await a.close();
  await srv.close();
});

test('a slow call on one client does not hold up another', async () => {
  const h = new FakeHandler();
  const srv = await serveDcpTcp(h, { port: 0 });
  const a = await TestClient.connect(srv.port);
  const b = await TestClient.connect(srv.port);
  const slow = a.call('clock.advance', { ms: 1000 });
  while (h.release === null) await new Promise((r) => setImmediate(r));
  const quick = await b.call('dcp.hello');
  assert.is(quick.result.dcp, '1');
  assert.is(a.reader.responses.length, 0, 'the slow call is still pending');
  h.release();
  assert.is((await slow).result.now, '2026-11-22T10:15:00.000+05:00');
  await a.close();
  await b.close();
  await srv.close();
});

test('requests of one connection run concurrently: a slow call does not hold up the next', async () => {
  const h = new FakeHandler();
  const srv = await serveDcpTcp(h, { port: 0 });
  const a = await TestClient.connect(srv.port);
  const slow = a.call('clock.advance', { ms: 1 });
  while (h.release === null) await new Promise((r) => setImmediate(r));
  const next = await a.call('dcp.hello');
  assert.is(next.result.dcp, '1');
  assert.equal(a.reader.responses.map((r) => r.id), [2], 'the second answer came first');
  h.release();
  await slow;
  assert.equal(a.reader.responses.map((r) => r.id), [2, 1]);
  await a.close();
  await srv.close();
});

test('a client that half-closes after sending still gets every answer, then the server ends', async () => {
  const h = new FakeHandler();
  const srv = await serveDcpTcp(h, { port: 0 });
  const c = await TestClient.connect(srv.port);
  const ended = new Promise<void>((r) => c.socket.once('end', () => r()));
  c.send('{"jsonrpc":"2.0","id":1,"method":"clock.advance","params":{"ms":1}}\n{"jsonrpc":"2.0","id":2,"method":"dcp.hello"}');
  c.socket.end(); // the last line has no newline
  while (h.release === null) await new Promise((r) => setImmediate(r));
  await c.reader.waitFor(() => c.reader.responses.find((r) => r.id === 2));
  h.release();
  await ended;
  assert.equal(c.reader.responses.map((r) => r.id).sort(), [1, 2]);
  await srv.close();
});

test('close() ends client connections, even with a request pending forever', async () => {
  const h = new FakeHandler();
  const srv = await serveDcpTcp(h, { port: 0 });
  const a = await TestClient.connect(srv.port);
  void a.call('clock.advance', { ms: 1 });
  while (h.release === null) await new Promise((r) => setImmediate(r));
  const closed = new Promise<void>((r) => a.socket.once('close', () => r()));
  await srv.close();
  await closed;
});

test('options are checked and named; a busy port is EMU_LISTEN', async () => {
  for (const bad of [{ port: -1 }, { port: 70000 }, { host: '' }, { port: 1.5 }]) {
    try {
      await serveDcpTcp(new FakeHandler(), bad);
      assert.unreachable();
    } catch (e) {
      assert.instance(e, EmulatorError);
      assert.is((e as EmulatorError).code, 'EMU_BAD_OPTION');
      assert.match((e as Error).message, /dcp\.(port|host)/);
    }
  }
  const srv = await serveDcpTcp(new FakeHandler(), { port: 0 });
  try {
    await serveDcpTcp(new FakeHandler(), { port: srv.port });
    assert.unreachable();
  } catch (e) {
    assert.is((e as EmulatorError).code, 'EMU_LISTEN');
  }
  await srv.close();
});

test.run();
