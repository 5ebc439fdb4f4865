import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CommandTypeEnum as C } from '../src/gen/ofd-protocol_pb.js';
import { requestBodyField, responseBodyField, tokenRotation } from '../src/commands.js';

test('§4.2 token rotation per command', () => {
  assert.equal([C.COMMAND_TICKET, C.COMMAND_CLOSE_SHIFT, C.COMMAND_MONEY_PLACEMENT, C.COMMAND_CANCEL_TICKET, C.COMMAND_RESERVED].map(tokenRotation), Array(5).fill('may-rotate'));
  assert.equal([C.COMMAND_SYSTEM, C.COMMAND_REPORT, C.COMMAND_AUTH].map(tokenRotation), ['never', 'never', 'never']);
  assert.equal([C.COMMAND_INFO, C.COMMAND_NOMENCLATURE, C.COMMAND_QR_GENERATE, 55].map(tokenRotation), Array(4).fill('unspecified'));
});

test('§5.1/5.2 which field carries the command data', () => {
  assert.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 100].map(requestBodyField), [undefined, 'ticket', 'closeShift', 'report', 'nomenclature', undefined, 'moneyPlacement', undefined, 'auth', 'qr']);
  assert.equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 101].map(responseBodyField), [undefined, 'ticket', 'report', 'report', 'nomenclature', 'report', undefined, undefined, 'auth', 'qr']);
});

test.run();
