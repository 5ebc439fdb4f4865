import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { create } from '@bufbuild/protobuf';
import { DateTimeSchema } from '../src/gen/ofd-protocol_pb.js';
import { formatOfdDateTime, fromOfdDateTime, toOfdDateTime } from '../src/time.js';

test('registers work in Almaty local time, UTC+5, by default', () => {
  const dt = toOfdDateTime(Date.UTC(2024, 9, 31, 18, 0, 0));
  assert.is(formatOfdDateTime(dt), '2024-10-31 23:00:00');
  assert.is(formatOfdDateTime(toOfdDateTime(Date.UTC(2024, 9, 31, 19, 30, 5))), '2024-11-01 00:30:05', 'crosses midnight locally');
  assert.is(formatOfdDateTime(toOfdDateTime(Date.UTC(2024, 9, 31, 18, 0, 0), 0)), '2024-10-31 18:00:00');
});

test('fromOfdDateTime inverts toOfdDateTime to the second (property, several offsets)', () => {
  fc.assert(fc.property(fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }), fc.constantFrom(0, 300, 360, -60), (ms, tz) => {
    const s = ms - (ms % 1000);
    assert.is(fromOfdDateTime(toOfdDateTime(ms, tz), tz), s);
  }), { numRuns: 500, seed: 2 });
});

test('a missing second counts as 0', () => {
  const dt = create(DateTimeSchema, { date: { year: 2026, month: 1, day: 1 }, time: { hour: 10, minute: 0 } });
  assert.is(fromOfdDateTime(dt), Date.UTC(2026, 0, 1, 5, 0, 0));
});

test.run();
