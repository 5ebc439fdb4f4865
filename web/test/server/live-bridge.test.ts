// The live bridge over HTTP with the real ofd-mock (through ofd-mock/index.ts) and a stand-in
// register (the emulator's DcpHandler border), so the relay, the SSE channel and the operator
// controls are tested whether or not the emulator is ready.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDashboard, type RunningDashboard } from '../../server/dashboard-server.js';
import type { DcpHandlerLike, EmulatorModule } from '../../server/live.js';
import type { DcpState } from '../../src/data/dcp-types.js';

const dir = mkdtempSync(join(tmpdir(), 'kkm-web-live-'));
let d: RunningDashboard;
const calls: { method: string; params: unknown }[] = [];
let emuOptions: Record<string, unknown> | null = null;
let closed = 0;

class FakeRegister implements DcpHandlerLike {
  private cbs = new Set<(m: string, p: unknown) => void>();
  state: DcpState = { powered: false, mode: null, shift: { open: false, number: 1, openedAt: null }, offline: { since: null, queued: 0 }, blocked: null };
  n = 0;
  async handle(method: string, params: unknown): Promise<unknown> {
    calls.push({ method, params });
    const emit = (m: string, p: unknown) => { for (const cb of this.cbs) cb(m, p); };
    switch (method) {
      case 'power.on': this.state = { ...this.state, powered: true }; emit('state.changed', this.state); return { selftest: { ok: true, checks: [] } };
      case 'state.get': return this.state;
      case 'session.login':
        if ((params as { password?: string }).password !== '1111') throw Object.assign(new Error('bad password'), { reason: 'bad_password' });
        this.state = { ...this.state, mode: 'registration' }; emit('state.changed', this.state); return { mode: 'registration' };
      case 'receipt.create': {
        const document = { kind: 'receipt', number: ++this.n, shiftNumber: 1, printedAt: '2026-11-22T10:00:00.000+05:00', fiscal: { mode: 'online', sign: '123' }, title: 'ФИСКАЛЬНЫЙ ЧЕК', lines: ['x'], qr: null };
        emit('document.printed', { document });
        return { document };
      }
      case 'clock.advance': return { now: 1 };
      default: throw Object.assign(new Error(`unknown ${method}`), { reason: 'not_supported' });
    }
  }
  onNotification(cb: (m: string, p: unknown) => void): () => void { this.cbs.add(cb); return () => this.cbs.delete(cb); }
}

const fakeEmulator: EmulatorModule = {
  async startEmulator(o) { emuOptions = o; return { register: new FakeRegister(), close: async () => { closed++; } }; },
};

test.before(async () => {
  d = await startDashboard({ reportsDir: dir, ui: 'none', live: true, log: () => undefined, liveLang: 'kz', liveLoaders: { emulator: async () => fakeEmulator } });
});
test.after(async () => {
  await d.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, d.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(new URL(path, d.url));
  return { status: res.status, body: await res.json() };
}

test('starts ofd-mock and the register, points the register at the operator, powers it on', async () => {
  const s = await get('/api/live/status');
  assert.is(s.status, 200);
  assert.is(s.body.running, true);
  assert.is(s.body.state.powered, true);
  const ofd = (emuOptions!.ofd as { host: string; port: number }[])[0]!;
  assert.is(ofd.host, '127.0.0.1');
  assert.ok(ofd.port > 0);
  assert.is((emuOptions!.profile as { registration: { kkmId: number } }).registration.kkmId, 424242);
  assert.is(emuOptions!.lang, 'kz');
  assert.equal(calls.map((c) => c.method).slice(0, 2), ['power.on', 'state.get']);
});

test('relays DCP calls; refusals come back as 409 with the reason; passwords are not echoed', async () => {
  const bad = await post('/api/live/call', { method: 'session.login', params: { mode: 'registration', password: '0000' } });
  assert.is(bad.status, 409);
  assert.is(bad.body.error.reason, 'bad_password');
  const ok = await post('/api/live/call', { method: 'session.login', params: { mode: 'registration', password: '1111' } });
  assert.equal(ok.body, { result: { mode: 'registration' } });
  assert.is((await post('/api/live/call', { params: {} })).status, 400);
});

test('server-sent events carry the call, the printed document and the fleet', async () => {
  const ctrl = new AbortController();
  const res = await fetch(new URL('/api/live/events', d.url), { signal: ctrl.signal });
  const reader = res.body!.getReader();
  let text = '';
  const until = async (re: RegExp) => { while (!re.test(text)) { const { value, done } = await reader.read(); if (done) break; text += Buffer.from(value).toString(); } };
  await until(/"type":"hello"/);
  await post('/api/live/call', { method: 'receipt.create', params: { operation: 'sell', items: [], payments: [] } });
  await until(/"type":"document\.printed"/);
  await until(/"type":"call","method":"receipt\.create"/);
  ctrl.abort();
  assert.match(text, /"type":"fleet","registers":\[\{"kkmId":424242/);
});

test('operator controls act on ofd-mock: drop (cut and silent), latency, suspend/resume, notify, advance', async () => {
  let c = await post('/api/live/operator/drop', { on: true });
  assert.equal([c.body.drop, c.body.dropMode], [true, 'cut']);
  c = await post('/api/live/operator/drop', { on: true, mode: 'silent' });
  assert.is(c.body.dropMode, 'silent');
  c = await post('/api/live/operator/drop', { on: false });
  assert.is(c.body.drop, false);
  c = await post('/api/live/operator/latency', { ms: 1500 });
  assert.is(c.body.latencyMs, 1500);
  assert.is((await post('/api/live/operator/latency', { ms: -1 })).body.error.code, 'WEB_BAD_REQUEST');
  c = await post('/api/live/operator/suspend', { reason: 'test' });
  assert.is(c.body.suspended, true);
  const fleet = await get('/api/fleet');
  assert.is(fleet.body[0].kkmId, 424242);
  assert.is(fleet.body[0].suspended, true);
  assert.is(fleet.body[0].suspendReason, 'test');
  c = await post('/api/live/operator/resume', {});
  assert.is(c.body.suspended, false);
  assert.is((await get('/api/fleet')).body[0].suspended, false);
  assert.is((await post('/api/live/operator/notify', { text: '  ' })).status, 400);
  assert.is((await post('/api/live/operator/notify', { text: 'hello' })).status, 200);
  await post('/api/live/operator/advance', { ms: 60000 });
  assert.equal(calls[calls.length - 1], { method: 'clock.advance', params: { ms: 60000 } });
  assert.is((await post('/api/live/operator/explode', {})).status, 404);
});

test('closing the dashboard closes the register', async () => {
  await d.close();
  assert.is(closed, 1);
  d = { close: async () => undefined } as unknown as RunningDashboard;
});

test.run();
