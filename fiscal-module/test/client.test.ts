import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { openInProcessModule, receiptSignedData, verifyChain, verifyModuleSignature, autonomousSignedData, FiscalModuleError } from '../index.js';

const te = new TextEncoder();

test('personalize once, append, read back, signed receipt verifies with WebCrypto', async () => {
  const m = await openInProcessModule();
  const c = m.client;
  const p = await c.personalize('FM-0001');
  assert.is(p.moduleId, 'FM-0001');
  const again = await c.personalize('FM-0002').catch((e: FiscalModuleError) => e);
  assert.instance(again, FiscalModuleError);
  assert.is((again as FiscalModuleError).sw, 0x6985);
  const r = await c.append('receipt', te.encode('{"sum":100}'));
  assert.is(r.index, 1);
  assert.ok(await verifyModuleSignature(p.publicKey, receiptSignedData(r.index, r.hash), r.signature));
  const rec = await c.read(1);
  assert.equal(rec.payload, te.encode('{"sum":100}'));
  assert.is(rec.kind, 'receipt');
  assert.equal(rec.hash, r.hash);
  assert.equal((await c.chainHead()).hash, r.hash);
  assert.ok((await verifyChain(c)).ok);
  await m.close();
});

test('req 1: PIN of at least four digits, retry counter and lock', async () => {
  const m = await openInProcessModule();
  const c = m.client;
  await c.personalize('FM-PIN');
  const short = await c.setPin('registration', '123').catch((e: FiscalModuleError) => e);
  assert.is((short as FiscalModuleError).code, 'FM_WRONG_DATA');
  await c.setPin('registration', '1234');
  await c.setPin('close_shift', '5678');
  const denied = await c.append('receipt', te.encode('x')).catch((e: FiscalModuleError) => e);
  assert.is((denied as FiscalModuleError).code, 'FM_SECURITY');
  assert.is((await c.info()).recordCount, 0);
  assert.equal(await c.verifyPin('registration', '0000'), { ok: false, triesLeft: 2 });
  assert.equal(await c.verifyPin('registration', '1234'), { ok: true, triesLeft: 3 });
  await c.append('receipt', te.encode('x'));
  const noClose = await c.closeShift().catch((e: FiscalModuleError) => e);
  assert.is((noClose as FiscalModuleError).sw, 0x6982);
  // setPin is factory-only: after the first record it is refused
  const late = await c.setPin('programming', '9999').catch((e: FiscalModuleError) => e);
  assert.is((late as FiscalModuleError).sw, 0x6985);
  // a new SELECT forgets verification
  await c.select();
  assert.is((await c.append('receipt', te.encode('y')).catch((e: FiscalModuleError) => e) as FiscalModuleError).sw, 0x6982);
  // change PIN
  await c.changePin('registration', '1234', '4321');
  assert.ok((await c.verifyPin('registration', '4321')).ok);
  // three wrong → blocked
  assert.equal(await c.verifyPin('close_shift', '1111'), { ok: false, triesLeft: 2 });
  assert.equal(await c.verifyPin('close_shift', '1111'), { ok: false, triesLeft: 1 });
  assert.equal(await c.verifyPin('close_shift', '1111'), { ok: false, triesLeft: 0 });
  const blocked = await c.verifyPin('close_shift', '5678').catch((e: FiscalModuleError) => e);
  assert.is((blocked as FiscalModuleError).code, 'FM_PIN_BLOCKED');
  assert.is((await c.info()).pins.close_shift.triesLeft, 0);
  await m.close();
});

