import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create } from '@bufbuild/protobuf';
import fc from 'fast-check';
import { CommandTypeEnum, OperationTypeEnum, RequestSchema, ResponseSchema } from '../src/gen/ofd-protocol_pb.js';
import { missingRequired, validateRequest, validateResponse } from '../src/validate.js';
import { decodeRequestFrame } from '../src/frame.js';
import { encodeHeader, HEADER_SIZE } from '../src/header.js';
import { toBinary } from '@bufbuild/protobuf';
import { request } from './arbitraries/request.js';
import { response } from './arbitraries/response.js';

const codes = (xs: { code: string; path: string }[]) => xs.map((i) => `${i.code} ${i.path}`).sort();

const dt = { date: { year: 2024, month: 10, day: 31 }, time: { hour: 23, minute: 0, second: 0 } };
const goodTicket = () => create(RequestSchema, {
  command: CommandTypeEnum.COMMAND_TICKET,
  ticket: {
    operation: OperationTypeEnum.OPERATION_SELL,
    dateTime: dt,
    operator: { code: 1, name: 'Cashier' },
    domain: { type: 0 },
    items: [{ type: 1, commodity: { name: 'Bread', sectionCode: '1', quantity: 2000n, price: { bills: 250n, coins: 0 }, sum: { bills: 500n, coins: 0 }, measureUnitCode: '796' } }],
    payments: [{ type: 0, sum: { bills: 500n, coins: 0 } }],
    amounts: { total: { bills: 500n, coins: 0 } },
  },
  service: { securityStats: { geoPosition: { latitude: 0, longitude: 0, source: 'GPS' } } },
});

test('a complete ticket validates clean in 2.0.3 and 2.0.4', () => {
  assert.equal(validateRequest(goodTicket(), 203), []);
  assert.equal(validateRequest(goodTicket(), 204), []);
});

test('every missing required field is reported with its JSON path, not only the first', () => {
  const req = create(RequestSchema, {
    command: CommandTypeEnum.COMMAND_TICKET,
    ticket: { items: [{ type: 1, commodity: { sectionCode: '1', price: { bills: 1n } } }] },
  });
  assert.equal(codes(missingRequired(RequestSchema, req)), [
    'PROTO_MISSING_REQUIRED $.ticket.amounts',
    'PROTO_MISSING_REQUIRED $.ticket.dateTime',
    'PROTO_MISSING_REQUIRED $.ticket.items[0].commodity.price.coins',
    'PROTO_MISSING_REQUIRED $.ticket.items[0].commodity.quantity',
    'PROTO_MISSING_REQUIRED $.ticket.items[0].commodity.sum',
    'PROTO_MISSING_REQUIRED $.ticket.operation',
    'PROTO_MISSING_REQUIRED $.ticket.operator',
  ]);
});

test('a frame with a missing required field is rejected with the paths and still hands over header and message', () => {
  // protoc-style bytes we write by hand: Request{command: TICKET, ticket: {operation: SELL}} (no date_time, operator, amounts)
  const payload = Uint8Array.from([0x08, 0x01, 0x12, 0x02, 0x08, 0x02]);
  const frame = new Uint8Array(HEADER_SIZE + payload.length);
  encodeHeader({ version: 203, size: frame.length, deviceId: 5, token: 6, reqNum: 7 }, frame);
  frame.set(payload, HEADER_SIZE);
  const d = decodeRequestFrame(frame);
  assert.not.ok(d.ok);
  if (d.ok) return;
  assert.equal(codes(d.issues), ['PROTO_MISSING_REQUIRED $.ticket.amounts', 'PROTO_MISSING_REQUIRED $.ticket.dateTime', 'PROTO_MISSING_REQUIRED $.ticket.operator']);
  assert.is(d.header?.reqNum, 7);
  assert.is(d.message?.ticket?.operation, OperationTypeEnum.OPERATION_SELL);
});

test('the command needs its sub-message (PROTO_MISSING_BODY)', () => {
  for (const [command, path] of [[1, '$.ticket'], [2, '$.closeShift'], [3, '$.report'], [4, '$.nomenclature'], [6, '$.moneyPlacement'], [8, '$.auth']] as const) {
    const issues = validateRequest(create(RequestSchema, { command }), 203);
    assert.equal(codes(issues), [`PROTO_MISSING_BODY ${path}`]);
  }
  assert.equal(validateRequest(create(RequestSchema, { command: 0 }), 202), []);
  assert.equal(validateRequest(create(RequestSchema, { command: 5 }), 204), []);
});

