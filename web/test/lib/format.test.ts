import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { localTime, offset, parseTenge, span, tenge } from '../../src/lib/format.js';

test('tenge formats integer tiyn without floats, with thousands spaces', () => {
  assert.is(tenge(12345), '123.45');
  assert.is(tenge(5), '0.05');
  assert.is(tenge(123456789), '1 234 567.89');
  assert.is(tenge(-250), '-2.50');
  assert.is(tenge(undefined), '—');
});

test('parseTenge reads the panel entry into tiyn', () => {
  assert.is(parseTenge('150'), 15000);
  assert.is(parseTenge('10.5'), 1050);
  assert.is(parseTenge('10,05'), 1005);
  assert.is(parseTenge('1.234'), null);
  assert.is(parseTenge('abc'), null);
});

test('offset and span describe time steps', () => {
  assert.is(offset(1234), '+1.234 s');
  assert.is(offset(62_005), '+01:02.005');
  assert.is(offset(3 * 86_400_000 + 3_600_000), '+3 d 01:00:00.000');
  assert.is(span(72 * 3_600_000 + 60_000), '72 h 1 min');
  assert.is(span(0), '0 s');
  assert.is(localTime('2026-11-22T10:15:00.000+05:00'), '2026-11-22 10:15:00');
});

test.run();
