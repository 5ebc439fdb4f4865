import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connectDcp, parseDcpAddress, redactSecrets, type DcpTraceEvent } from '../../src/dcp/client.js';
import { DcpError, isDcpError } from '../../src/errors.js';
import { startFakeDut, DomainRefusal, NO_ANSWER } from '../support/fake-dut.js';

test('parseDcpAddress: tcp and serial forms, bad forms refused naming the option', () => {
  assert.equal(parseDcpAddress('tcp://127.0.0.1:7070'), { kind: 'tcp', host: '127.0.0.1', port: 7070 });
  assert.equal(parseDcpAddress('serial:/dev/ttyUSB0@9600'), { kind: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 });
  assert.equal(parseDcpAddress('serial:/dev/ttyS1'), { kind: 'serial', path: '/dev/ttyS1', baudRate: 115200 });
  assert.throws(() => parseDcpAddress('http://x:1'), /dcp address/);
  assert.throws(() => parseDcpAddress('tcp://x:70000'), /port/);
});

test('call: ids match answers even when answers come out of order', async () => {
  const dut = await startFakeDut({
    'slow.echo': (p) => new Promise((r) => setTimeout(() => r({ v: p.v }), 30)),
    'fast.echo': (p) => ({ v: p.v }),
  });
  const c = await connectDcp(dut.url);
  const [a, b] = await Promise.all([c.request('slow.echo', { v: 1 }), c.request('fast.echo', { v: 2 })]);
  assert.equal(a, { v: 1 });
  assert.equal(b, { v: 2 });
  const ids = dut.received.map((l) => JSON.parse(l).id);
  assert.equal(new Set(ids).size, 2);
  for (const l of dut.received) assert.is(JSON.parse(l).jsonrpc, '2.0');
  await c.close();
  await dut.close();
});

test('domain refusal → DcpError BENCH_DCP_DOMAIN with reason and requirement', async () => {
  const dut = await startFakeDut({ 'receipt.create': () => { throw new DomainRefusal('offline_too_long', '29.6'); } });
  const c = await connectDcp(dut.url);
  try {
    await c.call('receipt.create', { operation: 'sell', items: [], payments: [] });
    assert.unreachable('should refuse');
  } catch (e) {
    assert.ok(isDcpError(e));
    assert.is((e as DcpError).code, 'BENCH_DCP_DOMAIN');
    assert.is((e as DcpError).reason, 'offline_too_long');
    assert.is((e as DcpError).requirement, '29.6');
  }
  await c.close();
  await dut.close();
});

test('a refusal nobody awaits any more (the case aborted) is not an unhandled rejection; an awaiting caller still gets it', async () => {
  const dut = await startFakeDut({ 'receipt.create': () => { throw new DomainRefusal('selftest_failed', '3.3'); } });
  const c = await connectDcp(dut.url);
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown) => unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    void c.call('receipt.create', { operation: 'sell', items: [], payments: [] }); // abandoned
    const awaited = c.call('receipt.create', { operation: 'sell', items: [], payments: [] });
    const err = await awaited.then(() => null, (e) => e);
    assert.ok(isDcpError(err) && err.reason === 'selftest_failed');
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await c.close();
    await dut.close();
  }
});

test('other JSON-RPC errors → BENCH_DCP_RPC with rpcCode', async () => {
  const dut = await startFakeDut({});
  const c = await connectDcp(dut.url);
  const e: any = await c.request('nope').catch((x: any) => x);
  assert.is(e.code, 'BENCH_DCP_RPC');
  assert.is(e.rpcCode, -32601);
  assert.is(e.reason, undefined);
  await c.close();
  await dut.close();
});

