import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { encodeRequestFrame } from '../../../protocol/index.js';
import { sampleTicket } from '../../src/samples.js';
import { REG, rig, settle } from './helpers.js';

test('bandwidth: the answer trickles at the given rate in clock time', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'slow', kind: 'bandwidth', attrs: { bytesPerSecond: 100 } });
    let got = 0;
    const s = connect({ port: r.mock.ports[0]!, host: '127.0.0.1' });
    await new Promise((res) => s.once('connect', res));
    s.on('data', (c) => { got += c.length; });
    s.write(encodeRequestFrame({ version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleTicket({ reg: REG, at: r.clock.now() })));
    await settle();
    const total = r.mock.ledger.entries({ direction: 'to-ofd' }).length;
    assert.is(total, 1);
    assert.is(got, 0);
    await r.clock.advance(100);
    await settle();
    assert.ok(got > 0 && got <= 10, `after 100 ms: ${got} bytes`);
    await r.clock.advance(2000);
    await settle();
    const size = r.mock.ledger.entries({ direction: 'to-kkm' })[0]!.rawHex.length / 2;
    assert.is(got, size);
    s.destroy();
  } finally { await r.close(); }
});

test.run();
