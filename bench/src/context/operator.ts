// The operator side as cases see it: the frames the operator received and sent (ofd-mock
// ledger, normalised), waiting for frames, and the faults that take the link down.
import type { CaseContext, OperatorFaultSpec } from '../case.js';
import type { Evidence } from '../report/types.js';
import { poll } from './wait.js';

/** OFD command names (CommandTypeEnum without the prefix). */
export const COMMANDS: Record<number, string> = {
  0: 'SYSTEM', 1: 'TICKET', 2: 'CLOSE_SHIFT', 3: 'REPORT', 4: 'NOMENCLATURE', 5: 'INFO',
  6: 'MONEY_PLACEMENT', 7: 'CANCEL_TICKET', 8: 'AUTH', 9: 'OPEN_SHIFT', 100: 'QR_GENERATE', 101: 'QR_GET_STATUS', 127: 'RESERVED',
};

export type CommandName = 'SYSTEM' | 'TICKET' | 'CLOSE_SHIFT' | 'REPORT' | 'NOMENCLATURE' | 'INFO' | 'MONEY_PLACEMENT' | 'CANCEL_TICKET' | 'AUTH' | (string & {});

/** A ledger entry, normalised. */
export interface Frame {
  seq: number;
  at: number;
  kkmId: number | null;
  channel: number | null;
  direction: 'to-ofd' | 'to-kkm';
  command: CommandName | null;
  reqNum: number | null;
  token: number | null;
  rawHex: string | null;
  /** protobuf JSON of the message (lowerCamelCase names) */
  decoded: any;
  /** result code (answers; for requests the result the operator gave, when the ledger says) */
  result: number | null;
  /** the faults that acted on it */
  fault: unknown;
  /** what happened besides the frame ('dropped', 'reset', 'refused', …) */
  note: string | null;
  /** the frame never got through (dropped, refused, reset, truncated, undecodable) */
  lost: boolean;
  /** an exact retry answered from the stored answer */
  retry: boolean;
  violations: unknown[];
  /** the entry as the ledger gave it */
  entry: unknown;
}

export function commandName(c: unknown): CommandName | null {
  if (typeof c === 'number') return COMMANDS[c] ?? String(c);
  if (typeof c === 'string') return c.replace(/^COMMAND_(TYPE_)?/, '');
  return null;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return null;
}

function toHex(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return null;
}

/** Normalises one ledger entry (tolerant of naming differences). */
export function normaliseEntry(e: unknown): Frame {
  const x = (e ?? {}) as Record<string, any>;
  const dirRaw = String(x.direction ?? x.dir ?? 'to-ofd');
  const direction: 'to-ofd' | 'to-kkm' = /kkm|out|resp|answer/i.test(dirRaw) ? 'to-kkm' : 'to-ofd';
  const decoded = x.decoded ?? x.json ?? x.message ?? null;
  const command = commandName(x.command ?? decoded?.command);
  let result = num(x.result ?? x.resultCode);
  if (result === null && decoded?.result) result = num(decoded.result.resultCode ?? decoded.result.result_code);
  return {
    seq: num(x.seq) ?? 0,
    at: num(x.at) ?? (typeof x.at === 'string' ? Date.parse(x.at) : 0),
    kkmId: num(x.kkmId ?? x.deviceId ?? x.header?.deviceId),
    channel: num(x.channel),
    direction,
    command,
    reqNum: num(x.reqNum ?? x.header?.reqNum),
    token: num(x.token ?? x.header?.token),
    rawHex: toHex(x.raw ?? x.rawHex ?? x.bytes),
    decoded,
    result,
    fault: x.fault ?? x.faults ?? null,
    note: typeof x.note === 'string' ? x.note : null,
    lost: typeof x.note === 'string' && /dropped|refused|reset|truncated|undecodable|closed/.test(x.note),
    retry: x.retry === true,
    violations: Array.isArray(x.violations) ? x.violations : [],
    entry: e,
  };
}

/** A field of protobuf JSON by its proto (snake_case) or JSON (camelCase) name. */
export function field(obj: unknown, name: string): any {
  if (!obj || typeof obj !== 'object') return undefined;
  const o = obj as Record<string, unknown>;
  if (name in o) return o[name];
  const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return o[camel];
}

/** Follows a dotted path of snake_case names through protobuf JSON. */
export function path(obj: unknown, p: string): any {
  let cur: unknown = obj;
  for (const k of p.split('.')) cur = field(cur, k);
  return cur;
}

/** Money JSON ({bills, coins}) → tiyn. */
export function moneyTiyn(m: unknown): number | null {
  if (!m || typeof m !== 'object') return null;
  const bills = num(field(m, 'bills') ?? 0) ?? 0;
  const coins = num(field(m, 'coins') ?? 0) ?? 0;
  return bills * 100 + coins;
}

export interface FrameFilter {
  direction?: 'to-ofd' | 'to-kkm';
  command?: CommandName;
  channel?: number;
  /** only frames with seq > afterSeq */
  afterSeq?: number;
  kkmId?: number;
  /** include frames that never got through (dropped by a fault etc.) @defaultValue false */
  lost?: boolean;
}

