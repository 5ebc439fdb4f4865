// npm run bench:ofd — throughput, round trip, memory per idle connection and the accuracy of
// injected latencies, on loopback. The server runs in this process; the load generator runs in a
// child process (the same file with --child) so that the two share the machine's cores as a
// server and its clients would. Writes reports/bench/ofd.json.
//
//   npm run bench:ofd -- [--connections 1000] [--seconds 5] [--idle 10000] [--latency-samples 300]
//
// Each of the N connections is its own provisioned register sending TICKET after TICKET as fast
// as answers come back (closed loop), with the token taken from every answer (it rotates).
// Raise `ulimit -n` above 2 × idle + 100 if the defaults are lower (this script checks).
import { spawn } from 'node:child_process';
import { connect, createServer, type Socket } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg } from 'node:os';
import { create, encodeRequestFrame, encodeResponseFrame, ResponseSchema, systemClock } from '../../protocol/index.js';
import { startOfdMock } from '../index.js';
import { SAMPLE_REGISTRATION, sampleSystem, sampleTicket } from '../src/samples.js';
import type { Registration } from '../src/options.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const { values: args } = parseArgs({
  options: {
    child: { type: 'string' },
    port: { type: 'string' },
    connections: { type: 'string', default: '1000' },
    seconds: { type: 'string', default: '5' },
    idle: { type: 'string', default: '10000' },
    'latency-samples': { type: 'string', default: '300' },
    'latency-stagger': { type: 'string', default: '0' },
    'base-id': { type: 'string', default: '1000000' },
    only: { type: 'string', multiple: true },
    out: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (args.help) {
  process.stdout.write('usage: npm run bench:ofd -- [--connections N] [--seconds S] [--idle N] [--latency-samples N] [--out FILE]\n'
    + '       [--only latency|throughput|floor|oneshot|idle ...]  (run only those phases; the JSON is then written only with --out)\n');
  process.exit(0);
}

const regFor = (i: number, base: number): Registration => ({ ...SAMPLE_REGISTRATION, kkmId: base + i, token: 1000 + i });
const T_AT = Date.UTC(2026, 0, 10, 5, 0, 0);

// ------------------------------------------------------------------------------------------------
// child: load generator
// ------------------------------------------------------------------------------------------------

/** Result code of an answer frame, read without a protobuf library: Response{2: Result{1: code}}. */
function resultCode(f: Uint8Array): number {
  let p = 18;
  const varint = (): number => { let v = 0, s = 0, b; do { b = f[p++]!; v += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80 && p < f.length); return v; };
  while (p < f.length) {
    const tag = varint();
    const field = tag >>> 3, wt = tag & 7;
    if (wt === 0) { varint(); continue; }
    if (wt !== 2) return -1;
    const len = varint();
    if (field === 2) { const end = p + len; while (p < end) { const t = varint(); if (t === 8) return varint(); if ((t & 7) === 0) varint(); else return -1; } return -1; }
    p += len;
  }
  return -1;
}

async function child(mode: string): Promise<void> {
  const port = Number(args.port);
  const base = Number(args['base-id']);
  if (mode === 'idle') {
    const n = Number(args.idle);
    const socks: Socket[] = [];
    for (let i = 0; i < n; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, n - i) }, () => new Promise<void>((res, rej) => {
        const s = connect({ port, host: '127.0.0.1' }, () => res());
        s.on('error', rej);
        socks.push(s);
      })));
    }
    process.stdout.write(JSON.stringify({ opened: socks.length }) + '\n');
    process.stdin.once('data', () => { for (const s of socks) s.destroy(); process.exit(0); });
    return;
  }
  if (mode === 'oneshot') { await oneshot(port, base); return; }
  if (mode === 'latency') { await latencyClients(port); return; }
  const n = Number(args.connections);
  const seconds = Number(args.seconds);
  const warmupMs = 1000;
  const rtts: number[] = [];
  let done = 0, errors = 0, measuring = false, stopped = false;
  const active = new Set<Socket>();
  const conns = await Promise.all(Array.from({ length: n }, (_, i) => new Promise<{ s: Socket; frame: Uint8Array; dv: DataView; reqNum: number; t0: number; buf: Buffer | null; seen: boolean }>((res, rej) => {
    const reg = regFor(i, base);
    const frame = encodeRequestFrame({ version: 203, deviceId: reg.kkmId, token: reg.token, reqNum: 0 }, sampleTicket({ reg, at: T_AT }, { priceTiyn: 100_000n + BigInt(i), payment: 'card' }));
    const s = connect({ port, host: '127.0.0.1' }, () => res({ s, frame, dv: new DataView(frame.buffer, frame.byteOffset), reqNum: 0, t0: 0, buf: null, seen: false }));
    s.setNoDelay(true);
    s.on('error', rej);
  })));
  // Lean on purpose (it shares the 2 cores with the server): one pre-encoded frame per register,
  // only REQNUM and the rotated token patched in place; the frame is written as is (closed loop:
  // the previous write left long before its answer came back), answers parsed where they lie.
  const send = (c: (typeof conns)[number]): void => {
    c.reqNum = (c.reqNum + 1) & 0xffff;
    c.dv.setUint16(16, c.reqNum, true);
    c.t0 = performance.now();
    c.s.write(c.frame);
  };
  for (const c of conns) {
    c.s.on('data', (chunk: Buffer) => {
      let b = c.buf ? Buffer.concat([c.buf, chunk]) : chunk;
      let p = 0;
      while (b.length - p >= 18) {
        const size = b.readUInt32LE(p + 4);
        if (b.length - p < size) break;
        const f = p === 0 && size === b.length ? b : b.subarray(p, p + size);
        p += size;
        if (resultCode(f) !== 0) errors++;
        c.dv.setUint32(12, f.readUInt32LE(12), true); // rotated token
        if (measuring) { done++; rtts.push(performance.now() - c.t0); if (!c.seen) { c.seen = true; active.add(c.s); } }
        if (!stopped) send(c);
      }
      c.buf = p < b.length ? b.subarray(p) : null;
    });
  }
  // wait until the server has accepted every connection (see the note in the report)
  process.stdout.write(JSON.stringify({ connected: conns.length }) + '\n');
  await new Promise<void>((r) => process.stdin.once('data', () => r()));
  for (const c of conns) send(c);
  await sleep(warmupMs);
  // the parent reads the server's CPU time at these two lines (the measuring window)
  process.stdout.write(JSON.stringify({ window: 'start' }) + '\n');
  measuring = true;
  errors = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  const doneAtEnd = done;
  process.stdout.write(JSON.stringify({ window: 'end', done: doneAtEnd }) + '\n');
  const cpu = process.cpuUsage(cpu0);
  const clientCpu = (cpu.user + cpu.system) / 1e6 / elapsed;
  stopped = true;
  rtts.sort((a, b) => a - b);
  const q = (p: number) => rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))] ?? NaN;
  process.stdout.write(JSON.stringify({ done, elapsed, errors, p50: q(0.5), p99: q(0.99), mean: rtts.reduce((a, b) => a + b, 0) / (rtts.length || 1), clientCpu, activeConnections: active.size, neverAnswered: conns.filter((c) => c.reqNum === 1).length }) + '\n');
  for (const c of conns) c.s.destroy();
  process.exit(0);
}

