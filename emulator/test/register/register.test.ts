import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, onAndLogin, sale, PROFILE } from './_harness.js';

test('req 5, 23: an online receipt carries the operator sign, title and QR', async () => {
  const r = await rig();
  try {
    const on = await r.call('power.on');
    assert.ok(on.selftest.ok, JSON.stringify(on.selftest));
    await r.call('session.login', { mode: 'registration', password: '1111' });
    const { document } = await r.call('receipt.create', sale());
    assert.is(document.fiscal.mode, 'online');
    assert.ok(document.fiscal.sign.length > 0);
    assert.is(document.title, 'ФИСКАЛЬНЫЙ ЧЕК');
    assert.ok(document.qr.payload.includes(`i=${document.fiscal.sign}&f=${PROFILE.registration.rnm}&s=150.00&t=`));
    const tickets = r.ofd.ledger.entries().filter((e: any) => e.commandName === 'TICKET' && e.direction === 'to-ofd');
    assert.is(tickets.length, 1);
    const st = await r.call('state.get');
    assert.is(st.shift.open, true);
    assert.is(st.offline.queued, 0);
  } finally { await r.close(); }
});

test.run();
