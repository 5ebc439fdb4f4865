// The compiled decoder builds exactly what protobuf-es fromBinary builds (equals, and the same
// objects: prototype, own keys in order, isFieldSet of every field at every depth, JS types), for
// every message type of both schema files; on random and mutated bytes it answers only when the
// wire-type scan + protobuf-es path would accept the same bytes without a warning and build the
// same message (otherwise it steps aside and that path decides), so the frame decoders return the
// same results with it on and off. A negative control shows the equality property can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { create, fromBinary, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import { AuthResponseSchema, file_ofd_protocol, KkmRegInfoSchema, RequestSchema, ResponseSchema, type KkmRegInfo } from '../../src/gen/ofd-protocol_pb.js';
import { file_v202_ofd_protocol as file_v202, RequestSchema as Request202Schema, ResponseSchema as Response202Schema } from '../../src/gen/v202/ofd-protocol_pb.js';
import { compileDecoder } from '../../src/codec/compile-decode.js';
import { fastDecode, setCompiledCodec } from '../../src/codec/codec.js';
import { scanWireTypes } from '../../src/wire-scan.js';
import { missingRequired } from '../../src/validate.js';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame, type DecodedFrame } from '../../src/frame.js';
import { encodeHeader, HEADER_SIZE, SUPPORTED_VERSIONS, type ProtocolVersion } from '../../src/header.js';
import { message } from '../arbitraries/message.js';
import { request } from '../arbitraries/request.js';
import { response } from '../arbitraries/response.js';
import { differenceOf } from './same-message.js';

const SEED = Number(process.env.FC_SEED ?? 11);
const RUNS = Number(process.env.CODEC_RUNS ?? 25);
const FUZZ = Number(process.env.FUZZ_RUNS ?? 1500);

function allMessages(list: readonly DescMessage[], out: DescMessage[] = []): DescMessage[] {
  for (const m of list) { out.push(m); allMessages(m.nestedMessages, out); }
  return out;
}
const variants = [['canonical', allMessages(file_ofd_protocol.messages)], ['2.0.2 variant', allMessages(file_v202.messages)]] as const;

/** What the frame decoder did before the compiled codec: wire-type scan, then protobuf-es. */
function slowDecode(desc: DescMessage, bytes: Uint8Array): { ok: true; message: Message; warnings: number } | { ok: false } {
  const scan = scanWireTypes(desc, bytes);
  if (!scan.ok) return { ok: false };
  try {
    return { ok: true, message: fromBinary(desc, scan.cleaned ?? bytes), warnings: scan.warnings.length };
  } catch {
    return { ok: false };
  }
}

/** When the compiled decoder answers, the old path accepts the same bytes, warns of nothing and builds the same message. */
function agrees(desc: DescMessage, bytes: Uint8Array): boolean {
  const fast = fastDecode(desc, bytes);
  if (!fast) return false;
  const slow = slowDecode(desc, bytes);
  if (!slow.ok) throw new Error(`${desc.typeName}: compiled decoder accepted bytes the old path rejects: ${Buffer.from(bytes).toString('hex')}`);
  if (slow.warnings) throw new Error(`${desc.typeName}: compiled decoder accepted bytes the scan warns about`);
  const d = differenceOf(desc, fast.message, slow.message);
  if (d) throw new Error(`${desc.typeName}: ${d} (${Buffer.from(bytes).toString('hex')})`);
  if (!fast.missingRequired && missingRequired(desc, slow.message).length) throw new Error(`${desc.typeName}: a required field is missing but the decoder did not flag it`);
  return true;
}

test('every message type of both schema files has a compiled decoder', () => {
  for (const [, types] of variants) for (const desc of types) assert.ok(compileDecoder(desc), desc.typeName);
});