test('req 13 and 2.3: close shift gives Z and total checksums, self-test passes, tamper is detected', async () => {
  const m = await openInProcessModule();
  const c = m.client;
  await c.personalize('FM-Z');
  for (let i = 0; i < 5; i++) await c.append('receipt', te.encode(`r${i}`));
  const z1 = await c.closeShift(te.encode('Z1'));
  assert.is(z1.shiftNumber, 1);
  assert.equal(z1.zChecksum, z1.totalChecksum);
  assert.is((await c.info()).shiftNumber, 2);
  for (let i = 0; i < 3; i++) await c.append('cash_in', te.encode(`c${i}`));
  const z2 = await c.closeShift();
  assert.is(z2.shiftNumber, 2);
  assert.not.equal(z2.totalChecksum, z2.zChecksum);
  const info = await c.info();
  assert.equal(info.totalChecksum, z2.totalChecksum);
  assert.equal(info.lastZChecksum, z2.zChecksum);
  assert.is(info.lastZIndex, z2.index);
  const st = await c.selfTest();
  assert.ok(st.ok, JSON.stringify(st));
  assert.equal(st.checks.map((x) => x.name), ['counters', 'chain', 'last_shift_vs_z', 'total_vs_z_sum', 'key_pair']);
  const { tamperImage } = await import('../index.js');
  tamperImage(m, 7, (p) => { p[0] = 0x5a; });
  const bad = await c.selfTest();
  assert.not.ok(bad.ok);
  assert.not.ok(bad.checks.find((x) => x.name === 'last_shift_vs_z')!.ok);
  assert.not.ok((await verifyChain(c)).ok);
  await m.close();
});

test('req 29.3: autonomous signs are unique, monotonic and verifiable', async () => {
  const m = await openInProcessModule();
  const c = m.client;
  const { publicKey, moduleId } = await c.personalize('FM-AFS');
  const seen = new Set<string>();
  const h = new Uint8Array(32).fill(7);
  for (let i = 1; i <= 50; i++) {
    const s = await c.autonomousSign(h);
    assert.is(s.counter, i);
    assert.ok(!seen.has(s.sign));
    seen.add(s.sign);
    assert.match(s.sign, /^[0-9]{16}$/);
    assert.ok(await verifyModuleSignature(publicKey, autonomousSignedData(s.counter, h, moduleId), s.signature));
  }
  assert.is((await c.info()).lifetimeCounter, 50);
  await m.close();
});

test('unsent list and transmitted watermark', async () => {
  const m = await openInProcessModule();
  const c = m.client;
  await c.personalize('FM-Q');
  for (let i = 0; i < 4; i++) await c.append('receipt', te.encode(`${i}`));
  assert.equal(await c.unsent(), [1, 2, 3, 4]);
  assert.is(await c.markTransmitted(2), 2);
  assert.equal(await c.unsent(), [3, 4]);
  assert.is(await c.markTransmitted(1), 2, 'never goes back');
  assert.ok((await c.read(2)).transmitted);
  assert.not.ok((await c.read(3)).transmitted);
  const info = await c.info();
  assert.is(info.unsentCount, 2);
  assert.is(info.firstUnsent, 3);
  assert.is((await c.markTransmitted(9).catch((e: FiscalModuleError) => e) as FiscalModuleError).code, 'FM_RECORD_NOT_FOUND');
  await m.close();
});

test('lock is permanent: writes refused, reads work', async () => {
  const m = await openInProcessModule();
  const c = m.client;
  await c.personalize('FM-L');
  await c.append('receipt', te.encode('a'));
  await c.lock('integrity test failed');
  const info = await c.info();
  assert.is(info.state, 'locked');
  assert.is(info.lockReason, 'integrity test failed');
  assert.is((await c.append('receipt', te.encode('b')).catch((e: FiscalModuleError) => e) as FiscalModuleError).code, 'FM_CONDITIONS');
  assert.is((await c.autonomousSign(new Uint8Array(32)).catch((e: FiscalModuleError) => e) as FiscalModuleError).code, 'FM_CONDITIONS');
  assert.is((await c.read(1)).index, 1);
  await m.close();
});

