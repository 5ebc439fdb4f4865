import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { getPath, matchSpec, matchValue, resolveParams } from '../../src/scenario/match.js';

test('dotted paths reach into objects and arrays', () => {
  const v = { document: { fiscal: { mode: 'online' }, lines: ['a', 'b'] } };
  assert.is(getPath(v, 'document.fiscal.mode'), 'online');
  assert.is(getPath(v, 'document.lines.1'), 'b');
  assert.is(getPath(v, 'document.nope.x'), undefined);
});

test('operators', () => {
  assert.is(matchValue(5, { $gte: 5 }), null);
  assert.ok(matchValue(4, { $gte: 5 }));
  assert.is(matchValue(null, { $exists: false }), null);
  assert.ok(matchValue(undefined, { $exists: true }));
  assert.is(matchValue('ФП 123', { $regex: '^ФП' }), null);
  assert.is(matchValue(['АВТОНОМНЫЙ РЕЖИМ', 'x'], { $contains: 'АВТОНОМНЫЙ' }), null);
  assert.is(matchValue([1, 2], { $len: 2 }), null);
  assert.is(matchValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), null);
  assert.ok(matchValue('x', { $ne: 'x' }));
  assert.equal(matchSpec({ a: 1, b: 'z' }, { a: 2, b: 'z' }), ['a: expected 2, got 1']);
});

test('params take passwords from the profile and earlier results by reference', () => {
  const refs = new Map([['r1', { document: { number: 7 } }]]);
  assert.equal(resolveParams({ password: '$password.registration', parentNumber: '$ref.r1.document.number', keep: '$x' }, { registration: '1111' }, refs), { password: '1111', parentNumber: 7, keep: '$x' });
  assert.throws(() => resolveParams('$password.nope', {}, refs), /no password/);
  assert.throws(() => resolveParams('$ref.zz.a', {}, refs), /unknown result/);
});

test.run();
