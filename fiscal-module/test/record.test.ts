import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { addChecksum, canonicalRecord, genesisHash, kindCode, kindFromCode, printableSign, RECORD_KINDS, recordHash } from '../src/record.js';
import { hex } from '../src/tlv.js';

test('req 9: the canonical encoding and the record hash are fixed (a stable test vector)', () => {
  const prevHash = genesisHash('FM-0001');
  const r = { index: 1, kind: kindCode('receipt'), at: 1_767_225_600_000, shift: 1, prevHash, payload: new TextEncoder().encode('{"sum":100}') };
  const enc = canonicalRecord(r);
  assert.is(enc.length, 10 + 4 + 1 + 8 + 4 + 32 + 4 + 11);
  assert.is(hex(enc.subarray(0, 10)), Buffer.from('KKMFM-REC\x01').toString('hex'));
  assert.is(hex(genesisHash('FM-0001')).length, 64);
  // any change of any field changes the hash
  const h = hex(recordHash(r));
  for (const changed of [{ ...r, index: 2 }, { ...r, kind: 2 }, { ...r, at: r.at + 1 }, { ...r, shift: 2 }, { ...r, payload: new TextEncoder().encode('{"sum":101}') }, { ...r, prevHash: genesisHash('FM-0002') }]) {
    assert.is.not(hex(recordHash(changed)), h);
  }
});

test('kind codes are 1-based and stable', () => {
  assert.is(kindCode('receipt'), 1);
  assert.is(kindCode('z_report'), 5);
  assert.is(kindFromCode(5), 'z_report');
  assert.is(kindFromCode(0), undefined);
  assert.is(kindFromCode(RECORD_KINDS.length + 1), undefined);
});

test('req 29.3: the printable sign carries the life counter and check digits', () => {
  const h = new Uint8Array(32);
  const s1 = printableSign(1, h, 'FM-1');
  assert.match(s1, /^0000000001[0-9]{6}$/);
  assert.is.not(printableSign(1, Uint8Array.from(h).fill(1), 'FM-1'), s1, 'other document, other check digits');
  assert.match(printableSign(12345678901n, h, 'FM-1'), /^12345678901[0-9]{6}$/);
});

test('checksums add modulo 2^256 with carry', () => {
  const a = new Uint8Array(32).fill(0xff);
  const one = new Uint8Array(32); one[31] = 1;
  assert.equal(addChecksum(a, one), new Uint8Array(32));
  const b = new Uint8Array(32); b[31] = 0xff;
  const s = addChecksum(b, one);
  assert.is(s[30], 1);
  assert.is(s[31], 0);
});

test.run();