test('big payloads: extended APDUs and command chaining + GET RESPONSE give the same record', async () => {
  const { FiscalModuleClient } = await import('../index.js');
  const m = await openInProcessModule();
  await m.client.personalize('FM-BIG');
  const big = new Uint8Array(20000).map((_, i) => i & 0xff);
  await m.client.append('receipt', big);
  const short = new FiscalModuleClient(m.transport, { extended: false });
  await short.append('receipt', big);
  const a = await m.client.read(1);
  const b = await short.read(2);
  assert.equal(a.payload, big);
  assert.equal(b.payload, big);
  const over = await m.client.append('receipt', new Uint8Array(40000)).catch((e: FiscalModuleError) => e);
  assert.is((over as FiscalModuleError).code, 'FM_WRONG_LENGTH');
  await m.close();
});

test('concurrent callers: chained commands are never interleaved', async () => {
  const { FiscalModuleClient } = await import('../index.js');
  const m = await openInProcessModule();
  await m.client.personalize('FM-CONC');
  const short = new FiscalModuleClient(m.transport, { extended: false });
  const big = (n: number): Uint8Array => new Uint8Array(3000).fill(n);
  const receipts = await Promise.all(Array.from({ length: 10 }, (_, i) => short.append('receipt', big(i))));
  assert.equal(receipts.map((r) => r.index).sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const reads = await Promise.all(receipts.map((r) => short.read(r.index)));
  reads.forEach((rec, i) => assert.equal(rec.payload, big(i)));
  await m.close();
});

test('req 43.4: a signed receipt or autonomous sign does not verify once altered', async () => {
  const m = await openInProcessModule();
  const { publicKey, moduleId } = await m.client.personalize('FM-434');
  const h = new Uint8Array(32).fill(3);
  const s = await m.client.autonomousSign(h);
  assert.ok(await verifyModuleSignature(publicKey, autonomousSignedData(s.counter, h, moduleId), s.signature));
  assert.not.ok(await verifyModuleSignature(publicKey, autonomousSignedData(s.counter + 1, h, moduleId), s.signature));
  const r = await m.client.append('receipt', te.encode('x'));
  const forged = new Uint8Array(r.hash); forged[0] ^= 1;
  assert.not.ok(await verifyModuleSignature(publicKey, receiptSignedData(r.index, forged), r.signature));
  await m.close();
});

test('real-card status words: 6Cxx (wrong Le, T=0) is retried with the given Le', async () => {
  const { FiscalModuleClient } = await import('../index.js');
  const m = await openInProcessModule();
  await m.client.personalize('FM-T0');
  let first = true;
  const t0 = {
    async transmit(apdu: Uint8Array): Promise<Uint8Array> {
      const r = await m.transport.transmit(apdu);
      if (first && apdu[1] === 0xb4) { first = false; return Uint8Array.of(0x6c, r.length - 2); }
      return r;
    },
    async close() {},
  };
  const c = new FiscalModuleClient(t0);
  const head = await c.chainHead();
  assert.is(head.index, 0);
  assert.not.ok(first);
  await m.close();
});

test('file image survives a restart', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'fm-'));
  const imagePath = join(dir, 'fm.img');
  const m = await openInProcessModule({ imagePath });
  const { publicKey } = await m.client.personalize('FM-FILE');
  for (let i = 0; i < 10; i++) await m.client.append('receipt', te.encode(`${i}`));
  await m.client.closeShift();
  await m.client.autonomousSign(new Uint8Array(32));
  await m.close();
  const m2 = await openInProcessModule({ imagePath });
  const info = await m2.client.info();
  assert.is(info.recordCount, 11);
  assert.is(info.lifetimeCounter, 1);
  assert.equal(info.publicKey, publicKey);
  assert.ok((await m2.client.selfTest()).ok);
  assert.is((await m2.client.autonomousSign(new Uint8Array(32))).counter, 2);
  await m2.close();
  rmSync(dir, { recursive: true, force: true });
});

test.run();
