// The receipt check URL printed as a QR code (section 10 of ofd-protocol.md):
//   <scheme>://<check-host>[/path]?i=<ticket_number>&f=<RNM>&s=<total>&t=<YYYYMMDD>T<HHMMSS>
// `s` has a dot and 1–2 fraction digits on the way in ("1820.0", "696.90"); we write 2.
// `t` is the register's local time (UTC+5 by default), no zone suffix.
import { create } from '@bufbuild/protobuf';
import { DateTimeSchema, type DateTime } from './gen/ofd-protocol_pb.js';
import { issue, ProtocolError, type Decoded, type Issue } from './errors.js';
import { formatTiyn } from './money.js';
import { DEFAULT_TZ_OFFSET_MIN, fromOfdDateTime, toOfdDateTime } from './time.js';

/** Kazakhtelecom's consumer check portal. */
export const DEFAULT_QR_BASE_URL = 'http://consumer.oofd.kz';

export interface QrUrlInput {
  /** TicketResponse.ticket_number (digits), or offline the register's autonomous sign (req 34.1): URL-safe characters [A-Za-z0-9._~-] */
  fiscalSign: string;
  /** RNM, KkmRegInfo.fns_kkm_id (12 digits) */
  rnm: string;
  /** receipt total in tiyn */
  sumTiyn: bigint | number;
  /** time of the receipt: epoch ms (converted at tzOffsetMin) or the receipt's DateTime */
  at: number | DateTime;
  /** @defaultValue 'http://consumer.oofd.kz' */
  baseUrl?: string;
  /** @defaultValue 300 (UTC+5) */
  tzOffsetMin?: number;
}

export interface QrUrlInfo {
  baseUrl: string;
  fiscalSign: string;
  rnm: string;
  sumTiyn: bigint;
  dateTime: DateTime;
  /** epoch ms of `dateTime` read at tzOffsetMin */
  at: number;
}

const p2 = (n: number) => String(n).padStart(2, '0');
/** a fiscal sign (digits online) or an autonomous sign (offline): unreserved URL characters */
const SIGN = /^[A-Za-z0-9._~-]+$/;

export function buildQrUrl(input: QrUrlInput): string {
  const base = input.baseUrl ?? DEFAULT_QR_BASE_URL;
  if (!/^https?:\/\/[^\s#]+$/.test(base)) throw new ProtocolError('PROTO_BAD_OPTION', `baseUrl must be an http(s) URL, got ${JSON.stringify(base)}`);
  if (!SIGN.test(input.fiscalSign)) throw new ProtocolError('PROTO_BAD_QR_URL', `fiscalSign must be non-empty URL-safe characters [A-Za-z0-9._~-], got ${JSON.stringify(input.fiscalSign)}`);
  if (!/^\d+$/.test(input.rnm)) throw new ProtocolError('PROTO_BAD_QR_URL', `rnm must be digits, got ${JSON.stringify(input.rnm)}`);
  if (typeof input.sumTiyn === 'number' && !Number.isSafeInteger(input.sumTiyn)) throw new ProtocolError('PROTO_BAD_QR_URL', `sumTiyn must be an integer number of tiyn, got ${input.sumTiyn}`);
  const sum = BigInt(input.sumTiyn);
  if (sum < 0n) throw new ProtocolError('PROTO_BAD_QR_URL', `sumTiyn must not be negative, got ${sum}`);
  const dt = typeof input.at === 'number' ? toOfdDateTime(input.at, input.tzOffsetMin ?? DEFAULT_TZ_OFFSET_MIN) : input.at;
  const d = dt.date;
  const t = dt.time;
  if (!d || !t) throw new ProtocolError('PROTO_BAD_QR_URL', 'at: DateTime needs date and time');
  const ts = `${String(d.year).padStart(4, '0')}${p2(d.month)}${p2(d.day)}T${p2(t.hour)}${p2(t.minute)}${p2(t.second ?? 0)}`;
  return `${base}${base.includes('?') ? '&' : '?'}i=${input.fiscalSign}&f=${input.rnm}&s=${formatTiyn(sum)}&t=${ts}`;
}

/** Parses a check URL; every problem is reported. */
export function parseQrUrl(url: string, tzOffsetMin = DEFAULT_TZ_OFFSET_MIN): Decoded<QrUrlInfo> {
  const issues: Issue[] = [];
  const bad = (path: string, message: string) => issues.push(issue('PROTO_BAD_QR_URL', path, message));
  const q = url.indexOf('?');
  if (q < 0) return { ok: false, issues: [issue('PROTO_BAD_QR_URL', '$', 'no query string')] };
  const baseUrl = url.slice(0, q);
  if (!/^https?:\/\/[^\s?#/]+(\/[^\s?#]*)?$/.test(baseUrl)) bad('$.baseUrl', `not an http(s) URL: ${JSON.stringify(baseUrl)}`);
  const params = new URLSearchParams(url.slice(q + 1));
  const one = (k: string): string => {
    const all = params.getAll(k);
    if (all.length !== 1) { bad(`$.${k}`, all.length ? `parameter ${k} appears ${all.length} times` : `parameter ${k} is missing`); return ''; }
    return all[0]!;
  };
  const fiscalSign = one('i');
  const rnm = one('f');
  const s = one('s');
  const t = one('t');
  if (fiscalSign && !SIGN.test(fiscalSign)) bad('$.i', `i must be a fiscal sign of URL-safe characters, got ${JSON.stringify(fiscalSign)}`);
  if (rnm && !/^\d{12,}$/.test(rnm)) bad('$.f', `f (RNM) must be at least 12 digits (req 40.2), got ${JSON.stringify(rnm)}`);
  let sumTiyn = 0n;
  const sm = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (s && !sm) bad('$.s', `s must be a decimal with 0-2 fraction digits, got ${JSON.stringify(s)}`);
  else if (sm) sumTiyn = BigInt(sm[1]!) * 100n + BigInt((sm[2] ?? '').padEnd(2, '0'));
  let dateTime = create(DateTimeSchema, {});
  const tm = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(t);
  if (t && !tm) bad('$.t', `t must be YYYYMMDDTHHMMSS, got ${JSON.stringify(t)}`);
  else if (tm) {
    const [year, month, day, hour, minute, second] = tm.slice(1).map(Number) as [number, number, number, number, number, number];
    const probe = new globalThis.Date(globalThis.Date.UTC(year, month - 1, day, hour, minute, second));
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) bad('$.t', `t is not a valid date and time: ${t}`);
    dateTime = create(DateTimeSchema, { date: { year, month, day }, time: { hour, minute, second } });
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { baseUrl, fiscalSign, rnm, sumTiyn, dateTime, at: fromOfdDateTime(dateTime, tzOffsetMin) } };
}
