import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KkmTestClient } from '../../src/kkm-client.js';
import { corruptFault } from '../../src/faults/corrupt.js';
import { docs, rig, sendTicket, settle } from './helpers.js';

test('to-kkm appcode corruption: the register cannot frame the answer', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'c', kind: 'corrupt', attrs: { mode: 'appcode' } });
    sendTicket(r);
    const f = await r.client.next(2000);
    assert.ok(f && !f.ok);
    if (f && !f.ok) assert.is(f.issues[0]!.code, 'PROTO_BAD_APPCODE');
  } finally { await r.close(); }
});

test('to-kkm payload corruption flips bits in the payload only; seeded', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'c', kind: 'corrupt', attrs: { mode: 'payload', flips: 3 } });
    sendTicket(r);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok, 'header intact');
    const e = r.mock.ledger.entries({ direction: 'to-kkm' })[0]!;
    assert.equal(e.faults, ['c:corrupt']);
    assert.equal(corruptFault.validate({ mode: 'x' as never, flips: 1, delta: 1 }), ['attrs.mode must be one of payload, header, appcode, size, version']);
  } finally { await r.close(); }
});

test('to-ofd corruption of the header: the server closes the connection and applies nothing; other connections go on', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'c', kind: 'corrupt', direction: 'to-ofd', attrs: { mode: 'appcode' }, match: { count: 1 } });
    const other = await KkmTestClient.connect(r.mock.ports[0]!);
    sendTicket(r);
    await r.client.closed;
    await settle();
    assert.is(docs(r), 0);
    assert.match(r.mock.ledger.entries()[0]!.note!, /bad header/);
    other.send({ version: 203, deviceId: 424242, token: 777, reqNum: 1 }, (await import('../../src/samples.js')).sampleSystem({ reg: (await import('./helpers.js')).REG, at: r.clock.now() }));
    const f = await other.next(2000);
    assert.ok(f && f.ok);
    other.destroy();
  } finally { await r.close(); }
});

test.run();