test('version differences: commands that exist per version', () => {
  const cancel = create(RequestSchema, { command: CommandTypeEnum.COMMAND_CANCEL_TICKET });
  assert.equal(validateRequest(cancel, 202), []);
  assert.equal(validateRequest(cancel, 203), []);
  assert.equal(codes(validateRequest(cancel, 204)), ['PROTO_NOT_IN_VERSION $.command']);
  const qr = create(RequestSchema, { command: CommandTypeEnum.COMMAND_QR_GET_STATUS, qr: { invoiceId: 1n } });
  assert.equal(validateRequest(qr, 204), []);
  assert.equal(codes(validateRequest(qr, 203)), ['PROTO_NOT_IN_VERSION $.command', 'PROTO_NOT_IN_VERSION $.qr']);
  const gen = create(RequestSchema, { command: CommandTypeEnum.COMMAND_QR_GENERATE, qr: { invoiceId: 1n } });
  assert.equal(codes(validateRequest(gen, 204)), ['PROTO_MISSING_REQUIRED $.qr.amount']);
});

test('version differences: fields that do not exist, and requirements that tightened', () => {
  const t = goodTicket();
  t.ticket!.items[0]!.commodity!.ntin = 'NTIN1';
  t.ticket!.items[0]!.commodity!.commodityType = 2;
  t.ticket!.printedDocumentNumberOld = '12';
  assert.equal(codes(validateRequest(t, 202)), [
    'PROTO_NOT_IN_VERSION $.service.securityStats.geoPosition.source',
    'PROTO_NOT_IN_VERSION $.ticket.items[0].commodity.commodityType',
    'PROTO_NOT_IN_VERSION $.ticket.items[0].commodity.ntin',
  ]);
  assert.equal(codes(validateRequest(t, 203)), ['PROTO_NOT_IN_VERSION $.ticket.items[0].commodity.commodityType']);
  assert.equal(codes(validateRequest(t, 204)), ['PROTO_NOT_IN_VERSION $.ticket.printedDocumentNumberOld']);
  const bare = goodTicket();
  delete bare.ticket!.domain;
  bare.ticket!.items[0]!.commodity!.measureUnitCode = '';
  delete bare.service;
  assert.equal(validateRequest(bare, 203), []);
  assert.equal(codes(validateRequest(bare, 204)), [
    'PROTO_MISSING_REQUIRED $.service.securityStats',
    'PROTO_MISSING_REQUIRED $.ticket.domain',
  ]);
});

test('narrower integer types of older versions: quantity uint32 in 2.0.2, pos_receipt_number uint32 in 2.0.3', () => {
  const t = goodTicket();
  delete t.service;
  t.ticket!.items[0]!.commodity!.quantity = 2n ** 31n;
  assert.equal(codes(validateRequest(t, 202)), ['PROTO_BAD_VALUE $.ticket.items[0].commodity.quantity']);
  assert.equal(validateRequest(t, 203), []);
  t.ticket!.payments[0]!.cardPaymentFields = create(RequestSchema, { command: 1, ticket: { payments: [{ cardPaymentFields: { posReceiptNumber: 2n ** 32n } }] } }).ticket!.payments[0]!.cardPaymentFields;
  assert.equal(codes(validateRequest(t, 203)), ['PROTO_BAD_VALUE $.ticket.payments[0].cardPaymentFields.posReceiptNumber']);
  assert.equal(codes(validateRequest(t, 204)), ['PROTO_MISSING_REQUIRED $.service.securityStats']);
});

test('2.0.4: GeoPosition coordinates are unsigned', () => {
  const t = goodTicket();
  t.service!.securityStats!.geoPosition!.latitude = -1;
  assert.equal(validateRequest(t, 203), []);
  assert.equal(codes(validateRequest(t, 204)), ['PROTO_BAD_VALUE $.service.securityStats.geoPosition.latitude']);
});

test('2.0.3+: a return without parent_ticket is reported; 2.0.2 has no parent_ticket at all', () => {
  const r = goodTicket();
  r.ticket!.operation = OperationTypeEnum.OPERATION_SELL_RETURN;
  assert.equal(codes(validateRequest(r, 203)), ['PROTO_MISSING_REQUIRED $.ticket.parentTicket']);
  delete r.service; // GeoPosition.source is 2.0.3+
  assert.equal(validateRequest(r, 202), []);
});

