// The state dir end to end: the operator rotates the token on every fiscal answer; the register
// keeps it encrypted under --state, survives a power cut and a restart, and goes on online.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../protocol/index.js';
import { startOfdMock } from '../../ofd-mock/index.js';
import { startEmulator, loadProfile, fileSettingsPersistence } from '../index.js';
import { TestClient } from './dcp/_fixtures.js';

const profile = loadProfile(new URL('../profiles/reference.json', import.meta.url).pathname);
const sale = (price: number) => ({ operation: 'sell', items: [{ name: 'Алма / Яблоки', price, quantity: 1000 }], payments: [{ type: 'cash', sum: price }] });

test('req 20, 40.4: a rotated token is stored encrypted, survives a power cut and a restart, and the register stays online', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-e2e-state-'));
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 4, 0, 0));
  const ofd = await startOfdMock({ clock, ports: [0], provision: [profile.registration], rotateTokens: true });
  const channel = [{ host: '127.0.0.1', port: ofd.ports[0]! }];
  const operatorToken = () => ofd.registers().find((r) => r.kkmId === profile.registration.kkmId)!.token;
  try {
    let emu = await startEmulator({ profile, clock, ofd: channel, stateDir: dir });
    let c = await TestClient.connect(emu.dcpPort);
    const call = async (method: string, params: unknown = {}) => {
      const m = await c.call(method, params);
      assert.is(m.error, undefined, `${method}: ${JSON.stringify(m.error)}`);
      return m.result;
    };
    await call('power.on');
    await call('session.login', { mode: 'registration', password: '1111' });
    const first = (await call('receipt.create', sale(100_00))).document;
    assert.is(first.fiscal.mode, 'online');
    const rotated = operatorToken();
    assert.is.not(rotated, profile.registration.token, 'the operator rotated the token');

    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    assert.not.ok(text.includes(String(rotated)), 'the rotated token is not in the file in clear');
    assert.is(fileSettingsPersistence(dir).load()!.token, rotated, 'the file holds the rotated token (encrypted)');
    assert.not.ok(JSON.stringify(await call('settings.get')).includes(String(rotated)), 'settings.get does not return it');

    // a power cut, then the process ends and a new one starts from the same state dir
    await call('power.off', { abrupt: true });
    await c.close();
    await emu.close();
    emu = await startEmulator({ profile, clock, ofd: channel, stateDir: dir });
    c = await TestClient.connect(emu.dcpPort);
    await call('power.on');
    await call('session.login', { mode: 'registration', password: '1111' });
    const second = (await call('receipt.create', sale(200_00))).document;
    assert.is(second.fiscal.mode, 'online', 'the stored token is accepted by the operator');
    assert.ok(second.number > first.number, 'document numbers go on from the module image');
    const { documents } = await call('journal.read', {});
    const numbers = documents.map((d: { number: number }) => d.number);
    assert.ok(numbers.includes(first.number) && numbers.includes(second.number), `journal: ${numbers.join(',')}`);
    await c.close();
    await emu.close();
  } finally {
    await ofd.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