/**
 * Sequential SYSTEM requests on `conc` connections; prints every round trip (ms). Lean on purpose,
 * as the throughput client: one pre-encoded frame per connection (REQNUM patched in place), the
 * clock read just before the write and as soon as the whole answer is in, before any parsing, so
 * that the figure is the server's delay and not this process's decoding and encoding. With
 * --latency-stagger S the k-th connection starts k·S ms after the first (independent registers);
 * with 0 they start together, so their delays come due together in the server.
 */
async function latencyClients(port: number): Promise<void> {
  const samples = Number(args['latency-samples']);
  const conc = 10;
  const out: number[] = [];
  let errors = 0;
  const frame0 = encodeRequestFrame({ version: 203, deviceId: SAMPLE_REGISTRATION.kkmId, token: SAMPLE_REGISTRATION.token, reqNum: 0 }, sampleSystem({ reg: SAMPLE_REGISTRATION, at: systemClock.now() }));
  const staggerMs = Number(args['latency-stagger'] ?? 0);
  await Promise.all(Array.from({ length: conc }, async (_, k) => {
    const s = await new Promise<Socket>((res, rej) => { const x = connect({ port, host: '127.0.0.1' }, () => res(x)); x.on('error', rej); });
    s.setNoDelay(true);
    if (staggerMs > 0) await sleep(k * staggerMs);
    const frame = frame0.slice();
    const dv = new DataView(frame.buffer, frame.byteOffset);
    let buf: Buffer | null = null;
    let answered: ((f: Buffer) => void) | null = null;
    s.on('data', (chunk: Buffer) => {
      const t1 = performance.now();
      buf = buf ? Buffer.concat([buf, chunk]) : chunk;
      if (buf.length < 18 || buf.length < buf.readUInt32LE(4)) return;
      const f = buf;
      buf = null;
      lastAt = t1;
      answered?.(f);
    });
    let lastAt = 0;
    for (let i = 0; i < samples / conc; i++) {
      dv.setUint16(16, (Number(args['base-id']) + k * 1000 + i + 1) & 0xffff, true);
      const got = new Promise<Buffer>((r) => { answered = r; });
      const t0 = performance.now();
      s.write(frame);
      const f = await got;
      if (resultCode(f) !== 0) errors++;
      out.push(lastAt - t0);
    }
    s.destroy();
  }));
  process.stdout.write(JSON.stringify({ rtts: out, errors }) + '\n');
  process.exit(0);
}

