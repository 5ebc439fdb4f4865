import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { dispatchLine, errorFor, toJsonLine } from '../../src/dcp/jsonrpc.js';
import { DcpDomainError } from '../../src/dcp/handler.js';
import { FakeHandler } from './_fixtures.js';

const call = async (h: FakeHandler, line: string) => {
  const out = await dispatchLine(h, line);
  return out === null ? null : JSON.parse(out);
};

test('a result is returned with the request id', async () => {
  const h = new FakeHandler();
  const r = await call(h, '{"jsonrpc":"2.0","id":"a1","method":"dcp.hello","params":{}}');
  assert.is(r.id, 'a1');
  assert.is(r.result.dcp, '1');
  assert.is(r.error, undefined);
});

test('missing params count as {}; an undefined result is {}', async () => {
  const h = new FakeHandler();
  const r = await call(h, '{"jsonrpc":"2.0","id":1,"method":"power.off"}');
  assert.equal(r.result, {});
  assert.equal(h.calls[0]!.params, {});
});

test('-32700 for a line that is not JSON (id null)', async () => {
  const r = await call(new FakeHandler(), '{"jsonrpc":"2.0",');
  assert.is(r.error.code, -32700);
  assert.is(r.id, null);
});

test('-32600 for invalid requests', async () => {
  const h = new FakeHandler();
  for (const line of ['42', '"x"', '{"id":1,"method":"dcp.hello"}', '{"jsonrpc":"1.0","id":1,"method":"dcp.hello"}',
    '{"jsonrpc":"2.0","id":1,"method":7}', '{"jsonrpc":"2.0","id":{},"method":"dcp.hello"}', '{"jsonrpc":"2.0","id":1,"method":"dcp.hello","params":3}', '[]']) {
    const r = await call(h, line);
    assert.is(r.error.code, -32600, line);
  }
  assert.is(h.calls.length, 0);
});

test('-32601 for an unknown method, with the method in data', async () => {
  const r = await call(new FakeHandler(), '{"jsonrpc":"2.0","id":2,"method":"no.such"}');
  assert.is(r.error.code, -32601);
  assert.equal(r.error.data, { method: 'no.such' });
});

test('-32602 for bad params, before the handler runs', async () => {
  const h = new FakeHandler();
  const r = await call(h, '{"jsonrpc":"2.0","id":3,"method":"receipt.create","params":{"operation":"sell","items":[],"payments":[]}}');
  assert.is(r.error.code, -32602);
  assert.is(r.error.data.path, '$.items');
  assert.is(r.error.data.issues.length, 2);
  const r2 = await call(h, '{"jsonrpc":"2.0","id":4,"method":"state.get","params":[]}');
  assert.is(r2.error.code, -32602);
  assert.is(h.calls.length, 0);
});

test('req 14: a domain error is -32000 with reason and the requirement of the reason', async () => {
  const r = await call(new FakeHandler(), '{"jsonrpc":"2.0","id":5,"method":"report.z"}');
  assert.is(r.error.code, -32000);
  assert.equal(r.error.data, { reason: 'shift_expired', requirement: '14' });
  const r2 = await call(new FakeHandler(), '{"jsonrpc":"2.0","id":6,"method":"cash.deposit","params":{"sum":1}}');
  assert.equal(r2.error.data, { reason: 'no_paper', requirement: '6' });
});

test('a reason without a requirement carries none; an unknown reason is an internal error', () => {
  assert.equal(errorFor(new DcpDomainError('bad_password', 'no')).data, { reason: 'bad_password' });
  assert.equal(errorFor(new DcpDomainError('wrong_mode', 'no', '1')).data, { reason: 'wrong_mode', requirement: '1' });
  assert.is(errorFor(new DcpDomainError('nonsense' as 'bad_password', 'x')).code, -32603);
  // duck-typed: an error of the same name from another module instance maps the same way
  const foreign = Object.assign(new Error('x'), { name: 'DcpDomainError', reason: 'no_paper' });
  assert.equal(errorFor(foreign).data, { reason: 'no_paper', requirement: '6' });
});

test('-32603 when the handler crashes', async () => {
  const r = await call(new FakeHandler(), '{"jsonrpc":"2.0","id":7,"method":"settings.get"}');
  assert.is(r.error.code, -32603);
  assert.match(r.error.message, 'boom');
});

test('a client notification (no id) runs but gets no answer', async () => {
  const h = new FakeHandler();
  assert.is(await dispatchLine(h, '{"jsonrpc":"2.0","method":"dcp.hello"}'), null);
  assert.is(await dispatchLine(h, '{"jsonrpc":"2.0","method":"no.such"}'), null);
  assert.is(h.calls.length, 2);
  assert.is(await dispatchLine(h, '   '), null);
});

test('a batch gets an array of answers', async () => {
  const r = await call(new FakeHandler(), '[{"jsonrpc":"2.0","id":1,"method":"dcp.hello"},{"jsonrpc":"2.0","method":"dcp.hello"},{"jsonrpc":"2.0","id":2,"method":"x"}]');
  assert.is(r.length, 2);
  assert.is(r[0].result.dcp, '1');
  assert.is(r[1].error.code, -32601);
});

test('bigints are written as numbers (or strings when too large); no newline in a line', async () => {
  const r = await call(new FakeHandler(), '{"jsonrpc":"2.0","id":8,"method":"state.get"}');
  assert.is(r.result.offline.queued, 0);
  assert.is(toJsonLine({ a: 2n ** 64n }), '{"a":"18446744073709551616"}');
  assert.not.ok(toJsonLine({ s: 'a\nb' }).includes('\n'));
});

test.run();
