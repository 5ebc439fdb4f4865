import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { deepMerge, decodeStored, encodeStored, recordKind, SENDABLE, type StoredDoc } from '../../src/register/journal.js';

const doc: StoredDoc = {
  v: 1, kind: 'receipt', number: 3, shiftNumber: 1, at: 1, cashier: 'registration',
  document: { kind: 'receipt', number: 3, shiftNumber: 1, printedAt: 'x', fiscal: { mode: 'online', sign: '1' }, title: 'ФИСКАЛЬНЫЙ ЧЕК', lines: ['a'], qr: null, totals: { total: 5, byPayment: { cash: 5 } } },
};

test('req 8: a stored document survives the round trip through the record payload', () => {
  assert.equal(decodeStored({ kind: 'receipt', payload: encodeStored(doc) }), doc);
  assert.is(decodeStored({ kind: 'receipt', payload: new TextEncoder().encode('{broken') }), null);
  // a Z record starts with the module's 80-byte control block
  const z = new Uint8Array(80 + encodeStored(doc).length);
  z.set(encodeStored(doc), 80);
  assert.equal(decodeStored({ kind: 'z_report', payload: z }), doc);
});

test('record kinds: fiscal documents keep their kind, printed-only ones are notes; what is sent', () => {
  assert.is(recordKind('receipt'), 'receipt');
  assert.is(recordKind('z_report'), 'z_report');
  assert.is(recordKind('x_report'), 'note');
  assert.ok(SENDABLE.has('cash_in'));
  assert.not.ok(SENDABLE.has('x_report'));
});

test('journal.tamper patch: objects merge, values replace', () => {
  assert.equal(deepMerge({ a: { b: 1, c: 2 }, d: [1] }, { a: { b: 9 }, d: [2] }), { a: { b: 9, c: 2 }, d: [2] });
});

test.run();
