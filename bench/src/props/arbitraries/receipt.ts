// A sale receipt: 1–3 items, whole pieces, paid in cash, card or both.
import fc from 'fast-check';
import type { Receipt } from '../../dcp/types.js';
import { money } from './money.js';

export function receipt(): fc.Arbitrary<Receipt> {
  const item = fc.record({ name: fc.constantFrom('Нан', 'Сүт', 'Вода', 'Кофе'), price: money({ min: 100, max: 2_000_000 }), quantity: fc.integer({ min: 1, max: 3 }).map((q) => q * 1000) });
  return fc.tuple(fc.array(item, { minLength: 1, maxLength: 3 }), fc.constantFrom<'cash' | 'card' | 'split'>('cash', 'card', 'split')).map(([items, pay]) => {
    const total = items.reduce((a, i) => a + (i.price * i.quantity) / 1000, 0);
    const payments: Receipt['payments'] = pay === 'split' && total >= 2 ? [{ type: 'cash', sum: Math.floor(total / 2) }, { type: 'card', sum: total - Math.floor(total / 2) }] : [{ type: pay === 'card' ? 'card' : 'cash', sum: total }];
    return { operation: 'sell', items, payments };
  });
}