for (const [label, types] of variants) {
  test(`compiled decode of toBinary's bytes is fromBinary's message, isFieldSet alike at every depth, for every ${label} type (${types.length} × ${RUNS})`, () => {
    for (const desc of types) {
      fc.assert(fc.property(message(desc), (m) => {
        const bytes = toBinary(desc, m);
        if (!agrees(desc, bytes)) throw new Error(`${desc.typeName}: the compiled decoder stepped aside on toBinary's bytes`);
        const fast = fastDecode(desc, bytes)!;
        assert.is(fast.missingRequired, false, 'arbitraries set every required field');
      }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    }
  });
}

/** Byte-level mutations of a valid encoding. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat(), value: fc.constant(0) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), value: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(b: Uint8Array, ms: Mutation[]): Uint8Array {
  let a = Array.from(b);
  for (const m of ms) {
    const at = a.length ? m.at % (a.length + 1) : 0;
    switch (m.kind) {
      case 'flip': if (a.length) a[at % a.length] = m.value; break;
      case 'insert': a.splice(at, 0, m.value); break;
      case 'delete': if (a.length) a.splice(at % a.length, 1); break;
      case 'truncate': a = a.slice(0, at); break;
      case 'duplicate': { const len = 1 + (m.value % 12); a.splice(at, 0, ...a.slice(at, at + len)); break; }
    }
  }
  return Uint8Array.from(a);
}

const fuzzTypes: [string, DescMessage][] = [
  ['canonical Request', RequestSchema], ['canonical Response', ResponseSchema], ['2.0.2 Request', Request202Schema], ['2.0.2 Response', Response202Schema],
];

for (const [label, desc] of fuzzTypes) {
  test(`${label}: mutated valid encodings (${FUZZ}) — whenever the compiled decoder answers, the old path gives the same message`, () => {
    let answered = 0;
    fc.assert(fc.property(message(desc), fc.array(mutation, { minLength: 1, maxLength: 3 }), (m, ms) => {
      if (agrees(desc, mutate(toBinary(desc, m), ms))) answered++;
    }), { numRuns: FUZZ, seed: SEED });
    assert.ok(answered > FUZZ / 50, `the compiled decoder answered only ${answered} of ${FUZZ} mutated inputs: the property shows little`);
  });

  test(`${label}: random bytes (${FUZZ}) never make the compiled decoder throw or disagree`, () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (b) => { agrees(desc, b); }), { numRuns: FUZZ, seed: SEED });
  });
}

test('packed repeated fields are accepted on decode as protobuf-es accepts them (AuthResponse.roles)', () => {
  // result = 0, roles packed [1, 2, 3], then one unpacked 2
  const bytes = Uint8Array.from([0x08, 0x00, 0x22, 0x03, 0x01, 0x02, 0x03, 0x20, 0x02]);
  assert.ok(agrees(AuthResponseSchema, bytes));
  assert.equal((fastDecode(AuthResponseSchema, bytes)!.message as unknown as { roles: number[] }).roles, [1, 2, 3, 2]);
  // an element running past the packed length: left to protobuf-es
  assert.is(fastDecode(AuthResponseSchema, Uint8Array.from([0x08, 0x00, 0x22, 0x01, 0x81, 0x01])), undefined);
  // list enums are not checked against the closed enum by protobuf-es: 99 goes in
  assert.ok(agrees(AuthResponseSchema, Uint8Array.from([0x08, 0x00, 0x20, 0x63])));
});

test('what the compiled decoder leaves to protobuf-es: unknown fields, undeclared enum values, wrong wire types, 5-byte lengths', () => {
  const cases: [string, number[]][] = [
    ['unknown field 15', [0x08, 0x00, 0x78, 0x01]],
    ['undeclared enum value in a singular field', [0x08, 0x05]],
    ['field 1 as length-delimited', [0x0a, 0x00]],
    ['5-byte length of a string', [0x08, 0x00, 0x1a, 0x80, 0x80, 0x80, 0x80, 0x10]],
    ['6-byte tag', [0x88, 0x80, 0x80, 0x80, 0x80, 0x00, 0x00]],
  ];
  for (const [what, b] of cases) assert.is(fastDecode(AuthResponseSchema, Uint8Array.from(b)), undefined, what);
});

test('a repeated singular message is merged and a repeated scalar keeps the last value, as protobuf-es does', () => {
  const a = toBinary(KkmRegInfoSchema, create(KkmRegInfoSchema, { fnsKkmId: 'A', serialNumber: 'S' }));
  const b = toBinary(KkmRegInfoSchema, create(KkmRegInfoSchema, { fnsKkmId: 'B', kkmId: 'K' }));
  const inner = Uint8Array.from([...a, ...b]);
  assert.ok(agrees(KkmRegInfoSchema, inner));
  // service (3) → regInfo (…) twice: merged
  const reg = toBinary(RequestSchema, create(RequestSchema, { command: 0, service: { regInfo: { kkm: { fnsKkmId: 'A' } } } } as never));
  const reg2 = toBinary(RequestSchema, create(RequestSchema, { command: 5, service: { regInfo: { kkm: { serialNumber: 'Z' } } } } as never));
  assert.ok(agrees(RequestSchema, Uint8Array.from([...reg, ...reg2])));
});

test('strings: invalid UTF-8, a BOM, long text — read as protobuf-es reads them', () => {
  const texts = [[0xff], [0xc3], [0xe2, 0x82], [0xef, 0xbb, 0xbf, 0x41], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf0, 0x9f, 0x98, 0x80], Array(300).fill(0xd0).flatMap((x, i) => (i % 2 ? [] : [x, 0x96]))];
  for (const t of texts) {
    const b = Uint8Array.from([0x0a, t.length, ...t].length < 130 ? [0x0a, t.length, ...t] : [0x0a, 0x80 | (t.length & 0x7f), t.length >> 7, ...t]);
    assert.ok(agrees(KkmRegInfoSchema, b), JSON.stringify(t.slice(0, 4)));
  }
});

// ----- whole frames: compiled on and off give the same results --------------------------------------

function comparable(d: DecodedFrame<Message>, desc: DescMessage): unknown {
  if (d.ok) return { ok: true, header: d.value.header, warnings: d.value.warnings };
  return { ok: false, issues: d.issues, rawHeader: d.rawHeader, header: d.header, message: d.message !== undefined };
}

function sameBothWays(frame: Uint8Array): number {
  let fastTaken = 0;
  for (const [decode, desc] of [[decodeRequestFrame, RequestSchema], [decodeResponseFrame, ResponseSchema]] as const) {
    setCompiledCodec(false);
    const before = decode(frame) as DecodedFrame<Message>;
    setCompiledCodec(true);
    const after = decode(frame) as DecodedFrame<Message>;
    assert.equal(comparable(after, desc), comparable(before, desc));
    const ma = after.ok ? after.value.message : after.message;
    const mb = before.ok ? before.value.message : before.message;
    if (ma && mb) {
      const d = differenceOf(desc, ma, mb);
      if (d) throw new Error(d);
    }
    if (after.ok) fastTaken++;
  }
  return fastTaken;
}

const version = fc.constantFrom<ProtocolVersion>(...SUPPORTED_VERSIONS);

test(`frames (${FUZZ}): valid, mutated and random payloads decode to the same results with the compiled codec on and off`, () => {
  let decoded = 0;
  fc.assert(fc.property(version, fc.boolean(), fc.array(mutation, { maxLength: 2 }), fc.uint8Array({ maxLength: 60 }), fc.nat(3), (v, isRequest, ms, random, pick) => {
    const sample = isRequest ? fc.sample(request(v), { numRuns: 1, seed: ms.length * 31 + pick })[0]! : fc.sample(response(v), { numRuns: 1, seed: ms.length * 31 + pick })[0]!;
    const meta = { version: v, deviceId: 1, token: 2, reqNum: 3 };
    const valid = isRequest ? encodeRequestFrame(meta, sample as never) : encodeResponseFrame(meta, sample as never);
    const payload = pick === 0 ? random : mutate(valid.subarray(HEADER_SIZE), ms);
    const frame = new Uint8Array(HEADER_SIZE + payload.length);
    encodeHeader({ version: v, size: frame.length, deviceId: 1, token: 2, reqNum: 3 }, frame);
    frame.set(payload, HEADER_SIZE);
    decoded += sameBothWays(frame);
  }), { numRuns: FUZZ, seed: SEED });
  assert.ok(decoded > FUZZ / 4, `only ${decoded} frames decoded`);
});

test('a frame missing a required field reports the same issues and message with the codec on and off', () => {
  // Request without command (field 1, required)
  for (const v of SUPPORTED_VERSIONS) {
    const payload = Uint8Array.from([0x1a, 0x00]);
    const frame = new Uint8Array(HEADER_SIZE + payload.length);
    encodeHeader({ version: v, size: frame.length, deviceId: 1, token: 2, reqNum: 3 }, frame);
    frame.set(payload, HEADER_SIZE);
    sameBothWays(frame);
    const d = decodeRequestFrame(frame);
    assert.is(d.ok, false);
    if (!d.ok) { assert.ok(d.issues.length > 0); for (const i of d.issues) assert.is(i.code, 'PROTO_MISSING_REQUIRED'); assert.ok(d.issues.some((i) => i.path === '$.command'), JSON.stringify(d.issues)); }
  }
});

// ----- negative control --------------------------------------------------------------------------

test('negative control: a decoder compiled with two field numbers swapped fails the equality property', () => {
  // KkmRegInfo: fns_kkm_id and serial_number are both strings; swapping their numbers still decodes
  const [a, b] = KkmRegInfoSchema.fields.filter((f) => f.fieldKind === 'scalar' && f.scalar === 9);
  const wrong = compileDecoder(KkmRegInfoSchema, { fieldNumber: (f) => (f === a ? b!.number : f === b ? a!.number : f.number) })!;
  const property = (decode: (b: Uint8Array) => Message) => fc.property(message<KkmRegInfo>(KkmRegInfoSchema), (m) => {
    const bytes = toBinary(KkmRegInfoSchema, m);
    return differenceOf(KkmRegInfoSchema, decode(bytes), fromBinary(KkmRegInfoSchema, bytes)) === null;
  });
  assert.ok(fc.check(property(wrong), { numRuns: 200, seed: SEED }).failed, 'the property must be able to fail');
  assert.not.ok(fc.check(property(compileDecoder(KkmRegInfoSchema)!), { numRuns: 200, seed: SEED }).failed);
});

test.run();
