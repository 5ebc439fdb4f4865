// Options of the operator mock: one object, defaults in one constant, checked once.
import { OfdMockError } from './errors.js';

/** The injected clock (same shape as protocol's `Clock`; any structurally equal object fits). */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A register as provisioned in the operator's cabinet: the `registration` object of the DCP device profile. */
export interface Registration {
  kkmId: number;
  token: number;
  /** RNM, the tax authority's registration number (12 digits) */
  rnm: string;
  /** factory number (ZNM) */
  serial: string;
  org: { title: string; iin: string; address: string; okved?: string; addressKz?: string };
  pos: { title: string; address: string; addressKz?: string };
}

export interface Cashier { login: string; password: string; code: number; name: string; roles: number[] }

export interface OfdMockOptions {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** one listening port per channel (index = channel); 0 = any free port. @defaultValue [0] */
  ports?: number[];
  /** port of the HTTP control API; omit for none (0 = any free port) */
  controlPort?: number;
  /** token the control API requires (`Authorization: Bearer …`); random when omitted */
  controlToken?: string;
  /** @defaultValue the wall clock */
  clock?: Clock;
  /** seed of fiscal signs, rotated tokens, jitter and fault probabilities. @defaultValue 1 */
  seed?: number;
  /** SQLite file for the ledger and register state (survives a restart); omit for memory only */
  dbPath?: string;
  /** accept an unknown register on first contact and record it. @defaultValue false */
  autoRegister?: boolean;
  /** a request that breaks the reference is answered 3/13 (strict) or answered normally and recorded (tolerant). @defaultValue true */
  strict?: boolean;
  /** registers known from the start */
  provision?: Registration[];
  /** largest accepted frame in bytes. @defaultValue 1 MiB */
  maxFrameSize?: number;
  /** after this much open shift, answers are 11 except for the offline backlog. @defaultValue 24 h */
  shiftLimitMs?: number;
  /**
   * which answers become 11 once the shift is too old: 'fiscal' = TICKET, MONEY_PLACEMENT, REPORT
   * (SYSTEM, INFO, AUTH, NOMENCLATURE still answered); 'all' = everything but CLOSE_SHIFT, as the
   * reference words it. The offline backlog is always exempt. @defaultValue 'fiscal'
   */
  shiftLimitScope?: 'fiscal' | 'all';
  /** rotate the token in answers to TICKET, CLOSE_SHIFT, MONEY_PLACEMENT, CANCEL_TICKET. @defaultValue true */
  rotateTokens?: boolean;
  /** base of the check URL in `qr_code`. @defaultValue 'http://consumer.test-oofd.kz' */
  qrBaseUrl?: string;
  /** registers' local time offset from UTC in minutes (Asia/Almaty). @defaultValue 300 */
  tzOffsetMin?: number;
  /** ledger entries kept in memory (oldest dropped first). @defaultValue 100000 */
  ledgerLimit?: number;
  /** an auto-registered register stays 'pending' this long before it is registered. @defaultValue 0 */
  registrationDelayMs?: number;
  /** logins that COMMAND_AUTH accepts */
  cashiers?: Cashier[];
  /** close a connection after this much clock time without a frame from the register (0 = never). @defaultValue 0 */
  idleTimeoutMs?: number;
}

export const OFD_MOCK_DEFAULTS = {
  host: '127.0.0.1',
  ports: [0] as number[],
  seed: 1,
  autoRegister: false,
  strict: true,
  maxFrameSize: 1024 * 1024,
  shiftLimitMs: 24 * 3600_000,
  shiftLimitScope: 'fiscal' as 'fiscal' | 'all',
  rotateTokens: true,
  qrBaseUrl: 'http://consumer.test-oofd.kz',
  tzOffsetMin: 300,
  ledgerLimit: 100_000,
  registrationDelayMs: 0,
  cashiers: [{ login: 'cashier', password: '1234', code: 1, name: 'Кассир', roles: [1] }] as Cashier[],
  idleTimeoutMs: 0,
} as const;

export interface ResolvedOfdMockOptions {
  host: string; ports: number[]; controlPort: number | undefined; controlToken: string | undefined; clock: Clock | undefined;
  seed: number; dbPath: string | undefined; autoRegister: boolean; strict: boolean; provision: Registration[];
  maxFrameSize: number; shiftLimitMs: number; shiftLimitScope: 'fiscal' | 'all'; rotateTokens: boolean; qrBaseUrl: string; tzOffsetMin: number;
  ledgerLimit: number; registrationDelayMs: number; cashiers: Cashier[]; idleTimeoutMs: number;
}

const isPort = (p: unknown): p is number => Number.isInteger(p) && (p as number) >= 0 && (p as number) <= 65535;

