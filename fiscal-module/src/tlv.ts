// A small BER-TLV subset: one-byte tags, definite lengths (short form, 81 xx, 82 xx xx, 83 xx xx xx).
// Response data of every command is a sequence of these. Also big-endian integer helpers.

export interface Tlv { tag: number; value: Uint8Array }

export function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}

export function u64(n: number | bigint): Uint8Array {
  const b = new Uint8Array(8);
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

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  if (n <= 0xff) return [0x81, n];
  if (n <= 0xffff) return [0x82, n >> 8, n & 0xff];
  return [0x83, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

export function encodeTlv(items: readonly Tlv[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const { tag, value } of items) {
    parts.push(Uint8Array.of(tag, ...lengthBytes(value.length)), value);
  }
  return concat(parts);
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
