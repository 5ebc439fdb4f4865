// A CaseContext over in-memory fakes, for unit tests of the case helpers.
import type { CaseContext, OperatorFaultSpec } from '../../src/case.js';
import type { Check, Evidence } from '../../src/report/types.js';
import type { DcpClient, DcpNotification } from '../../src/dcp/types.js';
import { NotificationLog } from '../../src/dcp/notifications.js';
import { wallClock } from '../../src/dcp/clock.js';

export interface FakeWorld {
  ctx: CaseContext;
  checks: Check[];
  evidence: Evidence[];
  ledger: unknown[];
  faults: OperatorFaultSpec[];
  now: number;
  calls: { method: string; params: unknown }[];
  notify(method: string, params: unknown): DcpNotification;
  /** handlers by method; a missing one answers {} */
  handlers: Record<string, (params: any) => unknown | Promise<unknown>>;
  /** called on every clock step */
  onAdvance: ((ms: number, now: number) => void)[];
}

export function fakeContext(): FakeWorld {
  const log = new NotificationLog(wallClock, () => w.now);
  const w: FakeWorld = {
    checks: [],
    evidence: [],
    ledger: [],
    faults: [],
    now: Date.UTC(2026, 0, 12, 4),
    calls: [],
    handlers: {},
    onAdvance: [],
    notify: (m, p) => log.push(m, p),
    ctx: undefined as unknown as CaseContext,
  };
  const dcp: DcpClient = {
    async call(method: string, params?: unknown) {
      w.calls.push({ method, params });
      const h = w.handlers[method];
      return (h ? await h(params) : {}) as never;
    },
    async request(method: string, params?: unknown) {
      return dcp.call(method as never, params as never);
    },
    notifications: log.view(1),
    onNotification: () => () => {},
    close: async () => {},
    closed: false,
  };
  w.ctx = {
    dcp,
    ofd: {
      ports: [1001, 1002],
      registers: () => [],
      suspend: () => {},
      resume: () => {},
      notify: () => {},
      faults: {
        add: (s: OperatorFaultSpec) => { w.faults.push(s); },
        remove: (name: string) => { const i = w.faults.findIndex((f) => f.name === name); if (i < 0) throw new Error('no such fault'); w.faults.splice(i, 1); },
        reset: () => { w.faults.length = 0; },
      },
      ledger: { entries: () => w.ledger },
    },
    clock: {
      now: () => w.now,
      async advance(ms: number) {
        w.now += ms;
        for (const f of w.onAdvance) f(ms, w.now);
        return w.now;
      },
    },
    trace: { record: () => undefined },
    caseId: 'req-1-test',
    check(cond, requirement, message, ev) {
      w.checks.push({ requirement, ok: Boolean(cond), message, evidence: ev === undefined ? [] : Array.isArray(ev) ? ev : [ev] });
      return Boolean(cond);
    },
    evidence: (e) => { w.evidence.push(e); },
    profile: {
      dcp: 'tcp://127.0.0.1:7070',
      passwords: { registration: '1111', programming: '2222', close_shift: '3333', reports: '4444', service: '5555' },
      registration: { kkmId: 424242, token: 777, rnm: '010101234567', serial: 'ZN0001', org: { title: 'ТОО Тест', iin: '123456789012', address: 'Алматы' }, pos: { title: 'Касса 1', address: 'Алматы' } },
    },
    hello: { vendor: 'fake', model: 'fake', firmware: '1', dcp: '1', capabilities: ['virtual-clock'], languages: ['kz', 'ru'], clock: 'virtual' },
    capabilities: ['virtual-clock'],
    notifications: log.view(1),
    seed: 1,
    log: () => {},
  };
  return w;
}
