import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { KkmTestClient } from '../../src/kkm-client.js';
import { requestOnce } from '../../src/kkm-client.js';
import { sampleSystem } from '../../src/samples.js';
import { mockWith } from '../helpers.js';
import { REG, T0 } from './helpers.js';

/** How a fresh connection ends: 'reset' (RST, possibly before connect completes) or 'end' (FIN). */
const outcome = (port: number): Promise<string | null> => KkmTestClient.connect(port).then(
  async (c) => { await c.closed; return c.endReason; },
  (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? 'reset' : e.code ?? 'error'),
);

test('refuse on channel 0 only (req 18 failover): channel 0 resets the first connection, channel 1 answers', async () => {
  const mock = await mockWith({ ports: [0, 0] });
  try {
    mock.faults.add({ name: 'down', kind: 'refuse', match: { channel: 0, count: 1 } });
    assert.is(await outcome(mock.ports[0]!), 'reset');
    const ctx = { reg: REG, at: T0 };
    const a = await requestOnce(mock.ports[1]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleSystem(ctx));
    assert.is(a.message.result!.resultCode, 0);
    const b = await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 2 }, sampleSystem(ctx));
    assert.is(b.message.result!.resultCode, 0, 'count used up: accepted again');
    assert.match(mock.ledger.entries()[0]!.note!, /refused/);
  } finally { await mock.close(); }
});

test('refuse with mode close sends FIN', async () => {
  const mock = await mockWith();
  try {
    mock.faults.add({ name: 'down', kind: 'refuse', attrs: { mode: 'close' } });
    assert.is(await outcome(mock.ports[0]!), 'end');
  } finally { await mock.close(); }
});

test("refuse mode 'unlisten': connecting fails with ECONNREFUSED until the fault is removed", async () => {
  const mock = await mockWith({ ports: [0, 0] });
  try {
    mock.faults.add({ name: 'down', kind: 'refuse', match: { channel: 0 }, attrs: { mode: 'unlisten' } });
    await mock.listenersSettled();
    assert.is(await outcome(mock.ports[0]!), 'ECONNREFUSED');
    const ctx = { reg: REG, at: T0 };
    assert.is((await requestOnce(mock.ports[1]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleSystem(ctx))).message.result!.resultCode, 0);
    mock.faults.remove('down');
    await mock.listenersSettled();
    const b = await requestOnce(mock.ports[0]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 2 }, sampleSystem(ctx));
    assert.is(b.message.result!.resultCode, 0, 'listening again on the same port');
  } finally { await mock.close(); }
});

test.run();
