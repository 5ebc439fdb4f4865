// The receipt QR code: the payload mask of req 35 and decoding the PNG (jsqr + pngjs, req 36).
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with `exports.default`: under NodeNext the default import is the module object.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: JsQr = ((jsQRModule as unknown as { default?: JsQr }).default ?? (jsQRModule as unknown as JsQr));

/** req 35: Протокол://URL?i=Фискальный признак&f=РНМ&s=сумма тенге.тиын&t=датаTвремя */
export const QR_MASK = /^(https?):\/\/([^\s?#]+)\?i=([^&\s]+)&f=([^&\s]+)&s=(\d+)\.(\d{1,2})&t=(\d{8})T(\d{6})$/;

export interface QrParts {
  protocol: string;
  host: string;
  i: string;
  f: string;
  /** the sum in tiyn */
  sumTiyn: number;
  /** the fraction as written (1–2 digits) */
  s: string;
  /** YYYYMMDDTHHMMSS */
  t: string;
}

/** Parses a payload that matches the mask of req 35, or returns null. */
export function parseQrPayload(payload: string): QrParts | null {
  const m = QR_MASK.exec(payload);
  if (!m) return null;
  const frac = m[6]!.padEnd(2, '0');
  return { protocol: m[1]!, host: m[2]!, i: decodeURIComponent(m[3]!), f: m[4]!, sumTiyn: Number(m[5]) * 100 + Number(frac), s: `${m[5]}.${m[6]}`, t: `${m[7]}T${m[8]}` };
}

/** The `t` form (YYYYMMDDTHHMMSS) of an ISO time in the DUT's own offset (as printed). */
export function qrTimeOf(iso: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  return m ? `${m[1]}${m[2]}${m[3]}T${m[4]}${m[5]}${m[6]}` : null;
}

/** Decodes a base64 PNG QR image; returns the text or null. */
export function decodeQrPng(base64: string): string | null {
  try {
    const png = PNG.sync.read(Buffer.from(base64, 'base64'));
    const data = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length);
    const r = jsQR(data, png.width, png.height);
    return r ? r.data : null;
  } catch {
    return null;
  }
}
