import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { TraceEvent } from '../../src/data/types.js';
import { COLORS, rowShape } from '../../src/lib/trace-layout.js';

const ev = (e: Partial<TraceEvent>): TraceEvent => ({ v: 1, seq: 1, t: 0, kind: 'dcp.request', ...e });

test('DCP requests go bench → register, responses back (errors red with the reason)', () => {
  assert.equal(rowShape(ev({ method: 'report.x', params: {} })), { type: 'arrow', from: 0, to: 1, label: 'report.x', color: COLORS.dcp, dashed: false });
  const err = rowShape(ev({ kind: 'dcp.response', method: 'receipt.create', error: { code: -32000, data: { reason: 'offline_too_long' } } }));
  assert.equal(err, { type: 'arrow', from: 1, to: 0, label: '✗ receipt.create offline_too_long', color: COLORS.error, dashed: true });
});

test('OFD frames join register and operator by direction; APDUs join register and card', () => {
  const up = rowShape(ev({ kind: 'ofd.frame', direction: 'to-ofd', command: 'COMMAND_TICKET' }));
  assert.ok(up.type === 'arrow' && up.from === 1 && up.to === 2);
  const down = rowShape(ev({ kind: 'ofd.frame', direction: 'to-kkm', command: 'COMMAND_TICKET', decoded: { result: { resultCode: 3 } } }));
  assert.ok(down.type === 'arrow' && down.from === 2 && down.to === 1 && down.color === COLORS.ofdBad && down.label.includes('result 3'));
  const cmd = rowShape(ev({ kind: 'apdu', direction: 'to-card', rawHex: '80e4000003aabbcc' } as never));
  assert.ok(cmd.type === 'arrow' && cmd.from === 1 && cmd.to === 3 && cmd.label === 'APDU 80E40000');
  const sw = rowShape(ev({ kind: 'apdu', direction: 'from-card', ins: 'e4', sw: '6a82', dataLength: 0 } as never));
  assert.ok(sw.type === 'arrow' && sw.from === 3 && sw.to === 1 && sw.label === 'SW 6A82');
});

test('clock jumps and case boundaries are bands; faults and checks are marks', () => {
  const c = rowShape(ev({ kind: 'clock', ms: 72 * 3_600_000 + 60_000 }));
  assert.ok(c.type === 'band' && c.label.includes('+72 h 1 min'));
  const f = rowShape(ev({ kind: 'fault', fault: { kind: 'blackhole', name: 'drop' } }));
  assert.ok(f.type === 'mark' && f.lane === 2 && f.color === COLORS.fault);
  const k = rowShape(ev({ kind: 'check', requirement: '29.6', ok: false, message: 'sold' }));
  assert.ok(k.type === 'mark' && k.color === COLORS.fail && k.label.startsWith('✗ req 29.6'));
});

test("the runner's shapes: numeric commands with names, violations, fault ops, small clock steps, orders, notes", () => {
  const v = rowShape(ev({ kind: 'ofd.frame', direction: 'to-ofd', command: 1 as unknown as string, commandName: 'TICKET', result: 13, violations: [{ code: 'SHIFT_NUMBER_MISMATCH' }] } as Partial<TraceEvent>));
  assert.ok(v.type === 'arrow' && v.label === 'TICKET result 13 ✗ SHIFT_NUMBER_MISMATCH' && v.color === COLORS.ofdBad, JSON.stringify(v));
  const f = rowShape(ev({ kind: 'ofd.frame', direction: 'to-ofd', commandName: 'SYSTEM', faults: ['case-link-down:blackhole'] } as Partial<TraceEvent>));
  assert.ok(f.type === 'arrow' && f.label === 'SYSTEM ⚡ case-link-down:blackhole' && f.color === COLORS.ofdBad);
  const add = rowShape(ev({ kind: 'fault', op: 'add', spec: { name: 'case-link-down', kind: 'blackhole', direction: 'to-ofd' } } as Partial<TraceEvent>));
  assert.ok(add.type === 'mark' && add.label === '⚡ fault blackhole case-link-down (to-ofd)' && add.color === COLORS.fault);
  const rm = rowShape(ev({ kind: 'fault', op: 'remove', name: 'case-link-down' } as Partial<TraceEvent>));
  assert.ok(rm.type === 'mark' && rm.color === COLORS.faultOff);
  assert.equal(rowShape(ev({ kind: 'clock', op: 'advance', ms: 500 } as Partial<TraceEvent>)).type, 'mark');
  assert.equal(rowShape(ev({ kind: 'clock', op: 'advance', ms: 3_600_000 } as Partial<TraceEvent>)).type, 'band');
  const o = rowShape(ev({ kind: 'ofd.order', order: 'suspend', args: [424242, 'debt'] } as Partial<TraceEvent>));
  assert.ok(o.type === 'mark' && o.lane === 2 && o.label === 'order suspend debt');
  const end = rowShape(ev({ kind: 'case.end', case: 'c', status: 'fail' } as Partial<TraceEvent>));
  assert.ok(end.type === 'band' && end.color === COLORS.fail);
});

test.run();
