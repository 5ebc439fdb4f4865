import { test } from 'uvu';
import * as assert from 'uvu/assert';
import QRCode from 'qrcode';
import { encodeQrMatrix } from '../../src/register/qr-matrix.js';

function reference(bytes: Uint8Array, level: 'L' | 'M' | 'Q' | 'H', mask: number) {
  const qr = QRCode.create([{ data: Buffer.from(bytes), mode: 'byte' }], { errorCorrectionLevel: level, maskPattern: mask as 0 });
  return { size: qr.modules.size, data: Uint8Array.from(qr.modules.data), version: qr.version };
}

test('req 33–36: the fast symbol is module for module the one qrcode makes (byte mode, fixed mask), every length up to version 14 at level M', () => {
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  const versions = new Set<number>();
  for (let len = 1; len <= 400; len += 1 + (len > 120 ? rnd(7) : 0)) {
    const bytes = Uint8Array.from({ length: len }, () => rnd(256));
    const ref = reference(bytes, 'M', 2);
    versions.add(ref.version);
    const got = encodeQrMatrix(bytes, 'M', 2);
    assert.is(got.size, ref.size, `length ${len}: version`);
    assert.ok(Buffer.from(got.data).equals(Buffer.from(ref.data)), `length ${len}: modules differ`);
  }
  assert.ok(versions.size >= 14, `versions covered: ${[...versions].join(',')}`);
});

test('the same for receipt URLs, every mask and level', () => {
  let seed = 5;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) % n);
  for (let i = 0; i < 64; i++) {
    const url = `http://consumer.oofd.kz?i=${String(rnd(1e9)).padStart(1 + rnd(16), '0')}&f=0101${String(rnd(1e8)).padStart(8, '0')}&s=${rnd(1e7)}.${String(rnd(100)).padStart(2, '0')}&t=20261122T${String(rnd(240000)).padStart(6, '0')}`;
    const level = (['L', 'M', 'Q', 'H'] as const)[i % 4]!;
    const mask = (i >> 2) % 8;
    const bytes = Buffer.from(url, 'utf8');
    const ref = reference(bytes, level, mask);
    const got = encodeQrMatrix(bytes, level, mask as 0);
    assert.ok(got.size === ref.size && Buffer.from(got.data).equals(Buffer.from(ref.data)), `${url} ${level} mask ${mask}`);
  }
});

test('too long for any version: a RangeError', () => {
  assert.throws(() => encodeQrMatrix(new Uint8Array(3000)), (e: Error) => e instanceof RangeError);
});

test.run();