export function resolveOptions(o: OfdMockOptions = {}): ResolvedOfdMockOptions {
  const bad = (m: string): never => { throw new OfdMockError('OFDM_BAD_OPTION', m); };
  if (o === null || typeof o !== 'object') bad('options must be an object');
  const r = { ...OFD_MOCK_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) } as unknown as ResolvedOfdMockOptions;
  if (typeof r.host !== 'string' || r.host === '') bad('host must be a non-empty string');
  if (!Array.isArray(r.ports) || r.ports.length === 0 || !r.ports.every(isPort)) bad('ports must be a non-empty array of integers 0..65535');
  if (o.controlPort !== undefined && !isPort(o.controlPort)) bad('controlPort must be an integer 0..65535');
  if (o.controlToken !== undefined && (typeof o.controlToken !== 'string' || o.controlToken.length < 1)) bad('controlToken must be a non-empty string');
  if (o.clock !== undefined && (typeof o.clock?.now !== 'function' || typeof o.clock.setTimeout !== 'function' || typeof o.clock.clearTimeout !== 'function')) bad('clock must have now, setTimeout and clearTimeout');
  if (!Number.isInteger(r.seed)) bad('seed must be an integer');
  if (o.dbPath !== undefined && (typeof o.dbPath !== 'string' || o.dbPath === '')) bad('dbPath must be a non-empty string');
  for (const k of ['autoRegister', 'strict', 'rotateTokens'] as const) if (typeof r[k] !== 'boolean') bad(`${k} must be a boolean`);
  if (!Array.isArray(r.provision ?? [])) bad('provision must be an array of registrations');
  if (!Number.isInteger(r.maxFrameSize) || r.maxFrameSize < 18) bad('maxFrameSize must be an integer >= 18');
  if (!(r.shiftLimitMs > 0)) bad('shiftLimitMs must be a positive number');
  if (r.shiftLimitScope !== 'fiscal' && r.shiftLimitScope !== 'all') bad("shiftLimitScope must be 'fiscal' or 'all'");
  if (typeof r.qrBaseUrl !== 'string' || !/^[a-z]+:\/\//i.test(r.qrBaseUrl)) bad('qrBaseUrl must be a URL with a scheme');
  if (!Number.isInteger(r.tzOffsetMin) || Math.abs(r.tzOffsetMin) > 14 * 60) bad('tzOffsetMin must be an integer within ±840');
  if (!Number.isInteger(r.ledgerLimit) || r.ledgerLimit < 0) bad('ledgerLimit must be a non-negative integer');
  if (!(r.registrationDelayMs >= 0)) bad('registrationDelayMs must be a non-negative number');
  if (!Array.isArray(r.cashiers)) bad('cashiers must be an array');
  if (!(typeof r.idleTimeoutMs === 'number' && r.idleTimeoutMs >= 0)) bad('idleTimeoutMs must be a non-negative number');
  const provision = (r.provision ?? []).map((reg, i) => {
    const errs = checkRegistration(reg);
    if (errs.length) bad(`provision[${i}]: ${errs.join('; ')}`);
    return reg;
  });
  return {
    host: r.host, ports: [...r.ports], controlPort: o.controlPort, controlToken: o.controlToken, clock: o.clock,
    seed: r.seed, dbPath: o.dbPath, autoRegister: r.autoRegister, strict: r.strict, provision,
    maxFrameSize: r.maxFrameSize, shiftLimitMs: r.shiftLimitMs, shiftLimitScope: r.shiftLimitScope, rotateTokens: r.rotateTokens, qrBaseUrl: r.qrBaseUrl,
    tzOffsetMin: r.tzOffsetMin, ledgerLimit: r.ledgerLimit, registrationDelayMs: r.registrationDelayMs, cashiers: [...r.cashiers],
    idleTimeoutMs: r.idleTimeoutMs,
  };
}

/** Every problem with a Registration (empty = valid). */
export function checkRegistration(reg: unknown): string[] {
  const e: string[] = [];
  const r = reg as Partial<Registration> | null;
  if (!r || typeof r !== 'object') return ['registration must be an object'];
  if (!Number.isInteger(r.kkmId) || (r.kkmId as number) < 0 || (r.kkmId as number) > 0xffffffff) e.push('kkmId must be a uint32');
  if (!Number.isInteger(r.token) || (r.token as number) < 0 || (r.token as number) > 0xffffffff) e.push('token must be a uint32');
  if (typeof r.rnm !== 'string' || r.rnm === '') e.push('rnm must be a non-empty string');
  if (typeof r.serial !== 'string' || r.serial === '') e.push('serial must be a non-empty string');
  if (!r.org || typeof r.org !== 'object') e.push('org must be an object { title, iin, address }');
  else for (const k of ['title', 'iin', 'address'] as const) if (typeof r.org[k] !== 'string') e.push(`org.${k} must be a string`);
  if (!r.pos || typeof r.pos !== 'object') e.push('pos must be an object { title, address }');
  else for (const k of ['title', 'address'] as const) if (typeof r.pos[k] !== 'string') e.push(`pos.${k} must be a string`);
  return e;
}
