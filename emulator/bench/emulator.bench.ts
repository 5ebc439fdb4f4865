// npm run bench:emulator — end-to-end figures of the reference register in virtual time:
//  1. receipts per second: DCP (TCP, JSON lines) → register → fiscal module → operator (ofd-mock
//     on loopback) and back, with a window of pipelined requests;
//  2. wall time of a scripted 72-hour offline day: the operator unreachable, sales every hour,
//     two offline Z reports, then the link returns and the whole queue is uploaded.
// Writes reports/bench/emulator.json.
import { connect, type Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { VirtualClock } from '../../protocol/index.js';
import { startOfdMock } from '../../ofd-mock/index.js';
import { loadProfile, Register, startEmulatorWith, type DeviceProfile } from '../index.js';

// the shipped reference profile, listening on a free port
const PROFILE: DeviceProfile = { ...loadProfile(fileURLToPath(new URL('../profiles/reference.json', import.meta.url))), dcp: 'tcp://127.0.0.1:0' };

/** A minimal pipelining JSON-RPC line client (results in order of ids). */
class LineClient {
  private buf = '';
  private id = 0;
  private corked = false;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: unknown) => void }>();
  private constructor(private readonly sock: Socket) {
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      this.buf += chunk;
      for (let i = this.buf.indexOf('\n'); i >= 0; i = this.buf.indexOf('\n')) {
        const line = this.buf.slice(0, i);
        this.buf = this.buf.slice(i + 1);
        // notifications (document.printed with its QR PNG, state.changed, display.message) are not
        // used here: skip them without parsing (the server writes `{"jsonrpc":"2.0","method":…`)
        if (line.startsWith('{"jsonrpc":"2.0","method"')) continue;
        const msg = JSON.parse(line);
        if (msg.id === undefined || msg.id === null) continue; // notification
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (msg.error) p?.reject(Object.assign(new Error(msg.error.message), msg.error)); else p?.resolve(msg.result);
      }
    });
  }
  static open(port: number): Promise<LineClient> {
    return new Promise((res, rej) => {
      const s = connect({ host: '127.0.0.1', port, noDelay: true }, () => res(new LineClient(s)));
      s.on('error', rej);
    });
  }
  call(method: string, params: unknown = {}): Promise<any> {
    const id = ++this.id;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // requests made in one turn of the event loop go out in one write
      if (!this.corked) {
        this.corked = true;
        this.sock.cork();
        setImmediate(() => { this.corked = false; this.sock.uncork(); });
      }
      this.sock.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }
  close(): void { this.sock.destroy(); }
}

const sale = (i: number) => ({ operation: 'sell', items: [{ name: `Товар ${i % 50}`, price: 100_00 + (i % 97), quantity: 1000, section: 1 + (i % 3) }], payments: [{ type: 'cash', sum: 200_00 }] });

async function setup(qrPng = true) {
  const clock = new VirtualClock(Date.UTC(2026, 10, 22, 4, 0, 0));
  const ofd = await startOfdMock({ clock, ports: [0, 0], provision: [PROFILE.registration] });
  const emu = await startEmulatorWith((o) => Register.create({ ...o, qrPng }), { profile: PROFILE, clock, virtualClock: true, ofd: ofd.ports.map((port) => ({ host: '127.0.0.1', port })) });
  const dcp = await LineClient.open(emu.dcpPort);
  await dcp.call('power.on');
  await dcp.call('session.login', { mode: 'registration', password: '1111' });
  return { clock, ofd, emu, dcp, async close() { dcp.close(); await emu.close(); await ofd.close(); } };
}

/** receipts per wall second, and CPU ms of this process per receipt (less sensitive to a loaded machine) */
async function receiptsPerSecond(n: number, window: number, qrPng: boolean): Promise<{ rps: number; n: number; online: number; cpuMsPerReceipt: number; operatorConnectionsPerReceipt: number }> {
  const s = await setup(qrPng);
  try {
    for (let i = 0; i < 100; i++) await s.dcp.call('receipt.create', sale(i)); // warm-up
    let next = 0;
    let online = 0;
    // TCP connections the operator accepted (one per request when nothing waits behind it)
    let connections = 0;
    s.ofd.events.on('connection', (e: { type: string }) => { if (e.type === 'open') connections++; });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const worker = async () => {
      while (next < n) {
        const i = next++;
        const r = await s.dcp.call('receipt.create', sale(i));
        if (r.document.fiscal?.mode === 'online') online++;
      }
    };
    await Promise.all(Array.from({ length: window }, worker));
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    return { rps: n / secs, n, online, cpuMsPerReceipt: (cpu.user + cpu.system) / 1000 / n, operatorConnectionsPerReceipt: connections / n };
  } finally { await s.close(); }
}

