// startEmulator: the reference register (core's Register) behind the DCP servers (TCP and,
// optionally, a serial port), its settings under the state dir, its clock wall or virtual.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, VirtualClock, type Clock } from '../../protocol/index.js';
import { isDefectName, listDefects } from './defects.js';
import type { DcpHandler } from './dcp/handler.js';
import { serveDcpSerial, type DcpSerialServer } from './dcp/serial.js';
import { serveDcpTcp, type DcpTcpServer } from './dcp/tcp.js';
import type { DeviceProfile } from './dcp/types.js';
import { EmulatorError } from './errors.js';
import { memoryPersistence, type ApduExchange, type RegisterOptions } from './register/options.js';
import { validateProfile } from './settings/profile.js';
import { fileSettingsPersistence, MODULE_IMAGE_FILE } from './settings/settings-file.js';

export interface EmulatorOptions {
  /** the device profile (factory state: passwords, registration, token) */
  profile: DeviceProfile;
  /** operator channels, highest priority first */
  ofd?: { host: string; port: number }[];
  /** DCP over TCP @defaultValue { host: '127.0.0.1', port: 0 } */
  dcp?: { host?: string; port?: number };
  /** also serve DCP on this serial port (e.g. /dev/ttyUSB0) */
  serial?: string;
  /** @defaultValue 115200 */
  serialBaudRate?: number;
  /** module image and settings file live here; omit = memory only */
  stateDir?: string;
  /** @defaultValue the wall clock, or a new VirtualClock when `virtualClock` is set */
  clock?: Clock;
  /** DCP clock.advance moves the clock; defaults to true when `clock` is a VirtualClock, false otherwise */
  virtualClock?: boolean;
  /** seeded defects by name (see listDefects()) */
  defects?: string[];
  /** @defaultValue 1 */
  seed?: number;
  /** display language @defaultValue 'ru' */
  lang?: 'ru' | 'kz';
  /** called for every APDU exchanged with the simulated fiscal module, in order (`at` = clock.now()); absent = no cost */
  apduLog?: (e: ApduExchange) => void;
}

export const EMULATOR_DEFAULTS = { dcpHost: '127.0.0.1', dcpPort: 0, serialBaudRate: 115200, seed: 1, lang: 'ru' } as const;

export interface RunningEmulator {
  dcpPort: number;
  /** tcp://127.0.0.1:port */
  dcpUrl: string;
  /** serial:/dev/ttyX@115200 when `serial` was given */
  serialUrl?: string;
  /** the register itself, as an in-process DCP handler */
  register: DcpHandler;
  /** the clock the register runs on (the VirtualClock when virtual) */
  clock: Clock;
  close(): Promise<void>;
}

/** What startEmulator needs from the register core. */
export interface RegisterLike extends DcpHandler {
  close?(): Promise<void> | void;
}
export type RegisterFactory = (options: RegisterOptions) => Promise<RegisterLike> | RegisterLike;

const isVirtual = (c: Clock | undefined): boolean => typeof (c as { advance?: unknown } | undefined)?.advance === 'function';