/** One request per connection, as registers do: connect, send, read the answer, close; C loops. */
async function oneshot(port: number, base: number): Promise<void> {
  const n = Number(args.connections);
  const seconds = Number(args.seconds);
  let done = 0, errors = 0, measuring = false, stopped = false;
  const rtts: number[] = [];
  const loop = async (i: number): Promise<void> => {
    const reg = regFor(i, base);
    const frame = encodeRequestFrame({ version: 203, deviceId: reg.kkmId, token: reg.token, reqNum: 0 }, sampleTicket({ reg, at: T_AT }, { priceTiyn: 100_000n + BigInt(i), payment: 'card' }));
    const dv = new DataView(frame.buffer, frame.byteOffset);
    let reqNum = 0;
    while (!stopped) {
      reqNum = (reqNum + 1) & 0xffff;
      dv.setUint16(16, reqNum, true);
      const t0 = performance.now();
      const answer = await new Promise<Buffer | null>((resolve) => {
        const s = connect({ port, host: '127.0.0.1' }, () => s.write(frame));
        let b = Buffer.alloc(0);
        s.on('data', (c: Buffer) => { b = Buffer.concat([b, c]); if (b.length >= 18 && b.length >= b.readUInt32LE(4)) { s.destroy(); resolve(b); } });
        s.on('error', () => resolve(null));
        s.on('close', () => resolve(null));
      });
      if (!answer || resultCode(answer) !== 0) { errors++; continue; }
      dv.setUint32(12, answer.readUInt32LE(12), true);
      if (measuring) { done++; rtts.push(performance.now() - t0); }
    }
  };
  const loops = Array.from({ length: n }, (_, i) => loop(i));
  await sleep(1000);
  measuring = true; errors = 0;
  const t0 = performance.now();
  await sleep(seconds * 1000);
  measuring = false;
  const elapsed = (performance.now() - t0) / 1000;
  stopped = true;
  await Promise.all(loops);
  rtts.sort((a, b) => a - b);
  const q = (p: number) => rtts[Math.min(rtts.length - 1, Math.floor(p * rtts.length))] ?? NaN;
  process.stdout.write(JSON.stringify({ done, elapsed, errors, p50: q(0.5), p99: q(0.99) }) + '\n');
  process.exit(0);
}

// ------------------------------------------------------------------------------------------------
// parent: server + orchestration
// ------------------------------------------------------------------------------------------------

function runChild(extra: string[], onLine?: (line: string, stdin: NodeJS.WritableStream) => void): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...extra], { stdio: ['pipe', 'pipe', 'inherit'] });
    let last = '', rest = '';
    p.stdout.on('data', (d) => {
      const lines = (rest + String(d)).split('\n');
      rest = lines.pop()!;
      for (const l of lines) if (l) { last = l; onLine?.(l, p.stdin); }
    });
    p.on('close', (code) => (code === 0 ? resolve(JSON.parse(last)) : reject(new Error(`load generator exited ${code}`))));
  });
}

const rssMiB = (): number => process.memoryUsage().rss / 1024 / 1024;

