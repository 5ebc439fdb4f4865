import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { create, equals, toJson } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema } from '../src/gen/ofd-protocol_pb.js';
import { requestFromJson, requestToJson, responseFromJson, responseToJson } from '../src/json.js';
import { request } from './arbitraries/request.js';
import { response } from './arbitraries/response.js';

test('protobuf JSON: enum names, uint64 as strings, camelCase names', () => {
  const j = requestToJson(create(RequestSchema, { command: 1, ticket: { operation: 2, amounts: { total: { bills: 500n, coins: 7 } }, items: [{ type: 1, commodity: { quantity: 2000n } }] } }));
  assert.equal(j, { command: 'COMMAND_TICKET', ticket: { operation: 'OPERATION_SELL', items: [{ type: 'ITEM_TYPE_COMMODITY', commodity: { quantity: '2000' } }], amounts: { total: { bills: '500', coins: 7 } } } });
  assert.ok(JSON.stringify(j)); // no bigint left
  const r = responseToJson(create(ResponseSchema, { command: 1, result: { resultCode: 0 }, ticket: { ticketNumber: '42', qrCode: new TextEncoder().encode('http://x?i=42') } }));
  assert.equal((r as { ticket: { qrCode: string } }).ticket.qrCode, Buffer.from('http://x?i=42').toString('base64'));
});

test('a message missing required fields is still written (for ledgers), without them', () => {
  const j = requestToJson(create(RequestSchema, { command: 1, ticket: { operation: 2 } }));
  assert.equal(j, { command: 'COMMAND_TICKET', ticket: { operation: 'OPERATION_SELL' } });
});

test('same JSON as protobuf-es toJson for valid messages, and it round-trips (property)', () => {
  fc.assert(fc.property(request(204), response(204), (req, res) => {
    assert.equal(requestToJson(req), toJson(RequestSchema, req));
    assert.equal(responseToJson(res), toJson(ResponseSchema, res));
    const rq = requestFromJson(JSON.parse(JSON.stringify(requestToJson(req))));
    const rs = responseFromJson(JSON.parse(JSON.stringify(responseToJson(res))));
    return equals(RequestSchema, rq, req) && equals(ResponseSchema, rs, res);
  }), { numRuns: 100, seed: 8 });
});

test.run();
