// The small shared pieces the compiled codecs call: varint reading and writing with exactly the
// results of protobuf-es 2.13's BinaryReader/BinaryWriter, UTF-8 text, the encoder's scratch
// buffer, and BAIL — thrown whenever the fast path meets anything it does not handle exactly (a
// wire type the schema does not declare, an unknown field, an undeclared enum value, a value of an
// unexpected JS type, a missing required field when encoding…). The caller catches BAIL and runs
// the protobuf-es path on the same input, which then decides (result, issue or error).

/** Thrown (not an Error: no stack is captured) to leave the fast path. */
export const BAIL: { readonly bail: true } = Object.freeze({ bail: true });

export function isBail(e: unknown): boolean {
  return e === BAIL;
}

/** Mutable state the helpers hand back: position after a read, 64-bit halves. */
export interface ReadState { p: number; lo: number; hi: number }
export const R: ReadState = { p: 0, lo: 0, hi: 0 };

/**
 * Reads an unsigned 32-bit varint that starts at `p` (after its first byte turned out to have
 * the continuation bit) exactly as protobuf-es `varint32read`: 5th byte contributes 4 bits, up
 * to 10 bytes are consumed. Sets R.p; bails when the varint runs past `end` or over 10 bytes.
 */
export function rv32(b: Uint8Array, p: number, end: number): number {
  let x = b[p++]!;
  let v = x & 0x7f;
  if (x < 0x80) { if (p > end) throw BAIL; R.p = p; return v; }
  x = b[p++]!; v |= (x & 0x7f) << 7;
  if (x < 0x80) { if (p > end) throw BAIL; R.p = p; return v; }
  x = b[p++]!; v |= (x & 0x7f) << 14;
  if (x < 0x80) { if (p > end) throw BAIL; R.p = p; return v; }
  x = b[p++]!; v |= (x & 0x7f) << 21;
  if (x < 0x80) { if (p > end) throw BAIL; R.p = p; return v; }
  x = b[p++]!; v |= (x & 0x0f) << 28;
  for (let n = 5; (x & 0x80) !== 0 && n < 10; n++) x = b[p++]!;
  if ((x & 0x80) !== 0 || p > end || x === undefined) throw BAIL;
  R.p = p;
  return v >>> 0;
}

/**
 * A length (string, bytes, message, packed list): like rv32 but at most 4 bytes (< 256 MiB), so
 * that the value is exact — the wire-type scan reads lengths at full precision, protobuf-es
 * keeps 32 bits: on a 5-byte length they could disagree, and the fast path leaves it to them.
 */
export function rlen(b: Uint8Array, p: number, end: number): number {
  const start = p;
  const v = rv32(b, p, end);
  if (R.p - start > 4) throw BAIL;
  return v;
}

/** A tag: like rv32 but, as protobuf-es `tag()`, at most 5 bytes with the 5th ≤ 0x0f. */
export function rtag(b: Uint8Array, p: number, end: number): number {
  const start = p;
  const v = rv32(b, p, end);
  const n = R.p - start;
  if (n > 5 || (n === 5 && b[R.p - 1]! > 0x0f)) throw BAIL;
  return v;
}

/** A 64-bit varint into R.lo / R.hi exactly as protobuf-es `varint64read`. Sets R.p. */
export function rv64(b: Uint8Array, p: number, end: number): void {
  let lo = 0;
  let hi = 0;
  let x: number;
  for (let shift = 0; shift < 28; shift += 7) {
    x = b[p++]!;
    if (x === undefined) throw BAIL;
    lo |= (x & 0x7f) << shift;
    if ((x & 0x80) === 0) { if (p > end) throw BAIL; R.p = p; R.lo = lo; R.hi = 0; return; }
  }
  x = b[p++]!;
  if (x === undefined) throw BAIL;
  lo |= (x & 0x0f) << 28;
  hi = (x & 0x70) >> 4;
  if ((x & 0x80) === 0) { if (p > end) throw BAIL; R.p = p; R.lo = lo; R.hi = hi; return; }
  for (let shift = 3; shift <= 31; shift += 7) {
    x = b[p++]!;
    if (x === undefined) throw BAIL;
    hi |= (x & 0x7f) << shift;
    if ((x & 0x80) === 0) { if (p > end) throw BAIL; R.p = p; R.lo = lo; R.hi = hi; return; }
  }
  throw BAIL;
}

