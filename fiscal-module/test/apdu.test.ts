import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { buildCommandApdu, parseCommandApdu, responseApdu, splitResponse } from '../src/apdu.js';
import { buildResponseChunk } from '../src/chaining.js';
import { decodeTlv, encodeTlv, u64, readU64 } from '../src/tlv.js';

test('command APDUs of every case round-trip through build and parse (short and extended)', () => {
  fc.assert(fc.property(
    fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }),
    fc.uint8Array({ maxLength: 700 }), fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }), fc.boolean(),
    (cla, ins, p1, p2, data, le, ext) => {
      const b = buildCommandApdu(cla, ins, p1, p2, data, le, ext);
      const c = parseCommandApdu(b);
      if (!c) return false;
      const extended = (data.length > 0 || le !== undefined) && (ext || data.length > 255 || (le !== undefined && le > 256));
      return c.cla === cla && c.ins === ins && c.p1 === p1 && c.p2 === p2 && Buffer.from(c.data).equals(Buffer.from(data))
        && c.le === (le ?? 0) && c.extended === extended;
    }), { numRuns: 3000 });
});

test('inconsistent lengths are rejected', () => {
  assert.is(parseCommandApdu(Uint8Array.of(0x80, 0xca, 0)), null);
  assert.is(parseCommandApdu(Uint8Array.of(0x80, 0xca, 0, 0, 3, 1)), null);
  assert.is(parseCommandApdu(Uint8Array.of(0x80, 0xca, 0, 0, 0, 0)), null, 'extended header cut short');
  assert.is(parseCommandApdu(Uint8Array.of(0x80, 0xca, 0, 0, 0, 0, 0, 1)), null, 'extended Lc = 0');
  assert.is(parseCommandApdu(Uint8Array.of(0x80, 0xca, 0, 0, 0, 0, 2, 1)), null, 'extended data short');
});

test('answers longer than Le are split with 61xx', () => {
  const data = new Uint8Array(600).map((_, i) => i & 0xff);
  const a = buildResponseChunk(data, 256, false);
  assert.is(a.chunk.length, 256);
  assert.is(a.sw, 0x6100, '344 bytes left → 6100 (256 or more)');
  const b = buildResponseChunk(a.rest!, 256, false);
  assert.is(b.sw, 0x6158);
  const c = buildResponseChunk(b.rest!, 0x58, false);
  assert.is(c.sw, 0x9000);
  assert.is(c.rest, null);
  assert.is(buildResponseChunk(data, 0, true).sw, 0x9000, 'extended answers carry up to 65536 bytes');
});

test('responses split into data and SW', () => {
  const r = responseApdu(Uint8Array.of(1, 2), 0x6a83);
  assert.equal(splitResponse(r), { data: Uint8Array.of(1, 2), sw: 0x6a83 });
  assert.is(splitResponse(new Uint8Array(1)).sw, -1);
});

test('TLV round-trips lengths of every form; malformed TLV is rejected', () => {
  for (const n of [0, 1, 127, 128, 255, 256, 65535, 65536]) {
    const v = new Uint8Array(n).fill(7);
    const t = decodeTlv(encodeTlv([{ tag: 0x85, value: v }, { tag: 0x80, value: Uint8Array.of(1) }]));
    assert.is(t?.[0]?.value.length, n);
    assert.is(t?.[1]?.tag, 0x80);
  }
  assert.is(decodeTlv(Uint8Array.of(0x80, 5, 1)), null);
  assert.is(decodeTlv(Uint8Array.of(0x80, 0x84, 0, 0, 0, 1)), null);
  assert.is(decodeTlv(Uint8Array.of(0x80)), null);
  assert.is(readU64(u64(2 ** 40 + 5)), 2n ** 40n + 5n);
  assert.is(readU64(u64(2n ** 63n)), 2n ** 63n);
});

test.run();
