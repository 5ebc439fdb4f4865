import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DcpHub, LineSession } from '../../src/dcp/line-session.js';
import type { DcpHandler } from '../../src/dcp/handler.js';
import { FakeHandler } from './_fixtures.js';

function sink() {
  const lines: any[] = [];
  return { lines, open: true, write: (t: string) => void t.split('\n').filter(Boolean).forEach((l) => lines.push(JSON.parse(l))) };
}

test('an over-long line arriving in many chunks is answered once and skipped to its end', async () => {
  const h = new FakeHandler();
  const out = sink();
  const s = new LineSession(h, out, 256);
  s.push('{"jsonrpc":"2.0","id":1,"method":"dcp.hello","params":{"x":"' + 'a'.repeat(300));
  s.push('b'.repeat(600));
  s.push('c'.repeat(600) + '"}}\n{"jsonrpc":"2.0","id":2,"method":"dcp.hello"}\n');
  await s.idle();
  assert.is(out.lines.length, 2);
  assert.is(out.lines[0].error.code, -32700);
  assert.is(out.lines[1].id, 2);
  assert.is(h.calls.length, 1, 'only the good line reached the handler');
});

test('a UTF-8 character split across chunks is decoded whole', async () => {
  const h = new FakeHandler();
  const s = new LineSession(h, sink());
  const bytes = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'receipt.create', params: { operation: 'sell', items: [{ name: 'Нан', price: 1, quantity: 1000 }], payments: [{ type: 'cash', sum: 1 }] } }) + '\n');
  const cut = bytes.indexOf(Buffer.from('Нан')) + 1; // inside the first two-byte letter
  s.push(bytes.subarray(0, cut));
  s.push(bytes.subarray(cut));
  await s.idle();
  assert.is((h.calls[0]!.params as any).items[0].name, 'Нан');
});

test('nothing is written to a closed sink or after close()', async () => {
  const out = sink();
  const s = new LineSession(new FakeHandler(), out);
  out.open = false;
  s.push('{"jsonrpc":"2.0","id":1,"method":"dcp.hello"}\n');
  await s.idle();
  assert.is(out.lines.length, 0);
  out.open = true;
  s.close();
  s.push('{"jsonrpc":"2.0","id":2,"method":"dcp.hello"}\n');
  await s.idle();
  assert.is(out.lines.length, 0);
});

test('a result that cannot be encoded is -32603 for the same id; the session carries on', async () => {
  const cyclic: any = { a: 1 };
  cyclic.self = cyclic;
  const h: DcpHandler = { handle: async (m) => (m === 'state.get' ? cyclic : { ok: true }), onNotification: () => () => {} };
  const out = sink();
  const s = new LineSession(h, out);
  s.push('{"jsonrpc":"2.0","id":7,"method":"state.get"}\n{"jsonrpc":"2.0","id":8,"method":"dcp.hello"}\n');
  await s.idle();
  const byId = new Map(out.lines.map((l) => [l.id, l]));
  assert.is(byId.get(7).error.code, -32603);
  assert.equal(byId.get(8).result, { ok: true });
});

test('the hub sends each notification to every session, drops an unencodable one, and stops after close', () => {
  const h = new FakeHandler();
  const hub = new DcpHub(h);
  const a = sink();
  const b = sink();
  hub.open(a);
  const sb = hub.open(b);
  h.emit('display.message', { text: 'Қағаз жоқ', lang: 'kz', kind: 'error' });
  const cyclic: any = {};
  cyclic.self = cyclic;
  h.emit('state.changed', cyclic); // must not throw into the register
  hub.drop(sb);
  h.emit('state.changed', { powered: true });
  assert.equal(a.lines.map((l) => l.method), ['display.message', 'state.changed']);
  assert.equal(b.lines.map((l) => l.method), ['display.message']);
  assert.is(hub.size, 1);
  hub.close();
  assert.is(h.subscribers, 0);
  h.emit('state.changed', { powered: false });
  assert.is(a.lines.length, 2);
});

test.run();
