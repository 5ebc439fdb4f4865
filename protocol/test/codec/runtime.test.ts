// The compiled codecs' helpers against protobuf-es's own BinaryReader / BinaryWriter and the
// TextDecoder / TextEncoder it uses: same values, same positions, same bytes — or BAIL where
// protobuf-es throws.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { BinaryReader, BinaryWriter } from '@bufbuild/protobuf/wire';
import { BAIL, R, W, fixLength, i64, rlen, rtag, rv32, rv64, u64, utf8, wi32, wi64, wstr, wu32, wu64 } from '../../src/codec/runtime.js';

const SEED = Number(process.env.FC_SEED ?? 5);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A varint-ish byte string: n bytes with the continuation bit (some without), then noise. */
const varintBytes = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 12, maxLength: 12 }), fc.boolean())
  .map(([n, raw, endEarly]) => Uint8Array.from(raw.map((x, i) => (i < n - 1 ? x | 0x80 : i === n - 1 && !endEarly ? x & 0x7f : x))));

function attempt<T>(fn: () => T): { v: T } | { err: true } {
  try { return { v: fn() }; } catch (e) { if (e !== BAIL && !(e instanceof Error)) throw e; return { err: true }; }
}

test('rv32 reads what BinaryReader.uint32 reads, stops where it stops, bails where it throws or runs past the end', () => {
  fc.assert(fc.property(varintBytes, fc.integer({ min: 0, max: 12 }), (b, endCut) => {
    const end = Math.min(b.length, endCut || b.length);
    const r = new BinaryReader(b.subarray(0, end));
    const es = attempt(() => { const v = r.uint32(); return { v, p: r.pos }; });
    const fast = attempt(() => ({ v: rv32(b, 0, end), p: R.p }));
    if ('err' in es) assert.ok('err' in fast, `rv32 accepted ${hex(b)} end ${end}`);
    else if ('v' in fast) assert.equal(fast.v, es.v);
    else throw new Error(`rv32 refused ${hex(b)} end ${end}, protobuf-es read ${JSON.stringify(es.v)}`);
  }), { numRuns: 3000, seed: SEED });
});

test('rtag and rlen accept only up to 5 / 4 bytes (and give rv32\'s value)', () => {
  assert.is(rtag(Uint8Array.from([0x88, 0x01]), 0, 2), 136);
  assert.is(rtag(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f]), 0, 5), 0xffffffff);
  assert.throws(() => rtag(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x1f]), 0, 5), (e: unknown) => e === BAIL);
  assert.throws(() => rtag(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]), 0, 6), (e: unknown) => e === BAIL);
  assert.is(rlen(Uint8Array.from([0xff, 0xff, 0xff, 0x7f]), 0, 4), 0x0fffffff);
  assert.throws(() => rlen(Uint8Array.from([0x80, 0x80, 0x80, 0x80, 0x01]), 0, 5), (e: unknown) => e === BAIL);
});

test('rv64 + u64 / i64 / bool read what BinaryReader.uint64 / int64 / bool read', () => {
  fc.assert(fc.property(varintBytes, (b) => {
    for (const kind of ['uint64', 'int64', 'bool'] as const) {
      const r = new BinaryReader(b);
      const es = attempt(() => ({ v: r[kind](), p: r.pos }));
      const fast = attempt(() => { rv64(b, 0, b.length); const p = R.p; return { v: kind === 'uint64' ? u64() : kind === 'int64' ? i64() : R.lo !== 0 || R.hi !== 0, p }; });
      if ('err' in es) assert.ok('err' in fast, `rv64 accepted ${hex(b)}`);
      else if ('v' in fast) assert.equal(fast.v, es.v, `${kind} ${hex(b)}`);
      else throw new Error(`rv64 refused ${hex(b)}`);
    }
  }), { numRuns: 3000, seed: SEED });
});

const utf8ish = fc.array(fc.constantFrom(0x41, 0x7f, 0x00, 0xd0, 0xd1, 0x96, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe2, 0x82, 0xac, 0xed, 0xa0, 0xef, 0xbb, 0xf0, 0x9f, 0xf4, 0xff), { maxLength: 140 }).map((a) => Uint8Array.from(a));

test('utf8 gives TextDecoder\'s text for any bytes (invalid sequences, BOM, long input)', () => {
  const td = new TextDecoder();
  fc.assert(fc.property(fc.oneof(utf8ish, fc.uint8Array({ maxLength: 140 })), fc.nat(), (b, start) => {
    const p = b.length ? start % b.length : 0;
    assert.is(utf8(b, p, b.length), td.decode(b.subarray(p)));
  }), { numRuns: 4000, seed: SEED });
});

const codeUnits = fc.array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0x7ff }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.integer({ min: 0, max: 0xffff })), { maxLength: 200 })
  .map((a) => String.fromCharCode(...a));

test('wstr writes TextEncoder\'s bytes behind a minimal length (lone surrogates → U+FFFD)', () => {
  fc.assert(fc.property(codeUnits, (s) => {
    W.w = 0;
    wstr(s);
    const w = new BinaryWriter();
    w.string(s);
    assert.is(hex(W.b.slice(0, W.w)), hex(w.finish()));
  }), { numRuns: 3000, seed: SEED });
});

test('wi32 / wu32 / wi64 / wu64 write BinaryWriter\'s bytes; wi64 / wu64 bail on what protobuf-es converts or rejects', () => {
  fc.assert(fc.property(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: 0, max: 0xffffffff }), fc.bigInt(-(1n << 63n), (1n << 63n) - 1n), fc.bigInt(0n, (1n << 64n) - 1n), (a, b, c, d) => {
    for (const [mine, theirs] of [[() => wi32(a), (w: BinaryWriter) => w.int32(a)], [() => wu32(b), (w: BinaryWriter) => w.uint32(b)], [() => wi64(c), (w: BinaryWriter) => w.int64(c)], [() => wu64(d), (w: BinaryWriter) => w.uint64(d)]] as const) {
      W.w = 0;
      mine();
      const w = new BinaryWriter();
      theirs(w);
      assert.is(hex(W.b.slice(0, W.w)), hex(w.finish()));
    }
  }), { numRuns: 3000, seed: SEED });
  for (const v of [5, '5', -1n, 1n << 64n, null]) assert.throws(() => wu64(v), (e: unknown) => e === BAIL, String(v));
  for (const v of [5, '5', -(1n << 63n) - 1n, 1n << 63n]) assert.throws(() => wi64(v), (e: unknown) => e === BAIL, String(v));
});

test('fixLength widens the reserved length byte and moves the data', () => {
  for (const n of [0, 127, 128, 16383, 16384, 2097152]) {
    W.w = 0;
    const at = W.w++;
    if (W.w + n > W.b.length) { const nb = new Uint8Array((W.w + n) * 2); W.b = nb; }
    for (let i = 0; i < n; i++) W.b[W.w++] = i & 0xff;
    fixLength(at);
    const w = new BinaryWriter();
    w.bytes(Uint8Array.from({ length: n }, (_, i) => i & 0xff));
    assert.is(hex(W.b.slice(0, W.w)), hex(w.finish()), `n=${n}`);
  }
});

test.run();