test('value ranges: coins, calendar, unsigned limited to the signed maximum, unknown enum values', () => {
  const t = goodTicket();
  t.ticket!.amounts!.total!.coins = 100;
  t.ticket!.dateTime!.date!.month = 13;
  t.ticket!.dateTime!.time!.minute = 60;
  t.ticket!.items[0]!.commodity!.quantity = 1n << 63n;
  t.ticket!.operator!.code = 2 ** 31;
  t.ticket!.payments[0]!.type = 9 as never;
  assert.equal(codes(validateRequest(t, 203)), [
    'PROTO_BAD_VALUE $.ticket.amounts.total.coins',
    'PROTO_BAD_VALUE $.ticket.dateTime.date.month',
    'PROTO_BAD_VALUE $.ticket.dateTime.time.minute',
    'PROTO_BAD_VALUE $.ticket.items[0].commodity.quantity',
    'PROTO_BAD_VALUE $.ticket.operator.code',
    'PROTO_BAD_VALUE $.ticket.payments[0].type',
  ]);
});

test('responses: result 18 exists from 2.0.3, 19 only in 2.0.4, 16 not in 2.0.4', () => {
  const res = (code: number) => create(ResponseSchema, { command: 0, result: { resultCode: code } });
  assert.equal(codes(validateResponse(res(18), 202)), ['PROTO_NOT_IN_VERSION $.result.resultCode']);
  assert.equal(validateResponse(res(18), 203), []);
  assert.equal(codes(validateResponse(res(19), 203)), ['PROTO_NOT_IN_VERSION $.result.resultCode']);
  assert.equal(validateResponse(res(19), 204), []);
  assert.equal(codes(validateResponse(res(16), 204)), ['PROTO_NOT_IN_VERSION $.result.resultCode']);
  assert.equal(codes(validateResponse(create(ResponseSchema, { command: 3, result: { resultCode: 0 }, report: { report: 0 } }), 203)), ['PROTO_MISSING_REQUIRED $.report.zxReport']);
  assert.equal(codes(validateResponse(create(ResponseSchema, { command: 3 }), 202)), ['PROTO_MISSING_REQUIRED $.result']);
});

test('an undeclared value in an optional enum decodes (kept unknown) and validation reports it', () => {
  const t = goodTicket();
  t.ticket!.items[0]!.commodity!.commodityType = 7 as never;
  const frame = new Uint8Array([...new Uint8Array(HEADER_SIZE), ...toBinary(RequestSchema, t)]);
  encodeHeader({ version: 204, size: frame.length, deviceId: 1, token: 1, reqNum: 1 }, frame);
  const d = decodeRequestFrame(frame);
  assert.ok(d.ok);
  if (!d.ok) return;
  assert.is(d.value.message.ticket!.items[0]!.commodity!.commodityType, 0);
  assert.equal(codes(validateRequest(d.value.message, 204)), ['PROTO_BAD_VALUE $.ticket.items[0].commodity.commodityType']);
});

test('no false positives: in-range arbitrary requests and responses have no PROTO_BAD_VALUE (property)', () => {
  for (const v of [202, 203, 204] as const) {
    fc.assert(fc.property(request(v), response(v), (rq, rs) => {
      // the arbitraries use the canonical (widest) ranges; the narrower ranges of a version are its rules, tested above
      const bad = [...validateRequest(rq, v), ...validateResponse(rs, v)].filter((i) => i.code === 'PROTO_BAD_VALUE' && !/geoPosition|quantity|posReceiptNumber/.test(i.path));
      assert.equal(bad, []);
    }), { numRuns: 100, seed: 11 });
  }
});

test('validation never throws on arbitrary decoded requests (property)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (payload) => {
    const frame = new Uint8Array(HEADER_SIZE + payload.length);
    encodeHeader({ version: 204, size: frame.length, deviceId: 1, token: 1, reqNum: 1 }, frame);
    frame.set(payload, HEADER_SIZE);
    const d = decodeRequestFrame(frame);
    if (d.ok) for (const v of [202, 203, 204] as const) validateRequest(d.value.message, v);
  }), { numRuns: 1000, seed: 5 });
  assert.ok(toBinary(RequestSchema, goodTicket()).length > 0);
});

test.run();
