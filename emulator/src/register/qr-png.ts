// A fast PNG of a receipt's QR code (req 36): the symbol `qrcode` makes (ISO/IEC 18004, level M,
// 4-module quiet zone; computed by qr-matrix.ts from qrcode's tables), written as a 1-bit grayscale PNG with one fast deflate pass. It runs once
// per receipt inside the 7-second cycle and dominated the register's own CPU time, so:
//  - the mask is fixed (`maskPattern`, default 2) instead of trying all eight and scoring each
//    (ISO/IEC 18004 allows any of the eight masks; the format information names the one used, so
//    every reader decodes it — tests read it back with jsqr). The symbol therefore may differ from
//    src/qr/png.ts (same data, same version and level, maybe another mask);
//  - the payload is one byte-mode segment (a URL with lowercase letters: the segment optimiser's
//    graph search costs half the symbol and, for receipt URLs, never gives a smaller version);
//  - each module row is drawn once and copied `scale` times; deflate level 1 (the image is tiny).
// The symbol (`qrMatrix`, what the printer prints) and its PNG (`matrixPng`) are two steps, so a
// register can print the matrix of every receipt and encode the PNG only when someone asks for it
// (`lazyQr`).
import { deflateSync } from 'node:zlib';
import { crc32 } from '../../../protocol/index.js';
import { encodeQrMatrix } from './qr-matrix.js';

/** length, type, data, CRC-32 of type + data */
function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface FastQrPngOptions {
  /** @defaultValue 'M' */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** pixels per module @defaultValue 4 */
  scale?: number;
  /** quiet zone in modules @defaultValue 4 */
  margin?: number;
  /** the QR mask pattern 0..7 (ISO/IEC 18004 §7.8.2) @defaultValue 2 */
  maskPattern?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
}

/** The QR symbol: `size` × `size` modules, row by row, non-zero = dark. */
export interface QrMatrix {
  size: number;
  data: Uint8Array;
}

/** The QR symbol of `payload` (byte mode, fixed mask): the one `qrcode` makes, built by qr-matrix.ts. */
export function qrMatrix(payload: string, o: Pick<FastQrPngOptions, 'errorCorrectionLevel' | 'maskPattern'> = {}): QrMatrix {
  return encodeQrMatrix(Buffer.from(payload, 'utf8'), o.errorCorrectionLevel ?? 'M', o.maskPattern ?? 2);
}

/** The PNG (base64) of the QR symbol of `payload`. */
export function fastQrPng(payload: string, o: FastQrPngOptions = {}): string {
  return matrixPng(qrMatrix(payload, o), o);
}

/**
 * `{ payload, matrix, png }` of a document's QR where `png` is computed on first read (an
 * enumerable getter: JSON.stringify, a spread or structuredClone read it like a plain field) and
 * then kept. `matrix` is not enumerable: it never appears in DCP answers.
 */
export function lazyQr(payload: string, withPng: boolean): { payload: string; png?: string } {
  const matrix = qrMatrix(payload);
  const qr = { payload } as { payload: string; png?: string };
  Object.defineProperty(qr, 'matrix', { value: matrix, enumerable: false });
  if (!withPng) return qr;
  Object.defineProperty(qr, 'png', {
    enumerable: true,
    configurable: true,
    get(this: { png?: string }) {
      const png = matrixPng(matrix);
      Object.defineProperty(this, 'png', { value: png, enumerable: true, writable: true, configurable: true });
      return png;
    },
    set(this: { png?: string }, v: string) {
      Object.defineProperty(this, 'png', { value: v, enumerable: true, writable: true, configurable: true });
    },
  });
  return qr;
}

/** The PNG (base64) of a QR symbol with its quiet zone. */
export function matrixPng(m: QrMatrix, o: Pick<FastQrPngOptions, 'scale' | 'margin'> = {}): string {
  const scale = o.scale ?? 4;
  const margin = o.margin ?? 4;
  const n = m.size;
  const dark = m.data;
  const size = (n + 2 * margin) * scale;
  const stride = Math.ceil(size / 8) + 1; // filter byte + pixels
  const raw = new Uint8Array(stride * size).fill(0xff); // 1 = white; bits past the width stay white
  for (let y = 0; y < size; y++) raw[y * stride] = 0; // filter: none
  for (let my = 0; my < n; my++) {
    const first = (margin + my) * scale;
    const off = first * stride;
    for (let mx = 0; mx < n; mx++) {
      if (!dark[my * n + mx]) continue;
      const x0 = (margin + mx) * scale;
      for (let x = x0; x < x0 + scale; x++) raw[off + 1 + (x >> 3)]! &= ~(0x80 >> (x & 7)); // 0 = black
    }
    for (let k = 1; k < scale; k++) raw.copyWithin(off + k * stride, off, off + stride); // (Buffer#copy costs far more per call)
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // grayscale
  // [10..12]: compression, filter, interlace = 0
  const png = Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', new Uint8Array(0))]);
  return png.toString('base64');
}
