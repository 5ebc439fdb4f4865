import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptToken, deriveKey, encryptToken, loadOrCreateDeviceSecret } from '../../src/settings/token-crypto.js';
import { EmulatorError } from '../../src/errors.js';

const secretA = Buffer.alloc(32, 1);
const secretB = Buffer.alloc(32, 2);

const decryptFails = (f: () => unknown) => {
  try {
    f();
    assert.unreachable();
  } catch (e) {
    assert.instance(e, EmulatorError);
    assert.is((e as EmulatorError).code, 'EMU_TOKEN_DECRYPT');
    assert.not.ok((e as Error).message.includes('987654321'), 'the message carries no token');
  }
};

test('req 40.4: the token round-trips through AES-GCM and the ciphertext does not show it', () => {
  const k = deriveKey(secretA);
  const enc = encryptToken(k, 987654321, 424242);
  assert.is(enc.alg, 'A256GCM');
  assert.not.ok(JSON.stringify(enc).includes('987654321'));
  assert.is(decryptToken(k, enc, 424242), 987654321);
  assert.is.not(encryptToken(k, 987654321, 424242).iv, enc.iv, 'a fresh IV each time');
});

test('req 40.4: another device secret, another kkmId or a flipped bit does not decrypt', () => {
  const k = deriveKey(secretA);
  const enc = encryptToken(k, 987654321, 424242);
  decryptFails(() => decryptToken(deriveKey(secretB), enc, 424242));
  decryptFails(() => decryptToken(k, enc, 424243));
  const ct = Buffer.from(enc.ct, 'base64');
  ct[0]! ^= 1;
  decryptFails(() => decryptToken(k, { ...enc, ct: ct.toString('base64') }, 424242));
});

test('the device secret file is created once, random, mode 0600', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-secret-'));
  try {
    const f = join(dir, 'sub', 'device.secret');
    const s1 = loadOrCreateDeviceSecret(f);
    assert.is(s1.byteLength, 32);
    assert.is(statSync(f).mode & 0o777, 0o600);
    assert.equal(loadOrCreateDeviceSecret(f), s1);
    const other = mkdtempSync(join(tmpdir(), 'emu-secret-'));
    assert.not.equal(loadOrCreateDeviceSecret(join(other, 'device.secret')), s1);
    rmSync(other, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
