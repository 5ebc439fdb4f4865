import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toFleetRegister } from '../../server/live.js';

test('toFleetRegister maps the operator view (nested shift/unsent/suspended)', () => {
  const r = toFleetRegister({
    kkmId: 424242, rnm: '010101234567', shift: { open: true, number: 3, since: '2026-11-22T10:00:00.000+05:00' }, cash: 150000,
    docsInShift: 7, unsent: { count: 2, first: 41 }, offlineSince: '2026-11-22T11:00:00.000+05:00', suspended: { reason: 'debt' }, lastSeen: 1795323600000,
  });
  assert.equal(r, {
    kkmId: 424242, rnm: '010101234567', shift: { open: true, number: 3, since: '2026-11-22T10:00:00.000+05:00' }, cash: 150000, docsInShift: 7,
    unsent: 2, firstUnsent: 41, offlineSince: '2026-11-22T11:00:00.000+05:00', suspended: true, suspendReason: 'debt', lastSeen: new Date(1795323600000).toISOString(),
  });
});

test('toFleetRegister maps flat fields and defaults', () => {
  const r = toFleetRegister({ kkmId: '7', shiftOpen: false, unsent: 0, firstUnsent: null, suspended: false, cash: 10n });
  assert.is(r.kkmId, 7);
  assert.is(r.shift.open, false);
  assert.is(r.cash, 10);
  assert.is(r.firstUnsent, null);
  assert.is(r.suspended, false);
  assert.is(r.offlineSince, null);
});

test.run();
