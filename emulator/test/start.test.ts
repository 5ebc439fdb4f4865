import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../../protocol/index.js';
import { startEmulatorWith, resolveEmulatorOptions } from '../src/start.js';
import { startEmulator } from '../src/start-register.js';
import { loadProfile } from '../src/settings/profile.js';
import { fileSettingsPersistence } from '../src/settings/settings-file.js';
import type { RegisterOptions } from '../src/register/options.js';
import { EmulatorError } from '../src/errors.js';
import { FakeHandler, TestClient } from './dcp/_fixtures.js';

const profile = loadProfile(new URL('../profiles/reference.json', import.meta.url).pathname);

test('options are checked once and each message names its option', () => {
  const bad: [object, string][] = [
    [{ profile: { ...profile, registration: { ...profile.registration, rnm: '1' } } }, '$.registration.rnm'],
    [{ profile, ofd: [{ host: '', port: 1 }] }, 'ofd[0].host'],
    [{ profile, ofd: [{ host: 'h', port: 0 }] }, 'ofd[0].port'],
    [{ profile, dcp: { port: 65536 } }, 'dcp.port'],
    [{ profile, defects: ['no-such-defect'] }, 'defects'],
    [{ profile, lang: 'en' }, 'lang'],
    [{ profile, virtualClock: true, clock: { now: () => 0, setTimeout: () => 0, clearTimeout: () => {} } }, 'virtualClock'],
  ];
  for (const [o, name] of bad) {
    try {
      resolveEmulatorOptions(o as never);
      assert.unreachable(name);
    } catch (e) {
      assert.instance(e, EmulatorError);
      assert.ok((e as Error).message.includes(name), `${name}: ${(e as Error).message}`);
    }
  }
});

test('virtual clock: a VirtualClock passed in is used and implies virtualClock; --virtual-clock makes one', () => {
  const vc = new VirtualClock();
  const r = resolveEmulatorOptions({ profile, clock: vc });
  assert.is(r.clock, vc);
  assert.is(r.virtualClock, true);
  const r2 = resolveEmulatorOptions({ profile, virtualClock: true });
  assert.instance(r2.clock, VirtualClock);
  const r3 = resolveEmulatorOptions({ profile });
  assert.is(r3.clock, undefined);
  assert.is(r3.virtualClock, false);
  const r4 = resolveEmulatorOptions({ profile, clock: vc, virtualClock: false });
  assert.is(r4.clock, vc);
  assert.is(r4.virtualClock, false, 'explicit false wins');
});

test('startEmulatorWith hands the register its options and serves it on DCP', async () => {
  let got: RegisterOptions | undefined;
  const h = new FakeHandler();
  let closed = 0;
  const emu = await startEmulatorWith(
    (o) => {
      got = o;
      return Object.assign(h, { close: () => void closed++ });
    },
    { profile, ofd: [{ host: '127.0.0.1', port: 7777 }, { host: '127.0.0.1', port: 7778 }], defects: ['no-qr'], lang: 'kz' },
  );
  assert.is(emu.dcpUrl, `tcp://127.0.0.1:${emu.dcpPort}`);
  assert.equal(got!.ofd, [{ host: '127.0.0.1', port: 7777 }, { host: '127.0.0.1', port: 7778 }]);
  assert.equal(got!.defects, ['no-qr']);
  assert.is(got!.lang, 'kz');
  assert.is(got!.moduleImagePath, undefined, 'no state dir: memory module');
  assert.ok(got!.clock, 'a clock is always passed');
  const c = await TestClient.connect(emu.dcpPort);
  assert.is((await c.call('dcp.hello')).result.dcp, '1');
  await c.close();
  await emu.close();
  await emu.close();
  assert.is(closed, 1, 'close is idempotent and closes the register once');
});

test('a register that cannot be served is closed again (busy DCP port → EMU_LISTEN)', async () => {
  const first = await startEmulatorWith(() => new FakeHandler(), { profile });
  let closed = false;
  try {
    await startEmulatorWith(() => Object.assign(new FakeHandler(), { close: () => void (closed = true) }), { profile, dcp: { port: first.dcpPort } });
    assert.unreachable();
  } catch (e) {
    assert.is((e as EmulatorError).code, 'EMU_LISTEN');
  }
  assert.ok(closed);
  await first.close();
});

test('req 40.4: the real register under a state dir: token encrypted at rest, not returned by settings.get, survives a restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-start-'));
  const secretProfile = { ...profile, registration: { ...profile.registration, token: 918273645 } };
  try {
    const emu = await startEmulator({ profile: secretProfile, stateDir: dir, virtualClock: true });
    const c = await TestClient.connect(emu.dcpPort);
    const s = await c.call('settings.get');
    assert.is(s.result.rnm, '010101234567');
    assert.not.ok('token' in s.result);
    await c.call('power.on');
    assert.is((await c.call('session.login', { mode: 'programming', password: '2222' })).result.mode, 'programming');
    const set = await c.call('settings.set', { token: 918273646 });
    assert.is(set.result.kkmId, 424242);
    assert.not.ok(JSON.stringify(set).includes('91827364'), 'settings.set does not echo the token');
    await c.close();
    await emu.close();
    assert.ok(existsSync(join(dir, 'module.img')));
    const text = readFileSync(join(dir, 'settings.json'), 'utf8');
    assert.not.ok(text.includes('91827364'), 'no token in clear in the settings file');
    assert.ok(JSON.parse(text).tokenEnc);
    assert.is(fileSettingsPersistence(dir).load()!.token, 918273646, 'the new token is what is stored (encrypted)');
    // a restart reads the same settings back
    const again = await startEmulator({ profile: secretProfile, stateDir: dir, virtualClock: true });
    const c2 = await TestClient.connect(again.dcpPort);
    assert.is((await c2.call('settings.get')).result.kkmId, 424242);
    await c2.close();
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a virtual clock under a state dir resumes where the last run left it (no time before the last document)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-vclock-'));
  try {
    const emu = await startEmulator({ profile, stateDir: dir, virtualClock: true });
    const c = await TestClient.connect(emu.dcpPort);
    const t0 = Date.parse((await c.call('clock.get')).result.now);
    const advanced = (await c.call('clock.advance', { ms: 3 * 3600_000 })).result.now;
    assert.is(Date.parse(advanced) - t0, 3 * 3600_000);
    await c.close();
    await emu.close();
    const again = await startEmulator({ profile, stateDir: dir, virtualClock: true });
    const c2 = await TestClient.connect(again.dcpPort);
    assert.is((await c2.call('clock.get')).result.now, advanced);
    assert.is((await c2.call('dcp.hello')).result.clock, 'virtual');
    await c2.close();
    await again.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
