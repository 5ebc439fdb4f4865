// Two operator channels given to startEmulator (as the CLI's repeated --ofd does): the first is
// dead, the register fails over to the second and stays online (reqs 18, 40.5).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:net';
import { VirtualClock } from '../../protocol/index.js';
import { startOfdMock } from '../../ofd-mock/index.js';
import { startEmulator, loadProfile } from '../index.js';
import { TestClient } from './dcp/_fixtures.js';

const profile = loadProfile(new URL('../profiles/reference.json', import.meta.url).pathname);

async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('req 18, 40.5: the first --ofd channel is dead; the receipt goes online through the second', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 4, 0, 0));
  const ofd = await startOfdMock({ clock, ports: [0], provision: [profile.registration] });
  const emu = await startEmulator({ profile, clock, ofd: [{ host: '127.0.0.1', port: await deadPort() }, { host: '127.0.0.1', port: ofd.ports[0]! }] });
  const c = await TestClient.connect(emu.dcpPort);
  try {
    const settings = (await c.call('settings.get')).result;
    assert.equal(settings.channels.map((ch: { priority: number; enabled: boolean }) => [ch.priority, ch.enabled]), [[1, true], [2, true]]);
    await c.call('power.on');
    await c.call('session.login', { mode: 'registration', password: '1111' });
    const pending = c.call('receipt.create', { operation: 'sell', items: [{ name: 'Су / Вода', price: 50_00, quantity: 1000 }], payments: [{ type: 'cash', sum: 50_00 }] });
    let done = false;
    void pending.then(() => (done = true));
    for (let i = 0; i < 10 && !done; i++) await c.call('clock.advance', { ms: 1000 });
    const r = await pending;
    assert.is(r.error, undefined, JSON.stringify(r.error));
    assert.is(r.result.document.fiscal.mode, 'online');
    const tickets = ofd.ledger.entries().filter((e) => e.commandName === 'TICKET' && e.direction === 'to-ofd');
    assert.is(tickets.length, 1);
  } finally {
    await c.close();
    await emu.close();
    await ofd.close();
  }
});

test.run();
