import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { buildQrUrl, parseQrUrl } from '../src/qr.js';
import { ProtocolError } from '../src/errors.js';
import { toOfdDateTime } from '../src/time.js';

const file = JSON.parse(readFileSync(new URL('./fixtures/ofd-vectors.json', import.meta.url), 'utf8')) as { qr_urls: { url: string }[] };

test('req 35: every qr_urls vector parses (section 10), with 1 or 2 fraction digits in s', () => {
  const got = file.qr_urls.map((q) => {
    const p = parseQrUrl(q.url);
    if (!p.ok) throw new Error(`${q.url}: ${JSON.stringify(p.issues)}`);
    return [p.value.baseUrl, p.value.fiscalSign, p.value.rnm, p.value.sumTiyn, p.value.dateTime.date!.year, p.value.dateTime.time!.second];
  });
  assert.equal(got, [
    ['http://consumer.test-oofd.kz', '4228143549', '640300014538', 69690n, 2028, 16],
    ['http://consumer.oofd.kz/', '1734974179', '010100465991', 1350700n, 2021, 25],
    ['https://ofd1.kz/t/', '362397639340', '010101907421', 182000n, 2022, 27],
    ['http://consumer.kofd.kz', '717148297551', '010101869173', 1000000n, 2022, 23],
  ]);
});

test('req 35: the captured Kazakhtelecom URL is rebuilt byte for byte', () => {
  const url = file.qr_urls[0]!.url;
  const p = parseQrUrl(url);
  assert.ok(p.ok);
  if (!p.ok) return;
  assert.is(buildQrUrl({ ...p.value, at: p.value.dateTime }), url);
  assert.is(buildQrUrl({ ...p.value }), url, 'at as epoch ms, read back at UTC+5');
});

test('req 34.3: t is local Almaty time (UTC+5) by default', () => {
  const at = Date.UTC(2028, 5, 29, 12, 9, 16); // 17:09:16 in Almaty
  assert.is(buildQrUrl({ fiscalSign: '1', rnm: '640300014538', sumTiyn: 5n, at }), 'http://consumer.oofd.kz?i=1&f=640300014538&s=0.05&t=20280629T170916');
  assert.match(buildQrUrl({ fiscalSign: '1', rnm: '640300014538', sumTiyn: 5n, at, tzOffsetMin: 0, baseUrl: 'https://ofd1.kz/t/' }), /^https:\/\/ofd1\.kz\/t\/\?i=1&.*t=20280629T120916$/);
});

test('parse reports every problem', () => {
  const p = parseQrUrl('ftp://x?i=12%20a&f=123&s=1.234&t=20221332T250000&i=5');
  assert.not.ok(p.ok);
  if (!p.ok) assert.equal(p.issues.map((i) => i.path), ['$.baseUrl', '$.i', '$.f', '$.s', '$.t']);
  const none = parseQrUrl('http://consumer.oofd.kz');
  assert.ok(!none.ok && none.issues[0]!.code === 'PROTO_BAD_QR_URL');
  const missing = parseQrUrl('http://consumer.oofd.kz?i=1&f=010101907421');
  assert.ok(!missing.ok && missing.issues.map((i) => i.path).join() === '$.s,$.t');
});

test('build rejects bad input with typed errors', () => {
  const base = { fiscalSign: '1', rnm: '010101907421', sumTiyn: 1n, at: 0 };
  for (const bad of [{ fiscalSign: 'a&b' }, { fiscalSign: '' }, { rnm: '' }, { sumTiyn: -1n }, { sumTiyn: 1.5 }, { baseUrl: 'consumer.oofd.kz' }]) {
    try { buildQrUrl({ ...base, ...bad }); assert.unreachable(JSON.stringify(bad, (_k, v) => (typeof v === 'bigint' ? String(v) : v))); } catch (e) { assert.instance(e, ProtocolError); }
  }
});

test('build → parse round-trips (property)', () => {
  fc.assert(fc.property(
    fc.stringMatching(/^\d{6,12}$/), fc.stringMatching(/^\d{12}$/), fc.bigInt(0n, 10n ** 12n),
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) }).map((ms) => ms - (ms % 1000)),
    fc.constantFrom('http://consumer.oofd.kz', 'https://ofd1.kz/t/', 'https://cabinet.kofd.kz/consumer'),
    (fiscalSign, rnm, sumTiyn, at, baseUrl) => {
      const p = parseQrUrl(buildQrUrl({ fiscalSign, rnm, sumTiyn, at, baseUrl }));
      assert.ok(p.ok);
      if (p.ok) {
        assert.equal([p.value.fiscalSign, p.value.rnm, p.value.sumTiyn, p.value.at, p.value.baseUrl], [fiscalSign, rnm, sumTiyn, at, baseUrl]);
        assert.equal(p.value.dateTime, toOfdDateTime(at));
      }
    }), { numRuns: 300, seed: 3 });
});

test('req 34.1: an autonomous (offline) sign goes into i and parses back', () => {
  const url = buildQrUrl({ fiscalSign: 'A1B2-C3D4.77', rnm: '010101907421', sumTiyn: 150, at: Date.UTC(2026, 0, 1, 5, 0, 0) });
  assert.is(url, 'http://consumer.oofd.kz?i=A1B2-C3D4.77&f=010101907421&s=1.50&t=20260101T100000');
  const p = parseQrUrl(url);
  assert.ok(p.ok && p.value.fiscalSign === 'A1B2-C3D4.77' && p.value.sumTiyn === 150n);
});

test.run();
