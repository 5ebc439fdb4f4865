import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeFrameHeader, hexDump } from '../../src/lib/frame-header.js';

// the example header of ofd-protocol.md §3 (info-response-202)
const EXAMPLE = 'a281ca0038020000451003000 6c290010100'.replace(/ /g, '');

test('decodes the documented example header', () => {
  const payload = '00'.repeat(568 - 18);
  const r = decodeFrameHeader(EXAMPLE + payload);
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.header, { appCode: 0x81a2, version: 202, size: 568, deviceId: 200773, token: 26264070, reqNum: 1 });
  assert.is(r.payloadBytes, 550);
  assert.equal(r.issues, []);
});

test('reports every issue: bad app code and size mismatch', () => {
  const r = decodeFrameHeader('ffff' + EXAMPLE.slice(4));
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.is(r.issues.length, 2);
  assert.match(r.issues[0]!, /appCode/);
  assert.match(r.issues[1]!, /size is 568, the frame has 18 bytes/);
});

test('short or non-hex input is refused', () => {
  assert.equal(decodeFrameHeader('a281'), { ok: false, issues: ['frame is 2 bytes, shorter than the 18-byte header'] });
  assert.is(decodeFrameHeader('zz').ok, false);
});

test('hexDump shows offsets, bytes and ASCII', () => {
  const d = hexDump('48656c6c6f00');
  assert.is(d, '0000  48 65 6c 6c 6f 00' + ' '.repeat(47 - 17) + '  Hello.');
});

test.run();
