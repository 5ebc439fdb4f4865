import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { BENCH_ERROR_CODES, BenchError, DcpError, isBenchError, isDcpError } from '../index.js';

test('one table of error codes, all BENCH_-prefixed; both error classes use it', () => {
  const codes = Object.keys(BENCH_ERROR_CODES);
  assert.ok(codes.length >= 14);
  for (const c of codes) assert.match(c, /^BENCH_[A-Z_]+$/);
  const b = new BenchError('BENCH_BAD_OPTION', 'seed: not a number');
  const d = new DcpError('BENCH_DCP_DOMAIN', 'refused', { reason: 'shift_expired', requirement: '14' });
  assert.ok(isBenchError(b) && !isDcpError(b));
  assert.ok(isDcpError(d) && !isBenchError(d));
  assert.ok(codes.includes(b.code) && codes.includes(d.code));
  assert.is(d.reason, 'shift_expired');
  assert.is(d.requirement, '14');
});

test.run();
