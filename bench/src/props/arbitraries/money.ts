// Sums in tiyn: integers, 1 tiyn .. 100 000 tenge.
import fc from 'fast-check';

export interface MoneyConstraints {
  /** @defaultValue 100 */
  min?: number;
  /** @defaultValue 10_000_000 (100 000 tenge) */
  max?: number;
}

export function money(c: MoneyConstraints = {}): fc.Arbitrary<number> {
  return fc.integer({ min: c.min ?? 100, max: c.max ?? 10_000_000 });
}
