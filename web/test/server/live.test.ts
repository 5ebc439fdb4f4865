import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DcpState } from '../../src/data/dcp-types.js';
import { toFleetRegister } from '../../server/live.js';

// the shape of ofd-mock's RegisterView (ofd-mock/index.ts)
const view = {
  kkmId: 424242, rnm: '010101234567', serial: 'ZN0001', shift: { open: true, number: 3, since: Date.UTC(2026, 10, 22, 5), docs: 7 },
  cashTiyn: '150000', suspended: { reason: 'debt', since: 1 }, offlineSince: Date.UTC(2026, 10, 22, 6), lastSeen: Date.UTC(2026, 10, 22, 7),
};

test('toFleetRegister maps the operator view of a register', () => {
  assert.equal(toFleetRegister(view), {
    kkmId: 424242, rnm: '010101234567', shift: { open: true, number: 3, since: '2026-11-22T10:00:00.000+05:00' }, cash: 150000, docsInShift: 7,
    unsent: 0, firstUnsent: null, offlineSince: '2026-11-22T11:00:00.000+05:00', suspended: true, suspendReason: 'debt', lastSeen: '2026-11-22T12:00:00.000+05:00',
  });
  const ok = toFleetRegister({ ...view, suspended: null, offlineSince: null, shift: { open: false, number: 3, since: null, docs: 0 } });
  assert.is(ok.suspended, false);
  assert.is(ok.offlineSince, null);
  assert.is(ok.shift.open, false);
});

test('the live register fills unsent documents and autonomy from its own state', () => {
  const state: DcpState = { powered: true, mode: 'registration', shift: { open: true, number: 3, openedAt: 'x' }, offline: { since: '2026-11-22T12:00:00.000+05:00', queued: 2 }, blocked: null };
  const r = toFleetRegister({ ...view, offlineSince: null }, { state, firstUnsent: 41 });
  assert.is(r.unsent, 2);
  assert.is(r.firstUnsent, 41);
  assert.is(r.offlineSince, '2026-11-22T12:00:00.000+05:00');
  const back = toFleetRegister(view, { state: { ...state, offline: { since: null, queued: 0 } }, firstUnsent: 41 });
  assert.is(back.unsent, 0);
  assert.is(back.firstUnsent, null);
  assert.is(back.offlineSince, null);
});

test.run();
