// The fleet of an operator running elsewhere: a real ofd-mock with its control API, read by the
// dashboard through OfdControlClient, changes pushed over SSE.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOfdMock, type OfdMock } from '../../../ofd-mock/index.js';
import { startDashboard, type RunningDashboard } from '../../server/dashboard-server.js';
import { DEMO_PROFILE } from '../../server/live.js';

const dir = mkdtempSync(join(tmpdir(), 'kkm-web-fleet-'));
let ofd: OfdMock;
let d: RunningDashboard;

test.before(async () => {
  ofd = await startOfdMock({ controlPort: 0, controlToken: 'secret', provision: [DEMO_PROFILE.registration] });
  d = await startDashboard({ reportsDir: dir, ui: 'none', live: false, log: () => undefined, operator: { url: ofd.controlUrl!, token: 'secret', pollMs: 20 } });
});
test.after(async () => {
  await d.close();
  await ofd.close();
  rmSync(dir, { recursive: true, force: true });
});

test('GET /api/fleet reads the registers of the operator', async () => {
  const regs = await (await fetch(new URL('/api/fleet', d.url))).json() as { kkmId: number; suspended: boolean; shift: { open: boolean } }[];
  assert.is(regs.length, 1);
  assert.is(regs[0]!.kkmId, 424242);
  assert.is(regs[0]!.suspended, false);
  assert.is(regs[0]!.shift.open, false);
});

test('a suspension on the operator reaches the fleet view over SSE', async () => {
  const ctrl = new AbortController();
  const res = await fetch(new URL('/api/fleet/events', d.url), { signal: ctrl.signal });
  const reader = res.body!.getReader();
  let text = '';
  const until = async (re: RegExp) => { while (!re.test(text)) { const { value, done } = await reader.read(); if (done) break; text += Buffer.from(value).toString(); } };
  await until(/"suspended":false/);
  assert.match(text, /"suspended":false/, 'the stream closed before the first fleet snapshot');
  ofd.suspend(424242, 'debt');
  await until(/"suspended":true,"suspendReason":"debt"/);
  ctrl.abort();
  // `until` also returns when the stream ends: the suspension must really have been seen
  assert.match(text, /"suspended":true,"suspendReason":"debt"/);
});

test('a wrong token is reported, not hidden', async () => {
  const bad = await startDashboard({ reportsDir: dir, ui: 'none', live: false, log: () => undefined, operator: { url: ofd.controlUrl!, token: 'wrong' } });
  try {
    const r = await fetch(new URL('/api/fleet', bad.url));
    assert.is(r.status, 503);
    assert.match(((await r.json()) as { error: { message: string } }).error.message, /operator at http/);
  } finally {
    await bad.close();
  }
});

test.run();
