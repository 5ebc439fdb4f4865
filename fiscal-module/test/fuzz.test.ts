// Every malformed APDU gets a status word and changes nothing; the chain verifies afterwards.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { FiscalApplet, INS } from '../src/applet.js';
import { buildCommandApdu, splitResponse } from '../src/apdu.js';
import { encodeMeta, MemoryStore } from '../src/image.js';
import { FiscalModuleClient } from '../src/client.js';
import { InProcessTransport } from '../src/transport.js';
import { SW } from '../src/status-words.js';

const te = new TextEncoder();
const KNOWN_SW = new Set<number>([SW.OK, SW.WRONG_LENGTH, SW.LAST_COMMAND_EXPECTED, SW.SECURITY_NOT_SATISFIED, SW.PIN_BLOCKED, SW.CONDITIONS_NOT_SATISFIED,
  SW.COMMAND_NOT_ALLOWED, SW.WRONG_DATA, SW.FILE_NOT_FOUND, SW.RECORD_NOT_FOUND, SW.NOT_ENOUGH_MEMORY, SW.INCORRECT_P1P2, SW.REF_DATA_NOT_FOUND,
  SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED]);

async function setup(): Promise<{ applet: FiscalApplet; client: FiscalModuleClient }> {
  const applet = new FiscalApplet({ store: new MemoryStore(), maxPayload: 4096 });
  const client = new FiscalModuleClient(new InProcessTransport(applet));
  await client.select();
  await client.personalize('FM-FUZZ');
  await client.setPin('close_shift', '2468');
  for (let i = 0; i < 5; i++) await client.append('receipt', te.encode(`receipt ${i}`));
  await client.verifyPin('close_shift', '2468');
  await client.closeShift();
  await client.append('cash_in', te.encode('cash'));
  return { applet, client };
}

function fingerprint(a: FiscalApplet): string {
  const s = a.snapshot();
  const m = { ...s.meta, pins: s.meta.pins.map((p) => ({ ...p, tries: 0 })) };
  return Buffer.from(encodeMeta(m)).toString('hex') + ':' + s.recordCount;
}

function pinTries(a: FiscalApplet): string {
  return a.snapshot().meta.pins.map((p) => p.tries).join(',');
}

function swOf(r: Uint8Array): number {
  return splitResponse(r).sw;
}

/** Structured but broken APDUs: known and unknown CLA/INS, bad P1/P2, Lc that lies, oversize data. */
const malformed = fc.oneof(
  // raw random bytes
  fc.uint8Array({ minLength: 0, maxLength: 300 }),
  // header + a length byte that does not match the data
  fc.record({
    cla: fc.constantFrom(0x00, 0x80, 0x10, 0x90, 0x84, 0xff, 0xa0),
    ins: fc.oneof(fc.constantFrom(...Object.values(INS).filter((i) => i !== INS.LOCK)), fc.integer({ min: 0, max: 255 })),
    p1: fc.integer({ min: 0, max: 255 }), p2: fc.integer({ min: 0, max: 255 }),
    data: fc.uint8Array({ maxLength: 300 }), lcDelta: fc.integer({ min: -3, max: 3 }).filter((d) => d !== 0),
  }).map(({ cla, ins, p1, p2, data, lcDelta }) => {
    const b = new Uint8Array(5 + data.length);
    b.set([cla, ins, p1, p2, Math.max(1, Math.min(255, data.length + lcDelta)) & 0xff]);
    b.set(data.subarray(0, 255), 5);
    return b.subarray(0, 5 + Math.min(255, data.length));
  }),
  // well-formed APDUs with bad parameters: wrong P1/P2, wrong data sizes, oversize payloads
  fc.record({
    cla: fc.constantFrom(0x00, 0x80),
    ins: fc.constantFrom(...Object.values(INS).filter((i) => i !== INS.LOCK && i !== INS.SELECT)),
    p1: fc.integer({ min: 0, max: 255 }), p2: fc.integer({ min: 0, max: 255 }),
    size: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 4097, max: 20000 })),
    ext: fc.boolean(),
  }).map(({ cla, ins, p1, p2, size, ext }) => buildCommandApdu(cla, ins, p1, p2, new Uint8Array(size).fill(0x3a), 0, ext)),
);

