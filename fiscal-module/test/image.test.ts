import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { copyFileSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { scratchDir } from './helpers.js';
import { join } from 'node:path';
import { FiscalApplet } from '../src/applet.js';
import { buildJournal, decodeMeta, encodeMeta, blankMeta, FileStore, parseJournal, PowerCut } from '../src/image.js';
import { FiscalModuleClient } from '../src/client.js';
import { InProcessTransport } from '../src/transport.js';
import { tamperImage } from '../src/tamper.js';
import { bytesEqual } from '../src/tlv.js';
import type { Clock } from '../src/clock.js';

const dir = scratchDir('fm-image-');
const fixedClock: Clock = { now: () => 1_767_225_600_000, setTimeout: () => 0, clearTimeout: () => {} };
const te = new TextEncoder();

function open(path: string, powerCutAfterBytes?: number): { applet: FiscalApplet; client: FiscalModuleClient } {
  const applet = new FiscalApplet({ store: new FileStore(path, { sync: false, ...(powerCutAfterBytes !== undefined ? { powerCutAfterBytes } : {}) }), clock: fixedClock });
  return { applet, client: new FiscalModuleClient(new InProcessTransport(applet)) };
}

function state(path: string): string {
  const { applet } = open(path);
  try {
    const s = applet.snapshot();
    if (!applet.selfTest({ keyPair: false }).every((c) => c.ok)) return 'SELF-TEST FAILED';
    return Buffer.from(encodeMeta(s.meta)).toString('hex') + ':' + s.recordCount;
  } finally { applet.close(); }
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('meta round-trips and a flipped byte is detected', () => {
  const m = blankMeta();
  m.moduleId = 'X'; m.recordCount = 7; m.lifetimeCounter = 5n;
  const enc = encodeMeta(m);
  assert.equal(decodeMeta(enc), m);
  const bad = new Uint8Array(enc); bad[10] ^= 1;
  assert.throws(() => decodeMeta(bad), (e: Error & { code?: string }) => e.code === 'FM_IMAGE_CORRUPT');
});

test('a journal is accepted only when complete (every torn prefix is rejected)', () => {
  const j = buildJournal([{ offset: 16, bytes: te.encode('hello') }, { offset: 9000, bytes: new Uint8Array(40).fill(3) }]);
  const w = parseJournal(j);
  assert.is(w?.length, 2);
  for (let k = 0; k < j.length; k++) assert.is(parseJournal(j.subarray(0, k)), null, `prefix ${k}`);
  const flipped = new Uint8Array(j); flipped[20] ^= 0x40;
  assert.is(parseJournal(flipped), null);
});

async function powerCutSweep(name: string, prepare: (c: FiscalModuleClient) => Promise<void>, op: (c: FiscalModuleClient) => Promise<unknown>, stride: number): Promise<{ old: number; neu: number }> {
  const template = join(dir, `${name}.tpl`);
  { const { applet, client } = open(template); await client.select(); await prepare(client); applet.close(); }
  const oldState = state(template);
  const full = join(dir, `${name}.full`);
  copyFileSync(template, full); copyFileSync(`${template}.journal`, `${full}.journal`);
  { const { applet, client } = open(full); await client.select(); await op(client); applet.close(); }
  const newState = state(full);
  assert.is.not(oldState, newState);
  let old = 0; let neu = 0;
  for (let k = 0; ; k += stride) {
    const p = join(dir, `${name}.cut`);
    copyFileSync(template, p); copyFileSync(`${template}.journal`, `${p}.journal`);
    const { applet, client } = open(p, k);
    await client.select();
    let cut = false;
    try { await op(client); } catch { cut = true; }
    // the applet answers 6F00 when the power cut fires inside a command
    const store = (applet as unknown as { store: FileStore }).store;
    const fired = (store as unknown as { closed: boolean }).closed;
    applet.close();
    const s = state(p);
    assert.ok(s === oldState || s === newState, `cut after ${k} bytes left a torn state`);
    if (s === oldState) old++; else neu++;
    if (!fired && !cut) break; // the budget outlived the commit: the sweep is complete
  }
  return { old, neu };
}

test('req 28: a power cut at any byte of an append leaves the old or the new state', async () => {
  const r = await powerCutSweep('append', async (c) => { await c.personalize('FM-CUT'); await c.append('receipt', te.encode('first')); },
    (c) => c.append('receipt', te.encode('second record payload')), 1);
  assert.ok(r.old > 100 && r.neu > 50, JSON.stringify(r));
});

test('a power cut during close shift, autonomous sign and set PIN leaves the old or the new state', async () => {
  const prep = async (c: FiscalModuleClient) => { await c.personalize('FM-CUT2'); for (let i = 0; i < 3; i++) await c.append('receipt', te.encode(`r${i}`)); };
  const a = await powerCutSweep('z', prep, (c) => c.closeShift(te.encode('Z')), 3);
  assert.ok(a.old > 0 && a.neu > 0);
  const b = await powerCutSweep('afs', prep, (c) => c.autonomousSign(new Uint8Array(32)), 3);
  assert.ok(b.old > 0 && b.neu > 0);
  const d = await powerCutSweep('pin', async (c) => { await c.personalize('FM-CUT3'); }, (c) => c.setPin('close_shift', '1234'), 3);
  assert.ok(d.old > 0 && d.neu > 0);
});

test('opening a damaged image fails with FM_IMAGE_CORRUPT', () => {
  const p = join(dir, 'bad.img');
  writeFileSync(p, new Uint8Array(9000));
  assert.throws(() => open(p), (e: Error & { code?: string }) => e.code === 'FM_IMAGE_CORRUPT');
  writeFileSync(p, new Uint8Array(10));
  assert.throws(() => open(p), (e: Error & { code?: string }) => e.code === 'FM_IMAGE_CORRUPT');
});

test('req 43.2: tamperImage on a closed image file is caught by the self-test after restart', async () => {
  const p = join(dir, 'tamper.img');
  { const { applet, client } = open(p); await client.select(); await client.personalize('FM-T'); for (let i = 0; i < 4; i++) await client.append('receipt', te.encode(`sum=${i}00`)); await client.closeShift(); applet.close(); }
  assert.ok(existsSync(p));
  const before = readFileSync(p);
  tamperImage(p, 2, (payload) => te.encode(new TextDecoder().decode(payload).replace('100', '999')));
  assert.not.ok(bytesEqual(before, readFileSync(p)));
  const { applet, client } = open(p);
  await client.select();
  const st = await client.selfTest();
  assert.not.ok(st.ok);
  assert.match(st.checks.find((c) => c.name === 'chain')!.detail ?? '', /record 2/);
  applet.close();
});

test('one module per image: a second open fails with FM_IMAGE_LOCKED; a dead owner\'s lock is taken over', async () => {
  const p = join(dir, 'locked.img');
  const a = open(p);
  assert.throws(() => open(p), (e: Error & { code?: string }) => e.code === 'FM_IMAGE_LOCKED');
  a.applet.close();
  const b = open(p);
  b.applet.close();
  assert.not.ok(existsSync(`${p}.lock`), 'lock released on close');
  writeFileSync(`${p}.lock`, `${process.ppid}\n`); // a live process that is not us
  assert.throws(() => open(p), (e: Error & { code?: string }) => e.code === 'FM_IMAGE_LOCKED' && /process \d+/.test(e.message));
  writeFileSync(`${p}.lock`, '999999999\n'); // a dead one
  const c = open(p);
  c.applet.close();
});

test('PowerCut is exported for tests only through src', () => {
  assert.ok(new PowerCut('x') instanceof Error);
});

test.run();
