// Options of the register core: one object, defaults in one constant, checked once.
import type { Clock } from '../../../protocol/index.js';
import type { Channel, DeviceProfile } from '../dcp/types.js';
import { EmulatorError } from '../errors.js';

/** What the register keeps outside the fiscal module (the settings file under --state). */
export interface PersistedRegister {
  rnm: string;
  kkmId: number;
  serial: string;
  /** secret: the store must keep it encrypted at rest and never log it */
  token: number;
  channels: Channel[];
  languages: string[];
  /** the last REQNUM used (§4.3) */
  reqNum: number;
  /** register clock − injected clock, set by clock.set (reqs 41, 42) */
  clockOffsetMs: number;
  /** installed firmware image (base64) and its manufacturer signature (base64) */
  firmware: { image: string; signature: string };
  /** ad text versions the register has (type → version as a decimal string) */
  adVersions: Record<string, string>;
  /** last TICKET_AD_INFO text (shown in server-block mode) */
  lastInfoText: string | null;
  /** the operator's block (result 15) outlives a power cycle */
  serverBlock: { text: string } | null;
  /** a document request written but never answered: sent again first with its TOKEN and REQNUM (§4.4, §9) */
  pendingFrame?: { token: number; reqNum: number; number: number } | null;
}

/** Where PersistedRegister lives. The DCP side provides the file + AES-GCM implementation. */
export interface RegisterPersistence {
  load(): Promise<PersistedRegister | null> | PersistedRegister | null;
  /** must be durable when it resolves (the token is saved before anything else is sent, §4.2) */
  save(state: PersistedRegister): Promise<void> | void;
}

/** A copy that shares nothing mutable with `s` (saved on every REQNUM: cheaper than structuredClone). */
export function copyPersisted(s: PersistedRegister): PersistedRegister {
  return {
    ...s,
    channels: s.channels.map((c) => ({ ...c })),
    languages: [...s.languages],
    firmware: { ...s.firmware },
    adVersions: { ...s.adVersions },
    serverBlock: s.serverBlock ? { ...s.serverBlock } : null,
    ...(s.pendingFrame !== undefined ? { pendingFrame: s.pendingFrame ? { ...s.pendingFrame } : null } : {}),
  };
}

export function memoryPersistence(initial: PersistedRegister | null = null): RegisterPersistence & { current: PersistedRegister | null } {
  const p = {
    current: initial ? copyPersisted(initial) : null,
    load: () => (p.current ? copyPersisted(p.current) : null),
    save: (s: PersistedRegister) => {
      p.current = copyPersisted(s);
    },
  };
  return p;
}

/** One command/response exchange with the fiscal module (the card's APDU log, dcp.md). */
export interface ApduExchange {
  /** the injected clock's now() when the exchange happened */
  at: number;
  /** the command APDU as sent */
  command: Uint8Array;
  /** the response APDU: data ‖ SW1 SW2 */
  response: Uint8Array;
}

export interface RegisterOptions {
  profile: DeviceProfile;
  /** operator channels (from --ofd); the first has the highest priority */
  ofd?: { host: string; port: number }[];
  /** @defaultValue systemClock */
  clock?: Clock;
  /** set when `clock` is a VirtualClock that clock.advance may move */
  virtualClock?: boolean;
  defects?: string[];
  /** display language @defaultValue 'ru' */
  lang?: 'ru' | 'kz';
  /** the module image file; omit for a memory module (lives as long as the Register) */
  moduleImagePath?: string;
  /** fsync the module image on every commit @defaultValue true */
  moduleSync?: boolean;
  persistence?: RegisterPersistence;
  /** called for every APDU exchanged with the fiscal module, in order (bench traces); absent = no cost */
  apduLog?: (e: ApduExchange) => void;
  /** receipts carry the QR PNG (register/qr-png.ts: same data and level as src/qr/png.ts, byte mode, fixed mask, faster; encoded on first read, e.g. when DCP writes the document) @defaultValue true */
  qrPng?: boolean;
  /** @defaultValue 'http://consumer.oofd.kz' */
  qrBaseUrl?: string;
  /** local time zone of the register, minutes east of UTC @defaultValue 300 (Asia/Almaty) */
  tzOffsetMin?: number;
  seed?: number;
  vendor?: string;
  model?: string;
  firmwareVersion?: string;
}

export const REGISTER_DEFAULTS = {
  lang: 'ru',
  qrPng: true,
  qrBaseUrl: 'http://consumer.oofd.kz',
  tzOffsetMin: 300,
  seed: 1,
  vendor: 'kkm-bench',
  model: 'reference-emulator',
  firmwareVersion: '1.0.0',
  moduleSync: true,
} as const;

export function checkRegisterOptions(o: RegisterOptions): void {
  const bad = (m: string): never => {
    throw new EmulatorError('EMU_BAD_OPTION', m);
  };
  if (!o || typeof o !== 'object') bad('options must be an object');
  if (!o.profile || typeof o.profile !== 'object') bad('profile is required');
  if (!o.profile.registration || typeof o.profile.registration.kkmId !== 'number') bad('profile.registration.kkmId must be a number');
  if (!o.profile.passwords) bad('profile.passwords is required');
  for (const c of o.ofd ?? []) {
    if (typeof c.host !== 'string' || !Number.isInteger(c.port) || c.port < 1 || c.port > 65535) bad('ofd: each channel needs a host and a port 1..65535');
  }
  if (o.lang !== undefined && o.lang !== 'ru' && o.lang !== 'kz') bad("lang must be 'ru' or 'kz'");
  if (o.tzOffsetMin !== undefined && !Number.isInteger(o.tzOffsetMin)) bad('tzOffsetMin must be an integer');
  if (o.apduLog !== undefined && typeof o.apduLog !== 'function') bad('apduLog must be a function');
}
