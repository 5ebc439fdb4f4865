// The register's settings file under the --state dir (what lives outside the fiscal module):
// `<state>/settings.json`, the token replaced by its AES-GCM ciphertext, and `<state>/device.secret`.
// Saves are atomic and durable (temp file, fsync, rename, fsync dir): the token the operator
// rotated is on disk before the register sends anything else (ofd-protocol §4.2).
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EmulatorError } from '../errors.js';
import type { PersistedRegister, RegisterPersistence } from '../register/options.js';
import { decryptToken, deriveKey, encryptToken, loadOrCreateDeviceSecret, type EncryptedToken } from './token-crypto.js';

export const SETTINGS_FILE = 'settings.json';
export const DEVICE_SECRET_FILE = 'device.secret';
export const MODULE_IMAGE_FILE = 'module.img';

type StoredSettings = Omit<PersistedRegister, 'token'> & { v: 1; tokenEnc: EncryptedToken };

export interface FileSettingsPersistence extends RegisterPersistence {
  readonly path: string;
  load(): PersistedRegister | null;
  save(state: PersistedRegister): void;
}

function writeDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dfd = openSync(join(path, '..'), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // a directory fsync is not possible on every filesystem; the rename is still atomic
  }
}

/** Settings persistence in `stateDir` (created if missing). */
export function fileSettingsPersistence(stateDir: string): FileSettingsPersistence {
  if (typeof stateDir !== 'string' || stateDir.length === 0) throw new EmulatorError('EMU_BAD_OPTION', 'stateDir must be a non-empty path');
  mkdirSync(stateDir, { recursive: true });
  const path = join(stateDir, SETTINGS_FILE);
  const key = deriveKey(loadOrCreateDeviceSecret(join(stateDir, DEVICE_SECRET_FILE)));
  return {
    path,
    load() {
      if (!existsSync(path)) return null;
      let stored: StoredSettings;
      try {
        stored = JSON.parse(readFileSync(path, 'utf8')) as StoredSettings;
      } catch (err) {
        throw new EmulatorError('EMU_SETTINGS', `settings file ${path} is unreadable: ${(err as Error).message}`, { cause: err });
      }
      if (stored?.v !== 1 || typeof stored.kkmId !== 'number' || typeof stored.tokenEnc !== 'object') {
        throw new EmulatorError('EMU_SETTINGS', `settings file ${path} is not a v1 settings file`);
      }
      const { v: _v, tokenEnc, ...rest } = stored;
      return { ...rest, token: decryptToken(key, tokenEnc, stored.kkmId) };
    },
    save(state) {
      const { token, ...rest } = state;
      const stored: StoredSettings = { v: 1, ...rest, tokenEnc: encryptToken(key, token, state.kkmId) };
      writeDurably(path, JSON.stringify(stored, null, 2) + '\n');
    },
  };
}