const dv = new DataView(new ArrayBuffer(8));

/** R.lo/R.hi as protobuf-es `protoInt64.uDec`. */
export function u64(): bigint {
  const lo = R.lo;
  const hi = R.hi;
  if (hi === 0 && lo >= 0) return BigInt(lo);
  dv.setInt32(0, lo, true);
  dv.setInt32(4, hi, true);
  return dv.getBigUint64(0, true);
}

/** R.lo/R.hi as protobuf-es `protoInt64.dec`. */
export function i64(): bigint {
  const lo = R.lo;
  const hi = R.hi;
  if (hi === 0 && lo >= 0) return BigInt(lo);
  dv.setInt32(0, lo, true);
  dv.setInt32(4, hi, true);
  return dv.getBigInt64(0, true);
}

const td = new TextDecoder();

/**
 * UTF-8 text of b[p, e) as protobuf-es reads it (a non-fatal TextDecoder): short ASCII and
 * two-byte sequences (Cyrillic) are decoded here, anything else goes to the TextDecoder itself.
 */
export function utf8(b: Uint8Array, p: number, e: number): string {
  if (e - p > 96) return td.decode(b.subarray(p, e));
  const start = p;
  const codes: number[] = [];
  while (p < e) {
    const c = b[p++]!;
    if (c < 0x80) { codes.push(c); continue; }
    if (c >= 0xc2 && c <= 0xdf && p < e) {
      const c2 = b[p]!;
      if ((c2 & 0xc0) === 0x80) { codes.push(((c & 0x1f) << 6) | (c2 & 0x3f)); p++; continue; }
    }
    return td.decode(b.subarray(start, e));
  }
  return String.fromCharCode.apply(null, codes);
}

// ----- writing ---------------------------------------------------------------------------------

/** The encoder's scratch buffer and write position (frames are copied out of it). */
export interface WriteState { b: Uint8Array; w: number }
export const W: WriteState = { b: new Uint8Array(8192), w: 0 };

/** Makes room for `n` more bytes at W.w. */
export function grow(n: number): void {
  const need = W.w + n;
  let size = W.b.length * 2;
  while (size < need) size *= 2;
  const nb = new Uint8Array(size);
  nb.set(W.b.subarray(0, W.w));
  W.b = nb;
}

/** A signed int32 as protobuf-es `varint32write` (negative → 10 bytes). Capacity: 10. */
export function wi32(v: number): void {
  const b = W.b;
  let w = W.w;
  if (v >= 0) {
    while (v > 0x7f) { b[w++] = (v & 0x7f) | 0x80; v = v >>> 7; }
    b[w++] = v;
  } else {
    for (let i = 0; i < 9; i++) { b[w++] = (v & 127) | 128; v = v >> 7; }
    b[w++] = 1;
  }
  W.w = w;
}

/** An unsigned int32 (already checked). Capacity: 5. */
export function wu32(v: number): void {
  const b = W.b;
  let w = W.w;
  while (v > 0x7f) { b[w++] = (v & 0x7f) | 0x80; v = v >>> 7; }
  b[w++] = v;
  W.w = w;
}

/** lo/hi as protobuf-es `varint64write`. Capacity: 10. */
function wv64(lo: number, hi: number): void {
  const b = W.b;
  let w = W.w;
  for (let i = 0; i < 28; i = i + 7) {
    const shift = lo >>> i;
    const hasNext = !(shift >>> 7 === 0 && hi === 0);
    b[w++] = (hasNext ? shift | 0x80 : shift) & 0xff;
    if (!hasNext) { W.w = w; return; }
  }
  const splitBits = ((lo >>> 28) & 0x0f) | ((hi & 0x07) << 4);
  const hasMoreBits = !(hi >> 3 === 0);
  b[w++] = (hasMoreBits ? splitBits | 0x80 : splitBits) & 0xff;
  if (!hasMoreBits) { W.w = w; return; }
  for (let i = 3; i < 31; i = i + 7) {
    const shift = hi >>> i;
    const hasNext = !(shift >>> 7 === 0);
    b[w++] = (hasNext ? shift | 0x80 : shift) & 0xff;
    if (!hasNext) { W.w = w; return; }
  }
  b[w++] = (hi >>> 31) & 0x01;
  W.w = w;
}

