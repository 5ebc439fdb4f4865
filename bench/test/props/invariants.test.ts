import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkPrinted, checkSaleAllowed, InvariantViolation, oldestAutonomousSince } from '../../src/props/invariants.js';
import type { DcpDocument, DcpState } from '../../src/dcp/types.js';

const doc = (number: number, o: Partial<DcpDocument> = {}): DcpDocument => ({ kind: 'receipt', number, shiftNumber: 1, printedAt: '', fiscal: { mode: 'online', sign: `S${number}` }, title: 'ФИСКАЛЬНЫЙ ЧЕК', lines: [], qr: null, ...o });
const st = (o: Partial<DcpState>): DcpState => ({ powered: true, mode: null, shift: { open: false, number: 1, openedAt: null }, offline: { since: null, queued: 0 }, blocked: null, ...o });
const req = (f: () => void): string => { try { f(); return 'none'; } catch (e) { assert.instance(e, InvariantViolation); return (e as InvariantViolation).requirement; } };

test('req 43.2 / 39 / 43.3 / 29.3: printed documents', () => {
  assert.is(req(() => checkPrinted([doc(1), doc(2)])), 'none');
  assert.is(req(() => checkPrinted([doc(2), doc(2)])), '43.2');
  assert.is(req(() => checkPrinted([doc(1, { title: null })])), '39');
  assert.is(req(() => checkPrinted([doc(1, { fiscal: null })])), '43.3');
  assert.is(req(() => checkPrinted([doc(1, { fiscal: { mode: 'autonomous', sign: 'A' } }), doc(2, { fiscal: { mode: 'autonomous', sign: 'A' } })])), '29.3');
});

test('req 29.6 / 14: a sale accepted past 72 h autonomous or in a 24 h+ shift breaks the invariant', () => {
  const t0 = Date.parse('2026-01-12T04:00:00.000Z');
  const H = 3_600_000;
  assert.is(req(() => checkSaleAllowed(st({ offline: { since: '2026-01-12T04:00:00.000Z', queued: 1 } }), t0 + 71 * H)), 'none');
  assert.is(req(() => checkSaleAllowed(st({ offline: { since: '2026-01-12T09:00:00.000+05:00', queued: 1 } }), t0 + 73 * H)), '29.6');
  assert.is(req(() => checkSaleAllowed(st({ shift: { open: true, number: 1, openedAt: '2026-01-12T04:00:00.000Z' } }), t0 + 25 * H)), '14');
});

test('req 29.6: the oldest undelivered autonomous receipt is the one after the last online document', () => {
  const a = doc(3, { fiscal: { mode: 'autonomous', sign: 'A3' } });
  assert.is(oldestAutonomousSince([doc(1), doc(2, { fiscal: { mode: 'autonomous', sign: 'A2' } }), doc(3)]), undefined);
  assert.is(oldestAutonomousSince([doc(1), a, doc(4, { fiscal: { mode: 'autonomous', sign: 'A4' } })]), a);
});


test('req 14: a TICKET of the open shift dated more than 24 h after its first document breaks the shift limit', async () => {
  const { checkShiftLimitObeyed, ticketTimeMs } = await import('../../src/props/invariants.js');
  const dt = (hour: number, day = 12) => ({ date: { year: 2026, month: 1, day }, time: { hour, minute: 2, second: 0 } });
  assert.is(ticketTimeMs(dt(9), '2026-01-12T09:00:00.000+05:00'), Date.parse('2026-01-12T04:02:00Z'));
  const open = st({ shift: { open: true, number: 3, openedAt: '2026-01-12T09:00:00.000+05:00' } });
  const ticket = (shift: number, day: number) => ({ decoded: { ticket: { frShiftNumber: shift, dateTime: dt(9, day), printedDocumentNumber: '7' } } });
  assert.is(req(() => checkShiftLimitObeyed(open, [ticket(3, 12)])), 'none');
  assert.is(req(() => checkShiftLimitObeyed(open, [ticket(3, 13)])), '14');
  assert.is(req(() => checkShiftLimitObeyed(open, [ticket(2, 13)])), 'none', 'another shift');
  assert.is(req(() => checkShiftLimitObeyed(st({}), [ticket(3, 13)])), 'none', 'no open shift');
});

test('req 29.6: a sale is judged against the oldest queued autonomous document when the printed documents tell', () => {
  const t0 = Date.parse('2026-01-12T04:00:00.000Z');
  const H = 3_600_000;
  const before = st({ offline: { since: '2026-01-12T04:00:00.000Z', queued: 1 } });
  const auto = doc(2, { printedAt: new Date(t0 + 10 * H).toISOString(), fiscal: { mode: 'autonomous', sign: 'A2' } });
  // link down for 75 h, but the oldest undelivered receipt is only 65 h old
  assert.is(req(() => checkSaleAllowed(before, t0 + 75 * H, [doc(1), auto])), 'none');
  assert.is(req(() => checkSaleAllowed(before, t0 + 83 * H, [doc(1), auto])), '29.6');
});

test.run();