/** The operator's ledger for this DUT, normalised and filtered, in seq order. */
export function frames(ctx: Pick<CaseContext, 'ofd' | 'profile'>, f: FrameFilter = {}): Frame[] {
  const kkmId = f.kkmId ?? ctx.profile.registration.kkmId;
  return ctx.ofd.ledger
    .entries()
    .map(normaliseEntry)
    .filter((x) => (x.kkmId === null || x.kkmId === kkmId)
      && (f.direction === undefined || x.direction === f.direction)
      && (f.command === undefined || x.command === f.command)
      && (f.channel === undefined || x.channel === f.channel)
      && (f.afterSeq === undefined || x.seq > f.afterSeq)
      && (f.lost === true || !x.lost))
    .sort((a, b) => a.seq - b.seq);
}

/** Requests the DUT sent (to-ofd), optionally of one command, after a ledger mark. */
export function requests(ctx: Pick<CaseContext, 'ofd' | 'profile'>, command?: CommandName, afterSeq?: number): Frame[] {
  const f: FrameFilter = { direction: 'to-ofd' };
  if (command !== undefined) f.command = command;
  if (afterSeq !== undefined) f.afterSeq = afterSeq;
  return frames(ctx, f);
}

/** The answer the operator sent to a request (same reqNum and channel, the first after it). */
export function answerTo(ctx: Pick<CaseContext, 'ofd' | 'profile'>, req: Frame): Frame | undefined {
  return frames(ctx, { direction: 'to-kkm', afterSeq: req.seq }).find((a) => a.reqNum === req.reqNum);
}

/** The highest ledger seq now (a mark to look for later frames). */
export function ledgerMark(ctx: Pick<CaseContext, 'ofd'>): number {
  let m = 0;
  for (const e of ctx.ofd.ledger.entries()) m = Math.max(m, normaliseEntry(e).seq);
  return m;
}

/** Waits (real time, default 2 s) for a frame matching `pred` after `afterSeq`. */
export function waitForFrame(ctx: Pick<CaseContext, 'ofd' | 'profile'>, pred: (f: Frame) => boolean, afterSeq = 0, timeoutMs = 2000): Promise<Frame | undefined> {
  return poll(() => frames(ctx, { afterSeq }).find(pred), timeoutMs);
}

export function frameEvidence(f: Frame, summary?: string): Evidence {
  return {
    kind: 'ofd.frame',
    summary: summary ?? `${f.direction} ${f.command ?? '?'} reqNum ${f.reqNum ?? '?'} channel ${f.channel ?? '?'}${f.result !== null && f.direction === 'to-kkm' ? ` result ${f.result}` : ''}`,
    data: { seq: f.seq, at: f.at, channel: f.channel, direction: f.direction, command: f.command, reqNum: f.reqNum, result: f.result, decoded: f.decoded, rawHex: f.rawHex, violations: f.violations },
    at: f.at,
  };
}

/** The fault names the context helpers install (removed by `linkUp`). */
export const LINK_DOWN_FAULT = 'case-link-down';

/**
 * Takes the link down for this DUT on every channel: `blackhole` drops the register's requests
 * (no answer ever comes, the connection stays open), `refuse` resets new connections.
 */
export async function linkDown(ctx: Pick<CaseContext, 'ofd' | 'profile'>, how: 'blackhole' | 'refuse' = 'blackhole'): Promise<void> {
  await linkUp(ctx);
  const kkmId = ctx.profile.registration.kkmId;
  if (how === 'blackhole') await ctx.ofd.faults.add({ name: LINK_DOWN_FAULT, kind: 'blackhole', direction: 'to-ofd', match: { kkmId } });
  else await ctx.ofd.faults.add({ name: LINK_DOWN_FAULT, kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } });
}

/** Removes the link-down fault (if any). */
export async function linkUp(ctx: Pick<CaseContext, 'ofd'>): Promise<void> {
  try {
    await ctx.ofd.faults.remove(LINK_DOWN_FAULT);
  } catch {
    /* not installed */
  }
}

/** Adds a fault, removing any previous one of the same name first. */
export async function addFault(ctx: Pick<CaseContext, 'ofd'>, spec: OperatorFaultSpec): Promise<void> {
  try {
    await ctx.ofd.faults.remove(spec.name);
  } catch {
    /* not there */
  }
  await ctx.ofd.faults.add(spec);
}

export async function removeFault(ctx: Pick<CaseContext, 'ofd'>, name: string): Promise<void> {
  try {
    await ctx.ofd.faults.remove(name);
  } catch {
    /* not there */
  }
}

/** Is a protobuf JSON enum value `name` (exactly, or PREFIX_name like OPERATION_SELL), or its number? */
export function enumIs(v: unknown, name: string, num: number): boolean {
  if (typeof v === 'number') return v === num;
  if (typeof v !== 'string') return false;
  if (v === name) return true;
  // OPERATION_SELL matches SELL, OPERATION_SELL_RETURN does not
  return /^[A-Z]+(_TYPE)?_/.test(v) && v.replace(/^(OPERATION|MONEY_PLACEMENT|REPORT|COMMAND)(_TYPE)?_/, '') === name;
}
