// The 18-byte little-endian frame header (section 3 of ofd-protocol.md), on its own.
//   0 APPCODE u16 | 2 VERSION u16 | 4 SIZE u32 (total, header included) | 8 ID u32 | 12 TOKEN u32 | 16 REQNUM u16
import { issue, ProtocolError, type Decoded, type Issue } from './errors.js';

export const APP_CODE = 0x81a2;
export const HEADER_SIZE = 18;
/** Default upper bound for SIZE (1 MiB). */
export const DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;

export type ProtocolVersion = 202 | 203 | 204;
export const SUPPORTED_VERSIONS: readonly ProtocolVersion[] = [202, 203, 204];

export function isSupportedVersion(v: number): v is ProtocolVersion {
  return v === 202 || v === 203 || v === 204;
}

export interface FrameHeader {
  appCode: number;
  version: ProtocolVersion;
  /** total frame length, header included */
  size: number;
  deviceId: number;
  token: number;
  reqNum: number;
}

/** What a sender chooses; appCode is constant and size is computed. */
export interface FrameMeta {
  version: ProtocolVersion;
  deviceId: number;
  token: number;
  reqNum: number;
}

/** The header fields as read, before any check (what a tolerant caller may still want to see). */
export interface RawHeader {
  appCode: number;
  version: number;
  size: number;
  deviceId: number;
  token: number;
  reqNum: number;
}

export interface HeaderCheckOptions {
  /** @defaultValue 1 MiB */
  maxSize?: number;
}

/** Validates the `maxSize` option once (undefined → 1 MiB); throws PROTO_BAD_OPTION naming the option. */
export function resolveMaxSize(maxSize: number | undefined): number {
  const m = maxSize ?? DEFAULT_MAX_FRAME_SIZE;
  if (!Number.isInteger(m) || m < HEADER_SIZE || m > 0xffffffff) {
    throw new ProtocolError('PROTO_BAD_OPTION', `maxSize must be an integer ${HEADER_SIZE}..4294967295, got ${String(maxSize)}`);
  }
  return m;
}

/** Reads the 18 header bytes without judging them; null when fewer than 18 bytes. */
export function readRawHeader(bytes: Uint8Array, offset = 0): RawHeader | null {
  if (bytes.length - offset < HEADER_SIZE) return null;
  if (!Number.isInteger(offset) || offset < 0) return readRawHeaderView(bytes, offset);
  // little-endian, read byte by byte (no DataView per header)
  const b = bytes;
  const o = offset;
  return {
    appCode: b[o]! | (b[o + 1]! << 8),
    version: b[o + 2]! | (b[o + 3]! << 8),
    size: (b[o + 4]! | (b[o + 5]! << 8) | (b[o + 6]! << 16) | (b[o + 7]! << 24)) >>> 0,
    deviceId: (b[o + 8]! | (b[o + 9]! << 8) | (b[o + 10]! << 16) | (b[o + 11]! << 24)) >>> 0,
    token: (b[o + 12]! | (b[o + 13]! << 8) | (b[o + 14]! << 16) | (b[o + 15]! << 24)) >>> 0,
    reqNum: b[o + 16]! | (b[o + 17]! << 8),
  };
}

/** readRawHeader as it was (a DataView): kept for odd offsets, which it handles its own way. */
function readRawHeaderView(bytes: Uint8Array, offset: number): RawHeader {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + offset, HEADER_SIZE);
  return {
    appCode: dv.getUint16(0, true),
    version: dv.getUint16(2, true),
    size: dv.getUint32(4, true),
    deviceId: dv.getUint32(8, true),
    token: dv.getUint32(12, true),
    reqNum: dv.getUint16(16, true),
  };
}

