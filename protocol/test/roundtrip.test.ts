// Round-trip properties (fast-check): every message type of the schema through toBinary/fromBinary,
// and whole Request/Response frames through encode*/decode* for each protocol version.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { clone, create, equals, fromBinary, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import { file_ofd_protocol, RequestSchema, ResponseSchema, type Request, type Response } from '../src/gen/ofd-protocol_pb.js';
import { file_v202_ofd_protocol as file_v202 } from '../src/gen/v202/ofd-protocol_pb.js';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from '../src/frame.js';
import { SUPPORTED_VERSIONS, type ProtocolVersion } from '../src/header.js';
import { message } from './arbitraries/message.js';
import { request } from './arbitraries/request.js';
import { response } from './arbitraries/response.js';

const SEED = Number(process.env.FC_SEED ?? 4242);

function allMessages(list: readonly DescMessage[], out: DescMessage[] = []): DescMessage[] {
  for (const m of list) { out.push(m); allMessages(m.nestedMessages, out); }
  return out;
}

const canonicalTypes = allMessages(file_ofd_protocol.messages);
const v202Types = allMessages(file_v202.messages);

test('the schema has every message type we expect to cover', () => {
  assert.ok(canonicalTypes.length >= 60, `only ${canonicalTypes.length} message types`);
  assert.is(v202Types.length, canonicalTypes.length);
});

for (const [label, types] of [['canonical', canonicalTypes], ['2.0.2 variant', v202Types]] as const) {
  test(`every ${label} message type survives toBinary → fromBinary (${types.length} types)`, () => {
    for (const desc of types) {
      fc.assert(
        fc.property(message(desc), (m) => {
          const back = fromBinary(desc, toBinary(desc, m));
          if (!equals(desc, back, m)) throw new Error(`${desc.typeName} changed in a round trip`);
        }),
        { numRuns: 25, seed: SEED, endOnFailure: true },
      );
    }
  });
}

/** 2.0.2 has no OrgRegInfo.address_kz (field 6 is tenantId there): it cannot survive a 202 frame. */
function without202Gaps<T extends Message>(desc: DescMessage, m: T): T {
  const c = clone(desc, m) as unknown as { service?: { regInfo?: { org?: { addressKz?: string } } } };
  if (c.service?.regInfo?.org) delete c.service.regInfo.org.addressKz;
  return c as unknown as T;
}

for (const version of SUPPORTED_VERSIONS) {
  test(`request frames round-trip at version ${version}`, () => {
    fc.assert(
      fc.property(request(version), fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffff }), (req, token, reqNum) => {
        const meta = { version, deviceId: 200773, token, reqNum };
        const d = decodeRequestFrame(encodeRequestFrame(meta, req));
        if (!d.ok) throw new Error(JSON.stringify(d.issues));
        assert.equal(d.value.header, { appCode: 0x81a2, size: d.value.header.size, ...meta });
        assert.equal(d.value.warnings, []);
        const expected = version === 202 ? without202Gaps<Request>(RequestSchema, req) : req;
        if (!equals(RequestSchema, d.value.message, expected)) throw new Error('request changed in a frame round trip');
      }),
      { numRuns: 150, seed: SEED, endOnFailure: true },
    );
  });

  test(`response frames round-trip at version ${version}`, () => {
    fc.assert(
      fc.property(response(version as ProtocolVersion), (res) => {
        const meta = { version, deviceId: 7, token: 8, reqNum: 9 };
        const d = decodeResponseFrame(encodeResponseFrame(meta, res));
        if (!d.ok) throw new Error(JSON.stringify(d.issues));
        const expected = version === 202 ? without202Gaps<Response>(ResponseSchema, res) : res;
        if (!equals(ResponseSchema, d.value.message, expected)) throw new Error('response changed in a frame round trip');
      }),
      { numRuns: 150, seed: SEED, endOnFailure: true },
    );
  });
}

test('2.0.2 carries tenantId in OrgRegInfo field 6 on the wire; 2.0.3 carries address_kz there', () => {
  const req = create(RequestSchema, { command: 0, service: { regInfo: { org: { title: 'T', tenantId: 5, addressKz: 'Алматы' } } } });
  const r = (v: ProtocolVersion) => encodeRequestFrame({ version: v, deviceId: 1, token: 1, reqNum: 1 }, req);
  const org202 = Buffer.from(r(202)).toString('hex');
  const org203 = Buffer.from(r(203)).toString('hex');
  assert.ok(org202.includes('3005'), '202: field 6 varint 5 (tag 0x30)');
  assert.not.ok(org202.includes('380'), '202: no field 7');
  assert.ok(org203.includes('3805'), '203: tenantId is field 7 (tag 0x38)');
  assert.ok(org203.includes('32' + '0c' + Buffer.from('Алматы').toString('hex')), '203: field 6 is the string address_kz');
});

test.run();