test('malformed APDUs: always a known status word; non-9000 changes nothing; the chain verifies', async () => {
  const { applet, client } = await setup();
  let runs = 0; let ok = 0;
  fc.assert(fc.property(malformed, fc.boolean(), (apdu, reselect) => {
    runs++;
    if (reselect) applet.process(buildCommandApdu(0x00, 0xa4, 0x04, 0x00, Uint8Array.of(0xf0, 0x4b, 0x4b, 0x4d, 0x46, 0x4d, 0x01), 0));
    const before = fingerprint(applet);
    const triesBefore = pinTries(applet);
    const r = applet.process(apdu);
    const sw = swOf(r);
    const known = KNOWN_SW.has(sw) || (sw & 0xfff0) === SW.WRONG_PIN || (sw & 0xff00) === SW.BYTES_REMAINING;
    if (!known) return false;
    if (sw === SW.OK || (sw & 0xff00) === SW.BYTES_REMAINING) { ok++; return true; }
    if (fingerprint(applet) !== before) return false;
    // only a wrong PIN may spend a try
    if ((sw & 0xfff0) !== SW.WRONG_PIN && sw !== SW.PIN_BLOCKED && pinTries(applet) !== triesBefore) return false;
    return true;
  }), { numRuns: 20000, seed: 7 });
  assert.is(runs, 20000);
  const st = applet.selfTest();
  assert.ok(st.every((c) => c.ok), JSON.stringify(st));
  await client.select();
  assert.ok((await client.selfTest()).ok);
  assert.ok(ok < runs / 2, `most fuzz APDUs must be refused (${ok} accepted)`);
});

test('on a file image, a refused APDU leaves the image and its journal byte-for-byte unchanged', async () => {
  const { readFileSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { scratchDir } = await import('./helpers.js');
  const { FileStore } = await import('../src/image.js');
  const dir = scratchDir('fm-fuzz-');
  const path = join(dir, 'f.img');
  const applet = new FiscalApplet({ store: new FileStore(path, { sync: false }), maxPayload: 4096 });
  const client = new FiscalModuleClient(new InProcessTransport(applet));
  await client.select();
  await client.personalize('FM-FUZZ-FILE');
  await client.setPin('registration', '1357');
  for (let i = 0; i < 3; i++) await client.append('note', te.encode(`n${i}`));
  const bytes = (): string => readFileSync(path).toString('hex') + '|' + readFileSync(`${path}.journal`).toString('hex');
  let refused = 0;
  fc.assert(fc.property(malformed, (apdu) => {
    const before = bytes();
    const sw = swOf(applet.process(apdu));
    if (sw === SW.OK || (sw & 0xff00) === SW.BYTES_REMAINING || (sw & 0xfff0) === SW.WRONG_PIN || sw === SW.PIN_BLOCKED) return true;
    refused++;
    return bytes() === before;
  }), { numRuns: 3000, seed: 5 });
  assert.ok(refused > 2000);
  assert.ok(applet.selfTest().every((c) => c.ok));
  applet.close();
  rmSync(dir, { recursive: true, force: true });
});

test('an image at capacity refuses appends with 6A84 and keeps working for reads', async () => {
  const applet = new FiscalApplet({ store: new MemoryStore(), capacityBytes: 8192 + 1000 });
  const client = new FiscalModuleClient(new InProcessTransport(applet));
  await client.select();
  await client.personalize('FM-FULL');
  let full: unknown = null;
  for (let i = 0; i < 20 && !full; i++) await client.append('receipt', new Uint8Array(100)).catch((e) => { full = e; });
  assert.is((full as { sw?: number }).sw, SW.NOT_ENOUGH_MEMORY);
  const n = (await client.info()).recordCount;
  assert.ok(n > 0);
  assert.is((await client.read(n)).index, n);
  assert.ok((await client.selfTest()).ok);
});

test('fully random byte strings (many thousands) never throw and always answer 2 bytes of SW at least', () => {
  const applet = new FiscalApplet({ store: new MemoryStore() });
  fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => {
    const r = applet.process(b);
    return r.length >= 2 && swOf(r) !== SW.UNKNOWN;
  }), { numRuns: 20000, seed: 11 });
});

