import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../protocol/index.js';
import { startOfdMock } from '../index.js';
import { sampleInfo, sampleTicket } from '../src/samples.js';
import { mockWith, REG, result, Sender } from './helpers.js';

const T0 = Date.UTC(2026, 0, 10, 5, 0, 0);

test('ledger records both directions with decoded content, register, channel, and emits entries', async () => {
  const mock = await mockWith({ clock: new VirtualClock(T0) });
  try {
    const seen: number[] = [];
    mock.events.on('entry', (e) => seen.push(e.seq));
    const s = await Sender.open(mock);
    await s.send(sampleTicket({ reg: REG, at: T0 }));
    const all = mock.ledger.entries();
    assert.is(all.length, 2);
    assert.equal(seen, [1, 2]);
    const [req, res] = all;
    assert.is(req!.direction, 'to-ofd');
    assert.is(req!.commandName, 'TICKET');
    assert.is(req!.kkmId, REG.kkmId);
    assert.is(req!.reqNum, 1);
    assert.is(req!.at, T0);
    assert.match(req!.rawHex, /^a281cb00/);
    assert.is((req!.decoded as { command: string }).command, 'COMMAND_TICKET');
    assert.is(res!.direction, 'to-kkm');
    assert.is(res!.result, 0);
    assert.ok(JSON.stringify(res!.decoded).includes('ticketNumber'));
    assert.is(mock.ledger.entries({ direction: 'to-kkm' }).length, 1);
    // consumers spread entries: the lazy fields are own and enumerable
    const { seq: _s, ...rest } = req!;
    assert.is(rest.rawHex, req!.rawHex);
    assert.equal(rest.decoded, req!.decoded);
    assert.equal(JSON.parse(JSON.stringify(res!)).rawHex, res!.rawHex);
    assert.is(mock.ledger.entries({ limit: 1 })[0]!.seq, 2);
    await s.close();
  } finally { await mock.close(); }
});

test('ledgerLimit bounds the memory ledger', async () => {
  const mock = await mockWith({ ledgerLimit: 3 });
  try {
    const s = await Sender.open(mock);
    for (let i = 0; i < 4; i++) await s.send(sampleInfo({ reg: REG, at: T0 }));
    const e = mock.ledger.entries();
    assert.is(e.length, 3);
    assert.is(e[2]!.seq, 8);
    await s.close();
  } finally { await mock.close(); }
});

test('SQLite: the ledger, rotated tokens, counters and fiscal-sign sequence survive a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ofdm-'));
  const dbPath = join(dir, 'ofd.sqlite');
  try {
    const m1 = await startOfdMock({ dbPath, provision: [REG], clock: new VirtualClock(T0) });
    const s = await Sender.open(m1);
    const a = await s.send(sampleTicket({ reg: REG, at: T0 }));
    const sign1 = a.message.ticket!.ticketNumber;
    const token = s.token;
    await s.close();
    await m1.close();

    const m2 = await startOfdMock({ dbPath, clock: new VirtualClock(T0) });
    try {
      const v = m2.register(REG.kkmId)!;
      assert.ok(v, 'register restored');
      assert.is(v.token, token);
      assert.is(v.shift.docs, 1);
      assert.is(m2.ledger.entries().length, 2);
      assert.is(m2.ledger.entries({ direction: 'to-ofd' })[0]!.commandName, 'TICKET');
      const s2 = await Sender.open(m2);
      s2.token = token;
      s2.reqNum = 1;
      const b = await s2.send(sampleTicket({ reg: REG, at: T0 }));
      assert.is(result(b), 0, 'the rotated token is still valid after the restart');
      assert.is.not(b.message.ticket!.ticketNumber, sign1);
      assert.is(m2.register(REG.kkmId)!.shift.docs, 2);
      assert.is(m2.ledger.entries().at(-1)!.seq, 4);
      // exact retry after restart still answers from the stored answer
      const r = await s2.client.request({ version: 203, deviceId: REG.kkmId, token, reqNum: 2 }, sampleTicket({ reg: REG, at: T0 }));
      assert.is(r.message.ticket!.ticketNumber, b.message.ticket!.ticketNumber);
      await s2.close();
    } finally { await m2.close(); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test.run();