/** Phase 1: how accurately an injected 50 ms latency is held (server side) and seen (client side). */
async function latencyPhase(log: (s: string) => void): Promise<Record<string, unknown>> {
  const samples = Number(args['latency-samples']);
  // what the machine allows: how late a plain 50 ms timer fires in this process right now
  const plain: number[] = [];
  for (let i = 0; i < 100; i++) { const t = performance.now(); await sleep(50); plain.push(performance.now() - t - 50); }
  plain.sort((a, b) => a - b);
  const plainTimerLateP50Ms = round(plain[50]!), plainTimerLateP99Ms = round(plain[99]!);
  log(`a plain 50 ms timer in this process fires late by p50 ${plainTimerLateP50Ms} ms, p99 ${plainTimerLateP99Ms} ms (the machine's noise floor)`);
  const wall = await startOfdMock({ provision: [SAMPLE_REGISTRATION], ledgerLimit: 0, clock: systemClock });
  let latencyRound = 0;
  // staggerMs = 0: the 10 connections start together, so their delays come due together; 5: they
  // start 5 ms apart, so the delays are spread over the 50 ms as independent registers' would be
  const measure = async (staggerMs: number): Promise<number[]> => {
    // the clients run in a child process, so that the server's event loop only does server work
    const r = await runChild(['--child', 'latency', '--port', String(wall.ports[0]), '--latency-samples', String(samples), '--latency-stagger', String(staggerMs), '--base-id', String(++latencyRound * 7919)]) as unknown as { rtts: number[] };
    return r.rtts.sort((a, b) => a - b);
  };
  await measure(0); // warm-up
  const baseRtt = await measure(0);
  const baseP50 = baseRtt[Math.floor(baseRtt.length / 2)]!;
  const LAT = 50;
  wall.faults.add({ name: 'lat', kind: 'latency', direction: 'to-kkm', attrs: { ms: LAT } });
  // the same latencies as the server held them: how late each delay ended (high-resolution clock)
  const lates: number[] = [];
  wall.events.on('delay', (e) => lates.push(e.lateMs));
  // warm-up of the fault path too (the baseline run above never took it): otherwise the first
  // delays pay for compiling it, and with 10 delays due together that cold start alone fills the
  // p99 of 300 samples
  await measure(0);
  const pick = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
  const run = async (staggerMs: number) => {
    lates.length = 0;
    const cpu0 = process.cpuUsage();
    const withLat = await measure(staggerMs);
    const cpu = process.cpuUsage(cpu0);
    if (process.env.OFD_BENCH_DEBUG) log(`largest lateness (index: ms): ${lates.map((l, i) => [i, l] as const).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([i, l]) => `${i}: ${l.toFixed(2)}`).join(', ')}`);
    const held = [...lates].sort((a, b) => a - b);
    const errs = withLat.map((r) => Math.abs(r - LAT - baseP50)).sort((a, b) => a - b);
    const r = {
      clientP50Ms: round(pick(errs, 0.5)), clientP99Ms: round(pick(errs, 0.99)),
      serverP50Ms: round(pick(held, 0.5)), serverP99Ms: round(pick(held, 0.99)), serverMaxMs: round(held[held.length - 1] ?? NaN),
      serverCpuMsPerDelayedRequest: round((cpu.user + cpu.system) / 1000 / samples),
    };
    log(`latency ${LAT} ms in wall time, connections ${staggerMs ? `${staggerMs} ms apart` : 'together'}: client error p50 ${r.clientP50Ms} ms, p99 ${r.clientP99Ms} ms (baseline RTT p50 ${baseP50.toFixed(2)} ms); as held by the server: late p50 ${r.serverP50Ms} ms, p99 ${r.serverP99Ms} ms, max ${r.serverMaxMs} ms over ${held.length}; server CPU ${r.serverCpuMsPerDelayedRequest} ms per delayed request`);
    return r;
  };
  const spread = await run(5);
  const together = await run(0);
  await wall.close();
  return {
    // the error of the injection itself: how late the server ended each 50 ms delay
    latencyErrorP99Ms: spread.serverP99Ms,
    latencyErrorP50Ms: spread.serverP50Ms,
    latencyErrorServerP50Ms: spread.serverP50Ms,
    latencyErrorServerP99Ms: spread.serverP99Ms,
    latencyErrorServerMaxMs: spread.serverMaxMs,
    // the same delays seen by the client: plus loopback, the client's own wake-up and scheduling
    latencyErrorClientP50Ms: spread.clientP50Ms,
    latencyErrorClientP99Ms: spread.clientP99Ms,
    latencyTogether: together,
    plainTimerLateP50Ms,
    plainTimerLateP99Ms,
    latencyNote: 'after a warm-up run with the fault installed; 300 SYSTEM requests on 10 connections started 5 ms apart (their delays spread over the 50 ms as independent registers\' would be), each connection sequential. latencyErrorP*Ms = latencyErrorServerP*Ms: how late each injected 50 ms delay ended in the server, on the high-resolution clock just before the answer is written (the delay events), i.e. the error of the injection itself; never early. latencyErrorClientP*Ms: |client round trip - 50 ms - baseline RTT p50| measured by a lean client around its write and the arrival of the whole answer: adds loopback, the client\'s own wake-up from an idle wait (see plainTimerLate*) and the machine\'s scheduling. latencyTogether: the same with the 10 connections started together, so that 10 delays come due in the same millisecond and one stall of the process (a scavenge, the VM) makes 10 of the 300 samples late at once',
  };
}

