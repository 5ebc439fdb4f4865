import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PNG } from 'pngjs';
import jsqrModule from 'jsqr';
import { fastQrPng, lazyQr, matrixPng, qrMatrix } from '../../src/register/qr-png.js';

const jsQR = (jsqrModule as unknown as { default: typeof jsqrModule }).default ?? jsqrModule;

/** sha256 of fastQrPng(receipt URL) as qrcode.create + the old drawing produced it (commit dd2d150) */
const EXPECTED_SHA256 = '32bf0ce19a63d19bd5aaa5d2800a62b28917a728aee096db31c3769073d982ec';

function decode(b64: string): string | null {
  const img = PNG.sync.read(Buffer.from(b64, 'base64'));
  const r = (jsQR as unknown as (d: Uint8ClampedArray, w: number, h: number) => { data: string } | null)(new Uint8ClampedArray(img.data), img.width, img.height);
  return r ? r.data : null;
}

test('req 36: the fast QR PNG decodes back to exactly the payload', () => {
  for (const p of [
    'http://consumer.oofd.kz?i=4228143549&f=010101234567&s=696.90&t=20280629T170916',
    'http://consumer.oofd.kz?i=0000000001123456&f=010101234567&s=1.00&t=20261122T090000',
  ]) assert.is(decode(fastQrPng(p)), p);
});

test('req 36: the symbol has a 4-module quiet zone at 4 px per module', () => {
  const img = PNG.sync.read(Buffer.from(fastQrPng('http://consumer.oofd.kz?i=1&f=010101234567&s=1.00&t=20261122T090000'), 'base64'));
  assert.is(img.width, img.height);
  for (let x = 0; x < 16; x++) assert.is(img.data[(8 * img.width + x) * 4], 255, 'quiet zone is white');
  assert.is(img.data[(16 * img.width + 16) * 4], 0, 'finder pattern corner is black');
});

test('req 36: with the fixed mask every receipt-shaped payload still decodes (varied signs, sums, times, all eight masks)', () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  for (let i = 0; i < 120; i++) {
    const sign = String(rnd(1e9)).padStart(1 + rnd(16), String(rnd(10)));
    const p = `http://consumer.oofd.kz?i=${sign}&f=0101${String(rnd(1e8)).padStart(8, '0')}&s=${rnd(1e7)}.${String(rnd(100)).padStart(2, '0')}&t=2026${String(1 + rnd(12)).padStart(2, '0')}${String(1 + rnd(28)).padStart(2, '0')}T${String(rnd(24)).padStart(2, '0')}${String(rnd(60)).padStart(2, '0')}00`;
    assert.is(decode(fastQrPng(p)), p, p);
    assert.is(decode(fastQrPng(p, { maskPattern: (i % 8) as 0 })), p, `${p} mask ${i % 8}`);
  }
});

test('the PNG bytes do not change: a receipt URL gives the same PNG as before today\'s speed work (SHA-256 of the base64)', async () => {
  const { createHash } = await import('node:crypto');
  const png = fastQrPng('http://consumer.oofd.kz?i=4228143549&f=010101234567&s=696.90&t=20280629T170916');
  assert.is(createHash('sha256').update(png).digest('hex'), EXPECTED_SHA256);
});

test('lazyQr: the matrix is made at once, the PNG on first read, then kept; a DCP answer (JSON) has the same bytes as the eager PNG', () => {
  const p = 'http://consumer.oofd.kz?i=4228143549&f=010101234567&s=696.90&t=20280629T170916';
  const qr = lazyQr(p, true);
  assert.equal((qr as unknown as { matrix: unknown }).matrix, qrMatrix(p), 'the printed symbol');
  assert.type(Object.getOwnPropertyDescriptor(qr, 'png')!.get, 'function', 'not encoded yet');
  assert.equal(Object.keys(qr), ['payload', 'png'], 'png is an enumerable field, the matrix is not');
  assert.is(JSON.stringify(qr), JSON.stringify({ payload: p, png: fastQrPng(p) }));
  assert.is(Object.getOwnPropertyDescriptor(qr, 'png')!.get, undefined, 'encoded once, then a plain value');
  assert.is(qr.png, fastQrPng(p));
  assert.equal(structuredClone(lazyQr(p, true)), { payload: p, png: fastQrPng(p) });
  assert.equal({ ...lazyQr(p, true) }, { payload: p, png: fastQrPng(p) });
  assert.is(matrixPng(qrMatrix(p)), fastQrPng(p));
  assert.is(decode(lazyQr(p, true).png!), p);
});

test('lazyQr without PNG: only the payload is visible', () => {
  const qr = lazyQr('http://consumer.oofd.kz?i=1&f=010101234567&s=1.00&t=20261122T090000', false);
  assert.equal(Object.keys(qr), ['payload']);
  assert.is(JSON.stringify(qr), '{"payload":"http://consumer.oofd.kz?i=1&f=010101234567&s=1.00&t=20261122T090000"}');
});

test.run();
