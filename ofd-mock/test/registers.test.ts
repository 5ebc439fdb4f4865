import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lastAnswer, newRegisterState, normalizeLoadedState, setLast, type RegisterState } from '../src/registers.js';
import { deserializeState, serializeState } from '../src/store.js';
import { REG } from './helpers.js';

const bytes = (n: number, fill: number): Uint8Array => new Uint8Array(n).fill(fill);

test('setLast keeps the answer in a reused buffer, updated in place; lastAnswer is a copy of exactly that answer', () => {
  const st = newRegisterState(REG, 0);
  setLast(st, 1, 10, 1, bytes(40, 1), 11, 0);
  const last = st.last!;
  const buf = last.answerBuf;
  setLast(st, 2, 11, 0, bytes(30, 2), 11, 3);
  assert.ok(st.last === last && last.answerBuf === buf, 'same object and buffer');
  assert.equal([last.reqNum, last.token, last.command, last.responseToken, last.result], [2, 11, 0, 11, 3]);
  const a = lastAnswer(last);
  assert.equal(a, bytes(30, 2));
  a[0] = 9;
  assert.is(last.answerBuf[0], 2, 'a copy');
  setLast(st, 3, 11, 1, bytes(1000, 3), 12, 0);
  assert.equal(lastAnswer(st.last!), bytes(1000, 3), 'grown for a longer answer');
});

test('state round trip through the store keeps the last answer; a state saved by the older version (answer + response objects) loads', () => {
  const st = newRegisterState(REG, 0);
  setLast(st, 7, 10, 1, bytes(50, 5), 11, 0);
  const back = normalizeLoadedState(deserializeState(serializeState(st)));
  assert.equal(lastAnswer(back.last!), bytes(50, 5));
  assert.is(back.last!.reqNum, 7);
  const old = { ...st, last: { reqNum: 7, token: 10, command: 1, answer: bytes(20, 4), response: {}, responseToken: 11, result: 0 } } as unknown as RegisterState;
  delete (old as Partial<RegisterState>).docAnswers;
  const fixed = normalizeLoadedState(old);
  assert.equal(lastAnswer(fixed.last!), bytes(20, 4));
  assert.ok(!('response' in fixed.last!) && !('answer' in fixed.last!));
  assert.ok(fixed.docAnswers instanceof Map);
  assert.is(fixed.lastTicket, null);
});

test.run();