test('status words of single malformed commands', async () => {
  const { applet } = await setup();
  const sw = (...bytes: number[]): string => swOf(applet.process(Uint8Array.from(bytes))).toString(16);
  assert.is(sw(0x80), '6700', 'too short');
  assert.is(sw(0xa0, 0xca, 0, 0, 0), '6e00', 'unknown CLA');
  assert.is(sw(0x80, 0x02, 0, 0, 0), '6d00', 'unknown INS');
  assert.is(sw(0x00, 0xca, 0, 0, 0), '6d00', 'proprietary INS under ISO CLA');
  assert.is(sw(0x80, 0xca, 1, 0, 0), '6a86', 'bad P1');
  assert.is(sw(0x80, 0xb2, 0, 0, 3, 0, 0, 1), '6700', 'READ needs 4 bytes');
  assert.is(sw(0x80, 0xb2, 0, 0, 4, 0, 0, 0, 99), '6a83', 'no record 99');
  assert.is(sw(0x80, 0xe4, 0, 0, 1, 0x41), '6a86', 'kind 0');
  assert.is(sw(0x80, 0xe4, 5, 0, 1, 0x41), '6a86', 'append z_report directly');
  assert.is(sw(0x80, 0xe0, 0, 0, 2, 0x41, 0x42), '6985', 'personalize twice');
  assert.is(sw(0x80, 0xca, 0, 0, 5, 1, 2), '6700', 'Lc says 5, 2 bytes sent');
  assert.is(sw(0x00, 0xa4, 0x04, 0x00, 5, 1, 2, 3, 4, 5), '6a82', 'unknown AID');
  assert.is(sw(0x80, 0xca, 0, 0, 0), '6986', 'not selected after a failed SELECT');
  assert.is(sw(0x00, 0xa4, 0x04, 0x00, 5, 0xf0, 0x4b, 0x4b, 0x4d, 0x46), '9000', 'select by AID prefix');
  assert.is(sw(0x00, 0xa4, 0x02, 0x00, 0), '6a86', 'SELECT by file id is not supported');
  assert.is(sw(0x00, 0x20, 0, 9, 4, 0x31, 0x32, 0x33, 0x34), '6a86', 'unknown PIN role');
  assert.is(sw(0x00, 0x20, 0, 1, 4, 0x31, 0x32, 0x33, 0x34), '6a88', 'no PIN for registration');
  assert.is(sw(0x00, 0x20, 0, 3, 4, 0x31, 0x32, 0x33, 0x34), '63c2', 'wrong PIN');
  assert.is(sw(0x00, 0x20, 0, 3, 3, 0x31, 0x32, 0x33), '6a80', 'PIN of 3 digits');
  assert.is(sw(0x80, 0xea, 0, 0, 4, 1, 2, 3, 4), '6700', 'autonomous sign needs 32 bytes');
  assert.is(sw(0x00, 0xc0, 0, 0, 0), '6985', 'GET RESPONSE with nothing pending');
  assert.is(sw(0x80, 0xe6, 0, 0, 0), '6982', 'close shift without the close_shift PIN');
  // chaining: a different INS in the middle of a chain
  assert.is(sw(0x90, 0xe4, 1, 0, 1, 0x41), '9000');
  assert.is(sw(0x80, 0xca, 0, 0, 0), '6883', 'last command of the chain expected');
  assert.is(sw(0x90, 0xe4, 1, 0, 1, 0x41), '9000');
  assert.is(sw(0x00, 0xa4, 0x04, 0x00, 7, 0xf0, 0x4b, 0x4b, 0x4d, 0x46, 0x4d, 0x01), '9000', 'SELECT abandons a chain');
  assert.match(sw(0x80, 0xca, 0, 0, 0), /^(9000|61[0-9a-f]{2})$/, 'GET INFO works again (61xx: longer than a short Le)');
});

test('a blank module refuses everything but SELECT, GET INFO and PERSONALIZE', async () => {
  const applet = new FiscalApplet({ store: new MemoryStore() });
  const client = new FiscalModuleClient(new InProcessTransport(applet));
  await client.select();
  assert.is((await client.info()).state, 'blank');
  for (const f of [() => client.append('receipt', te.encode('x')), () => client.closeShift(), () => client.autonomousSign(new Uint8Array(32)), () => client.lock('x'), () => client.markTransmitted(0), () => client.setPin('service', '1234')]) {
    const e = await f().then(() => null, (x: { sw?: number }) => x);
    assert.is(e?.sw, 0x6985);
  }
});

test.run();
