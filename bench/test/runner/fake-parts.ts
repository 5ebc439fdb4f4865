// Fakes of ofd-mock and the emulator for the runner's own tests: a tiny register behind a DCP
// line server (bench/test/support/fake-dut.ts) that shares the session's clock, and an operator
// object that records "frames" in a ledger and emits them as events. Defects: 'no-print' (sales
// are not printed), 'always-online' (never goes autonomous).
import { EventEmitter } from 'node:events';
import type { Parts, OperatorLike, StartOperatorOptions, StartDutOptions } from '../../src/runner/parts.js';
import { startFakeDut, DomainRefusal } from '../support/fake-dut.js';
import type { TestCase } from '../../src/case.js';

interface FakeEntry { seq: number; at: number; kkmId: number | null; channel: number; direction: 'to-ofd' | 'to-kkm'; commandName: string; rawHex: string; decoded: unknown; result: number | null }

export interface FakeOperator extends OperatorLike {
  faultNames: Set<string>;
  suspended: boolean;
  push(e: Omit<FakeEntry, 'seq' | 'at'>): void;
}

let nextPort = 40000;

export function fakeOperator(o: StartOperatorOptions): FakeOperator {
  const events = new EventEmitter();
  const ledger: FakeEntry[] = [];
  const faultNames = new Set<string>();
  const op: FakeOperator = {
    ports: o.ports.map(() => nextPort++),
    faultNames,
    suspended: false,
    registers: () => [{ kkmId: o.provision[0]?.kkmId, suspended: op.suspended }],
    suspend() { op.suspended = true; return {}; },
    resume() { op.suspended = false; return {}; },
    notify() { return { version: '1' }; },
    faults: {
      add(spec) { faultNames.add(spec.name); return spec; },
      remove(name) { faultNames.delete(name); return undefined; },
      reset() { faultNames.clear(); return undefined; },
    },
    ledger: { entries: (f?: { kkmId?: number }) => ledger.filter((e) => !f?.kkmId || e.kkmId === f.kkmId) },
    events: { on: (ev, cb) => events.on(ev, cb as never), off: (ev, cb) => events.off(ev, cb as never) },
    push(e) {
      const full = { seq: ledger.length + 1, at: o.clock.now(), ...e };
      ledger.push(full);
      events.emit('entry', full);
    },
    async close() {},
  };
  return op;
}

export interface FakeWorld {
  parts: Parts;
  /** number of emulators started so far */
  started: () => number;
}

export function fakeParts(opts: { capabilities?: string[] } = {}): FakeWorld {
  let started = 0;
  const operators = new Map<number, FakeOperator>();
  const parts: Parts = {
    listDefects: () => [
      { name: 'no-print', requirements: ['5'], description: 'sales are not printed' },
      { name: 'always-online', requirements: ['29.1'], description: 'never goes autonomous' },
      { name: 'dup-number', requirements: ['43.2'], description: 'receipt numbers stop increasing after №1' },
    ],
    async startOperator(o) {
      const op = fakeOperator(o);
      operators.set(op.ports[0]!, op);
      return op;
    },
    async startEmulator(o: StartDutOptions) {
      started++;
      const op = operators.get(o.ofd[0]!.port)!;
      const clock = o.clock as { now(): number; advance?: (ms: number) => Promise<number> };
      const st = { powered: false, mode: null as string | null, shift: { open: false, number: 1, openedAt: null as string | null }, offline: { since: null as string | null, queued: 0 }, blocked: null };
      let number = 0;
      const iso = () => new Date(clock.now()).toISOString();
      const dut = await startFakeDut({
        'dcp.hello': () => ({ vendor: 'Fake', model: 'F1', firmware: '0.0.1', dcp: '1', capabilities: opts.capabilities ?? ['virtual-clock', 'power-cut'], languages: ['ru', 'kz'], clock: 'virtual', defects: o.defects }),
        'power.on': () => { st.powered = true; return { selftest: { ok: true, checks: [{ name: 'memory', ok: true }] } }; },
        'power.off': () => { st.powered = false; return {}; },
        'state.get': () => st,
        'clock.get': () => ({ now: iso() }),
        'clock.advance': async (p: { ms: number }) => { await clock.advance!(p.ms); return { now: iso() }; },
        'session.login': (p: { mode: string; password: string }) => {
          if (p.password !== o.profile.passwords[p.mode as 'registration']) throw new DomainRefusal('bad_password');
          st.mode = p.mode;
          return { mode: p.mode };
        },
        'session.logout': () => { st.mode = null; return {}; },
        'report.x': () => ({ document: { kind: 'x_report', number: ++number, shiftNumber: 1, printedAt: iso(), fiscal: null, title: null, lines: [], qr: null } }),
        'report.z': (_p: unknown, d) => {
          const doc = { kind: 'z_report', number: ++number, shiftNumber: 1, printedAt: iso(), fiscal: null, title: null, lines: [], qr: null };
          st.shift.open = false;
          d.notify('document.printed', { document: doc });
          return { document: doc };
        },
        'cash.deposit': () => ({ document: { kind: 'cash_in', number: ++number, shiftNumber: 1, printedAt: iso(), fiscal: null, title: null, lines: [], qr: null } }),
        'cash.withdraw': () => ({ document: { kind: 'cash_out', number: ++number, shiftNumber: 1, printedAt: iso(), fiscal: null, title: null, lines: [], qr: null } }),
        'receipt.create': async (p: { items: { price: number; quantity: number }[] }, d) => {
          if (!st.powered) throw new DomainRefusal('wrong_mode');
          if (op.suspended) throw new DomainRefusal('suspended_by_ofd', '16');
          if (!(o.defects.includes('dup-number') && number >= 1)) number++;
          const offline = op.faultNames.size > 0 && !o.defects.includes('always-online');
          op.push({ kkmId: o.profile.registration.kkmId, channel: 0, direction: 'to-ofd', commandName: 'TICKET', rawHex: `81a2${number.toString(16).padStart(4, '0')}`, decoded: { ticket: { number } }, result: null });
          if (!offline) op.push({ kkmId: o.profile.registration.kkmId, channel: 0, direction: 'to-kkm', commandName: 'TICKET', rawHex: '81a20000', decoded: { result: 0 }, result: 0 });
          st.shift.open = true;
          if (offline) { st.offline.since ??= iso(); st.offline.queued++; }
          const total = p.items.reduce((a, i) => a + (i.price * i.quantity) / 1000, 0);
          const doc = { kind: 'receipt', number, shiftNumber: 1, printedAt: iso(), fiscal: { mode: offline ? 'autonomous' : 'online', sign: `S${number}` }, title: 'ФИСКАЛЬНЫЙ ЧЕК', lines: [`№${number}`, `ИТОГО ${total}`, `ФП S${number}`], qr: null, totals: { total, byPayment: { cash: total } } };
          if (!o.defects.includes('no-print')) d.notify('document.printed', { document: doc });
          return { document: doc };
        },
      });
      return { dcpUrl: dut.url, close: () => dut.close() };
    },
  };
  return { parts, started: () => started };
}

