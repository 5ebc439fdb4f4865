// npm run bench:card — APDUs per second in-process (READ RECORD, signed APPEND) and the round
// trip through pcscd + vpcd (p50/p99). Writes reports/bench/card.json.
//
//   npm run bench:card -- [--seconds 2] [--samples 2000] [--no-pcsc]
//
// In-process figures are APDUs through the InProcessTransport (build the command APDU, the
// applet's dispatch, the response APDU), i.e. what the emulator pays per command; "client" figures
// add the typed client (TLV parsing, objects). The signed append is measured on a memory image
// (the emulator's virtual-time default) and on a file image with and without fsync.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpus, loadavg, tmpdir } from 'node:os';
import { buildCommandApdu } from '../src/apdu.js';
import { INS } from '../src/applet.js';
import { FiscalModuleClient } from '../src/client.js';
import { openInProcessModule } from '../src/in-process.js';
import { connectPcsc } from '../src/pcsc.js';
import { startPcscd } from '../src/pcscd.js';
import { startVirtualCard } from '../src/vpcd.js';
import { u32 } from '../src/tlv.js';
import type { ApduTransport } from '../src/transport.js';
import { scratchDir } from '../test/helpers.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '2' },
    samples: { type: 'string', default: '2000' },
    'no-pcsc': { type: 'boolean', default: false },
    out: { type: 'string', default: join(ROOT, 'reports', 'bench', 'card.json') },
    help: { type: 'boolean' },
  },
});
if (args.help) {
  process.stdout.write('usage: npm run bench:card -- [--seconds S] [--samples N] [--no-pcsc] [--out FILE]\n');
  process.exit(0);
}
const SECONDS = Number(args.seconds);
const SAMPLES = Number(args.samples);
const te = new TextEncoder();
const log = (s: string): void => { process.stderr.write(`bench:card: ${s}\n`); };

/** CPU-normalised rates (operations per CPU-second of this process), keyed like the wall rates. */
const perCpu: Record<string, number> = {};

/**
 * Runs `op` in a closed loop for SECONDS; returns operations per wall-clock second and records
 * operations per CPU-second in `perCpu[key]` (the machine is shared: under load the wall rate
 * shows the share of a core we got, the CPU rate what one core does).
 */
async function rate(key: string, name: string, op: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await op(i); // warm-up
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let n = 0;
  const until = t0 + SECONDS * 1000;
  while (performance.now() < until) {
    for (let k = 0; k < 100; k++) await op(n++);
  }
  const wall = Math.round(n / ((performance.now() - t0) / 1000));
  const c = process.cpuUsage(c0);
  perCpu[key] = Math.round(n / ((c.user + c.system) / 1e6));
  log(`${name}: ${wall.toLocaleString('en')} /s wall, ${perCpu[key]!.toLocaleString('en')} /s per CPU-second`);
  return wall;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

async function transportRate(key: string, name: string, t: ApduTransport, apdu: (i: number) => Uint8Array): Promise<number> {
  return rate(key, name, async (i) => {
    const r = await t.transmit(apdu(i));
    if (r[r.length - 2] !== 0x90) throw new Error(`${name}: SW ${r[r.length - 2]?.toString(16)}${r[r.length - 1]?.toString(16)}`);
  });
}

const dir = scratchDir('fm-bench-');
const payload = te.encode(JSON.stringify({ kind: 'sale', items: [{ name: 'Хлеб', qty: 1, priceTiyn: 25000 }], totalTiyn: 25000, payment: 'cash', at: '2026-01-01T10:00:00+05:00' }));
const result: Record<string, unknown> = { schema: 'kkm-bench/card@1', node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, seconds: SECONDS, payloadBytes: payload.length };

// ---- in-process -------------------------------------------------------------------------------
{
  const m = await openInProcessModule();
  await m.client.personalize('FM-BENCH');
  for (let i = 0; i < 1000; i++) await m.client.append('receipt', payload);
  const readApdu = (i: number): Uint8Array => buildCommandApdu(0x80, INS.READ_RECORD, 0, 0, u32((i % 1000) + 1), 256);
  result.readApdusPerSecond = await transportRate('readApdusPerSecond', 'READ RECORD APDUs in-process', m.transport, readApdu);
  result.appendApdusPerSecond = await transportRate('appendApdusPerSecond', 'signed APPEND APDUs in-process (memory image)', m.transport, () => buildCommandApdu(0x80, INS.APPEND, 1, 0, payload, 256));
  result.clientReadsPerSecond = await rate('clientReadsPerSecond', 'client.read() in-process', (i) => m.client.read((i % 1000) + 1));
  result.clientAppendsPerSecond = await rate('clientAppendsPerSecond', 'client.append() in-process (memory image)', () => m.client.append('receipt', payload));
  await m.close();
}
for (const sync of [false, true]) {
  const imagePath = join(dir, `bench-${sync}.img`);
  const m = await openInProcessModule({ imagePath, sync });
  await m.client.personalize('FM-BENCH-FILE');
  const key = sync ? 'appendApdusPerSecondFileFsync' : 'appendApdusPerSecondFile';
  result[key] = await transportRate(key, `signed APPEND APDUs in-process (file image${sync ? ', fsync' : ', no fsync'}, ${dir.startsWith('/dev/shm') ? 'tmpfs' : 'disk'})`, m.transport, () => buildCommandApdu(0x80, INS.APPEND, 1, 0, payload, 256));
  await m.close();
}
result.fileImageOn = dir.startsWith('/dev/shm') ? 'tmpfs' : 'disk';
{
  // the same on the real disk with fsync (two fsyncs per commit: journal, image)
  const diskDir = mkdtempSync(join(tmpdir(), 'fm-bench-disk-'));
  const m = await openInProcessModule({ imagePath: join(diskDir, 'disk.img'), sync: true });
  await m.client.personalize('FM-BENCH-DISK');
  const ap = buildCommandApdu(0x80, INS.APPEND, 1, 0, payload, 256);
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < 1000) { await m.transport.transmit(ap); n++; }
  result.appendApdusPerSecondDiskFsync = Math.round(n / ((performance.now() - t0) / 1000));
  log(`signed APPEND APDUs in-process (file image on disk, fsync): ${result.appendApdusPerSecondDiskFsync} /s`);
  await m.close();
  rmSync(diskDir, { recursive: true, force: true });
}

