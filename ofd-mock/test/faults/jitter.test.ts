import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../../../protocol/index.js';
import { jitterFault } from '../../src/faults/jitter.js';
import { FaultRegistry } from '../../src/faults/registry.js';
import { createRng } from '../../src/rng.js';
import type { FaultFrame } from '../../src/faults/fault.js';
import { docs, rig, sendTicket, settle } from './helpers.js';

const frame: FaultFrame = { direction: 'to-kkm', channel: 0, connectionId: 1, kkmId: 1, command: 1, reqNum: 1, token: 1, bytes: new Uint8Array(20) };

function delays(seed: number): number[] {
  const reg = new FaultRegistry(new VirtualClock(0), createRng(seed));
  reg.add({ name: 'j', kind: 'jitter', attrs: { ms: 1000, jitter: 200 } });
  return Array.from({ length: 50 }, () => { const a = reg.evaluate(frame)[0]!.action; return a.type === 'delay' ? a.ms : NaN; });
}

test('jitter stays within ms ± jitter and repeats for a seed', () => {
  const a = delays(3);
  assert.ok(a.every((d) => d >= 800 && d <= 1200), String(a));
  assert.ok(new Set(a.map(Math.round)).size > 10, 'varies');
  assert.equal(delays(3), a);
  assert.not.equal(delays(4), a);
  assert.equal(jitterFault.validate({ ms: 1, jitter: -2 }), ['attrs.jitter must be a non-negative number']);
});

test('jitter delays the answer on a real connection', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'j', kind: 'jitter', attrs: { ms: 1000, jitter: 100 } });
    sendTicket(r);
    await settle();
    assert.is(docs(r), 1);
    await r.clock.advance(899);
    await settle();
    assert.is(r.client.buffered, 0);
    await r.clock.advance(202);
    assert.ok(await r.client.next(2000));
  } finally { await r.close(); }
});

test.run();
