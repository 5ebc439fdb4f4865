// fast-check commands over the register (through its DcpHandler) with an operator mock in the
// same process, in virtual time. The model is what the bench could observe.
import fc from 'fast-check';
import type { Rig } from '../register/_harness.js';
import { sale } from '../register/_harness.js';

export interface RegisterModel {
  linkDown: boolean;
  latencyMs: number;
  /** every printed document, in order */
  printed: any[];
  /** documents printed before the last power cut */
  beforeCut: number[];
}

type Cmd = fc.AsyncCommand<RegisterModel, Rig>;

const PINS = { registration: '1111', close_shift: '3333', reports: '4444' } as const;

async function ensureMode(r: Rig, mode: keyof typeof PINS): Promise<void> {
  const st = await r.call('state.get');
  if (st.mode !== mode) await r.call('session.login', { mode, password: PINS[mode] });
}

async function tolerated(p: Promise<unknown>, reasons: string[]): Promise<void> {
  try { await p; } catch (e: any) { if (!reasons.includes(e?.reason)) throw e; }
}

export class SellCommand implements Cmd {
  constructor(readonly price: number, readonly card: boolean) {}
  check() { return true; }
  async run(_m: RegisterModel, r: Rig) {
    await ensureMode(r, 'registration');
    const body = this.card ? { ...sale(this.price), payments: [{ type: 'card', sum: this.price }] } : sale(this.price);
    await tolerated(r.callAdvancing('receipt.create', body, 12_000, 1_000), ['shift_expired', 'offline_too_long']);
  }
  toString() { return `sell(${this.price}${this.card ? ', card' : ''})`; }
}

export class DepositCommand implements Cmd {
  constructor(readonly sum: number) {}
  check() { return true; }
  async run(_m: RegisterModel, r: Rig) {
    await ensureMode(r, 'registration');
    await tolerated(r.callAdvancing('cash.deposit', { sum: this.sum }, 12_000, 1_000), ['offline_too_long']);
  }
  toString() { return `deposit(${this.sum})`; }
}

export class ZReportCommand implements Cmd {
  check() { return true; }
  async run(_m: RegisterModel, r: Rig) {
    await ensureMode(r, 'close_shift');
    await r.callAdvancing('report.z', {}, 12_000, 1_000);
  }
  toString() { return 'z'; }
}

export class XReportCommand implements Cmd {
  check() { return true; }
  async run(_m: RegisterModel, r: Rig) {
    await ensureMode(r, 'reports');
    const x = (await r.callAdvancing('report.x', {}, 12_000, 1_000)).document;
    if (x.title !== null || x.fiscal !== null) throw new Error('an X report carries a fiscal title or sign');
  }
  toString() { return 'x'; }
}

export class LinkDownCommand implements Cmd {
  check(m: Readonly<RegisterModel>) { return !m.linkDown; }
  async run(m: RegisterModel, r: Rig) {
    r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
    m.linkDown = true;
  }
  toString() { return 'linkDown'; }
}

export class LinkUpCommand implements Cmd {
  check(m: Readonly<RegisterModel>) { return m.linkDown; }
  async run(m: RegisterModel, r: Rig) {
    r.ofd.faults.remove('down');
    m.linkDown = false;
  }
  toString() { return 'linkUp'; }
}

export class LatencyCommand implements Cmd {
  constructor(readonly ms: number) {}
  check() { return true; }
  async run(m: RegisterModel, r: Rig) {
    if (m.latencyMs) r.ofd.faults.remove('slow');
    if (this.ms) r.ofd.faults.add({ name: 'slow', kind: 'latency', direction: 'to-kkm', attrs: { ms: this.ms } } as never);
    m.latencyMs = this.ms;
  }
  toString() { return `latency(${this.ms})`; }
}

export class AdvanceCommand implements Cmd {
  constructor(readonly ms: number) {}
  check() { return true; }
  async run(_m: RegisterModel, r: Rig) { await r.advance(this.ms); }
  toString() { return `advance(${this.ms})`; }
}

export class PowerCutCommand implements Cmd {
  check() { return true; }
  async run(m: RegisterModel, r: Rig) {
    m.beforeCut = m.printed.filter((d) => d.kind === 'receipt' || d.kind === 'z_report' || d.kind === 'cash_in').map((d) => d.number);
    await r.call('power.off', { abrupt: true });
    await r.advance(60_000);
    await r.callAdvancing('power.on', {}, 12_000, 1_000); // the power-on link test may wait for a slow operator
    const j = await r.call('journal.read', {});
    const have = new Set(j.documents.map((d: any) => d.number));
    for (const n of m.beforeCut) if (!have.has(n)) throw new Error(`document ${n} lost across the power cut`);
  }
  toString() { return 'powerCut'; }
}

export const commands = [
  fc.tuple(fc.integer({ min: 1, max: 500_000 }), fc.boolean()).map(([p, c]) => new SellCommand(p, c)),
  fc.integer({ min: 1, max: 100_000 }).map((s) => new DepositCommand(s)),
  fc.constant(new ZReportCommand()),
  fc.constant(new XReportCommand()),
  fc.constant(new LinkDownCommand()),
  fc.constant(new LinkUpCommand()),
  fc.constantFrom(0, 1_000, 4_900, 6_000).map((ms) => new LatencyCommand(ms)),
  fc.constantFrom(1_000, 60_000, 3_600_000, 20 * 3_600_000).map((ms) => new AdvanceCommand(ms)),
  fc.constant(new PowerCutCommand()),
];
