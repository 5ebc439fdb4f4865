import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { buildQrUrl, parseQrUrl } from '../../../protocol/index.js';
import { qrPayload, qrSum, qrTime } from '../../src/qr/payload.js';
import { EmulatorError } from '../../src/errors.js';

// The `qr_urls` of ofd-vectors.json (real check URLs of three operators), copied here so the
// test does not depend on a file outside the repository.
const vectors = {
  qr_urls: [
    { url: 'http://consumer.test-oofd.kz?i=4228143549&f=640300014538&s=696.90&t=20280629T170916' },
    { url: 'http://consumer.oofd.kz/?i=1734974179&f=010100465991&s=13507.0&t=20210922T224125' },
    { url: 'https://ofd1.kz/t/?i=362397639340&f=010101907421&s=1820.0&t=20220723T180527' },
    { url: 'http://consumer.kofd.kz?i=717148297551&f=010101869173&s=10000.00&t=20220528T154623' },
  ],
};

test('req 35: the mask Protocol://URL?i=sign&f=RNM&s=tenge.tiyn&t=dateTtime', () => {
  // 2026-11-22 10:15:07 in Almaty (UTC+5) = 05:15:07Z
  const url = qrPayload({ sign: '4228143549', rnm: '010101234567', sumTiyn: 69690n, at: Date.UTC(2026, 10, 22, 5, 15, 7) });
  assert.is(url, 'http://consumer.oofd.kz?i=4228143549&f=010101234567&s=696.90&t=20261122T101507');
});

test('req 34: rebuilds the real check URLs of ofd-vectors.json from their parts', () => {
  assert.ok(vectors.qr_urls.length >= 3);
  for (const { url } of vectors.qr_urls) {
    const [base, query] = url.split('?') as [string, string];
    const q = new URLSearchParams(query);
    const s = q.get('s')!;
    const [tenge, frac = ''] = s.split('.');
    const sumTiyn = BigInt(tenge!) * 100n + BigInt(frac.padEnd(2, '0'));
    const t = q.get('t')!;
    const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}+05:00`;
    const ours = qrPayload({ sign: q.get('i')!, rnm: q.get('f')!, sumTiyn, at: iso, baseUrl: base });
    // the vectors write s with 1 or 2 fraction digits; we always write 2
    assert.is(ours, url.replace(/s=(\d+)\.(\d)(&|$)/, 's=$1.$20$3'), url);
  }
});

test('agrees with protocol buildQrUrl and parses back with parseQrUrl', () => {
  const at = Date.UTC(2027, 0, 1, 18, 59, 59); // 23:59:59 local
  const ours = qrPayload({ sign: '717148297551', rnm: '010101869173', sumTiyn: 1_000_000, at });
  assert.is(ours, buildQrUrl({ fiscalSign: '717148297551', rnm: '010101869173', sumTiyn: 1_000_000n, at }));
  const back = parseQrUrl(ours);
  assert.ok(back.ok);
  if (back.ok) {
    assert.is(back.value.sumTiyn, 1_000_000n);
    assert.is(back.value.at, at);
    assert.is(back.value.fiscalSign, '717148297551');
  }
});

test('req 34.1: an autonomous sign goes in i as is', () => {
  const url = qrPayload({ sign: 'A-000042', rnm: '010101234567', sumTiyn: 5, at: '2026-11-22T00:00:00.000+05:00' });
  assert.is(url, 'http://consumer.oofd.kz?i=A-000042&f=010101234567&s=0.05&t=20261122T000000');
});

test('time: ISO keeps its own local time; epoch ms uses the offset (date boundary)', () => {
  assert.is(qrTime('2026-11-22T23:30:00.000+06:00'), '20261122T233000');
  assert.is(qrTime('2026-11-22T23:30+05:00'), '20261122T233000');
  assert.is(qrTime(Date.UTC(2026, 10, 22, 20, 0, 0)), '20261123T010000');
  assert.is(qrTime(Date.UTC(2026, 10, 22, 20, 0, 0), 0), '20261122T200000');
  assert.is(qrSum(0), '0.00');
  assert.is(qrSum(123456789012345n), '1234567890123.45');
});

test('bad input is EMU_QR naming the field', () => {
  const base = { sign: '1', rnm: '010101234567', sumTiyn: 1, at: 0 };
  const bad: [object, string][] = [
    [{ sign: '' }, 'sign'],
    [{ sign: 'a&b' }, 'sign'],
    [{ rnm: 'RNM1' }, 'rnm'],
    [{ sumTiyn: -1 }, 'sumTiyn'],
    [{ sumTiyn: 1.5 }, 'sumTiyn'],
    [{ at: '2026-11-22T10:00:00' }, 'at'],
    [{ baseUrl: 'consumer.oofd.kz' }, 'baseUrl'],
  ];
  for (const [patch, field] of bad) {
    try {
      qrPayload({ ...base, ...patch });
      assert.unreachable(field);
    } catch (e) {
      assert.instance(e, EmulatorError);
      assert.is((e as EmulatorError).code, 'EMU_QR');
      assert.match((e as Error).message, field);
    }
  }
});

test.run();
