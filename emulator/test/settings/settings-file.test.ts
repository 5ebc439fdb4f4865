import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSettingsPersistence, SETTINGS_FILE, DEVICE_SECRET_FILE } from '../../src/settings/settings-file.js';
import type { PersistedRegister } from '../../src/register/options.js';
import { EmulatorError } from '../../src/errors.js';

const state: PersistedRegister = {
  rnm: '010101234567',
  kkmId: 424242,
  serial: 'ZN0001',
  token: 987654321,
  channels: [{ name: 'main', host: '127.0.0.1', port: 7777, priority: 1, enabled: true }],
  languages: ['kz', 'ru'],
  reqNum: 17,
  clockOffsetMs: 0,
  firmware: { image: 'AAEC', signature: 'AA==' },
  adVersions: {},
  lastInfoText: null,
  serverBlock: null,
};

const withDir = (f: (dir: string) => void) => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-settings-'));
  try {
    f(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('a fresh state dir has no settings; save then load round-trips (a restart)', () =>
  withDir((dir) => {
    const p = fileSettingsPersistence(join(dir, 'state'));
    assert.is(p.load(), null);
    p.save(state);
    assert.equal(fileSettingsPersistence(join(dir, 'state')).load(), state);
    assert.ok(existsSync(join(dir, 'state', DEVICE_SECRET_FILE)));
    assert.not.ok(existsSync(join(dir, 'state', `${SETTINGS_FILE}.tmp`)));
  }));

test('req 40.4: the token is encrypted at rest (never in the file in clear)', () =>
  withDir((dir) => {
    const p = fileSettingsPersistence(dir);
    p.save(state);
    const text = readFileSync(join(dir, SETTINGS_FILE), 'utf8');
    assert.not.ok(text.includes('987654321'));
    const json = JSON.parse(text);
    assert.is(json.token, undefined);
    assert.is(json.tokenEnc.alg, 'A256GCM');
    assert.is(json.rnm, '010101234567');
    // a rotated token replaces the old one
    p.save({ ...state, token: 123456789 });
    assert.is(p.load()!.token, 123456789);
  }));

test('req 40.4: a tampered settings file (kkmId edited) or a lost device secret is refused', () =>
  withDir((dir) => {
    const p = fileSettingsPersistence(dir);
    p.save(state);
    const f = join(dir, SETTINGS_FILE);
    const json = JSON.parse(readFileSync(f, 'utf8'));
    writeFileSync(f, JSON.stringify({ ...json, kkmId: 1 }));
    try {
      p.load();
      assert.unreachable();
    } catch (e) {
      assert.is((e as EmulatorError).code, 'EMU_TOKEN_DECRYPT');
    }
    writeFileSync(f, JSON.stringify(json));
    rmSync(join(dir, DEVICE_SECRET_FILE));
    try {
      fileSettingsPersistence(dir).load();
      assert.unreachable();
    } catch (e) {
      assert.is((e as EmulatorError).code, 'EMU_TOKEN_DECRYPT');
    }
  }));

test('a corrupt settings file is EMU_SETTINGS naming the file', () =>
  withDir((dir) => {
    writeFileSync(join(dir, SETTINGS_FILE), '{"v":');
    try {
      fileSettingsPersistence(dir).load();
      assert.unreachable();
    } catch (e) {
      assert.is((e as EmulatorError).code, 'EMU_SETTINGS');
      assert.match((e as Error).message, SETTINGS_FILE);
    }
  }));

test.run();
