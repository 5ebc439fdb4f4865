import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create } from '@bufbuild/protobuf';
import { CommandTypeEnum, RequestSchema, ResponseSchema } from '../src/gen/ofd-protocol_pb.js';
import { decodeRequestFrame, decodeRequestFrameOrThrow, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from '../src/frame.js';
import { encodeHeader, HEADER_SIZE } from '../src/header.js';
import { ProtocolError } from '../src/errors.js';
import { validateResponse } from '../src/validate.js';

const meta = { version: 203 as const, deviceId: 200773, token: 26264070, reqNum: 2 };
const info = create(RequestSchema, { command: CommandTypeEnum.COMMAND_INFO, service: { getRegInfo: true } });

function withPayload(payload: number[], version = 203): Uint8Array {
  const f = new Uint8Array(HEADER_SIZE + payload.length);
  encodeHeader({ version, size: f.length, deviceId: 1, token: 2, reqNum: 3 }, f);
  f.set(payload, HEADER_SIZE);
  return f;
}

test('encodeRequestFrame writes the header with SIZE = 18 + payload and the payload after it', () => {
  const f = encodeRequestFrame(meta, info);
  assert.equal([...f.subarray(0, 4)], [0xa2, 0x81, 203, 0]);
  assert.is(new DataView(f.buffer).getUint32(4, true), f.length);
  assert.equal([...f.subarray(HEADER_SIZE)], [0x08, 0x05, 0x32, 0x02, 0x38, 0x01]);
});

test('a whole buffer longer than SIZE is PROTO_SIZE_MISMATCH; shorter is PROTO_TRUNCATED; both keep the header', () => {
  const f = encodeRequestFrame(meta, info);
  const long = decodeRequestFrame(Uint8Array.from([...f, 0]));
  assert.ok(!long.ok && long.issues[0]!.code === 'PROTO_SIZE_MISMATCH' && long.header?.reqNum === 2);
  const short = decodeRequestFrame(f.subarray(0, f.length - 1));
  assert.ok(!short.ok && short.issues[0]!.code === 'PROTO_TRUNCATED' && short.header?.deviceId === 200773);
});

test('header rejections come back with the raw header (for an answer with the same id/reqnum)', () => {
  const f = encodeRequestFrame(meta, info);
  f[2] = 125;
  const d = decodeRequestFrame(f);
  assert.ok(!d.ok && d.issues[0]!.code === 'PROTO_UNSUPPORTED_VERSION');
  if (!d.ok) { assert.is(d.rawHeader?.version, 125); assert.is(d.header, undefined); }
  const small = decodeRequestFrame(new Uint8Array(10));
  assert.ok(!small.ok && small.issues[0]!.code === 'PROTO_HEADER_SHORT');
  const big = encodeRequestFrame(meta, create(RequestSchema, { command: 0, service: { softwareInformationOld: new Uint8Array(100) } }));
  const capped = decodeRequestFrame(big, { maxSize: 50 });
  assert.ok(!capped.ok && capped.issues[0]!.code === 'PROTO_SIZE_TOO_LARGE');
});

test('undecodable payloads: bad varint, length past the end, wire type 7, stray end-group', () => {
  for (const [payload, why] of [
    [[0x08, 0xff], 'varint past the end'],
    [[0x12, 0x05, 0x08], 'length past the end'],
    [[0x0f], 'wire type 7'],
    [[0x0c], 'end group'],
    [[0x00, 0x00], 'field number 0'],
    [[0x12, 0x02, 0x12, 0x05], 'nested length past its message'],
  ] as const) {
    const d = decodeRequestFrame(withPayload([...payload]));
    assert.ok(!d.ok, why);
    if (!d.ok) assert.is(d.issues[0]!.code, 'PROTO_UNDECODABLE_PAYLOAD', why);
  }
});

test('an undeclared value in the required command enum is PROTO_BAD_VALUE at $.command (proto2 closed enum), kept as unknown', () => {
  const d = decodeRequestFrame(withPayload([0x08, 0x09])); // 9 = OPEN_SHIFT, reserved since 2.0.2
  assert.ok(!d.ok);
  if (d.ok) return;
  assert.equal(d.issues.map((i) => [i.code, i.path]), [['PROTO_BAD_VALUE', '$.command']]);
  assert.match(d.issues[0]!.message, /^9 is not a value of CommandTypeEnum/);
  assert.is(d.message?.$unknown?.[0]?.no, 1);
  const missing = decodeRequestFrame(withPayload([0x32, 0x00])); // service only, no command at all
  assert.ok(!missing.ok && missing.issues[0]!.code === 'PROTO_MISSING_REQUIRED' && missing.issues[0]!.path === '$.command');
});

test('an undeclared value in a nested required enum is reported with its path, with the other missing fields', () => {
  // Response{command: SYSTEM, result{0}, service{ticket_ads[{info{type: 9, version: 1}}]}}: TicketAdInfo.type is required, text missing
  const d = decodeResponseFrame(withPayload([0x08, 0x00, 0x12, 0x02, 0x08, 0x00, 0x32, 0x08, 0x0a, 0x06, 0x0a, 0x04, 0x08, 0x09, 0x10, 0x01]));
  assert.ok(!d.ok);
  if (!d.ok) assert.equal(d.issues.map((i) => [i.code, i.path]), [['PROTO_BAD_VALUE', '$.service.ticketAds[0].info.type'], ['PROTO_MISSING_REQUIRED', '$.service.ticketAds[0].text']]);
});

test('a field with a known number but another wire type is skipped with a warning (protoc behaviour)', () => {
  // Request{command: SYSTEM, service(6) as a varint}
  const d = decodeRequestFrame(withPayload([0x08, 0x00, 0x30, 0x01]));
  assert.ok(d.ok);
  if (d.ok) {
    assert.equal(d.value.warnings.map((w) => [w.code, w.path]), [['PROTO_WIRE_TYPE_MISMATCH', '$.service']]);
    assert.is(d.value.message.service, undefined);
  }
});

test('packed repeated enums (AuthResponse.roles) are accepted', () => {
  // Response{command: AUTH, result{code 0}, auth{result OK, roles packed [1,2,3]}}
  const d = decodeResponseFrame(withPayload([0x08, 0x08, 0x12, 0x02, 0x08, 0x00, 0x3a, 0x07, 0x08, 0x00, 0x22, 0x03, 0x01, 0x02, 0x03]));
  assert.ok(d.ok);
  if (d.ok) { assert.equal(d.value.message.auth?.roles, [1, 2, 3]); assert.equal(d.value.warnings, []); }
});

test('encoding a message with a missing required field throws PROTO_MISSING_REQUIRED listing the paths', () => {
  try {
    encodeResponseFrame(meta, create(ResponseSchema, { command: 1, ticket: {} }));
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ProtocolError);
    const pe = e as ProtocolError;
    assert.is(pe.code, 'PROTO_MISSING_REQUIRED');
    assert.equal(pe.issues.map((i) => i.path).sort(), ['$.result', '$.ticket.ticketNumber']);
  }
});

