// A register and an operator mock in one process, in lock-step virtual time.
import { VirtualClock } from '../../../protocol/index.js';
import { startOfdMock, type OfdMock } from '../../../ofd-mock/index.js';
import type { DeviceProfile } from '../../src/dcp/types.js';
import { Register } from '../../src/register/register.js';
import { memoryPersistence, type RegisterOptions } from '../../src/register/options.js';

export const PROFILE: DeviceProfile = {
  dcp: 'tcp://127.0.0.1:0',
  passwords: { registration: '1111', programming: '2222', close_shift: '3333', reports: '4444', service: '5555' },
  registration: {
    kkmId: 424242, token: 777, rnm: '010101234567', serial: 'ZN0001',
    org: { title: 'ТОО «Тест»', iin: '123456789012', address: 'г. Алматы, ул. Абая 1' },
    pos: { title: 'Магазин №1', address: 'г. Алматы, ул. Абая 1' },
  },
  protocolVersion: 203,
};

export interface Rig {
  clock: VirtualClock;
  ofd: OfdMock;
  reg: Register;
  notes: { method: string; params: any }[];
  call(method: string, params?: unknown): Promise<any>;
  /** calls and advances virtual time until it settles (for calls that wait for the operator) */
  callAdvancing(method: string, params: unknown, maxMs: number, stepMs?: number): Promise<any>;
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function rig(opts: Partial<RegisterOptions> & { channels?: number } = {}): Promise<Rig> {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 4, 0, 0));
  const ofd = await startOfdMock({ clock, ports: Array.from({ length: opts.channels ?? 2 }, () => 0), provision: [PROFILE.registration] });
  const persistence = opts.persistence ?? memoryPersistence();
  const reg = await Register.create({
    profile: PROFILE, clock, virtualClock: true, qrPng: false,
    ofd: ofd.ports.map((port) => ({ host: '127.0.0.1', port })),
    persistence, moduleSync: false, ...opts,
  });
  const notes: { method: string; params: any }[] = [];
  reg.onNotification((method, params) => notes.push({ method, params }));
  const call = (method: string, params: unknown = {}) => reg.handle(method, params) as Promise<any>;
  const advance = async (ms: number) => { await call('clock.advance', { ms }); };
  return {
    clock, ofd, reg, notes, call, advance,
    async callAdvancing(method, params, maxMs, stepMs = 500) {
      let done = false;
      const p = call(method, params).finally(() => { done = true; });
      p.catch(() => undefined);
      await reg.settle();
      let left = maxMs;
      while (!done && left > 0) {
        await advance(Math.min(stepMs, left));
        left -= stepMs;
      }
      return p;
    },
    async close() {
      await reg.close();
      await ofd.close();
    },
  };
}

export async function onAndLogin(r: Rig, mode: keyof DeviceProfile['passwords'] = 'registration'): Promise<void> {
  await r.call('power.on');
  await r.call('session.login', { mode, password: PROFILE.passwords[mode] });
}

export function sale(price = 150_00, extra: Record<string, unknown> = {}) {
  return { operation: 'sell', items: [{ name: 'Нан / Хлеб', price, quantity: 1000 }], payments: [{ type: 'cash', sum: price }], ...extra };
}
