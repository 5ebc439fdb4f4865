import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { create } from '@bufbuild/protobuf';
import { ZXReportSchema } from '../src/gen/ofd-protocol_pb.js';
import { crc32, zxChecksum } from '../src/checksum.js';

test('crc32 is the IEEE CRC-32 (check value of "123456789" is CBF43926)', () => {
  assert.is(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
  assert.is(crc32(new Uint8Array(0)), 0);
});

test('zxChecksum ignores field 18 itself and changes with the report', () => {
  const r = create(ZXReportSchema, {
    dateTime: { date: { year: 2026, month: 1, day: 1 }, time: { hour: 10, minute: 0, second: 0 } },
    shiftNumber: 3, cashSum: { bills: 100n, coins: 0 }, revenue: { sum: { bills: 100n, coins: 0 }, isNegative: false },
  });
  const a = zxChecksum(r);
  assert.match(a, /^[0-9A-F]{8}$/);
  r.checksum = a;
  assert.is(zxChecksum(r), a);
  r.shiftNumber = 4;
  assert.is.not(zxChecksum(r), a);
});

test.run();
