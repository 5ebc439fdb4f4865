import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseProgress, RunLauncher } from '../../server/launcher.js';

test("parseProgress reads the bench CLI's case lines (with or without terminal escapes)", () => {
  const covers = (c: string) => (c === 'req-29.6-block-after-72h' ? ['29.6'] : []);
  assert.equal(parseProgress('fail    req-29.6-block-after-72h (2 ms) [1/1]', covers),
    { type: 'progress', status: 'fail', case: 'req-29.6-block-after-72h', ms: 2, index: 1, total: 1, covers: ['29.6'] });
  assert.equal(parseProgress('\r\x1b[2Kpass    mbt-power-on (59 ms) [82/86]', covers)?.type, 'progress');
  assert.is(parseProgress('report: reports/x/report.html', covers), null);
  assert.is(parseProgress('  FAIL 29.6: a sale 72 h 1 min …', covers), null);
});

test('start refuses malformed filters before spawning anything', async () => {
  const l = new RunLauncher('/nonexistent');
  for (const bad of [{ requirements: '29.6; rm -rf /' }, { defects: ['--help'] }, { seed: 1.5 }]) {
    await l.start(bad).then(() => assert.unreachable('accepted'), (e: Error & { code?: string }) => assert.is(e.code, 'WEB_BAD_REQUEST'));
  }
  assert.equal(l.active(), []);
  await l.close();
});

test.run();
