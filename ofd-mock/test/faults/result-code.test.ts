import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { docs, rig, sendTicket, settle } from './helpers.js';

test('to-ofd result 254 on the 2nd ticket only: not applied, others normal', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'busy', kind: 'result_code', direction: 'to-ofd', match: { command: 'TICKET', nth: 2 }, attrs: { result: 254 } });
    const codes: number[] = [];
    for (let i = 0; i < 3; i++) {
      sendTicket(r);
      const f = await r.client.next(2000);
      codes.push(f && f.ok ? f.message!.result!.resultCode : -1);
    }
    assert.equal(codes, [0, 254, 0]);
    await settle();
    assert.is(docs(r), 2);
  } finally { await r.close(); }
});

test('to-kkm result 255: applied, but the register sees 255 (its retry gets the real answer)', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'err', kind: 'result_code', direction: 'to-kkm', match: { count: 1 }, attrs: { result: 255, text: 'boom' } });
    sendTicket(r);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok);
    if (f && f.ok) { assert.is(f.message!.result!.resultCode, 255); assert.is(f.message!.result!.resultText, 'boom'); }
    assert.is(docs(r), 1);
    assert.is(r.mock.register(424242)!.unsent, 1, 'applied, but the register saw 255');
    sendTicket(r, { reqNum: r.reqNum });
    const g = await r.client.next(2000);
    assert.ok(g && g.ok && g.message!.result!.resultCode === 0 && g.message!.ticket);
    assert.is(docs(r), 1);
    assert.is(r.mock.register(424242)!.unsent, 0);
  } finally { await r.close(); }
});

test('a time window: active from..until in clock time', async () => {
  const r = await rig();
  try {
    const now = r.clock.now();
    r.mock.faults.add({ name: 'w', kind: 'result_code', direction: 'to-ofd', match: { from: now + 1000, until: new Date(now + 2000).toISOString() } });
    const codes: number[] = [];
    for (const step of [0, 1000, 1000]) {
      await r.clock.advance(step);
      sendTicket(r);
      const f = await r.client.next(2000);
      codes.push(f && f.ok ? f.message!.result!.resultCode : -1);
    }
    assert.equal(codes, [0, 254, 0]);
    assert.is(r.mock.faults.get('w').active, false);
  } finally { await r.close(); }
});

test.run();
