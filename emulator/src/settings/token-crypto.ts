// The operator token at rest: AES-256-GCM under a key derived (HKDF-SHA256) from a per-device
// secret file. The token is bound to the register id (additional data), so a settings file moved
// to another register, or an edited kkmId, does not decrypt. Nothing here logs or echoes a token.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EmulatorError } from '../errors.js';

export interface EncryptedToken {
  alg: 'A256GCM';
  /** which key encrypted it (for rotation) */
  keyId: string;
  /** base64 */
  iv: string;
  /** base64 */
  ct: string;
  /** base64 */
  tag: string;
}

export const DEVICE_SECRET_BYTES = 32;

export interface DeviceKey {
  keyId: string;
  key: Buffer;
}

/** Derives the token key from a device secret. */
export function deriveKey(secret: Uint8Array): DeviceKey {
  if (secret.byteLength < 16) throw new EmulatorError('EMU_SETTINGS', 'the device secret must be at least 16 bytes');
  const key = Buffer.from(hkdfSync('sha256', secret, 'kkm-emulator/settings', 'token aes-256-gcm v1', 32));
  const keyId = Buffer.from(hkdfSync('sha256', secret, 'kkm-emulator/settings', 'key id v1', 6)).toString('hex');
  return { keyId, key };
}

/** Reads the device secret file, creating it (random, mode 0600) the first time. */
export function loadOrCreateDeviceSecret(path: string): Buffer {
  if (existsSync(path)) {
    const s = readFileSync(path);
    if (s.byteLength < 16) throw new EmulatorError('EMU_SETTINGS', `device secret ${path} is too short`);
    return s;
  }
  mkdirSync(dirname(path), { recursive: true });
  const s = randomBytes(DEVICE_SECRET_BYTES);
  writeFileSync(path, s, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return s;
}

const aad = (kkmId: number) => Buffer.from(`kkm-emulator token v1 kkmId=${kkmId}`);

export function encryptToken(k: DeviceKey, token: number, kkmId: number): EncryptedToken {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', k.key, iv);
  c.setAAD(aad(kkmId));
  const ct = Buffer.concat([c.update(String(token), 'utf8'), c.final()]);
  return { alg: 'A256GCM', keyId: k.keyId, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: c.getAuthTag().toString('base64') };
}

/** Throws EMU_TOKEN_DECRYPT (without any token material in the message) on a wrong key or tampering. */
export function decryptToken(k: DeviceKey, enc: EncryptedToken, kkmId: number): number {
  if (enc?.alg !== 'A256GCM') throw new EmulatorError('EMU_TOKEN_DECRYPT', 'stored token: unknown algorithm');
  if (enc.keyId !== k.keyId) throw new EmulatorError('EMU_TOKEN_DECRYPT', `stored token was encrypted under key ${enc.keyId}, the device key is ${k.keyId}`);
  let text: string;
  try {
    const d = createDecipheriv('aes-256-gcm', k.key, Buffer.from(enc.iv, 'base64'));
    d.setAAD(aad(kkmId));
    d.setAuthTag(Buffer.from(enc.tag, 'base64'));
    text = Buffer.concat([d.update(Buffer.from(enc.ct, 'base64')), d.final()]).toString('utf8');
  } catch {
    throw new EmulatorError('EMU_TOKEN_DECRYPT', 'stored token does not authenticate (tampered settings file, or another device secret)');
  }
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new EmulatorError('EMU_TOKEN_DECRYPT', 'stored token is not a number');
  return n;
}
