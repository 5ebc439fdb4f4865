// The register performs the operation-admission statechart's decisions: every refusal state of
// the machine is produced on the real register through DCP, and the DCP error carries the reason
// and requirement that state names (and the register's admission actor is in that state).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rig, onAndLogin, sale, PROFILE, type Rig } from './_harness.js';
import { operationAdmissionMachine } from '../../src/machines/operation-admission-machine.js';
import { factoryFirmware, signFirmware } from '../../src/register/firmware.js';

const H = 3_600_000;

async function refusal(p: Promise<unknown>): Promise<any> {
  try { await p; } catch (e) { return e; }
  assert.unreachable('expected a refusal');
}

/** How to bring the register to each refusal, ending with the refused call. */
const SCENARIOS: Record<string, { opts?: Parameters<typeof rig>[0]; run: (r: Rig) => Promise<unknown> }> = {
  notSupported: { opts: { defects: ['no-sections-report'] }, run: async (r) => { await onAndLogin(r, 'reports'); return r.call('report.sections'); } },
  poweredOff: { run: (r) => r.call('receipt.create', sale()) },
  wrongMode: { run: async (r) => { await onAndLogin(r, 'reports'); return r.call('receipt.create', sale()); } },
  badParams: { run: async (r) => { await onAndLogin(r); return r.call('cash.deposit', { sum: 0 }); } },
  badPassword: { run: async (r) => { await r.call('power.on'); return r.call('clock.set', { now: new Date(r.clock.now() + H).toISOString(), password: '1111' }); } },
  selfTestFailed: {
    run: async (r) => {
      await onAndLogin(r);
      const { document } = await r.call('receipt.create', sale());
      await r.call('journal.tamper', { number: document.number, patch: { lines: ['changed'] } });
      await r.call('selftest.run');
      return r.call('receipt.create', sale());
    },
  },
  suspended: {
    run: async (r) => {
      await onAndLogin(r);
      r.ofd.suspend(PROFILE.registration.kkmId, 'приостановлено КГД');
      await refusal(r.call('receipt.create', sale())); // the operator's answer (result 15) suspends
      return r.call('receipt.create', sale());
    },
  },
  blockedByOperator: {
    run: async (r) => {
      await onAndLogin(r);
      r.ofd.faults.add({ name: 'bad-token', kind: 'result_code', direction: 'to-ofd', attrs: { result: 2, text: 'invalid token' } } as never);
      await refusal(r.call('receipt.create', sale())); // result 2 blocks the register
      r.ofd.faults.reset();
      return r.call('receipt.create', sale());
    },
  },
  offlineTooLong: {
    run: async (r) => {
      await onAndLogin(r);
      r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
      await r.call('receipt.create', sale());
      await r.advance(72 * H + 1000);
      return r.call('receipt.create', sale());
    },
  },
  shiftExpired: { run: async (r) => { await onAndLogin(r); await r.call('receipt.create', sale()); await r.advance(24 * H + 1000); return r.call('receipt.create', sale()); } },
  noPaper: { run: async (r) => { await onAndLogin(r); await r.call('printer.paper', { present: false }); return r.call('receipt.create', sale()); } },
  invalidReceipt: { run: async (r) => { await onAndLogin(r); return r.call('receipt.create', sale(150_00, { customerIin: PROFILE.registration.org.iin })); } },
  markingRequired: {
    run: async (r) => {
      await onAndLogin(r);
      return r.call('receipt.create', { ...sale(), items: [{ name: 'Сигареты', price: 150_00, quantity: 1000, markingCode: '0104600266011725212345678901234' }] });
    },
  },
  notEnoughCash: { run: async (r) => { await onAndLogin(r); return r.call('cash.withdraw', { sum: 1 }); } },
  shiftOpen: {
    run: async (r) => {
      await onAndLogin(r);
      await r.call('receipt.create', sale());
      await r.call('session.login', { mode: 'programming', password: '2222' });
      return r.call('settings.set', { channels: [{ host: '127.0.0.1', port: 1 }] });
    },
  },
  timeBeforeLastDocument: {
    run: async (r) => {
      await onAndLogin(r);
      const { document } = await r.call('receipt.create', sale());
      await r.call('session.login', { mode: 'close_shift', password: '3333' });
      await r.call('report.z');
      await r.call('session.logout');
      return r.call('clock.set', { now: new Date(Date.parse(document.printedAt) - 60_000).toISOString(), password: '2222' });
    },
  },
  badSignature: {
    run: async (r) => {
      await r.call('power.on');
      const image = factoryFirmware('2.0.0');
      const bad = Uint8Array.from(signFirmware(image), (b, i) => (i === 0 ? b ^ 1 : b));
      return r.call('firmware.install', { image: Buffer.from(image).toString('base64'), signature: Buffer.from(bad).toString('base64') });
    },
  },
};

const refusedStates = operationAdmissionMachine.root.states['refused']!.states;

test('every refusal state of the admission statechart has a scenario on the register', () => {
  assert.equal(Object.keys(SCENARIOS).sort(), Object.keys(refusedStates).sort());
});

for (const [state, sc] of Object.entries(SCENARIOS)) {
  const meta = (refusedStates[state]?.meta ?? {}) as { reason: string; requirement?: string };
  test(`req ${meta.requirement ?? 'dcp.md'}: the register refuses as the statechart's refused.${state} says (${meta.reason})`, async () => {
    const r = await rig(sc.opts ?? {});
    try {
      const e = await refusal(sc.run(r));
      if (meta.reason === 'invalid_params') assert.is(e.name, 'DcpInvalidParams', String(e));
      else {
        assert.is(e.reason, meta.reason, String(e));
        if (meta.requirement) assert.ok(e.requirement === meta.requirement || e.requirement.startsWith(`${meta.requirement}.`), `requirement ${e.requirement} for ${meta.requirement}`);
      }
      assert.equal(r.reg.admission.getSnapshot().value, { refused: state }, 'the register\'s admission actor decided it');
    } finally { await r.close(); }
  });
}

test.run();
