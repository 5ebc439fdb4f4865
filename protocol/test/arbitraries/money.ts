// Money in its documented range: bills 0..2^63-1 (mostly small), coins 0..99.
import fc from 'fast-check';
import type { MessageInitShape } from '@bufbuild/protobuf';
import type { MoneySchema } from '../../src/gen/ofd-protocol_pb.js';

export interface MoneyConstraints {
  /** @defaultValue 2n ** 63n - 1n (the documented maximum) */
  maxBills?: bigint;
}

export function money(c: MoneyConstraints = {}): fc.Arbitrary<MessageInitShape<typeof MoneySchema>> {
  const max = c.maxBills ?? (1n << 63n) - 1n;
  const edge = max >= (1n << 63n) - 1n ? [fc.constant((1n << 63n) - 1n)] : [];
  return fc.record({
    bills: fc.oneof(fc.bigInt(0n, 1_000_000n), fc.bigInt(0n, max), ...edge),
    coins: fc.integer({ min: 0, max: 99 }),
  });
}
