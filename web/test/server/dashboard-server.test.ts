import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboard, type RunningDashboard } from '../../server/dashboard-server.js';
import { resolveOptions } from '../../server/options.js';
import { writeFixtureRun, type FixtureRun } from '../fixtures/generate.js';

const dir = mkdtempSync(join(tmpdir(), 'kkm-web-srv-'));
let d: RunningDashboard;
let fx: FixtureRun;

test.before(async () => {
  fx = writeFixtureRun(dir, { runId: 'r1', events: 3000 });
  d = await startDashboard({ reportsDir: dir, ui: 'none', live: false, port: 0 });
});
test.after(async () => {
  await d.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, d.url));
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
}

test('listens on loopback and lists runs', async () => {
  assert.match(d.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const r = await get('/api/runs');
  assert.is(r.status, 200);
  assert.is(r.body[0].id, 'r1');
  assert.is(r.body[0].totals.subItems, 78);
});

test('serves a report, trace pages (bounded), meta, locate and documents', async () => {
  assert.is((await get('/api/runs/r1/report')).body.requirements.length, 78);
  const p = await get('/api/runs/r1/trace?from=10&limit=20');
  assert.is(p.body.total, 3000);
  assert.is(p.body.events.length, 20);
  assert.is(p.body.events[0].seq, 11);
  assert.is((await get('/api/runs/r1/trace?from=0&limit=999999')).body.events.length, 3000);
  const meta = await get('/api/runs/r1/trace/meta');
  assert.ok(meta.body.marks.length > 0);
  assert.is((await get(`/api/runs/r1/trace/locate?seq=${fx.report.cases[3]!.traceSlice.from}`)).body.index, fx.report.cases[3]!.traceSlice.from - 1);
  assert.ok((await get('/api/runs/r1/documents')).body.documents.length > 0);
  const rows = (await get('/api/runs/r1/trace/rows?hide=clock,apdu')).body.rows as number[];
  assert.is(rows.length, 3000 - meta.body.kinds.clock - meta.body.kinds.apdu);
  const f = await fetch(new URL('/api/runs/r1/files/report.json', d.url));
  assert.is(f.status, 200);
  assert.is(((await f.json()) as { runId: string }).runId, fx.report.runId);
});

test('errors carry stable codes and HTTP statuses', async () => {
  const nf = await get('/api/runs/nope/report');
  assert.is(nf.status, 404);
  assert.is(nf.body.error.code, 'WEB_NOT_FOUND');
  const bad = await get('/api/runs/..%2Fx/report');
  assert.is(bad.status, 400);
  assert.is((await get('/api/runs/r1/trace?from=abc')).body.error.code, 'WEB_BAD_REQUEST');
  assert.is((await get('/api/runs/r1/files/secret.txt')).status, 404);
  const live = await get('/api/live/status');
  assert.is(live.status, 503);
  assert.is(live.body.error.code, 'WEB_LIVE_UNAVAILABLE');
  assert.is((await get('/')).status, 404);
});

test('tail streams a growing trace as server-sent events and says when the run is done', async () => {
  mkdirSync(join(dir, 'r2'));
  const p = join(dir, 'r2', 'trace.jsonl');
  writeFileSync(p, '{"v":1,"seq":1,"t":0,"kind":"case.start","case":"c"}\n');
  const ctrl = new AbortController();
  const res = await fetch(new URL('/api/runs/r2/tail?from=0', d.url), { signal: ctrl.signal });
  assert.is(res.headers.get('content-type'), 'text/event-stream');
  const reader = res.body!.getReader();
  let text = '';
  const until = async (re: RegExp) => { while (!re.test(text)) { const { value, done } = await reader.read(); if (done) break; text += Buffer.from(value).toString(); } };
  await until(/"seq":1/);
  appendFileSync(p, '{"v":1,"seq":2,"t":1,"kind":"check","case":"c","requirement":"14","ok":true}\n');
  await until(/"seq":2/);
  writeFileSync(join(dir, 'r2', 'report.json'), '{}');
  await until(/event: done/);
  ctrl.abort();
  assert.match(text, /"from":1,"events":\[\{"v":1,"seq":2/);
});

test('launch: a run not started here is an answer, not an error; bad filters are refused', async () => {
  assert.equal((await get('/api/launch/r1')).body, { runId: 'r1', launched: false, running: false, events: 0 });
  const res = await fetch(new URL('/api/launch', d.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ requirements: '1;2' }) });
  assert.is(res.status, 400);
});

test('options are checked once, messages name the option', () => {
  assert.throws(() => resolveOptions({ port: -1 }), /port must be/);
  assert.throws(() => resolveOptions({ ui: 'x' as never }), /ui must be/);
  assert.throws(() => resolveOptions({ liveClock: 'x' as never }), /liveClock must be/);
  assert.throws(() => resolveOptions({ now: 5 as never }), /now must be a function/);
  assert.is(resolveOptions({ now: () => 42 }).now(), 42);
  assert.is(resolveOptions().host, '127.0.0.1');
});

test.run();
