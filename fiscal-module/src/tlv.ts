// A small BER-TLV subset: one-byte tags, definite lengths (short form, 81 xx, 82 xx xx, 83 xx xx xx).
// Response data of every command is a sequence of these. Also big-endian integer helpers.

export interface Tlv { tag: number; value: Uint8Array }

export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  b[0] = n >>> 24; b[1] = (n >>> 16) & 0xff; b[2] = (n >>> 8) & 0xff; b[3] = n & 0xff;
  return b;
}

export function u64(n: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
  if (typeof n === 'number' && n >= 0 && n <= Number.MAX_SAFE_INTEGER) {
    const hi = Math.floor(n / 0x1_0000_0000);
    const lo = n >>> 0;
    b[0] = hi >>> 24; b[1] = (hi >>> 16) & 0xff; b[2] = (hi >>> 8) & 0xff; b[3] = hi & 0xff;
    b[4] = lo >>> 24; b[5] = (lo >>> 16) & 0xff; b[6] = (lo >>> 8) & 0xff; b[7] = lo & 0xff;
    return b;
  }
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
}

export function readU32(b: Uint8Array, off = 0): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(off);
}

export function readU64(b: Uint8Array, off = 0): bigint {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(off);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

function lengthSize(n: number): number {
  return n < 0x80 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : 4;
}

export function encodeTlv(items: readonly Tlv[]): Uint8Array {
  let total = 0;
  for (const { value } of items) total += 1 + lengthSize(value.length) + value.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const { tag, value } of items) {
    const n = value.length;
    out[o++] = tag;
    if (n < 0x80) out[o++] = n;
    else if (n <= 0xff) { out[o++] = 0x81; out[o++] = n; }
    else if (n <= 0xffff) { out[o++] = 0x82; out[o++] = n >> 8; out[o++] = n & 0xff; }
    else { out[o++] = 0x83; out[o++] = (n >> 16) & 0xff; out[o++] = (n >> 8) & 0xff; out[o++] = n & 0xff; }
    out.set(value, o);
    o += n;
  }
  return out;
}

export function tlv(tag: number, value: Uint8Array | string | number): Tlv {
  if (typeof value === 'string') return { tag, value: new TextEncoder().encode(value) };
  if (typeof value === 'number') return { tag, value: u32(value) };
  return { tag, value };
}

/** Parses a TLV sequence; returns null when it is malformed. */
export function decodeTlv(data: Uint8Array): Tlv[] | null {
  const out: Tlv[] = [];
  let i = 0;
  while (i < data.length) {
    if (i + 2 > data.length) return null;
    const tag = data[i++]!;
    let len = data[i++]!;
    if (len >= 0x80) {
      const k = len & 0x7f;
      if (k < 1 || k > 3 || i + k > data.length) return null;
      len = 0;
      for (let j = 0; j < k; j++) len = len * 256 + data[i++]!;
    }
    if (i + len > data.length) return null;
    out.push({ tag, value: data.subarray(i, i + len) });
    i += len;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}
