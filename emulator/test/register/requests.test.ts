import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { validateRequest, tiynFromMoney, zxChecksum, encodeRequestFrame, decodeRequestFrame } from '../../../protocol/index.js';
import { closeShiftRequest, infoRequest, moneyPlacementRequest, systemRequest, ticketRequest, type RegContext } from '../../src/register/requests.js';
import { addReceipt, emptyTotals } from '../../src/register/totals.js';

const c: RegContext = { rnm: '010101234567', serial: 'ZN0001', kkmId: 424242, org: { title: 'ТОО', iin: '123456789012', address: 'Алматы' }, tzOffsetMin: 300, adInfos: [] };
const AT = Date.UTC(2026, 10, 22, 5, 0, 0);
const receipt = { operation: 'sell' as const, items: [{ name: 'Нан', price: 150_00, quantity: 2000, markingCode: '0104600266011725212345' }], payments: [{ type: 'cash' as const, sum: 500_00 }], customerIin: '987654321098' };

test('reqs 20, 21: a ticket is valid for 2.0.3, carries reg info, amounts, marking code and numbers', () => {
  const req = ticketRequest(c, { receipt, at: AT, number: 12, shiftNumber: 3 });
  assert.equal(validateRequest(req, 203), []);
  assert.is(req.service?.regInfo?.kkm?.fnsKkmId, '010101234567');
  assert.is(tiynFromMoney(req.ticket!.amounts!.total!), 300_00n);
  assert.is(tiynFromMoney(req.ticket!.amounts!.change!), 200_00n);
  assert.equal(req.ticket!.items[0]!.commodity!.listExciseStamp, ['0104600266011725212345']);
  assert.is(req.ticket!.printedDocumentNumber, 12n);
  assert.is(req.ticket!.frShiftNumber, 3);
  assert.is(req.ticket!.extensionOptions?.customerIinOrBin, '987654321098');
  assert.is(req.ticket!.offlineTicketNumber, 0);
});

test('reqs 30.1, 30.3: a queued ticket carries its offline number and the offline period', () => {
  const req = ticketRequest(c, { receipt, at: AT, number: 12, shiftNumber: 3, offlineNumber: 9, offlinePeriod: { begin: AT, end: AT + 60_000 } });
  assert.is(req.ticket!.offlineTicketNumber, 9);
  assert.ok(req.service?.offlinePeriod?.beginTime);
  const mp = moneyPlacementRequest(c, { kind: 'cash_out', sum: 10_00, at: AT, number: 13, shiftNumber: 3, offline: true, offlinePeriod: { begin: AT, end: AT + 1 } });
  assert.ok(mp.moneyPlacement!.isOffline);
  assert.equal(validateRequest(mp, 203), []);
});

test('reqs 22, 29.7: CLOSE_SHIFT carries the own Z report of the register with a checksum', () => {
  const t = emptyTotals(3, 0);
  addReceipt(t, receipt, AT, false, 'registration');
  const z = closeShiftRequest(c, { totals: t, at: AT + 3_600_000, number: 14, offline: true, lifetime: { buy: 0, buy_return: 0, sell: 1, sell_return: 0 } });
  assert.equal(validateRequest(z, 203), []);
  assert.is(z.closeShift!.frShiftNumber, 3);
  assert.ok(z.closeShift!.isOffline);
  assert.match(z.closeShift!.zReport!.checksum, /^[0-9A-F]{8}$/);
  assert.equal(validateRequest(infoRequest(c), 203), []);
  assert.equal(validateRequest(systemRequest(c), 203), []);
});

test('req 22: the Z checksum is protocol\'s zxChecksum, so the operator recomputing it over the frame it received agrees', () => {
  const t = emptyTotals(5, 1000_00);
  addReceipt(t, receipt, AT, false, 'registration');
  addReceipt(t, { ...receipt, operation: 'sell_return' }, AT + 60_000, true, 'registration');
  const z = closeShiftRequest(c, { totals: t, at: AT + 3_600_000, number: 20, offline: false, lifetime: { buy: 0, buy_return: 0, sell: 7, sell_return: 1 } });
  const sent = z.closeShift!.zReport!;
  assert.is(sent.checksum, zxChecksum(sent));
  const frame = encodeRequestFrame({ version: 203, deviceId: 424242, token: 777, reqNum: 9 }, z);
  const got = decodeRequestFrame(frame);
  assert.ok(got.ok);
  if (got.ok) {
    const rz = got.value.message.closeShift!.zReport!;
    assert.is(rz.checksum, sent.checksum);
    assert.is(zxChecksum(rz), rz.checksum);
  }
  // a changed counter changes the checksum
  const t2 = structuredClone(t);
  t2.cash += 1;
  const z2 = closeShiftRequest(c, { totals: t2, at: AT + 3_600_000, number: 20, offline: false, lifetime: { buy: 0, buy_return: 0, sell: 7, sell_return: 1 } });
  assert.is.not(z2.closeShift!.zReport!.checksum, sent.checksum);
});

test.run();
