import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { money, quantity, renderReceipt, receiptTotal } from '../../src/register/render.js';
import type { Receipt } from '../../src/dcp/types.js';

const id = { rnm: '010101234567', serial: 'ZN0001', kkmId: 424242, org: { title: 'ТОО «Тест»', iin: '123456789012', address: 'Алматы' }, pos: { title: 'Магазин', address: 'Алматы' } };
const r: Receipt = { operation: 'sell', items: [{ name: 'Нан', price: 150_00, quantity: 1500, section: 2 }], payments: [{ type: 'cash', sum: 300_00 }], customerIin: '987654321098' };

test('money and quantity', () => {
  assert.is(money(123456), '1234.56');
  assert.is(money(5), '0.05');
  assert.is(money(-150), '-1.50');
  assert.is(quantity(1500), '1.5');
  assert.is(quantity(1000), '1');
  assert.is(receiptTotal(r), 225_00);
});

test('reqs 24, 32, 39: title only with a sign; kz and ru; customer IIN printed; change', () => {
  const online = renderReceipt({ id, receipt: r, number: 7, shiftNumber: 2, at: '2026-11-22T10:00:00.000+05:00', fiscal: { mode: 'online', sign: '4228143549' } });
  assert.is(online[0], 'ФИСКАЛДЫҚ ЧЕК / ФИСКАЛЬНЫЙ ЧЕК');
  assert.ok(online.some((l) => l.includes('4228143549')));
  assert.ok(online.some((l) => l.includes('987654321098')));
  assert.ok(online.some((l) => l.includes('Қайтарым / Сдача: 75.00')));
  assert.ok(online.some((l) => /[ҚқҰұҮүӘәІіҢңҒғӨөҺһ]/.test(l)), 'Kazakh letters');
  assert.not.ok(online.some((l) => l.includes('Автономный')));
  const none = renderReceipt({ id, receipt: r, number: 7, shiftNumber: 2, at: '2026-11-22T10:00:00.000+05:00', fiscal: null });
  assert.not.ok(none.some((l) => /ФИСКАЛЬНЫЙ ЧЕК/.test(l)));
});

test('reqs 29.4, 29.5: an autonomous receipt prints "Автономный", its sign and its offline number', () => {
  const auto = renderReceipt({ id, receipt: r, number: 8, shiftNumber: 2, at: '2026-11-22T10:00:00.000+05:00', fiscal: { mode: 'autonomous', sign: '0000000003123456' }, offlineNumber: 3 });
  assert.ok(auto.some((l) => l.includes('Автономный')));
  assert.ok(auto.some((l) => l.includes('0000000003123456')));
  assert.ok(auto.some((l) => l.includes('№3')));
});

test.run();