// ---- through pcscd + vpcd ---------------------------------------------------------------------
if (!args['no-pcsc']) {
  try {
    const pcscd = await startPcscd({ log });
    const card = await startVirtualCard({ vpcd: { port: pcscd.vpcdPort }, imagePath: join(dir, 'pcsc.img') });
    try {
      let t = await connectPcsc({ readerName: pcscd.readerName });
      let c = new FiscalModuleClient(t);
      for (let i = 0; ; i++) {
        try { await c.select(); break; } catch (e) { if (i > 30) throw e; await t.close(); await new Promise((r) => setImmediate(r)); t = await connectPcsc({ readerName: pcscd.readerName }); c = new FiscalModuleClient(t); }
      }
      await c.personalize('FM-BENCH-PCSC');
      await c.append('receipt', payload);
      const apdu = buildCommandApdu(0x80, INS.READ_RECORD, 0, 0, u32(1), 256);
      for (let i = 0; i < 100; i++) await t.transmit(apdu);
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const a = performance.now();
        await t.transmit(apdu);
        times.push(performance.now() - a);
      }
      times.sort((x, y) => x - y);
      result.pcscP50Ms = Number(percentile(times, 0.5).toFixed(4));
      result.pcscP99Ms = Number(percentile(times, 0.99).toFixed(4));
      result.pcscSamples = SAMPLES;
      result.pcscdOwned = pcscd.owned;
      result.pcscCardApdus = card.apduCount;
      log(`READ RECORD round trip through pcscd + vpcd: p50 ${result.pcscP50Ms} ms, p99 ${result.pcscP99Ms} ms (${SAMPLES} samples)`);
      const ta = performance.now();
      for (let i = 0; i < 200; i++) await c.append('receipt', payload);
      result.pcscAppendsPerSecond = Math.round(200 / ((performance.now() - ta) / 1000));
      log(`client.append() through pcscd + vpcd: ${result.pcscAppendsPerSecond} /s`);
      await t.close();
    } finally {
      await card.close();
      await pcscd.stop();
    }
  } catch (e) {
    result.pcscP50Ms = null;
    result.pcscError = (e as Error).message;
    log(`pcsc part skipped: ${(e as Error).message}`);
  }
} else {
  result.pcscP50Ms = null;
  result.pcscError = 'skipped (--no-pcsc)';
}

rmSync(dir, { recursive: true, force: true });
result.perCpuSecond = perCpu;
result.loadAverage1m = Number(loadavg()[0]!.toFixed(2));
result.targets = { readApdusPerSecond: 50_000, appendApdusPerSecond: 5_000, pcscP50Ms: 1 };
mkdirSync(dirname(args.out!), { recursive: true });
writeFileSync(args.out!, JSON.stringify(result, null, 2) + '\n');
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
