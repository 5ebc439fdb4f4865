// Money on the wire is { bills: uint64 tenge, coins: uint32 tiyn 0..99 }; in code it is an
// integer number of tiyn (bigint). Never floats.
import { create } from '@bufbuild/protobuf';
import { MoneySchema, type Money } from './gen/ofd-protocol_pb.js';
import { ProtocolError } from './errors.js';

/** 12345n → { bills: 123n, coins: 45 }. Accepts a non-negative bigint or safe integer. */
export function moneyFromTiyn(tiyn: bigint | number): Money {
  if (typeof tiyn === 'number' && !Number.isSafeInteger(tiyn)) throw new ProtocolError('PROTO_BAD_VALUE', `tiyn must be an integer, got ${tiyn}`);
  const t = BigInt(tiyn);
  if (t < 0n) throw new ProtocolError('PROTO_BAD_VALUE', `money cannot be negative on the wire, got ${t} tiyn`);
  return create(MoneySchema, { bills: t / 100n, coins: Number(t % 100n) });
}

/** { bills: 123n, coins: 45 } → 12345n. */
export function tiynFromMoney(m: Pick<Money, 'bills' | 'coins'>): bigint {
  return BigInt(m.bills) * 100n + BigInt(m.coins);
}

/** 69690n → "696.90" (the QR `s` form and receipt text). */
export function formatTiyn(tiyn: bigint): string {
  const neg = tiyn < 0n;
  const a = neg ? -tiyn : tiyn;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}