async function offline72h(): Promise<{ wallSeconds: number; receipts: number; uploaded: number; queuedAfter: number }> {
  const s = await setup();
  try {
    const H = 3_600_000;
    s.ofd.faults.add({ name: 'link-down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
    const before = s.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd' && e.result === 0 && e.commandName === 'TICKET').length;
    const t0 = performance.now();
    let receipts = 0;
    for (let h = 0; h < 71; h++) {
      for (let k = 0; k < 5; k++) { await s.dcp.call('receipt.create', sale(h * 5 + k)); receipts++; }
      if (h === 23 || h === 47) {
        await s.dcp.call('session.login', { mode: 'close_shift', password: '3333' });
        await s.dcp.call('report.z');
        await s.dcp.call('session.login', { mode: 'registration', password: '1111' });
      }
      await s.dcp.call('clock.advance', { ms: H });
    }
    s.ofd.faults.reset();
    for (let i = 0; i < 12; i++) await s.dcp.call('clock.advance', { ms: 60_000 });
    const st = await s.dcp.call('state.get');
    const wallSeconds = (performance.now() - t0) / 1000;
    const uploaded = s.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd' && e.result === 0 && e.commandName === 'TICKET').length - before;
    return { wallSeconds, receipts, uploaded, queuedAfter: st.offline.queued };
  } finally { await s.close(); }
}

const N = Number(process.env['BENCH_RECEIPTS'] ?? 3000);
const loadBefore = loadavg()[0]!;
const onlyOffline = process.env['BENCH_ONLY'] === 'offline';
const skipped = { rps: 0, n: 0, online: 0, cpuMsPerReceipt: 0, operatorConnectionsPerReceipt: 0 };
const r1 = onlyOffline ? skipped : await receiptsPerSecond(N, 1, true);
const rW = onlyOffline ? skipped : await receiptsPerSecond(N, 16, true);
const rNoPng = onlyOffline ? skipped : await receiptsPerSecond(N, 16, false);
const off = await offline72h();
const out = {
  receiptsPerSecond: Math.round(Math.max(r1.rps, rW.rps)),
  receiptsPerSecondSequential: Math.round(r1.rps),
  receiptsPerSecondPipelined16: Math.round(rW.rps),
  receiptsPerSecondWithoutQrPng: Math.round(rNoPng.rps),
  /** CPU time of the one process (register, operator mock, module, DCP client) per receipt, pipelined 16 */
  cpuMsPerReceipt: Number(rW.cpuMsPerReceipt.toFixed(3)),
  cpuMsPerReceiptWithoutQrPng: Number(rNoPng.cpuMsPerReceipt.toFixed(3)),
  /** the same, one request at a time (includes the JIT warm-up of the process: it runs first) */
  cpuMsPerReceiptSequential: Number(r1.cpuMsPerReceipt.toFixed(3)),
  /** operator TCP connections per receipt: a connection serves the next request only while requests wait behind it */
  operatorConnectionsPerReceipt: { sequential: Number(r1.operatorConnectionsPerReceipt.toFixed(4)), pipelined16: Number(rW.operatorConnectionsPerReceipt.toFixed(4)) },
  receipts: N,
  onlineShare: Math.min(r1.online, rW.online) / N,
  offline72hWallSeconds: Number(off.wallSeconds.toFixed(3)),
  offline72h: off,
  targets: { receiptsPerSecond: 1000, offline72hWallSeconds: 2 },
  node: process.version,
  /** the machine is shared: 1-minute load average before and after, and the core count */
  loadAverage: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0]!.toFixed(2)), cores: cpus().length },
};
mkdirSync('reports/bench', { recursive: true });
if (!onlyOffline) writeFileSync('reports/bench/emulator.json', `${JSON.stringify(out, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