/** Runs the closed-loop load child against `port`; the server's CPU and GC inside the child's measuring window. */
async function closedLoad(port: number, accepted: () => number, log: (s: string) => void) {
  const connections = Number(args.connections);
  let acceptMs = NaN;
  let winCpu0: NodeJS.CpuUsage | null = null, winCpu: NodeJS.CpuUsage | null = null, winDone = 0, winT0 = 0, winSec = NaN;
  let ru0: NodeJS.ResourceUsage | null = null, ru1: NodeJS.ResourceUsage | null = null;
  let gcMs = 0, gcCount = 0, inWindow = false;
  const gcObs = new PerformanceObserver((list) => { if (inWindow) for (const e of list.getEntries()) { gcMs += e.duration; gcCount++; } });
  gcObs.observe({ entryTypes: ['gc'] });
  const tp = await runChild(['--child', 'load', '--port', String(port), '--connections', String(connections), '--seconds', String(args.seconds), '--base-id', String(args['base-id'])], (line, stdin) => {
    const r = JSON.parse(line) as { connected?: number; window?: 'start' | 'end'; done?: number };
    if (r.window === 'start') { winCpu0 = process.cpuUsage(); ru0 = process.resourceUsage(); winT0 = performance.now(); inWindow = true; return; }
    if (r.window === 'end') { winCpu = process.cpuUsage(winCpu0 ?? undefined); ru1 = process.resourceUsage(); winSec = (performance.now() - winT0) / 1000; winDone = r.done!; inWindow = false; return; }
    if (r.connected === undefined) return;
    const t0 = performance.now();
    // wait until the server has accepted every connection (see the README's note)
    const check = (): void => {
      if (accepted() < r.connected!) { systemClock.setTimeout(check, 5); return; }
      acceptMs = performance.now() - t0;
      stdin.write('go\n');
    };
    check();
  });
  gcObs.disconnect();
  const ticketsPerSecond = tp.done! / tp.elapsed!;
  const w = winCpu as NodeJS.CpuUsage | null;
  const n = winDone || NaN;
  const cpuUsPerTicket = w ? (w.user + w.system) / n : NaN;
  const cores = w ? (w.user + w.system) / 1e6 / winSec : NaN;
  const gcShare = gcMs / 1000 / winSec;
  log(`load generator used ${(tp.clientCpu! * 100).toFixed(0)} % of a core while measuring; server ${(cores * 100).toFixed(0)} %; mean RTT ${tp.mean!.toFixed(1)} ms; ${tp.activeConnections} connections answered while measuring, ${tp.neverAnswered} never answered; all ${connections} accepted ${acceptMs.toFixed(0)} ms after the clients connected`);
  log(`server CPU per ticket ${cpuUsPerTicket.toFixed(1)} µs (user ${w ? (w.user / n).toFixed(1) : '?'} + system ${w ? (w.system / n).toFixed(1) : '?'}), GC ${gcCount} pauses, ${(gcShare * 100).toFixed(1)} % of the window`);
  log(`${Math.round(ticketsPerSecond)} tickets/s, p50 ${tp.p50!.toFixed(2)} ms, p99 ${tp.p99!.toFixed(2)} ms, ${tp.errors} non-OK answers`);
  const a = ru0 as NodeJS.ResourceUsage | null, z = ru1 as NodeJS.ResourceUsage | null;
  if (a && z) log(`per 1000 tickets: ${((z.minorPageFault - a.minorPageFault) * 1000 / n).toFixed(1)} minor page faults, ${((z.voluntaryContextSwitches - a.voluntaryContextSwitches) * 1000 / n).toFixed(1)} voluntary and ${((z.involuntaryContextSwitches - a.involuntaryContextSwitches) * 1000 / n).toFixed(1)} involuntary context switches`);
  return { tp, ticketsPerSecond, cpuUsPerTicket, userUsPerTicket: w ? w.user / n : NaN, systemUsPerTicket: w ? w.system / n : NaN, cores, gcShare };
}