test('encoding at an unsupported version throws PROTO_UNSUPPORTED_VERSION', () => {
  try {
    encodeRequestFrame({ ...meta, version: 125 as never }, info);
    assert.unreachable();
  } catch (e) {
    assert.is((e as ProtocolError).code, 'PROTO_UNSUPPORTED_VERSION');
  }
});

test('decodeRequestFrameOrThrow returns the frame or throws with every issue', () => {
  assert.is(decodeRequestFrameOrThrow(encodeRequestFrame(meta, info)).message.command, CommandTypeEnum.COMMAND_INFO);
  const bad = encodeRequestFrame(meta, info);
  bad[0] = 0; bad[2] = 1;
  try { decodeRequestFrameOrThrow(bad); assert.unreachable(); } catch (e) {
    assert.instance(e, ProtocolError);
    assert.is((e as ProtocolError).code, 'PROTO_BAD_APPCODE');
    assert.equal((e as ProtocolError).issues.map((i) => i.code), ['PROTO_BAD_APPCODE', 'PROTO_UNSUPPORTED_VERSION']);
  }
});

test('an invalid maxSize option throws PROTO_BAD_OPTION naming it', () => {
  for (const maxSize of [10, Number.NaN, 2 ** 33]) {
    try { decodeRequestFrame(new Uint8Array(0), { maxSize }); assert.unreachable(); } catch (e) {
      assert.is((e as ProtocolError).code, 'PROTO_BAD_OPTION');
      assert.match((e as Error).message, /maxSize/);
    }
  }
});

test('an undeclared value in a repeated closed enum decodes at 2.0.2 as at 2.0.3 (kept in the list, flagged by validation) instead of throwing', () => {
  // Response: command 8 (AUTH), result { resultCode 0 }, auth { result 0, roles [99] }
  const payload = Uint8Array.from([0x08, 0x08, 0x12, 0x02, 0x08, 0x00, 0x3a, 0x04, 0x08, 0x00, 0x20, 0x63]);
  for (const version of [202, 203] as const) {
    const frame = new Uint8Array(HEADER_SIZE + payload.length);
    encodeHeader({ version, size: frame.length, deviceId: 1, token: 1, reqNum: 1 }, frame);
    frame.set(payload, HEADER_SIZE);
    const d = decodeResponseFrame(frame);
    assert.ok(d.ok, `version ${version}`);
    if (!d.ok) return;
    assert.equal(d.value.message.auth?.roles, [99]);
    assert.ok(validateResponse(d.value.message, version).some((i) => i.code === 'PROTO_BAD_VALUE' && i.path === '$.auth.roles[0]'));
  }
});

test.run();
