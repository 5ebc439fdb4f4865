// The 18-byte OFD frame header (ofd-protocol.md §3), decoded from a trace event's raw hex for the
// frame view. The dashboard does not import the protocol part; this is a read-only viewer.

export interface FrameHeaderView { appCode: number; version: number; size: number; deviceId: number; token: number; reqNum: number }
export type HeaderDecode = { ok: true; header: FrameHeaderView; payloadBytes: number; issues: string[] } | { ok: false; issues: string[] };

export function hexBytes(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new RangeError('not a hex string');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function decodeFrameHeader(hex: string): HeaderDecode {
  let b: Uint8Array;
  try { b = hexBytes(hex); } catch { return { ok: false, issues: ['raw bytes are not hex'] }; }
  if (b.length < 18) return { ok: false, issues: [`frame is ${b.length} bytes, shorter than the 18-byte header`] };
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const header: FrameHeaderView = {
    appCode: v.getUint16(0, true), version: v.getUint16(2, true), size: v.getUint32(4, true),
    deviceId: v.getUint32(8, true), token: v.getUint32(12, true), reqNum: v.getUint16(16, true),
  };
  const issues: string[] = [];
  if (header.appCode !== 0x81a2) issues.push(`$.header.appCode is 0x${header.appCode.toString(16)}, expected 0x81a2`);
  if (header.size !== b.length) issues.push(`$.header.size is ${header.size}, the frame has ${b.length} bytes`);
  return { ok: true, header, payloadBytes: b.length - 18, issues };
}

/** Classic hex dump: offset, 16 bytes, ASCII. */
export function hexDump(hex: string, maxBytes = 512): string {
  let b: Uint8Array;
  try { b = hexBytes(hex); } catch { return hex; }
  const lines: string[] = [];
  const n = Math.min(b.length, maxBytes);
  for (let o = 0; o < n; o += 16) {
    const row = b.subarray(o, Math.min(o + 16, n));
    const hx = [...row].map((x) => x.toString(16).padStart(2, '0')).join(' ').padEnd(47, ' ');
    const asc = [...row].map((x) => (x >= 32 && x < 127 ? String.fromCharCode(x) : '.')).join('');
    lines.push(`${o.toString(16).padStart(4, '0')}  ${hx}  ${asc}`);
  }
  if (b.length > n) lines.push(`… ${b.length - n} more bytes`);
  return lines.join('\n');
}
