import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, sendTicket } from './helpers.js';

test('wrong_reqnum: the answer carries REQNUM + delta (mod 2^16)', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'wr', kind: 'wrong_reqnum', attrs: { delta: 1 } });
    sendTicket(r, { reqNum: 65535 });
    const f = await r.client.next(2000);
    assert.ok(f && f.ok);
    if (f && f.ok) assert.is(f.header.reqNum, 0);
    r.mock.faults.update('wr', { attrs: { reqNum: 7 } });
    sendTicket(r, { reqNum: 3 });
    const g = await r.client.next(2000);
    if (g && g.ok) assert.is(g.header.reqNum, 7); else assert.unreachable('no answer');
  } finally { await r.close(); }
});

test.run();