/** Fake cases: one per outcome. */
export const fakeCases = {
  printsReceipt: {
    id: 'req-5-fake-prints-receipt',
    title: 'a sale is printed',
    covers: ['5'],
    async run(ctx) {
      await ctx.dcp.call('power.on', {});
      await ctx.dcp.call('session.login', { mode: 'registration', password: ctx.profile.passwords.registration });
      const { document } = await ctx.dcp.call('receipt.create', { operation: 'sell', items: [{ name: 'x', price: 100_00, quantity: 1000 }], payments: [{ type: 'cash', sum: 100_00 }] });
      ctx.check(ctx.notifications.printed().some((d) => d.number === document.number), '5', `receipt №${document.number} printed`);
      ctx.check(ctx.ofd.ledger.entries({ kkmId: ctx.profile.registration.kkmId }).length >= 1, '5', 'the operator received the receipt');
    },
  } satisfies TestCase,
  goesAutonomous: {
    id: 'req-29.1-fake-autonomous',
    title: 'autonomous with the link down',
    covers: ['29.1'],
    needs: ['virtual-clock'],
    async run(ctx) {
      await ctx.dcp.call('power.on', {});
      await ctx.dcp.call('session.login', { mode: 'registration', password: ctx.profile.passwords.registration });
      await ctx.ofd.faults.add({ name: 'down', kind: 'blackhole', direction: 'to-ofd' });
      await ctx.clock.advance(3_600_000);
      const { document } = await ctx.dcp.call('receipt.create', { operation: 'sell', items: [{ name: 'x', price: 1, quantity: 1000 }], payments: [{ type: 'cash', sum: 1 }] });
      ctx.check(document.fiscal?.mode === 'autonomous', '29.1', `mode ${document.fiscal?.mode}`);
    },
  } satisfies TestCase,
  needsTamper: {
    id: 'req-2.3-fake-tamper',
    title: 'needs tamper',
    covers: ['2.3'],
    needs: ['tamper'],
    async run(ctx) { ctx.check(true, '2.3', 'never runs'); },
  } satisfies TestCase,
  benchBug: {
    id: 'req-12-fake-bench-bug',
    title: 'the bench itself breaks',
    covers: ['12'],
    async run() { throw new TypeError('bench bug'); },
  } satisfies TestCase,
  refused: {
    id: 'req-16-fake-refused',
    title: 'a refusal the case did not expect',
    covers: ['16'],
    async run(ctx) {
      await ctx.dcp.call('power.on', {});
      await ctx.dcp.call('session.login', { mode: 'registration', password: 'wrong' });
      ctx.check(true, '16', 'unreachable');
    },
  } satisfies TestCase,
  noChecks: {
    id: 'req-24-fake-vacuous',
    title: 'makes no check',
    covers: ['24'],
    async run() {},
  } satisfies TestCase,
};
