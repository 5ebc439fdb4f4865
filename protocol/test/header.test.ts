import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { APP_CODE, decodeHeader, encodeHeader, HEADER_SIZE, readRawHeader } from '../src/header.js';
import { ProtocolError } from '../src/errors.js';
import fc from 'fast-check';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

test('decodes the header of the captured info-response-202 (section 3 example)', () => {
  const d = decodeHeader(hex('A2 81 CA 00 38 02 00 00 45 10 03 00 06 C2 90 01 01 00'));
  assert.ok(d.ok);
  if (!d.ok) return;
  assert.equal(d.value, { appCode: APP_CODE, version: 202, size: 568, deviceId: 200773, token: 26264070, reqNum: 1 });
});

test('encodeHeader is the inverse of decodeHeader, little-endian', () => {
  const h = { version: 204 as const, size: 4242, deviceId: 0xfffffffe, token: 0x81a2c3d4, reqNum: 65535 };
  const bytes = encodeHeader(h);
  assert.is(bytes.length, HEADER_SIZE);
  assert.equal([...bytes.subarray(0, 4)], [0xa2, 0x81, 204, 0]);
  const d = decodeHeader(bytes);
  assert.ok(d.ok);
  if (d.ok) assert.equal(d.value, { appCode: APP_CODE, ...h });
});

test('decodeHeader reports every problem: app code, version, size', () => {
  const b = encodeHeader({ appCode: 0x1234, version: 125, size: 5, deviceId: 1, token: 1, reqNum: 1 });
  const d = decodeHeader(b);
  assert.not.ok(d.ok);
  if (d.ok) return;
  assert.equal(d.issues.map((i) => i.code), ['PROTO_BAD_APPCODE', 'PROTO_UNSUPPORTED_VERSION', 'PROTO_SIZE_TOO_SMALL']);
  assert.equal(d.issues.map((i) => i.path), ['$.header.appCode', '$.header.version', '$.header.size']);
});

test('decodeHeader: short input and oversize against a configured maximum', () => {
  const short = decodeHeader(new Uint8Array(17));
  assert.ok(!short.ok && short.issues[0]!.code === 'PROTO_HEADER_SHORT');
  const big = encodeHeader({ version: 203, size: 1024 * 1024 + 1, deviceId: 1, token: 1, reqNum: 1 });
  const d = decodeHeader(big);
  assert.ok(!d.ok && d.issues[0]!.code === 'PROTO_SIZE_TOO_LARGE');
  assert.ok(decodeHeader(big, { maxSize: 2 * 1024 * 1024 }).ok);
});

test('the derived request-header-202 vector (no payload in the source) reads as documented', () => {
  const raw = readRawHeader(hex('a281ca0000000000fc100300e63b38a10e00'))!;
  assert.equal(raw, { appCode: APP_CODE, version: 202, size: 0, deviceId: 200956, token: 2704817126, reqNum: 14 });
  const d = decodeHeader(hex('a281ca0000000000fc100300e63b38a10e00'));
  assert.ok(!d.ok && d.issues.some((i) => i.code === 'PROTO_SIZE_TOO_SMALL'));
});

test('encodeHeader throws PROTO_BAD_HEADER_FIELD on out-of-range fields', () => {
  for (const bad of [{ reqNum: 65536 }, { deviceId: -1 }, { token: 2 ** 32 }, { size: 1.5 }]) {
    try {
      encodeHeader({ version: 203, size: 18, deviceId: 1, token: 1, reqNum: 1, ...bad });
      assert.unreachable(`accepted ${JSON.stringify(bad)}`);
    } catch (e) {
      assert.instance(e, ProtocolError);
      assert.is((e as ProtocolError).code, 'PROTO_BAD_HEADER_FIELD');
    }
  }
});

test('readRawHeader reads bytes as a little-endian DataView reads them, at any offset; encodeHeader writes what it reads', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.nat(30), (b, offset) => {
    const h = readRawHeader(b, offset);
    if (b.length - offset < HEADER_SIZE) { assert.is(h, null); return; }
    const dv = new DataView(b.buffer, b.byteOffset + offset, HEADER_SIZE);
    assert.equal(h, { appCode: dv.getUint16(0, true), version: dv.getUint16(2, true), size: dv.getUint32(4, true), deviceId: dv.getUint32(8, true), token: dv.getUint32(12, true), reqNum: dv.getUint16(16, true) });
    const out = new Uint8Array(HEADER_SIZE + 3);
    encodeHeader(h!, out, 3);
    assert.equal(Array.from(out.subarray(3)), Array.from(b.subarray(offset, offset + HEADER_SIZE)));
  }), { numRuns: 2000, seed: 3 });
  assert.throws(() => readRawHeader(new Uint8Array(40), -1), RangeError); // odd offsets keep the DataView's own answer
});

test.run();
