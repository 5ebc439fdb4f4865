// The QR code as a PNG (req 36: ISO/IEC 18004 symbol with its 4-module quiet zone).
import QRCode from 'qrcode';

export interface QrPngOptions {
  /** @defaultValue 'M' (15 % recovery: survives a worn thermal print) */
  errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
  /** pixels per module @defaultValue 4 */
  scale?: number;
}

export const QR_PNG_DEFAULTS = { errorCorrectionLevel: 'M', scale: 4 } as const;

/** Renders `payload` as a PNG; resolves to its base64 (no data: prefix). */
export async function qrPng(payload: string, options: QrPngOptions = {}): Promise<string> {
  const o = { ...QR_PNG_DEFAULTS, ...options };
  const buf = await QRCode.toBuffer(payload, { type: 'png', errorCorrectionLevel: o.errorCorrectionLevel, margin: 4, scale: o.scale });
  return buf.toString('base64');
}
