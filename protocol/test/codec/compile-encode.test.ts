// The compiled encoder writes exactly protobuf-es toBinary's bytes: every message type of both
// schema files (fast-check, descriptor-driven arbitraries), values protobuf-es converts or rejects
// (the fast path must step aside, so the frame encoders give the same bytes or the same error),
// and a negative control showing the byte-equality property can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { clone, create, toBinary, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { file_ofd_protocol, MoneySchema, RequestSchema, ResponseSchema, type Money, type Request, type Response } from '../../src/gen/ofd-protocol_pb.js';
import { file_v202_ofd_protocol as file_v202 } from '../../src/gen/v202/ofd-protocol_pb.js';
import { compileEncoder } from '../../src/codec/compile-encode.js';
import { fastToBinary, setCompiledCodec } from '../../src/codec/codec.js';
import { W } from '../../src/codec/runtime.js';
import { encodeRequestFrame, encodeResponseFrame } from '../../src/frame.js';
import { SUPPORTED_VERSIONS } from '../../src/header.js';
import { message } from '../arbitraries/message.js';
import { request } from '../arbitraries/request.js';
import { response } from '../arbitraries/response.js';

const SEED = Number(process.env.FC_SEED ?? 7);
const RUNS = Number(process.env.CODEC_RUNS ?? 25);

function allMessages(list: readonly DescMessage[], out: DescMessage[] = []): DescMessage[] {
  for (const m of list) { out.push(m); allMessages(m.nestedMessages, out); }
  return out;
}
const variants = [['canonical', allMessages(file_ofd_protocol.messages)], ['2.0.2 variant', allMessages(file_v202.messages)]] as const;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

test('every message type of both schema files has a compiled encoder (nothing falls back by construction)', () => {
  for (const [, types] of variants) for (const desc of types) assert.ok(compileEncoder(desc), desc.typeName);
});

