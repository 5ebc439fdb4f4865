// Runs cases against the reference emulator and ofd-mock in one process on one VirtualClock:
// a small stand-in for the runner, so the cases engineer can test cases end to end.
import { readFileSync } from 'node:fs';
import { VirtualClock } from '../../../protocol/index.js';
import { startOfdMock } from '../../../ofd-mock/index.js';
import { startEmulator } from '../../../emulator/index.js';
import { connectDcp } from '../../src/dcp/client.js';
import { pause } from '../../src/context/wait.js';
import type { CaseContext, TestCase } from '../../src/case.js';
import type { Check, Evidence } from '../../src/report/types.js';
import type { DcpHello, DeviceProfile } from '../../src/dcp/types.js';

export const PROFILE: DeviceProfile = JSON.parse(readFileSync(new URL('../../../emulator/profiles/reference.json', import.meta.url), 'utf8')) as DeviceProfile;

export interface LiveResult {
  id: string;
  status: 'pass' | 'fail' | 'error' | 'not_run';
  checks: Check[];
  reason?: string;
  ms: number;
}

export async function runLive(tc: TestCase, opts: { defects?: string[]; seed?: number; verbose?: boolean; dump?: boolean } = {}): Promise<LiveResult> {
  const t0 = performance.now();
  const clock = new VirtualClock(Date.UTC(2026, 0, 12, 4, 0, 0));
  const seed = opts.seed ?? 1;
  const ofd = await startOfdMock({ clock, seed, provision: [PROFILE.registration], ports: [0, 0] });
  const emu = await startEmulator({ profile: PROFILE as never, ofd: ofd.ports.map((port) => ({ host: '127.0.0.1', port })), clock, virtualClock: true, defects: opts.defects ?? [], seed });
  const dcp = await connectDcp(emu.dcpUrl, { now: () => clock.now(), requestTimeoutMs: 10_000 });
  const ticker = await connectDcp(emu.dcpUrl, { requestTimeoutMs: 10_000 });
  const checks: Check[] = [];
  const evidence: Evidence[] = [];
  const done = (status: LiveResult['status'], reason?: string): LiveResult => ({ id: tc.id, status, checks, ...(reason ? { reason } : {}), ms: Math.round(performance.now() - t0) });
  try {
    const hello = (await dcp.call('dcp.hello', {})) as DcpHello;
    const missing = (tc.needs ?? []).filter((n) => !hello.capabilities.includes(n));
    if (missing.length) return done('not_run', `missing ${missing.join(', ')}`);
    const ctx: CaseContext = {
      dcp,
      ofd: ofd as never,
      clock: {
        now: () => clock.now(),
        async advance(ms) {
          await ticker.call('clock.advance', { ms });
          return clock.now();
        },
      },
      trace: { record: () => undefined },
      caseId: tc.id,
      check(cond, requirement, message, ev) {
        checks.push({ requirement, ok: Boolean(cond), message, evidence: ev === undefined ? [] : Array.isArray(ev) ? ev : [ev] });
        if (opts.verbose) process.stderr.write(`  ${cond ? 'ok  ' : 'FAIL'} ${requirement}: ${message}\n`);
        return Boolean(cond);
      },
      evidence: (e) => { evidence.push(e); },
      profile: PROFILE,
      hello,
      capabilities: hello.capabilities,
      notifications: dcp.notifications,
      seed,
      log: (m) => { if (opts.verbose) process.stderr.write(`  · ${m}\n`); },
    };
    try {
      await tc.run(ctx);
    } catch (e) {
      const x = e as { code?: string; message?: string };
      if (x?.code === 'BENCH_CASE_ABORT') return done('fail', x.message);
      if (x?.code === 'BENCH_DCP_DOMAIN') return done('fail', `unexpected refusal: ${x.message}`);
      return done('error', `${x?.code ?? 'Error'}: ${x?.message ?? String(e)}`);
    }
    const failed = checks.find((c) => !c.ok);
    if (failed) return done('fail', `${failed.requirement}: ${failed.message}`);
    if (!checks.length) return done('error', 'no checks');
    return done('pass');
  } finally {
    if (opts.dump) {
      for (const e of ofd.ledger.entries()) {
        const d = e.decoded as Record<string, any> | null;
        const body = d ? JSON.stringify({ ...d, service: d.service ? { offlinePeriod: d.service.offlinePeriod } : undefined }).slice(0, 260) : '';
        process.stderr.write(`    #${e.seq} ch${e.channel} ${e.direction} ${e.commandName} rq${e.reqNum} res=${e.result} ${e.note ?? ''} ${e.faults.join(',')} ${e.violations.map((v) => v.code).join(',')} ${body}\n`);
      }
    }
    // a DUT operation still waiting on a virtual timer can keep close() from finishing: bound it
    const bounded = (p: Promise<unknown>) => Promise.race([p.catch(() => {}), pause(2000)]);
    await bounded(dcp.close());
    await bounded(ticker.close());
    await bounded(emu.close());
    await bounded(ofd.close());
  }
}
