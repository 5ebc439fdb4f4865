// Decoder fuzz (fast-check): random bytes, random payloads behind a valid header, truncated and
// mutated valid frames, random chunking. The decoders must never throw, only return issues.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame, type DecodedFrame } from '../src/frame.js';
import { FrameDecoder, type FrameChunkResult } from '../src/frame-decoder.js';
import { decodeHeader, encodeHeader, HEADER_SIZE, SUPPORTED_VERSIONS, type ProtocolVersion } from '../src/header.js';
import { validateRequest, validateResponse } from '../src/validate.js';
import type { Issue } from '../src/errors.js';
import { request } from './arbitraries/request.js';
import { response } from './arbitraries/response.js';

const SEED = Number(process.env.FC_SEED ?? 99);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3000);

function wellFormed(issues: Issue[]): void {
  assert.ok(issues.length > 0, 'a failure carries at least one issue');
  for (const i of issues) {
    assert.type(i.code, 'string');
    assert.ok(i.code.startsWith('PROTO_'), i.code);
    assert.ok(i.path.startsWith('$'), i.path);
    assert.type(i.message, 'string');
  }
}

function checkDecoded(d: DecodedFrame<unknown>): void {
  if (!d.ok) wellFormed(d.issues);
}

const version = fc.constantFrom<ProtocolVersion>(...SUPPORTED_VERSIONS);
const validRequestFrame = version.chain((v) => request(v).map((r) => encodeRequestFrame({ version: v, deviceId: 1, token: 2, reqNum: 3 }, r)));
const validResponseFrame = version.chain((v) => response(v).map((r) => encodeResponseFrame({ version: v, deviceId: 1, token: 2, reqNum: 3 }, r)));

test(`random bytes (${RUNS} cases): header, request and response decoders never throw`, () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
    const h = decodeHeader(b);
    if (!h.ok) wellFormed(h.issues);
    checkDecoded(decodeRequestFrame(b));
    checkDecoded(decodeResponseFrame(b));
  }), { numRuns: RUNS, seed: SEED });
});

test(`random payloads behind a valid header (${RUNS} cases): never throw; what decodes also validates without throwing`, () => {
  fc.assert(fc.property(version, fc.uint8Array({ maxLength: 300 }), (v, payload) => {
    const frame = new Uint8Array(HEADER_SIZE + payload.length);
    encodeHeader({ version: v, size: frame.length, deviceId: 1, token: 1, reqNum: 1 }, frame);
    frame.set(payload, HEADER_SIZE);
    const rq = decodeRequestFrame(frame);
    checkDecoded(rq);
    if (rq.ok) validateRequest(rq.value.message, v);
    const rs = decodeResponseFrame(frame);
    checkDecoded(rs);
    if (rs.ok) validateResponse(rs.value.message, v);
  }), { numRuns: RUNS, seed: SEED });
});

test(`truncated valid frames (${RUNS} cases) are rejected as PROTO_TRUNCATED or PROTO_HEADER_SHORT`, () => {
  fc.assert(fc.property(validRequestFrame, fc.nat(), (frame, cut) => {
    const n = cut % frame.length;
    const d = decodeRequestFrame(frame.subarray(0, n));
    assert.not.ok(d.ok);
    if (!d.ok) assert.ok(['PROTO_TRUNCATED', 'PROTO_HEADER_SHORT'].includes(d.issues[0]!.code), d.issues[0]!.code);
  }), { numRuns: RUNS, seed: SEED });
});

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
);

type Mutation = { kind: 'flip' | 'set' | 'insert' | 'delete'; at: number; xor?: number; value?: number; bytes?: Uint8Array; n?: number };

function mutate(frame: Uint8Array, ms: Mutation[], keepSize: boolean): Uint8Array {
  let b = Buffer.from(frame);
  for (const m of ms) {
    const at = m.at % Math.max(1, b.length);
    if (m.kind === 'flip') b[at] = b[at]! ^ m.xor!;
    else if (m.kind === 'set') b[at] = m.value!;
    else if (m.kind === 'insert') b = Buffer.concat([b.subarray(0, at), m.bytes!, b.subarray(at)]);
    else b = Buffer.concat([b.subarray(0, at), b.subarray(at + m.n!)]);
  }
  if (keepSize && b.length >= HEADER_SIZE) b.writeUInt32LE(b.length, 4); // so the payload parser sees the damage
  return Uint8Array.from(b);
}

test(`mutated valid frames (${RUNS} cases, payload damage behind a consistent SIZE too): never throw`, () => {
  fc.assert(fc.property(fc.oneof(validRequestFrame, validResponseFrame), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (frame, ms, keepSize) => {
    const b = mutate(frame, ms, keepSize);
    const rq = decodeRequestFrame(b);
    checkDecoded(rq);
    const rs = decodeResponseFrame(b);
    checkDecoded(rs);
    const d = new FrameDecoder();
    for (const r of [...d.push(b), ...d.end()]) if (!r.ok) wellFormed(r.issues);
  }), { numRuns: RUNS, seed: SEED });
});

test('random chunking of a stream of valid frames yields exactly those frames', () => {
  fc.assert(fc.property(fc.array(validRequestFrame, { minLength: 1, maxLength: 6 }), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }), (frames, sizes) => {
    const stream = Buffer.concat(frames);
    const d = new FrameDecoder();
    const out: FrameChunkResult[] = [];
    let pos = 0;
    let i = 0;
    while (pos < stream.length) {
      const n = sizes[i++ % sizes.length]!;
      out.push(...d.push(Uint8Array.from(stream.subarray(pos, pos + n))));
      pos += n;
    }
    assert.equal(d.end(), []);
    assert.is(out.length, frames.length);
    out.forEach((r, k) => {
      assert.ok(r.ok);
      if (r.ok) assert.ok(Buffer.from(r.raw).equals(Buffer.from(frames[k]!)));
    });
  }), { numRuns: 300, seed: SEED });
});

test(`random chunks of garbage into one FrameDecoder (${RUNS} cases): never throws, stops after a fatal issue`, () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), fc.integer({ min: 18, max: 4096 }), (chunks, maxSize) => {
    const d = new FrameDecoder({ maxSize });
    let fatalSeen = false;
    for (const c of chunks) {
      const rs = d.push(c);
      if (fatalSeen) assert.equal(rs, []);
      for (const r of rs) {
        if (!r.ok) { wellFormed(r.issues); if (r.fatal) fatalSeen = true; }
        else assert.is(r.raw.length, r.header.size);
      }
    }
    for (const r of d.end()) if (!r.ok) wellFormed(r.issues);
  }), { numRuns: RUNS, seed: SEED });
});

test.run();