for (const [label, types] of variants) {
  test(`compiled encode is byte-equal to toBinary for every ${label} message type (${types.length} types × ${RUNS})`, () => {
    for (const desc of types) {
      fc.assert(fc.property(message(desc), (m) => {
        const fast = fastToBinary(desc, m);
        if (!fast) throw new Error(`${desc.typeName}: the compiled encoder stepped aside on a plain message`);
        assert.is(hex(fast), hex(toBinary(desc, m)), desc.typeName);
      }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    }
  });
}

test('large messages: lengths of 128+ and 16384+ bytes (the in-place widening of the length prefix)', () => {
  for (const n of [0, 1, 40, 127, 128, 129, 300, 5000, 16383, 16384, 20000, 70000]) {
    const text = 'Ж'.repeat(Math.floor(n / 2)) + 'x'.repeat(n % 2);
    // service → regInfo → org → title: three enclosing lengths widen together
    const req = create(RequestSchema, { command: 0, service: { regInfo: { org: { title: text, address: text } } } } as never);
    assert.is(hex(fastToBinary(RequestSchema, req)!), hex(toBinary(RequestSchema, req)), `n=${n}`);
  }
});

test('lone surrogates, astral characters and the BOM are written as TextEncoder writes them', () => {
  for (const s of ['\ud800', 'a\udc00b', '\ud83d\ude00', '\ud83d', '\ufeffx', 'Ѳ€𝄞', '\u0000', 'x\ud800\ud800\udc00']) {
    const m = create(MoneySchema, { bills: 1n, coins: 1 });
    const org = create(RequestSchema, { command: 0, service: { regInfo: { org: { title: s } } } } as never);
    assert.is(hex(fastToBinary(RequestSchema, org)!), hex(toBinary(RequestSchema, org)), JSON.stringify(s));
    assert.is(hex(fastToBinary(MoneySchema, m)!), hex(toBinary(MoneySchema, m)));
  }
});

test('64-bit and 32-bit edges (uint64 bills, uint32 coins, int32 operator code): same bytes as toBinary, or both refuse', () => {
  const bills: unknown[] = [0n, 1n, 127n, 128n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n, (1n << 53n) + 1n, (1n << 63n) - 1n, (1n << 64n) - 1n, 1n << 64n, -1n, 5, '5'];
  const ints: unknown[] = [0, 1, 127, 128, 0x7fffffff, 0x80000000, 0xffffffff, 2 ** 32, -1, -128, -0x80000000, -0x80000001, -0, 1.5, NaN, Infinity, '1', 1n];
  let written = 0;
  let refused = 0;
  for (const b of bills) for (const c of ints) {
    const m = create(MoneySchema);
    (m as unknown as Record<string, unknown>).bills = b;
    (m as unknown as Record<string, unknown>).coins = c;
    const op = create(RequestSchema, { command: 1 } as never);
    (op as unknown as Record<string, unknown>).reqNum = c; // not a field: ignored by both
    for (const [desc, msg] of [[MoneySchema, m], [RequestSchema, op]] as const) {
      let expected: string | undefined;
      try { expected = hex(toBinary(desc, msg)); } catch { expected = undefined; }
      const fast = fastToBinary(desc, msg);
      if (fast) { written++; assert.is(hex(fast), expected, `${String(b)} ${String(c)}`); } else refused++;
      if (expected === undefined) assert.is(fast, undefined, 'protobuf-es throws: the compiled encoder must not write');
    }
  }
  assert.ok(written > 50 && refused > 50, `${written} written, ${refused} refused`);
});

// ----- values protobuf-es converts or rejects: the frame encoders give the same result either way ---

type Outcome = { bytes: string } | { error: string };
function outcome(fn: () => Uint8Array): Outcome {
  try { return { bytes: hex(fn()) }; } catch (e) { return { error: `${(e as { code?: string }).code ?? ''} ${(e as Error).message}` }; }
}
function bothWays(fn: () => Uint8Array): [Outcome, Outcome] {
  setCompiledCodec(false);
  const before = outcome(fn);
  setCompiledCodec(true);
  return [before, outcome(fn)];
}

const ODD: unknown[] = [undefined, null, 0, -1, 1.5, NaN, -0, 2 ** 32, 2 ** 31, '7', 'x', 5n, -5n, 1n << 64n, true, {}, [], new Uint8Array([1]), { $typeName: 'ofd.kkm.Money', bills: 1n, coins: 0 }];

/** Sets one field somewhere in the tree to an odd value (or deletes it). */
function mutateOnce(desc: DescMessage, m: Message, pick: number, odd: unknown): void {
  const rec = m as unknown as Record<string, unknown>;
  const fields = desc.fields;
  const f: DescField = fields[pick % fields.length]!;
  const v = rec[f.localName];
  if (f.fieldKind === 'message' && v !== undefined && pick % 3 !== 0) { mutateOnce(f.message, v as Message, Math.floor(pick / 7), odd); return; }
  if (f.fieldKind === 'list' && Array.isArray(v) && v.length && pick % 2 === 0) {
    if (f.listKind === 'message') mutateOnce(f.message, v[0] as Message, Math.floor(pick / 5), odd);
    else v[0] = odd;
    return;
  }
  if (odd === undefined && pick % 2 === 0) delete rec[f.localName];
  else rec[f.localName] = odd;
}

for (const version of SUPPORTED_VERSIONS) {
  test(`request/response frames with odd values at ${version}: compiled on and off give the same bytes or the same error`, () => {
    let differentFromPlain = 0;
    fc.assert(fc.property(request(version), response(version), fc.nat(), fc.constantFrom(...ODD), fc.nat(), (req, res, pick, odd, n) => {
      const meta = { version, deviceId: 1, token: 2, reqNum: 3 };
      const r = clone(RequestSchema, req); // mutated in place: keep fast-check's values intact for shrinking
      res = clone(ResponseSchema, res);
      mutateOnce(RequestSchema, r, pick, odd);
      mutateOnce(ResponseSchema, res, pick + n, odd);
      const [a, b] = bothWays(() => encodeRequestFrame(meta, r));
      assert.equal(b, a);
      const [c, d] = bothWays(() => encodeResponseFrame(meta, res));
      assert.equal(d, c);
      if ('error' in a || 'error' in c) differentFromPlain++;
    }), { numRuns: 400, seed: SEED });
    assert.ok(differentFromPlain > 20, `only ${differentFromPlain} odd cases made protobuf-es throw: the property would not show much`);
  });
}

test('$unknown is written after the known fields as toBinary writes it (and odd entries are left to it)', () => {
  const org = create(RequestSchema, { command: 0, service: { regInfo: { org: { title: 'T' } } } } as never);
  org.$unknown = [{ no: 99, wireType: 0, data: Uint8Array.from([0x96, 0x01]) }, { no: 3000, wireType: 2, data: Uint8Array.from([2, 0x41, 0x42]) }];
  org.service!.$unknown = [{ no: 15, wireType: 5, data: Uint8Array.from([1, 2, 3, 4]) }];
  assert.is(hex(fastToBinary(RequestSchema, org)!), hex(toBinary(RequestSchema, org)));
  org.$unknown = [{ no: 99, wireType: 0, data: [1] as unknown as Uint8Array }];
  assert.is(fastToBinary(RequestSchema, org), undefined);
});

test('a message of another type, or no message, is not written by the compiled encoder', () => {
  assert.is(fastToBinary(RequestSchema, create(ResponseSchema) as unknown as Message), undefined);
  assert.is(fastToBinary(RequestSchema, null as unknown as Message), undefined);
});

test('the scratch buffer grows and what was written before stays', () => {
  const big = create(RequestSchema, { command: 0, service: { regInfo: { org: { title: 'y'.repeat(W.b.length * 2) } } } } as never);
  assert.is(hex(fastToBinary(RequestSchema, big)!), hex(toBinary(RequestSchema, big)));
});

// ----- negative control --------------------------------------------------------------------------

test('negative control: an encoder compiled with a wrong field number fails the byte-equality property', () => {
  const wrong = compileEncoder(MoneySchema, { fieldNumber: (f) => (f.name === 'coins' ? 3 : f.number) })!;
  const result = fc.check(fc.property(message<Money>(MoneySchema), (m) => {
    W.w = 0;
    wrong(m);
    return hex(W.b.slice(0, W.w)) === hex(toBinary(MoneySchema, m));
  }), { numRuns: 100, seed: SEED });
  assert.ok(result.failed, 'the property must be able to fail');
  // and the same property holds for the correctly numbered encoder
  const right = compileEncoder(MoneySchema)!;
  const ok = fc.check(fc.property(message<Money>(MoneySchema), (m) => { W.w = 0; right(m); return hex(W.b.slice(0, W.w)) === hex(toBinary(MoneySchema, m)); }), { numRuns: 100, seed: SEED });
  assert.not.ok(ok.failed);
});

test.run();
