import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KkmTestClient } from '../../src/kkm-client.js';
import { sampleTicket } from '../../src/samples.js';
import { docs, REG, rig, sendTicket, settle } from './helpers.js';

test('to-kkm reset: the ticket is applied, the register sees RST, and its retry on a new connection gets the same answer', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'rst', kind: 'reset', direction: 'to-kkm', match: { command: 'TICKET', count: 1 } });
    sendTicket(r);
    await r.client.closed;
    assert.is(r.client.endReason, 'reset');
    assert.is(docs(r), 1);
    const c2 = await KkmTestClient.connect(r.mock.ports[0]!);
    const a = await c2.request({ version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: r.reqNum }, sampleTicket({ reg: REG, at: r.clock.now() }));
    assert.is(a.message.result!.resultCode, 0);
    assert.is(docs(r), 1);
    c2.destroy();
  } finally { await r.close(); }
});

test('req 18: the answer is lost on channel 0; the retry on channel 1 with the old token gets the same answer', async () => {
  const { mockWith } = await import('../helpers.js');
  const mock = await mockWith({ ports: [0, 0] });
  try {
    mock.faults.add({ name: 'ch0', kind: 'reset', direction: 'to-kkm', match: { channel: 0 } });
    const c0 = await KkmTestClient.connect(mock.ports[0]!);
    c0.send({ version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleTicket({ reg: REG, at: Date.UTC(2026, 0, 10) }));
    await c0.closed;
    const applied = mock.register(REG.kkmId)!;
    assert.is(applied.shift.docs, 1);
    assert.is.not(applied.token, REG.token, 'rotated on the server');
    const c1 = await KkmTestClient.connect(mock.ports[1]!);
    const a = await c1.request({ version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleTicket({ reg: REG, at: Date.UTC(2026, 0, 10) }));
    assert.is(a.message.result!.resultCode, 0);
    assert.is(a.header.token, applied.token, 'the retry learns the new token');
    assert.is(mock.register(REG.kkmId)!.shift.docs, 1);
    assert.is(mock.register(REG.kkmId)!.lastChannel, 1);
    c1.destroy();
  } finally { await mock.close(); }
});

test('to-ofd reset: nothing applied', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'rst', kind: 'reset', direction: 'to-ofd' });
    sendTicket(r);
    await r.client.closed;
    await settle();
    assert.is(docs(r), 0);
    assert.is(r.mock.ledger.entries()[0]!.note, 'reset');
  } finally { await r.close(); }
});

test.run();
