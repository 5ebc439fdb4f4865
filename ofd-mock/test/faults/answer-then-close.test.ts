import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, sendTicket } from './helpers.js';

test('answer_then_close: the answer arrives, then the server closes the connection', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'atc', kind: 'answer_then_close', match: { command: 1 } });
    sendTicket(r);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok && f.message!.result!.resultCode === 0);
    await r.client.closed;
    assert.is(r.client.endReason, 'end');
    assert.is(r.mock.ledger.entries({ direction: 'to-kkm' })[0]!.note, 'closed after answer');
  } finally { await r.close(); }
});

test.run();
