import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, sendTicket } from './helpers.js';

test('wrong_token: the answer header carries the given token', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'wt', kind: 'wrong_token', attrs: { token: 123456 } });
    sendTicket(r);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok);
    if (f && f.ok) assert.is(f.header.token, 123456);
    assert.is.not(r.mock.register(424242)!.token, 123456, 'the operator keeps its real token');
  } finally { await r.close(); }
});

test('wrong_token without a value: a seeded random token different from the real one', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'wt', kind: 'wrong_token' });
    sendTicket(r);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok);
    if (f && f.ok) assert.is.not(f.header.token, r.mock.register(424242)!.token);
  } finally { await r.close(); }
});

test.run();
