// The receipt QR payload, reqs 33–35 and section 10 of ofd-protocol.md:
//   Protocol://URL?i=<fiscal sign>&f=<RNM>&s=<tenge.tiyn>&t=<YYYYMMDD>T<HHMMSS>
// `t` is the register's local time without a zone suffix; `s` has a dot and two fraction digits.
// An autonomous receipt carries its autonomous sign as `i` (req 34.1).
import { EmulatorError } from '../errors.js';

/** Kazakhtelecom's consumer check portal (the same default as protocol's buildQrUrl). */
export const DEFAULT_QR_BASE_URL = 'http://consumer.oofd.kz';
/** Asia/Almaty, UTC+5. */
export const DEFAULT_QR_TZ_OFFSET_MIN = 300;

export interface QrPayloadInput {
  /** the operator's fiscal sign (TicketResponse.ticket_number), or the autonomous sign offline */
  sign: string;
  /** registration number of the register (RNM), digits */
  rnm: string;
  /** receipt total in tiyn */
  sumTiyn: bigint | number;
  /** time of the receipt: epoch ms (shown at tzOffsetMin) or an ISO-8601 time with offset (its own local time) */
  at: number | string;
  /** @defaultValue 'http://consumer.oofd.kz' */
  baseUrl?: string;
  /** @defaultValue 300 (UTC+5); used only when `at` is epoch ms */
  tzOffsetMin?: number;
}

const p2 = (n: number) => String(n).padStart(2, '0');
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** `YYYYMMDDTHHMMSS` of `at` in the register's local time. */
export function qrTime(at: number | string, tzOffsetMin = DEFAULT_QR_TZ_OFFSET_MIN): string {
  if (typeof at === 'string') {
    const m = ISO_LOCAL.exec(at);
    if (!m || Number.isNaN(Date.parse(at))) throw new EmulatorError('EMU_QR', `at must be an ISO-8601 time with offset, got ${JSON.stringify(at)}`);
    return `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6] ?? '00'}`;
  }
  if (!Number.isFinite(at)) throw new EmulatorError('EMU_QR', `at must be epoch ms, got ${at}`);
  if (!Number.isInteger(tzOffsetMin)) throw new EmulatorError('EMU_QR', `tzOffsetMin must be an integer, got ${tzOffsetMin}`);
  const d = new Date(at + tzOffsetMin * 60_000); // the local wall clock, read through the UTC getters
  return `${String(d.getUTCFullYear()).padStart(4, '0')}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())}T${p2(d.getUTCHours())}${p2(d.getUTCMinutes())}${p2(d.getUTCSeconds())}`;
}

/** `tenge.tiyn` with two fraction digits. */
export function qrSum(sumTiyn: bigint | number): string {
  if (typeof sumTiyn === 'number' && !Number.isSafeInteger(sumTiyn)) throw new EmulatorError('EMU_QR', `sumTiyn must be an integer number of tiyn, got ${sumTiyn}`);
  const t = BigInt(sumTiyn);
  if (t < 0n) throw new EmulatorError('EMU_QR', `sumTiyn must not be negative, got ${t}`);
  return `${t / 100n}.${String(t % 100n).padStart(2, '0')}`;
}

/** The check URL that the receipt's QR code encodes. */
export function qrPayload(input: QrPayloadInput): string {
  const base = input.baseUrl ?? DEFAULT_QR_BASE_URL;
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s?#]+$/i.test(base)) throw new EmulatorError('EMU_QR', `baseUrl must be Protocol://URL without a query, got ${JSON.stringify(base)}`);
  // A sign is printed as is; characters that a URL query would need escaped are refused.
  if (typeof input.sign !== 'string' || !/^[A-Za-z0-9._~-]+$/.test(input.sign)) throw new EmulatorError('EMU_QR', `sign must be non-empty and URL-safe, got ${JSON.stringify(input.sign)}`);
  if (typeof input.rnm !== 'string' || !/^\d+$/.test(input.rnm)) throw new EmulatorError('EMU_QR', `rnm must be digits, got ${JSON.stringify(input.rnm)}`);
  return `${base}?i=${input.sign}&f=${input.rnm}&s=${qrSum(input.sumTiyn)}&t=${qrTime(input.at, input.tzOffsetMin)}`;
}