/** Every problem with a raw header (app code, version, size bounds). */
export function checkRawHeader(h: RawHeader, maxSize = DEFAULT_MAX_FRAME_SIZE): Issue[] {
  const issues: Issue[] = [];
  if (h.appCode !== APP_CODE) {
    issues.push(issue('PROTO_BAD_APPCODE', '$.header.appCode', `application code 0x${h.appCode.toString(16).padStart(4, '0')} is not 0x81a2`));
  }
  if (!isSupportedVersion(h.version)) {
    issues.push(issue('PROTO_UNSUPPORTED_VERSION', '$.header.version', `protocol version ${h.version} is not supported (${SUPPORTED_VERSIONS.join(', ')})`));
  }
  if (h.size < HEADER_SIZE) {
    issues.push(issue('PROTO_SIZE_TOO_SMALL', '$.header.size', `frame size ${h.size} is below the header size ${HEADER_SIZE}`));
  } else if (h.size > maxSize) {
    issues.push(issue('PROTO_SIZE_TOO_LARGE', '$.header.size', `frame size ${h.size} exceeds the maximum ${maxSize}`));
  }
  return issues;
}

/** Decodes and checks a header from the first 18 bytes of `bytes`. Throws only for an invalid `maxSize` option. */
export function decodeHeader(bytes: Uint8Array, opts: HeaderCheckOptions = {}): Decoded<FrameHeader> {
  const raw = readRawHeader(bytes);
  if (!raw) {
    return { ok: false, issues: [issue('PROTO_HEADER_SHORT', '$.header', `${bytes.length} bytes, a header needs ${HEADER_SIZE}`)] };
  }
  const issues = checkRawHeader(raw, resolveMaxSize(opts.maxSize));
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, value: raw as FrameHeader };
}

function checkUint(name: string, v: number, max: number): void {
  if (!Number.isInteger(v) || v < 0 || v > max) {
    throw new ProtocolError('PROTO_BAD_HEADER_FIELD', `header ${name} must be an integer 0..${max}, got ${v}`);
  }
}

/**
 * Encodes a header. `size` is the total frame size (18 + payload); appCode defaults to 0x81A2.
 * Any uint16 version is accepted (so tests can forge old ones). Throws PROTO_BAD_HEADER_FIELD on out-of-range values.
 */
export function encodeHeader(h: Omit<RawHeader, 'appCode'> & { appCode?: number }, out = new Uint8Array(HEADER_SIZE), offset = 0): Uint8Array {
  writeHeader(out, offset, h.appCode ?? APP_CODE, h.version, h.size, h.deviceId, h.token, h.reqNum);
  return out;
}

/** encodeHeader without the object: same checks in the same order, bytes written directly (little-endian). */
export function writeHeader(out: Uint8Array, offset: number, appCode: number, version: number, size: number, deviceId: number, token: number, reqNum: number): void {
  checkUint('appCode', appCode, 0xffff);
  checkUint('version', version, 0xffff);
  checkUint('size', size, 0xffffffff);
  checkUint('deviceId', deviceId, 0xffffffff);
  checkUint('token', token, 0xffffffff);
  checkUint('reqNum', reqNum, 0xffff);
  if (!(offset >= 0 && offset + HEADER_SIZE <= out.length)) {
    new DataView(out.buffer, out.byteOffset + offset, HEADER_SIZE); // throws the RangeError it always did
  }
  out[offset] = appCode; out[offset + 1] = appCode >>> 8;
  out[offset + 2] = version; out[offset + 3] = version >>> 8;
  out[offset + 4] = size; out[offset + 5] = size >>> 8; out[offset + 6] = size >>> 16; out[offset + 7] = size >>> 24;
  out[offset + 8] = deviceId; out[offset + 9] = deviceId >>> 8; out[offset + 10] = deviceId >>> 16; out[offset + 11] = deviceId >>> 24;
  out[offset + 12] = token; out[offset + 13] = token >>> 8; out[offset + 14] = token >>> 16; out[offset + 15] = token >>> 24;
  out[offset + 16] = reqNum; out[offset + 17] = reqNum >>> 8;
}
