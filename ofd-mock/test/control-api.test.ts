import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OfdControlClient } from '../src/client.js';
import { OfdMockError } from '../src/errors.js';
import { requestOnce } from '../src/kkm-client.js';
import { sampleSystem, sampleTicket } from '../src/samples.js';
import { mockWith, REG } from './helpers.js';

const T0 = Date.UTC(2026, 0, 10, 5, 0, 0);
const code = async (p: Promise<unknown>): Promise<string> => { try { await p; return 'none'; } catch (e) { return (e as OfdMockError).code; } };

test('the control API requires its token and binds to loopback', async () => {
  const mock = await mockWith({ controlPort: 0, controlToken: 'sekret' });
  try {
    assert.match(mock.controlUrl!, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${mock.controlUrl}/faults`);
    assert.is(res.status, 401);
    assert.is(((await res.json()) as { error: { code: string } }).error.code, 'OFDM_UNAUTHORIZED');
    assert.is(await code(new OfdControlClient(mock.controlUrl!, 'wrong').listFaults()), 'OFDM_UNAUTHORIZED');
    const ok = await new OfdControlClient(mock.controlUrl!, 'sekret').health();
    assert.equal(ok.ports, mock.ports);
  } finally { await mock.close(); }
});

test('a random token is generated when none is given', async () => {
  const mock = await mockWith({ controlPort: 0 });
  try {
    assert.match(mock.controlToken!, /^[0-9a-f]{32}$/);
    assert.is((await new OfdControlClient(mock.controlUrl!, mock.controlToken!).health()).ok, true);
  } finally { await mock.close(); }
});

test('faults over HTTP: POST, GET, PATCH, DELETE, POST /reset, with the same types and error codes', async () => {
  const mock = await mockWith({ controlPort: 0 });
  const c = new OfdControlClient(mock.controlUrl!, mock.controlToken!);
  try {
    const v = await c.addFault({ name: 'busy', kind: 'result_code', direction: 'to-ofd', match: { command: 'TICKET', count: 1 }, attrs: { result: 254 } });
    assert.is(v.kind, 'result_code');
    assert.is(v.attrs.result, 254);
    assert.is(await code(c.addFault({ name: 'busy', kind: 'latency' })), 'OFDM_FAULT_EXISTS');
    assert.is(await code(c.addFault({ name: 'x', kind: 'teleport' as never })), 'OFDM_BAD_FAULT');
    assert.is((await c.listFaults()).length, 1);
    // the fault acts on the wire
    const a = await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleTicket({ reg: REG, at: T0 }));
    assert.is(a.message.result!.resultCode, 254);
    const g = await c.getFault('busy');
    assert.is(g.applied, 1);
    assert.is(g.active, false);
    const u = await c.updateFault('busy', { attrs: { result: 255 } });
    assert.is(u.attrs.result, 255);
    assert.is(await code(c.getFault('nope')), 'OFDM_FAULT_NOT_FOUND');
    await c.removeFault('busy');
    assert.is((await c.listFaults()).length, 0);
    await c.addFault({ name: 'a', kind: 'latency' });
    await c.addFault({ name: 'b', kind: 'jitter' });
    await c.reset();
    assert.equal(await c.listFaults(), []);
    assert.equal(mock.faults.list(), []);
    assert.is(await code(fetch(`${mock.controlUrl}/nowhere`, { headers: { authorization: `Bearer ${mock.controlToken}` } }).then(async (r) => { if (!r.ok) throw new OfdMockError(((await r.json()) as { error: { code: 'OFDM_NOT_FOUND' } }).error.code, ''); })), 'OFDM_NOT_FOUND');
  } finally { await mock.close(); }
});

test('registers and orders over HTTP; the ledger query', async () => {
  const mock = await mockWith({ controlPort: 0, provision: [] });
  const c = new OfdControlClient(mock.controlUrl!, mock.controlToken!);
  try {
    const [v] = await c.provision(REG);
    assert.is(v!.kkmId, REG.kkmId);
    assert.is(await code(c.provision({ ...REG, rnm: 5 } as never)), 'OFDM_BAD_REGISTRATION');
    assert.is((await c.registers()).length, 1);
    assert.is(await code(c.register(1)), 'OFDM_REGISTER_NOT_FOUND');
    const s = await c.suspend(REG.kkmId, 'КГД: приостановлено');
    assert.is(s.suspended!.reason, 'КГД: приостановлено');
    const ctx = { reg: REG, at: T0 };
    const a = await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleSystem(ctx));
    assert.is(a.message.result!.resultCode, 15);
    await c.resume(REG.kkmId);
    assert.is((await c.notify(REG.kkmId, 'Сообщение')).version, '2');
    const r = await c.setRegistrationState(REG.kkmId, 'pending', { delayMs: 5000, reason: 'проверка' });
    assert.is(r.registration.state, 'pending');
    await c.setRegistrationState(REG.kkmId, 'registered');
    assert.is((await c.resetToken(REG.kkmId, 99)).token, 99);
    assert.is((await c.deregister(REG.kkmId, 'снята')).registration.state, 'deregistered');
    assert.is(await code(c.setRegistrationState(REG.kkmId, 'flying' as never)), 'OFDM_BAD_REQUEST');
    const led = await c.ledger({ kkmId: REG.kkmId, direction: 'to-kkm' });
    assert.is(led.length, 1);
    assert.is(led[0]!.result, 15);
    assert.is(led[0]!.commandName, 'SYSTEM');
    assert.is((await c.ledger({ command: 0, limit: 1 })).length, 1);
  } finally { await mock.close(); }
});

test('GET /events streams ledger entries, connections and register events as they happen', async () => {
  const mock = await mockWith({ controlPort: 0 });
  const c = new OfdControlClient(mock.controlUrl!, mock.controlToken!);
  try {
    const seen: { type: string; [k: string]: unknown }[] = [];
    const f = await c.follow((e) => seen.push(e));
    await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleSystem({ reg: REG, at: T0 }));
    for (let i = 0; i < 100 && seen.filter((e) => e.type === 'entry').length < 2; i++) await new Promise((r) => setImmediate(r));
    f.stop();
    assert.is(seen[0]!.type, 'hello');
    const entries = seen.filter((e) => e.type === 'entry');
    assert.is(entries.length, 2);
    assert.is(entries[0]!.direction, 'to-ofd');
    assert.is(entries[1]!.result, 0);
    assert.ok(seen.some((e) => e.type === 'register' && e.kind === 'first-contact'), JSON.stringify(seen.map((e) => [e.type, e.kind])));
    assert.ok(seen.some((e) => e.type === 'connection' && e.event === 'open'), JSON.stringify(seen.map((e) => e.type)));
  } finally { await mock.close(); }
});

test.run();
