import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../../../protocol/index.js';
import { startOfdMock } from '../../../ofd-mock/index.js';
import { INS } from '../../../fiscal-module/index.js';
import { resolveEmulatorOptions } from '../../src/start.js';
import { startEmulator } from '../../src/start-register.js';
import { EmulatorError } from '../../src/errors.js';
import type { ApduExchange } from '../../src/register/options.js';
import { PROFILE, rig } from './_harness.js';

const sale = { operation: 'sell', items: [{ name: 'Хлеб', price: 250_00, quantity: 1000 }], payments: [{ type: 'cash', sum: 250_00 }] };
const insName = (ins: number) => Object.entries(INS).find(([, v]) => v === ins)?.[0] ?? ins.toString(16);

test('apduLog (startEmulator option): every APDU of a receipt with the module, in order, at the injected clock', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 4, 0, 0));
  const ofd = await startOfdMock({ clock, ports: [0], provision: [PROFILE.registration] });
  const log: ApduExchange[] = [];
  const emu = await startEmulator({ profile: PROFILE, clock, ofd: ofd.ports.map((port) => ({ host: '127.0.0.1', port })), apduLog: (e) => log.push(e) });
  try {
    const call = (m: string, p: unknown = {}) => emu.register.handle(m, p) as Promise<any>;
    await call('power.on');
    assert.ok(log.some((e) => e.command[1] === INS.SELECT), 'power.on selects the applet');
    await call('session.login', { mode: 'registration', password: '1111' });
    await call('receipt.create', sale); // the first receipt of the shift also runs the self-test
    await call('clock.advance', { ms: 1_000 });
    const from = log.length;
    const { document } = await call('receipt.create', sale);
    assert.is(document.fiscal.mode, 'online');
    const mine = log.slice(from);
    const seq = mine.map((e) => insName(e.command[1]!));
    // the online receipt: appended to the module, then marked transmitted (the operator answered first)
    assert.equal(seq, ['APPEND', 'MARK_TRANSMITTED'], seq.join(' '));
    for (const e of mine) {
      assert.is(e.at, clock.now(), '`at` is the injected clock');
      assert.equal([...e.response.subarray(-2)], [0x90, 0x00]);
    }
    // the APPEND command carries the recorded document (its number is in the payload)
    const appended = Buffer.from(mine[0]!.command).toString('utf8');
    assert.ok(appended.includes(`"number":${document.number}`), 'the append command carries the document');
    // an autonomous receipt: the module's autonomous sign comes before the append
    ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
    const from2 = log.length;
    const r2 = await call('receipt.create', sale);
    assert.is(r2.document.fiscal.mode, 'autonomous');
    const seq2 = log.slice(from2).map((e) => insName(e.command[1]!));
    assert.ok(seq2.indexOf('AUTONOMOUS_SIGN') >= 0 && seq2.indexOf('AUTONOMOUS_SIGN') < seq2.indexOf('APPEND'), seq2.join(' '));
    assert.not.ok(seq2.includes('MARK_TRANSMITTED'), 'an autonomous receipt stays unsent');
  } finally {
    await emu.close();
    await ofd.close();
  }
});

test('apduLog absent: no tap on the module transport (no cost); a non-function is refused naming the option', async () => {
  const r = await rig();
  try {
    assert.is(r.reg.fiscalModule.transport.onExchange, null);
  } finally { await r.close(); }
  try {
    resolveEmulatorOptions({ profile: PROFILE, apduLog: 'yes' as never });
    assert.unreachable('accepted');
  } catch (e) {
    assert.instance(e, EmulatorError);
    assert.match((e as Error).message, 'apduLog');
  }
});

test.run();
