import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { encodeRequestFrame } from '../../../protocol/index.js';
import { sampleTicket } from '../../src/samples.js';
import { closeAfterBytesFault } from '../../src/faults/close-after-bytes.js';
import { REG, rig } from './helpers.js';

test('close_after_bytes: the register receives exactly K bytes of the answer, then FIN', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'cut', kind: 'close_after_bytes', attrs: { bytes: 11 } });
    const got = await new Promise<Buffer>((resolve) => {
      const s = connect({ port: r.mock.ports[0]!, host: '127.0.0.1' }, () => {
        s.write(encodeRequestFrame({ version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleTicket({ reg: REG, at: r.clock.now() })));
      });
      const chunks: Buffer[] = [];
      s.on('data', (c) => chunks.push(c));
      s.on('end', () => { resolve(Buffer.concat(chunks)); s.destroy(); });
    });
    assert.is(got.length, 11);
    assert.is(got.readUInt16LE(0), 0x81a2);
    assert.is(r.mock.ledger.entries({ direction: 'to-kkm' })[0]!.note, 'truncated:11');
    assert.equal(closeAfterBytesFault.validate({ bytes: 1.5 }), ['attrs.bytes must be a non-negative integer']);
  } finally { await r.close(); }
});

test.run();