const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;
const U64_MAX = (1n << 64n) - 1n;

/** A uint64 value (bails unless a bigint in range, as protobuf-es would throw or convert). Capacity: 10. */
export function wu64(v: unknown): void {
  if (typeof v !== 'bigint') throw BAIL;
  if (v >= 0n && v <= 0x7fffffffn) { wu32(Number(v)); return; }
  if (v < 0n || v > U64_MAX) throw BAIL;
  dv.setBigUint64(0, v, true);
  wv64(dv.getInt32(0, true), dv.getInt32(4, true));
}

/** An int64 value (see wu64). Capacity: 10. */
export function wi64(v: unknown): void {
  if (typeof v !== 'bigint') throw BAIL;
  if (v >= 0n && v <= 0x7fffffffn) { wu32(Number(v)); return; }
  if (v < I64_MIN || v > I64_MAX) throw BAIL;
  dv.setBigInt64(0, v, true);
  wv64(dv.getInt32(0, true), dv.getInt32(4, true));
}

/** Bytes needed by a uint32 varint. */
function vlen(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/**
 * Writes the length of the data written since `at + 1` into the byte reserved at `at`: one byte
 * when under 128, else the data moves right to make room (as protobuf-es's fork/join, the length
 * is the minimal varint).
 */
export function fixLength(at: number): void {
  const len = W.w - at - 1;
  if (len < 0x80) { W.b[at] = len; return; }
  const n = vlen(len);
  if (W.w + n - 1 > W.b.length) grow(n - 1);
  const b = W.b;
  b.copyWithin(at + n, at + 1, W.w);
  W.w += n - 1;
  let v = len;
  let w = at;
  while (v > 0x7f) { b[w++] = (v & 0x7f) | 0x80; v = v >>> 7; }
  b[w] = v;
}

/**
 * A string as protobuf-es writes it (TextEncoder: lone surrogates become U+FFFD), length first.
 */
export function wstr(s: string): void {
  const n = s.length;
  if (W.w + 5 + n * 3 > W.b.length) grow(5 + n * 3);
  const b = W.b;
  const at = W.w;
  let w = at + 1; // one length byte reserved; fixLength moves the text when the length needs more
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) { b[w++] = c; continue; }
    if (c < 0x800) { b[w++] = 0xc0 | (c >> 6); b[w++] = 0x80 | (c & 0x3f); continue; }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[w++] = 0xf0 | (c >> 18); b[w++] = 0x80 | ((c >> 12) & 0x3f); b[w++] = 0x80 | ((c >> 6) & 0x3f); b[w++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    b[w++] = 0xe0 | (c >> 12); b[w++] = 0x80 | ((c >> 6) & 0x3f); b[w++] = 0x80 | (c & 0x3f);
  }
  W.w = w;
  fixLength(at);
}

/** Bytes, length first. */
export function wbytes(v: unknown): void {
  if (!(v instanceof Uint8Array)) throw BAIL;
  const n = v.length;
  if (W.w + 5 + n > W.b.length) grow(5 + n);
  wu32(n);
  W.b.set(v, W.w);
  W.w += n;
}

/** `$unknown` as protobuf-es writes it after the known fields: tag, then the raw data. */
export function wunknown(list: unknown): void {
  if (!Array.isArray(list)) throw BAIL;
  for (const u of list as { no: unknown; wireType: unknown; data: unknown }[]) {
    if (typeof u !== 'object' || u === null) throw BAIL;
    const { no, wireType, data } = u;
    if (typeof no !== 'number' || typeof wireType !== 'number' || !(data instanceof Uint8Array)) throw BAIL;
    const tag = ((no << 3) | wireType) >>> 0;
    if (W.w + 5 > W.b.length) grow(5);
    wu32(tag);
    if (W.w + data.length > W.b.length) grow(data.length);
    W.b.set(data, W.w);
    W.w += data.length;
  }
}