/** A bare node:net server answering each frame with one fixed ticket answer (result 0): the floor of the throughput figure. */
async function bareServer(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  const qr = new TextEncoder().encode('http://consumer.test-oofd.kz?i=1234567890&f=010101012345&s=1000.00&t=20260110T100000');
  const answer = encodeResponseFrame({ version: 203, deviceId: 1, token: 1, reqNum: 1 }, create(ResponseSchema, { command: 1, result: { resultCode: 0 }, ticket: { ticketNumber: '1234567890', qrCode: qr } }));
  let open = 0;
  const srv = createServer({ noDelay: true }, (s) => {
    open++;
    s.on('close', () => { open--; });
    s.on('error', () => {});
    let buf: Buffer | null = null;
    s.on('data', (chunk: Buffer) => {
      let b = buf ? Buffer.concat([buf, chunk]) : chunk;
      let p = 0;
      while (b.length - p >= 18) {
        const size = b.readUInt32LE(p + 4);
        if (b.length - p < size) break;
        p += size;
        s.write(answer);
      }
      buf = p < b.length ? b.subarray(p) : null;
    });
  });
  await new Promise<void>((r) => srv.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, () => r()));
  return { port: (srv.address() as { port: number }).port, connections: () => open, close: () => new Promise<void>((r) => { srv.close(() => r()); }) };
}

