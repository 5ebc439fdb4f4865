import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create } from '@bufbuild/protobuf';
import { FrameDecoder, type FrameChunkResult } from '../src/frame-decoder.js';
import { encodeRequestFrame, decodeRequestFrame } from '../src/frame.js';
import { encodeHeader } from '../src/header.js';
import { CommandTypeEnum, RequestSchema } from '../src/gen/ofd-protocol_pb.js';
import { ProtocolError } from '../src/errors.js';

const meta = (reqNum: number) => ({ version: 203 as const, deviceId: 200773, token: 26264070, reqNum });
const frame = (reqNum: number, kkmId = 'x'.repeat(reqNum % 50)) =>
  encodeRequestFrame(meta(reqNum), create(RequestSchema, { command: CommandTypeEnum.COMMAND_SYSTEM, service: { regInfo: { kkm: { kkmId } } } }));
const cat = (...parts: Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));
const oks = (rs: FrameChunkResult[]) => rs.filter((r): r is Extract<FrameChunkResult, { ok: true }> => r.ok);

test('one byte at a time: every frame comes out once, whole, in order', () => {
  const frames = [frame(1), frame(2), frame(3)];
  const stream = cat(...frames);
  const d = new FrameDecoder();
  const out: FrameChunkResult[] = [];
  for (const b of stream) out.push(...d.push(Uint8Array.of(b)));
  assert.is(out.length, 3);
  oks(out).forEach((r, i) => {
    assert.equal([...r.raw], [...frames[i]!]);
    assert.is(r.header.reqNum, i + 1);
    assert.is(r.payload.length, frames[i]!.length - 18);
    assert.ok(decodeRequestFrame(r.raw).ok);
  });
  assert.is(d.buffered, 0);
});

test('coalesced reads: several frames and a partial tail in one chunk', () => {
  const frames = [frame(10), frame(11), frame(12)];
  const stream = cat(...frames);
  const cut = frames[0]!.length + frames[1]!.length + 7;
  const d = new FrameDecoder();
  const first = d.push(stream.subarray(0, cut));
  assert.equal(oks(first).map((r) => r.header.reqNum), [10, 11]);
  assert.is(d.buffered, 7);
  const second = d.push(stream.subarray(cut));
  assert.equal(oks(second).map((r) => r.header.reqNum), [12]);
});

test('a header-only frame (SIZE 18) completes even when it ends a chunk', () => {
  const h = encodeHeader({ version: 202, size: 18, deviceId: 1, token: 2, reqNum: 3 });
  const d = new FrameDecoder();
  assert.is(oks(d.push(h.subarray(0, 10))).length, 0);
  const r = d.push(h.subarray(10));
  assert.is(r.length, 1);
  assert.ok(r[0]!.ok && r[0]!.payload.length === 0);
});

test('wrong application code is fatal; later bytes are ignored', () => {
  const bad = frame(1);
  bad[0] = 0x00;
  const d = new FrameDecoder();
  const r = d.push(cat(bad, frame(2)));
  assert.is(r.length, 1);
  assert.ok(!r[0]!.ok && r[0]!.fatal && r[0]!.issues[0]!.code === 'PROTO_BAD_APPCODE');
  assert.ok(d.failed);
  assert.equal(d.push(frame(3)), []);
});

test('unsupported version is not fatal: the frame is skipped by SIZE and the next one decodes', () => {
  const old = frame(1);
  old[2] = 125; // 1.2.5
  const d = new FrameDecoder();
  const r = d.push(cat(old, frame(2)));
  assert.is(r.length, 2);
  const [a, b] = r;
  assert.ok(a && !a.ok && !a.fatal && a.issues[0]!.code === 'PROTO_UNSUPPORTED_VERSION' && a.rawHeader?.reqNum === 1);
  assert.ok(b && b.ok && b.header.reqNum === 2);
});

test('size under 18 and over the maximum are fatal', () => {
  const small = encodeHeader({ version: 203, size: 17, deviceId: 1, token: 1, reqNum: 1 });
  const r1 = new FrameDecoder().push(small);
  assert.ok(!r1[0]!.ok && r1[0]!.fatal && r1[0]!.issues[0]!.code === 'PROTO_SIZE_TOO_SMALL');
  const big = encodeHeader({ version: 203, size: 1000, deviceId: 1, token: 1, reqNum: 1 });
  const r2 = new FrameDecoder({ maxSize: 999 }).push(big);
  assert.ok(!r2[0]!.ok && r2[0]!.fatal && r2[0]!.issues[0]!.code === 'PROTO_SIZE_TOO_LARGE');
  const huge = encodeHeader({ version: 203, size: 1024 * 1024 + 1, deviceId: 1, token: 1, reqNum: 1 });
  const r3 = new FrameDecoder().push(huge);
  assert.ok(!r3[0]!.ok && r3[0]!.issues[0]!.code === 'PROTO_SIZE_TOO_LARGE', 'default max is 1 MiB');
});

test('end() reports a truncated frame, and nothing when the stream ended cleanly', () => {
  const f = frame(5);
  const d = new FrameDecoder();
  d.push(f.subarray(0, f.length - 1));
  const r = d.end();
  assert.ok(r.length === 1 && !r[0]!.ok && r[0]!.issues[0]!.code === 'PROTO_TRUNCATED' && r[0]!.rawHeader?.reqNum === 5);
  const clean = new FrameDecoder();
  clean.push(f);
  assert.equal(clean.end(), []);
  const partialHeader = new FrameDecoder();
  partialHeader.push(f.subarray(0, 5));
  assert.ok(!partialHeader.end()[0]!.ok);
});

test('maxSize option is validated and named in the error', () => {
  for (const maxSize of [0, 17, 1.5, Number.NaN]) {
    try { new FrameDecoder({ maxSize }); assert.unreachable(); } catch (e) {
      assert.instance(e, ProtocolError);
      assert.is((e as ProtocolError).code, 'PROTO_BAD_OPTION');
      assert.match((e as Error).message, /maxSize/);
    }
  }
});

test.run();
