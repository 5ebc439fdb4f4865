import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { systemClock } from '../../../protocol/index.js';
import { latencyFault } from '../../src/faults/latency.js';
import { KkmTestClient } from '../../src/kkm-client.js';
import { sampleSystem } from '../../src/samples.js';
import { mockWith } from '../helpers.js';
import { REG, docs, rig, sendTicket, settle } from './helpers.js';

test('latency validates its attribute', () => {
  assert.equal(latencyFault.validate({ ms: -1 }), ['attrs.ms must be a non-negative number']);
  assert.equal(latencyFault.validate({ ms: 6000 }), []);
});

test('to-kkm: a 6 s latency costs no wall time and fires exactly at 6000 ms of virtual time', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'slow', kind: 'latency', direction: 'to-kkm', attrs: { ms: 6000 } });
    const delays: unknown[] = [];
    r.mock.events.on('delay', (d) => delays.push(d));
    const wall0 = performance.now();
    sendTicket(r);
    await settle();
    assert.is(docs(r), 1, 'applied at once');
    await r.clock.advance(5999);
    await settle();
    assert.is(r.client.buffered, 0, 'no answer at 5999 ms');
    await r.clock.advance(1);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok, 'answer at 6000 ms');
    assert.ok(performance.now() - wall0 < 3000, 'virtual latency costs no wall time (6 s of virtual time)');
    const e = r.mock.ledger.entries({ direction: 'to-kkm' })[0]!;
    assert.is(e.at - r.mock.ledger.entries({ direction: 'to-ofd' })[0]!.at, 6000);
    assert.equal(delays, [{ fault: 'slow', direction: 'to-kkm', kkmId: 424242, ms: 6000, lateMs: 0 }], 'virtual delays fire exactly');
    assert.equal(e.faults, ['slow:latency']);
  } finally { await r.close(); }
});

test('to-ofd: the request is applied only after the latency', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'in', kind: 'latency', direction: 'to-ofd', attrs: { ms: 2500 } });
    sendTicket(r);
    await settle();
    assert.is(docs(r), 0);
    await r.clock.advance(2500);
    assert.ok(await r.client.next(2000));
    assert.is(docs(r), 1);
  } finally { await r.close(); }
});

test('a register that half-closes while its answer is held still gets the answer, then FIN', async () => {
  const r = await rig();
  try {
    r.mock.faults.add({ name: 'slow', kind: 'latency', attrs: { ms: 3000 } });
    sendTicket(r);
    r.client.socket.end();
    await settle();
    assert.is(r.client.buffered, 0);
    await r.clock.advance(3000);
    const f = await r.client.next(2000);
    assert.ok(f && f.ok, 'answered after the latency');
    await r.client.closed;
    assert.is(r.client.endReason, 'end');
  } finally { await r.close(); }
});

test('wall clock: an injected 40 ms latency is never early and accurate to a few ms (median of an attempt)', async () => {
  const mock = await mockWith({ clock: systemClock });
  try {
    mock.faults.add({ name: 'w', kind: 'latency', attrs: { ms: 40 } });
    const lates: number[] = [];
    mock.events.on('delay', (d) => lates.push(d.lateMs));
    const c = await KkmTestClient.connect(mock.ports[0]!);
    let reqNum = 0;
    const medians: number[] = [];
    // up to 3 attempts of 10: on a shared, overloaded machine one attempt can be descheduled
    for (let attempt = 0; attempt < 3; attempt++) {
      const errs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        await c.request({ version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: ++reqNum }, sampleSystem({ reg: REG, at: systemClock.now() }));
        errs.push(performance.now() - t0 - 40);
      }
      assert.ok(Math.min(...errs) >= -0.5, `never early: ${errs}`);
      const median = [...errs].sort((a, b) => a - b)[Math.floor(errs.length / 2)]!;
      medians.push(median);
      if (median < 5) break;
    }
    c.destroy();
    assert.ok(Math.min(...medians) < 5, `median errors ${medians.map((m) => m.toFixed(2)).join(', ')} ms`);
    assert.ok(lates.length >= 10 && lates.every((l) => l >= 0), 'the server reports how late each delay ended, never early');
  } finally { await mock.close(); }
});

test.run();