test('notifications are collected in order, awaitable, and views start where they are made', async () => {
  const dut = await startFakeDut({
    'receipt.create': (_p, d) => {
      d.notify('document.printed', { document: { kind: 'receipt', number: 1, lines: ['A'] } });
      d.notify('display.message', { text: 'Автономный режим', lang: 'ru', kind: 'warning' });
      return { document: { kind: 'receipt', number: 1 } };
    },
  });
  const c = await connectDcp(dut.url, { now: () => 42 });
  await c.call('receipt.create', { operation: 'sell', items: [], payments: [] });
  const n = await c.notifications.waitFor((x) => x.method === 'display.message', 1000);
  assert.is(n.at, 42);
  assert.is(c.notifications.printed().length, 1);
  assert.is(c.notifications.displays()[0]!.text, 'Автономный режим');
  const later = c.view();
  assert.is(later.all().length, 0);
  const waiting = later.waitFor((x) => x.method === 'state.changed', 1000);
  dut.notify('state.changed', { powered: true });
  const s = await waiting;
  assert.is(s.method, 'state.changed');
  assert.is(later.states().length, 1);
  assert.ok(c.notifications.all().map((x) => x.seq).every((v, i, a) => i === 0 || v > a[i - 1]!));
  await c.close();
  await dut.close();
});

test('request timeout (real time) → BENCH_DCP_TIMEOUT; a notification wait times out too', async () => {
  const dut = await startFakeDut({ hang: () => NO_ANSWER });
  const c = await connectDcp(dut.url, { requestTimeoutMs: 50 });
  const e: any = await c.request('hang').catch((x: any) => x);
  assert.is(e.code, 'BENCH_DCP_TIMEOUT');
  const w = await c.notifications.waitFor(() => false, 30).catch((x: any) => x as any);
  assert.is(w.code, 'BENCH_DCP_TIMEOUT');
  await c.close();
  await dut.close();
});

test('connection loss rejects pending calls with BENCH_DCP_CLOSED; later calls too', async () => {
  const dut = await startFakeDut({ hang: () => NO_ANSWER });
  const c = await connectDcp(dut.url);
  const p = c.request('hang').catch((x: any) => x as any);
  await new Promise((r) => setTimeout(r, 20));
  dut.dropConnections();
  const e: any = await p;
  assert.is(e.code, 'BENCH_DCP_CLOSED');
  assert.ok(c.closed);
  const e2: any = await c.request('x').catch((x: any) => x as any);
  assert.is(e2.code, 'BENCH_DCP_CLOSED');
  await c.close();
  await dut.close();
});

test('connect failure → BENCH_DCP_CONNECT', async () => {
  const dut = await startFakeDut({});
  const port = dut.port;
  await dut.close();
  const e: any = await connectDcp(`tcp://127.0.0.1:${port}`).catch((x: any) => x);
  assert.is(e.code, 'BENCH_DCP_CONNECT');
});

test('lines split across chunks, CRLF and garbage lines are handled', async () => {
  const dut = await startFakeDut({ ping: () => NO_ANSWER });
  const c = await connectDcp(dut.url);
  const p = c.request('ping');
  await new Promise((r) => setTimeout(r, 20));
  dut.sendRaw('not json\n{"jsonrpc":"2.0","method":"display.mes');
  await new Promise((r) => setTimeout(r, 10));
  dut.sendRaw('sage","params":{"text":"x","lang":"ru","kind":"info"}}\r\n{"jsonrpc":"2.0","id":1,"result":{"ok":true}}\n');
  assert.equal(await p, { ok: true });
  assert.is(c.notifications.displays().length, 1);
  assert.equal(c.protocolErrors, ['not json']);
  await c.close();
  await dut.close();
});

test('trace sees requests, responses, notifications with passwords and tokens redacted', async () => {
  const dut = await startFakeDut({ 'session.login': (p, d) => { d.notify('state.changed', { mode: p.mode }); return { mode: p.mode }; } });
  const events: DcpTraceEvent[] = [];
  const c = await connectDcp(dut.url, { onTrace: (e) => events.push(e) });
  await c.call('session.login', { mode: 'registration', password: '1111' });
  await c.notifications.waitFor((n) => n.method === 'state.changed');
  assert.equal(events.map((e) => e.kind).sort(), ['dcp.notification', 'dcp.request', 'dcp.response']);
  const req = events.find((e) => e.kind === 'dcp.request')!;
  assert.not.ok(req.line.includes('1111'));
  assert.equal(req.params, { mode: 'registration', password: '***' });
  assert.ok(dut.received[0]!.includes('1111'), 'the DUT itself gets the real password');
  assert.equal(redactSecrets({ a: [{ token: 5 }] }), { a: [{ token: '***' }] });
  await c.close();
  await dut.close();
});

test.run();
