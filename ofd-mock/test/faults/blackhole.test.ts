import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { docs, REG, rig, sendTicket, settle } from './helpers.js';
import { sampleTicket } from '../../src/samples.js';

test('to-ofd: "drop the first two tickets" — not applied, no answer, connection stays open; the third is answered', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'drop2', kind: 'blackhole', direction: 'to-ofd', match: { command: 'TICKET', count: 2 } });
    sendTicket(r); sendTicket(r);
    await settle();
    await r.clock.advance(10_000);
    assert.is(r.client.buffered, 0);
    assert.is(docs(r), 0);
    assert.is(r.client.ended, false);
    sendTicket(r);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok && f.message && f.message.result!.resultCode === 0);
    assert.is(docs(r), 1);
    const v = r.mock.faults.get('drop2');
    assert.is(v.applied, 2);
    assert.is(v.active, false);
    const dropped = r.mock.ledger.entries({ direction: 'to-ofd' }).filter((e) => e.note === 'dropped');
    assert.is(dropped.length, 2);
  } finally { await r.close(); }
});

test('to-kkm: applied but the answer never arrives; a retry with the same REQNUM gets the original answer', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'lose', kind: 'blackhole', direction: 'to-kkm', match: { nth: 1 } });
    sendTicket(r);
    await settle();
    assert.is(docs(r), 1);
    assert.is(r.client.buffered, 0);
    assert.is(r.mock.register(REG.kkmId)!.unsent, 1, 'one applied document whose answer was lost');
    r.mock.faults.remove('lose'); // the retry goes through the fast path (no fault installed)
    r.client.send({ version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: r.reqNum }, sampleTicket({ reg: REG, at: r.clock.now() }));
    const f = await r.client.next(2000);
    assert.ok(f && f.ok && f.message);
    assert.is(f && f.ok && f.message!.result!.resultCode, 0);
    assert.is(docs(r), 1, 'not applied twice');
    assert.is(r.mock.register(REG.kkmId)!.unsent, 0, 'the retry was answered');
    assert.ok(r.mock.ledger.entries({ direction: 'to-kkm' }).some((e) => e.retry));
  } finally { await r.close(); }
});

test.run();