async function main(): Promise<void> {
  const loadAtStart = round(loadavg()[0]!);
  const connections = Number(args.connections);
  const idle = Number(args.idle);
  const base = Number(args['base-id']);
  const log = (s: string) => process.stderr.write(`[bench:ofd] ${s}\n`);
  const want = (phase: string): boolean => !args.only || args.only.includes(phase);
  const report: Record<string, unknown> = {};

  // 1. injected latency accuracy in wall time (first, on a small heap: a major GC of the later
  //    phases' garbage would show up as lateness)
  if (want('latency')) Object.assign(report, await latencyPhase(log));

  // 2. throughput
  if (want('throughput')) {
    const regs = Array.from({ length: connections }, (_, i) => regFor(i, base));
    const mock = await startOfdMock({ provision: regs, ledgerLimit: 0, seed: 1 });
    log(`throughput: ${connections} registers, closed loop, ${args.seconds} s after 1 s warm-up`);
    const r = await closedLoad(mock.ports[0]!, () => mock.connectionCount(), log);
    const heard = mock.registers().filter((x) => x.requests > 0).length;
    log(`server heard from ${heard} registers`);
    await mock.close();
    Object.assign(report, {
      ticketsPerSecond: Math.round(r.ticketsPerSecond),
      connections,
      p50Ms: round(r.tp.p50!),
      p99Ms: round(r.tp.p99!),
      serverCpuUsPerTicket: round(r.cpuUsPerTicket),
      serverCpuUserUsPerTicket: round(r.userUsPerTicket),
      serverCpuSystemUsPerTicket: round(r.systemUsPerTicket),
      serverCpuCores: round(r.cores),
      serverGcShare: round(r.gcShare),
      nonOkAnswers: r.tp.errors,
      meanRttMs: round(r.tp.mean!),
      loadGeneratorCpu: round(r.tp.clientCpu!),
    });
  }

  // 2a. the same load against a bare node:net server that answers every frame with one fixed,
  //     pre-encoded ticket answer of the usual size: what one Node process on this machine can do
  //     at all (sockets, event loop, kernel), i.e. the ceiling the operator's work sits under
  if (want('floor')) {
    const srv = await bareServer();
    log(`floor: the same ${connections} closed-loop registers against a bare server (fixed answer, no protocol, no operator)`);
    const r = await closedLoad(srv.port, srv.connections, log);
    await srv.close();
    report.floor = {
      ticketsPerSecond: Math.round(r.ticketsPerSecond), p50Ms: round(r.tp.p50!), p99Ms: round(r.tp.p99!),
      serverCpuUsPerTicket: round(r.cpuUsPerTicket), serverCpuUserUsPerTicket: round(r.userUsPerTicket), serverCpuSystemUsPerTicket: round(r.systemUsPerTicket),
      serverCpuCores: round(r.cores), loadGeneratorCpu: round(r.tp.clientCpu!),
    };
  }

  // 2b. one request per connection (how registers usually talk)
  if (want('oneshot')) {
    const oneshotConns = Math.min(connections, 200);
    const regs = Array.from({ length: oneshotConns }, (_, i) => regFor(i, base));
    const mock1 = await startOfdMock({ provision: regs, ledgerLimit: 0, seed: 1 });
    const os = await runChild(['--child', 'oneshot', '--port', String(mock1.ports[0]), '--connections', String(oneshotConns), '--seconds', String(args.seconds), '--base-id', String(base)]);
    const perConnectionTicketsPerSecond = os.done! / os.elapsed!;
    log(`one request per connection, ${oneshotConns} concurrent registers: ${Math.round(perConnectionTicketsPerSecond)} tickets/s, p50 ${os.p50!.toFixed(2)} ms, p99 ${os.p99!.toFixed(2)} ms, ${os.errors} failures`);
    await mock1.close();
    report.perConnection = { concurrentRegisters: oneshotConns, ticketsPerSecond: Math.round(perConnectionTicketsPerSecond), p50Ms: round(os.p50!), p99Ms: round(os.p99!), failures: os.errors };
  }

  // 3. idle connections
  if (want('idle')) {
    const idleMock = await startOfdMock({ provision: [SAMPLE_REGISTRATION], ledgerLimit: 0 });
    global.gc?.();
    const rss0 = rssMiB();
    let idleRssMiB = NaN, held = 0;
    await runChild(['--child', 'idle', '--port', String(idleMock.ports[0]), '--idle', String(idle)], (line, stdin) => {
      const r = JSON.parse(line) as { opened?: number };
      if (r.opened !== undefined) {
        const check = (): void => {
          if (idleMock.connectionCount() < r.opened!) { systemClock.setTimeout(check, 20); return; }
          global.gc?.();
          held = idleMock.connectionCount();
          idleRssMiB = rssMiB();
          stdin.write('done\n');
        };
        check();
      }
    }).catch(() => ({}));
    log(`idle: ${held} connections held, server RSS ${idleRssMiB.toFixed(0)} MiB (${rss0.toFixed(0)} MiB before)`);
    await idleMock.close();
    Object.assign(report, { idleConnections: held, idleRssMiB: Math.round(idleRssMiB) });
  }

  Object.assign(report, {
    seconds: Number(args.seconds),
    targets: { ticketsPerSecond: 20000, connections: 1000, idleConnections: 10000, idleRssMiB: 1024, latencyErrorP99Ms: 2 },
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAvgAtStart: loadAtStart, loadAvgAtEnd: round(loadavg()[0]!) },
    notes: 'full strict validation and token rotation on every ticket; ledger off (ledgerLimit 0); load generator in a child process; serverCpuUsPerTicket = server process CPU (user+system) in the measuring window / tickets answered in it',
    ...(args.only ? { phases: args.only } : {}),
  });
  // the headline keys first, in the order the issue names them
  const first = ['ticketsPerSecond', 'connections', 'p50Ms', 'p99Ms', 'serverCpuUsPerTicket', 'idleConnections', 'idleRssMiB', 'latencyErrorP99Ms'];
  const ordered = Object.fromEntries([...first.filter((k) => k in report).map((k) => [k, report[k]]), ...Object.entries(report).filter(([k]) => !first.includes(k))]);
  const out = args.out ?? (args.only ? undefined : join(ROOT, 'reports', 'bench', 'ofd.json'));
  if (out) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(ordered, null, 2) + '\n');
  }
  process.stdout.write(JSON.stringify(ordered, null, 2) + '\n');
}

const round = (x: number) => Math.round(x * 100) / 100;
function sleep(ms: number): Promise<void> { return new Promise((r) => { systemClock.setTimeout(r, ms); }); }

if (args.child) await child(args.child);
else await main();
