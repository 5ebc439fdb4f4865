import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PNG } from 'pngjs';
import jsqrModule from 'jsqr';
import { qrPng } from '../../src/qr/png.js';
import { qrPayload } from '../../src/qr/payload.js';

// jsqr is CJS with an `export default` d.ts: under NodeNext the callable is `.default` (deps.md §8).
const jsQR = jsqrModule.default;

function decode(base64: string): string | null {
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  const r = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height);
  return r === null ? null : r.data;
}

test('req 36: the PNG decodes back to the payload with a QR reader', async () => {
  const payload = qrPayload({ sign: '362397639340', rnm: '010101907421', sumTiyn: 182000, at: '2022-07-23T18:05:27+05:00', baseUrl: 'https://ofd1.kz/t/' });
  const b64 = await qrPng(payload);
  assert.ok(Buffer.from(b64, 'base64').subarray(1, 4).toString() === 'PNG');
  assert.is(decode(b64), payload);
});

test('req 36: decodes at every error-correction level, and a long autonomous payload too', async () => {
  const payload = qrPayload({ sign: 'A-9999999999-0001', rnm: '010101234567', sumTiyn: 99_999_999_99n, at: 0 });
  for (const level of ['L', 'M', 'Q', 'H'] as const) assert.is(decode(await qrPng(payload, { errorCorrectionLevel: level })), payload, level);
});

test('a different payload gives a different picture', async () => {
  const a = await qrPng('http://consumer.oofd.kz?i=1&f=010101234567&s=1.00&t=20261122T101507');
  const b = await qrPng('http://consumer.oofd.kz?i=2&f=010101234567&s=1.00&t=20261122T101507');
  assert.is.not(a, b);
});

test.run();