/** Checks every option once; messages name the option. */
export function resolveEmulatorOptions(o: EmulatorOptions): RegisterOptions & { dcpHost: string; dcpPort: number; serial?: string; serialBaudRate: number; stateDir?: string; ownVirtualClock: boolean } {
  const bad = (m: string): never => {
    throw new EmulatorError('EMU_BAD_OPTION', m);
  };
  if (!o || typeof o !== 'object') bad('options must be an object');
  const profile = validateProfile(o.profile, 'profile');
  const ofd = o.ofd ?? [];
  if (!Array.isArray(ofd)) bad('ofd must be an array of { host, port }');
  ofd.forEach((c, i) => {
    if (!c || typeof c.host !== 'string' || c.host.length === 0) bad(`ofd[${i}].host must be a non-empty string`);
    if (!Number.isInteger(c.port) || c.port < 1 || c.port > 65535) bad(`ofd[${i}].port must be an integer 1..65535`);
  });
  const dcpHost = o.dcp?.host ?? EMULATOR_DEFAULTS.dcpHost;
  const dcpPort = o.dcp?.port ?? EMULATOR_DEFAULTS.dcpPort;
  if (typeof dcpHost !== 'string' || dcpHost.length === 0) bad('dcp.host must be a non-empty string');
  if (!Number.isInteger(dcpPort) || dcpPort < 0 || dcpPort > 65535) bad('dcp.port must be an integer 0..65535');
  if (o.serial !== undefined && (typeof o.serial !== 'string' || o.serial.length === 0)) bad('serial must be a device path');
  const serialBaudRate = o.serialBaudRate ?? EMULATOR_DEFAULTS.serialBaudRate;
  if (!Number.isInteger(serialBaudRate) || serialBaudRate <= 0) bad('serialBaudRate must be a positive integer');
  if (o.stateDir !== undefined && (typeof o.stateDir !== 'string' || o.stateDir.length === 0)) bad('stateDir must be a directory path');
  const defects = o.defects ?? [];
  if (!Array.isArray(defects)) bad('defects must be an array of names');
  for (const d of defects) if (!isDefectName(d)) bad(`defects: unknown defect ${JSON.stringify(d)} (known: ${listDefects().map((x) => x.name).join(', ')})`);
  const seed = o.seed ?? EMULATOR_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed)) bad('seed must be an integer');
  const lang = o.lang ?? EMULATOR_DEFAULTS.lang;
  if (lang !== 'ru' && lang !== 'kz') bad("lang must be 'ru' or 'kz'");
  if (o.apduLog !== undefined && typeof o.apduLog !== 'function') bad('apduLog must be a function');
  if (o.clock !== undefined && (typeof o.clock.now !== 'function' || typeof o.clock.setTimeout !== 'function')) bad('clock must implement now/setTimeout/clearTimeout');
  if (o.virtualClock && o.clock !== undefined && !isVirtual(o.clock)) bad('virtualClock: the given clock is not a VirtualClock (no advance())');
  // explicit false keeps clock.advance off even with a VirtualClock (the core's rule)
  const virtualClock = o.virtualClock ?? isVirtual(o.clock);
  // A virtual clock we create under a state dir resumes where the last run left it, so a restart
  // does not put the register's time before its last document.
  const clock = o.clock ?? (virtualClock ? new VirtualClock(o.stateDir !== undefined ? readVirtualNow(o.stateDir) : undefined) : undefined);
  const ownVirtualClock = o.clock === undefined && virtualClock;
  return {
    profile,
    ofd,
    ...(clock ? { clock } : {}),
    virtualClock,
    defects,
    seed,
    lang,
    ...(o.apduLog ? { apduLog: o.apduLog } : {}),
    dcpHost,
    dcpPort,
    serialBaudRate,
    ...(o.serial !== undefined ? { serial: o.serial } : {}),
    ...(o.stateDir !== undefined ? { stateDir: o.stateDir, moduleImagePath: join(o.stateDir, MODULE_IMAGE_FILE) } : {}),
    persistence: o.stateDir !== undefined ? fileSettingsPersistence(o.stateDir) : memoryPersistence(),
    ownVirtualClock,
  };
}

export const VIRTUAL_CLOCK_FILE = 'virtual-clock.json';

function readVirtualNow(stateDir: string): number | undefined {
  const path = join(stateDir, VIRTUAL_CLOCK_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const now = (JSON.parse(readFileSync(path, 'utf8')) as { now?: unknown }).now;
    if (typeof now === 'number' && Number.isSafeInteger(now)) return now;
  } catch {
    // fall through
  }
  throw new EmulatorError('EMU_SETTINGS', `${path} is not { "now": epochMs }`);
}

function writeVirtualNow(stateDir: string, now: number): void {
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(join(stateDir, VIRTUAL_CLOCK_FILE), JSON.stringify({ now }) + '\n');
}

/** Saves the virtual time after every clock.advance (and at close) when the clock is ours. */
function persistVirtualTime(register: RegisterLike, stateDir: string, clock: Clock): RegisterLike {
  return {
    async handle(method, params) {
      try {
        return await register.handle(method, params);
      } finally {
        if (method === 'clock.advance') writeVirtualNow(stateDir, clock.now());
      }
    },
    onNotification: (cb) => register.onNotification(cb),
    async close() {
      writeVirtualNow(stateDir, clock.now());
      await register.close?.();
    },
  };
}

/** Starts a register made by `factory` behind DCP. startEmulator() binds the core's Register. */
export async function startEmulatorWith(factory: RegisterFactory, options: EmulatorOptions): Promise<RunningEmulator> {
  const r = resolveEmulatorOptions(options);
  const { dcpHost, dcpPort, serial, serialBaudRate, stateDir, ownVirtualClock, ...registerOptions } = r;
  const clock = registerOptions.clock ?? systemClock;
  const core = await factory({ ...registerOptions, clock });
  const register = ownVirtualClock && stateDir !== undefined ? persistVirtualTime(core, stateDir, clock) : core;
  let tcp: DcpTcpServer | undefined;
  let ser: DcpSerialServer | undefined;
  try {
    tcp = await serveDcpTcp(register, { host: dcpHost, port: dcpPort });
    if (serial !== undefined) ser = await serveDcpSerial(register, { path: serial, baudRate: serialBaudRate });
  } catch (err) {
    await tcp?.close();
    await register.close?.();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    dcpPort: tcp.port,
    dcpUrl: tcp.url,
    ...(ser ? { serialUrl: ser.url } : {}),
    register,
    clock,
    close() {
      closing ??= (async () => {
        await ser?.close();
        await tcp!.close();
        await register.close?.();
      })();
      return closing;
    },
  };
}
