// Param validation of every DCP method against the shapes of dcp.md, before the handler runs.
// Every problem is collected (path + message); the server answers -32602 with all of them.
// Only types and ranges are checked here; rules of the domain (a payment total that does not
// cover the receipt, an RNM shorter than 12 characters, …) are the register's to refuse.
import { DcpInvalidParams } from './handler.js';
import { MODES, OPERATIONS, PAYMENT_TYPES, type DcpMethod } from './types.js';

export interface ParamIssue {
  path: string;
  message: string;
}

type Check = (v: unknown, path: string, out: ParamIssue[]) => void;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str =
  (opts: { nonEmpty?: boolean; pattern?: RegExp; what?: string } = {}): Check =>
  (v, path, out) => {
    if (typeof v !== 'string') return void out.push({ path, message: 'must be a string' });
    if (opts.nonEmpty && v.length === 0) return void out.push({ path, message: 'must not be empty' });
    if (opts.pattern && !opts.pattern.test(v)) out.push({ path, message: `must be ${opts.what ?? `a string matching ${opts.pattern}`}` });
  };

const int =
  (min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER): Check =>
  (v, path, out) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) return void out.push({ path, message: 'must be an integer' });
    if (v < min || v > max) out.push({ path, message: `must be an integer in ${min}..${max}` });
  };

const num =
  (min: number, max: number): Check =>
  (v, path, out) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return void out.push({ path, message: 'must be a number' });
    if (v < min || v > max) out.push({ path, message: `must be a number in ${min}..${max}` });
  };

const bool: Check = (v, path, out) => {
  if (typeof v !== 'boolean') out.push({ path, message: 'must be a boolean' });
};

const oneOf =
  (values: readonly string[]): Check =>
  (v, path, out) => {
    if (typeof v !== 'string' || !values.includes(v)) out.push({ path, message: `must be one of ${values.join(', ')}` });
  };

const anyObject: Check = (v, path, out) => {
  if (!isObj(v)) out.push({ path, message: 'must be an object' });
};

const arr =
  (item: Check, opts: { min?: number } = {}): Check =>
  (v, path, out) => {
    if (!Array.isArray(v)) return void out.push({ path, message: 'must be an array' });
    if (opts.min !== undefined && v.length < opts.min) out.push({ path, message: `must have at least ${opts.min} element(s)` });
    v.forEach((x, i) => item(x, `${path}[${i}]`, out));
  };

/** An object with exactly these fields (`?` suffix = optional); unknown fields are refused. */
const obj = (fields: Record<string, Check>): Check => {
  // the field table is built once per shape, not on every call
  const known = new Map<string, { check: Check; optional: boolean }>();
  for (const [k, check] of Object.entries(fields)) {
    const optional = k.endsWith('?');
    known.set(optional ? k.slice(0, -1) : k, { check, optional });
  }
  return (v, path, out) => {
    if (!isObj(v)) return void out.push({ path, message: 'must be an object' });
    for (const [k, { check, optional }] of known) {
      if (!(k in v) || v[k] === undefined) {
        if (!optional) out.push({ path: `${path}.${k}`, message: 'is required' });
        continue;
      }
      check(v[k], `${path}.${k}`, out);
    }
    for (const k of Object.keys(v)) if (!known.has(k)) out.push({ path: `${path}.${k}`, message: 'is not a parameter of this method' });
  };
};

// ISO-8601 with an explicit offset (or Z), as dcp.md writes times.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const isoTime: Check = (v, path, out) => {
  str({ pattern: ISO_WITH_OFFSET, what: 'an ISO-8601 time with offset, e.g. 2026-11-22T10:15:00.000+05:00' })(v, path, out);
  if (typeof v === 'string' && ISO_WITH_OFFSET.test(v) && Number.isNaN(Date.parse(v))) out.push({ path, message: 'is not a valid date/time' });
};
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const base64 = str({ pattern: BASE64, what: 'base64' });

const money = int(0);
const empty = obj({});

const receipt = obj({
  operation: oneOf(OPERATIONS),
  items: arr(
    obj({
      name: str({ nonEmpty: true }),
      price: money,
      quantity: int(1),
      'section?': int(0),
      'markingCode?': str({ nonEmpty: true }),
      'taxPercent?': num(0, 100),
    }),
    { min: 1 },
  ),
  payments: arr(obj({ type: oneOf(PAYMENT_TYPES), sum: money }), { min: 1 }),
  'customerIin?': str({ nonEmpty: true }),
  'parentNumber?': int(1),
  'idempotencyKey?': str({ nonEmpty: true }),
});

const channel = obj({
  name: str({ nonEmpty: true }),
  host: str({ nonEmpty: true }),
  port: int(1, 65535),
  priority: int(),
  enabled: bool,
});

/** The params shape of every DCP method of dcp.md. */
export const PARAM_SHAPES: Readonly<Record<DcpMethod, Check>> = {
  'dcp.hello': empty,
  'power.on': empty,
  'power.off': obj({ 'abrupt?': bool }),
  'clock.get': empty,
  'clock.advance': obj({ ms: int(0) }),
  'clock.set': obj({ now: isoTime, password: str() }),
  'session.login': obj({ mode: oneOf(MODES), password: str() }),
  'session.logout': empty,
  'receipt.create': receipt,
  'cash.deposit': obj({ sum: money }),
  'cash.withdraw': obj({ sum: money }),
  'report.x': empty,
  'report.z': empty,
  'report.sections': empty,
  'report.cashiers': empty,
  'settings.get': empty,
  'settings.set': obj({
    'rnm?': str({ nonEmpty: true }),
    'kkmId?': int(0),
    'serial?': str({ nonEmpty: true }),
    'token?': int(0),
    'channels?': arr(channel),
    'languages?': arr(str({ nonEmpty: true })),
  }),
  'selftest.run': empty,
  'scanner.scan': obj({ code: str({ nonEmpty: true }) }),
  'printer.paper': obj({ present: bool }),
  'firmware.install': obj({ image: base64, signature: base64 }),
  'journal.read': obj({ 'fromNumber?': int(0), 'toNumber?': int(0) }),
  'journal.tamper': obj({ number: int(0), patch: anyObject }),
  'state.get': empty,
};

/** Every problem with `params` for `method`; [] when valid or when the method is not a dcp.md method. */
export function paramIssues(method: string, params: unknown): ParamIssue[] {
  const shape = (PARAM_SHAPES as Record<string, Check | undefined>)[method];
  if (shape === undefined) return [];
  const out: ParamIssue[] = [];
  shape(params, '$', out);
  return out;
}

/** Throws DcpInvalidParams listing every problem. */
export function assertParams(method: string, params: unknown): void {
  const issues = paramIssues(method, params);
  if (issues.length === 0) return;
  const text = issues.map((i) => `${i.path} ${i.message}`).join('; ');
  throw new DcpInvalidParams(`invalid params for ${method}: ${text}`, issues[0]!.path, issues);
}
