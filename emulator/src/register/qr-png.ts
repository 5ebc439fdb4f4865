// A fast PNG of a receipt's QR code (req 36): the symbol from `qrcode` (ISO/IEC 18004, level M,
// 4-module quiet zone), written as a 1-bit grayscale PNG with one deflate pass. Same symbol as
// src/qr/png.ts, about four times faster (no adaptive filter search, no RGBA) — it runs once per
// receipt inside the 7-second cycle and dominates the register's own CPU time otherwise.
import { deflateSync } from 'node:zlib';
import QRCode from 'qrcode';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (let i = 0; i < p.length; i++) c = CRC_TABLE[(c ^ p[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([head.subarray(4), data]), 0);
  return Buffer.concat([head, data, crc]);
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface FastQrPngOptions {
  /** @defaultValue 'M' */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** pixels per module @defaultValue 4 */
  scale?: number;
  /** quiet zone in modules @defaultValue 4 */
  margin?: number;
}

/** The PNG (base64) of the QR symbol of `payload`. */
export function fastQrPng(payload: string, o: FastQrPngOptions = {}): string {
  const scale = o.scale ?? 4;
  const margin = o.margin ?? 4;
  const qr = QRCode.create(payload, { errorCorrectionLevel: o.errorCorrectionLevel ?? 'M' });
  const n = qr.modules.size;
  const dark = qr.modules.data;
  const size = (n + 2 * margin) * scale;
  const rowBytes = Math.ceil(size / 8);
  const raw = Buffer.alloc((rowBytes + 1) * size, 0xff);
  for (let y = 0; y < size; y++) {
    const off = y * (rowBytes + 1);
    raw[off] = 0; // filter: none
    const my = Math.floor(y / scale) - margin;
    if (my < 0 || my >= n) continue;
    for (let x = 0; x < size; x++) {
      const mx = Math.floor(x / scale) - margin;
      if (mx < 0 || mx >= n || !dark[my * n + mx]) continue;
      raw[off + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7)); // 0 = black
    }
    // bits past the width stay 1 (white)
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const png = Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))]);
  return png.toString('base64');
}
