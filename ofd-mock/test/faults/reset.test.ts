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
