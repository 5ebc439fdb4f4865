// Req 28 / 43.2: SIGKILL the simulator at random points while it appends, hundreds of times;
// the image always opens, the chain and the checksums verify, every acknowledged write is there.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FiscalApplet } from '../src/applet.js';
import { systemClock } from '../src/clock.js';
import { FileStore } from '../src/image.js';
import { kindCode } from '../src/record.js';
import { bytesEqual } from '../src/tlv.js';
import { expectedPayload } from './fixtures/appender.js';
import { scratchDir } from './helpers.js';

const KILLS = Number(process.env.FM_POWER_CUTS ?? 200);
/** on a loaded machine, stop early (but never below MIN_KILLS) to keep the file under a minute */
const BUDGET_MS = 45_000;
const MIN_KILLS = 100;
const WORKERS = 2;
const ROTATE_EVERY = 40; // fresh image every N kills, so verification stays cheap
const dir = scratchDir('fm-powercut-');
const here = fileURLToPath(new URL('.', import.meta.url));

/** A plain-JS bundle of the child starts in ~50 ms instead of ~250 ms through tsx. */
async function childCommand(): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    const out = join(dir, 'appender.mjs');
    esbuild.buildSync({ entryPoints: [join(here, 'fixtures', 'appender.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, logLevel: 'silent' });
    return [out];
  } catch {
    return ['--import', 'tsx', join(here, 'fixtures', 'appender.ts')];
  }
}

interface Acks { appended: number[]; zs: number[]; maxSign: number; maxTransmitted: number }

function runOnce(cmd: string[], image: string, killAfterMs: number): Promise<{ acks: Acks; killed: boolean; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...cmd, image], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: Acks = { appended: [], zs: [], maxSign: 0, maxTransmitted: 0 };
    let buf = ''; let stderr = ''; let timer: unknown = null;
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const [k, v] = buf.slice(0, nl).split(' ');
        buf = buf.slice(nl + 1);
        const n = Number(v);
        if (k === 'ready') timer = systemClock.setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else if (k === 'a') acks.appended.push(n);
        else if (k === 'z') acks.zs.push(n);
        else if (k === 's') acks.maxSign = Math.max(acks.maxSign, n);
        else if (k === 't') acks.maxTransmitted = Math.max(acks.maxTransmitted, n);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer !== null) systemClock.clearTimeout(timer);
      resolve({ acks, killed: signal === 'SIGKILL', stderr: stderr + (code !== null ? ` (exit ${code})` : '') });
    });
  });
}

function verifyImage(image: string, all: Acks): void {
  const applet = new FiscalApplet({ store: new FileStore(image, { sync: false }) });
  try {
    const checks = applet.selfTest({ keyPair: false });
    assert.ok(checks.every((c) => c.ok), JSON.stringify(checks));
    const snap = applet.snapshot();
    const records = (applet as unknown as { records: { index: number; kind: number; payload: Uint8Array }[] }).records;
    for (const i of all.appended) {
      const r = records[i - 1];
      assert.ok(r, `acknowledged record ${i} is missing (count ${snap.recordCount})`);
      assert.is(r.kind, kindCode('receipt'));
      assert.ok(bytesEqual(r.payload, expectedPayload(i)), `record ${i} payload differs`);
    }
    for (const i of all.zs) assert.is(records[i - 1]?.kind, kindCode('z_report'), `Z record ${i}`);
    assert.ok(Number(snap.meta.lifetimeCounter) >= all.maxSign, 'autonomous sign counter went back');
    assert.ok(snap.meta.transmittedUpto >= all.maxTransmitted, 'transmitted watermark went back');
  } finally { applet.close(); }
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test(`req 28: up to ${KILLS} SIGKILLs during appends — image opens, chain verifies, acknowledged writes survive`, async () => {
  const cmd = await childCommand();
  const t0 = performance.now();
  let kills = 0; let totalAcked = 0; let midRun = 0;
  const worker = async (w: number): Promise<void> => {
    let image = '';
    let all: Acks = { appended: [], zs: [], maxSign: 0, maxTransmitted: 0 };
    for (let k = w; k < KILLS; k += WORKERS) {
      if (kills >= MIN_KILLS && performance.now() - t0 > BUDGET_MS) break;
      if (k % ROTATE_EVERY === w) { image = join(dir, `img-${w}-${k}.img`); all = { appended: [], zs: [], maxSign: 0, maxTransmitted: 0 }; }
      const { acks, killed, stderr } = await runOnce(cmd, image, Math.random() * 25);
      assert.ok(killed, `child ended by itself: ${stderr}`);
      kills++;
      if (acks.appended.length + acks.zs.length > 0) midRun++;
      totalAcked += acks.appended.length + acks.zs.length;
      all.appended.push(...acks.appended); all.zs.push(...acks.zs);
      all.maxSign = Math.max(all.maxSign, acks.maxSign); all.maxTransmitted = Math.max(all.maxTransmitted, acks.maxTransmitted);
      verifyImage(image, all);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  assert.ok(kills >= Math.min(KILLS, MIN_KILLS), `only ${kills} kills`);
  assert.ok(midRun > kills / 2, `most kills must land while appending (${midRun}/${kills})`);
  process.stdout.write(`  ${kills} kills in ${Math.round(performance.now() - t0)} ms, ${totalAcked} acknowledged writes checked\n`);
});

test.run();
