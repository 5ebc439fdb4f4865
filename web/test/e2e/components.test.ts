// Component tests in chromium: each element mounted alone with data through its properties,
// its events (kebab-case CustomEvents) and rendering checked.
import { skipUnless } from '../../../tools/skip.js';
skipUnless('web component tests', 'chromium');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHarness, type Harness } from './harness.js';
import { fixtureReceipt } from '../fixtures/generate.js';

let h: Harness;

// mounts an element, records its events on window.__events, exposes it as window.__el
const MOUNT = `window.__mount = (tag, props, events) => {
  document.querySelectorAll('body > .mounted').forEach((n) => n.remove());
  const el = document.createElement(tag);
  el.className = 'mounted';
  Object.assign(el, props);
  window.__events = [];
  for (const ev of events) el.addEventListener(ev, (e) => window.__events.push({ type: e.type, detail: e.detail }));
  document.body.appendChild(el);
  window.__el = el;
  return el.updateComplete.then(() => true);
};`;

test.before(async () => {
  h = await startHarness();
  await h.page.addInitScript(MOUNT);
  await h.page.goto(h.dashboard.url + '#/fleet-none');
  await h.page.waitForFunction(() => customElements.get('kkm-front-panel') !== undefined);
});
test.after(async () => { await h?.close(); });

const mount = (tag: string, props: Record<string, unknown>, events: string[] = []) =>
  h.page.evaluate(([t, p, e]) => (window as unknown as { __mount: (a: unknown, b: unknown, c: unknown) => Promise<boolean> }).__mount(t, p, e), [tag, props, events] as const);
const events = () => h.page.evaluate(() => (window as unknown as { __events: { type: string; detail: any }[] }).__events);
const click = async (sel: string) => { await h.page.locator(`body > .mounted ${sel}`).first().click(); };
const keys = async (...ks: string[]) => { for (const k of ks) await click(`button[data-key="${k}"]`); };

const STATE = { powered: true, mode: 'registration', shift: { open: true, number: 2, openedAt: 'x' }, offline: { since: null, queued: 0 }, blocked: null };

test('kkm-front-panel: mode + password + login dispatches session.login; mode key cycles modes', async () => {
  await mount('kkm-front-panel', { dcpState: STATE }, ['dcp-call']);
  await keys('mode', 'd1', 'd1', 'd1', 'd1', 'login');
  await keys('mode', 'mode', 'd2', 'd2', 'd2', 'd2', 'login');
  const ev = await events();
  assert.equal(ev.map((e) => e.detail), [
    { method: 'session.login', params: { mode: 'registration', password: '1111' } },
    { method: 'session.login', params: { mode: 'programming', password: '2222' } },
  ]);
});

test('kkm-front-panel: prices add items, cash/card close the receipt with the exact total in tiyn', async () => {
  await mount('kkm-front-panel', { dcpState: STATE }, ['dcp-call']);
  await keys('d1', 'd2', 'dot', 'd5', 'price', 'd3', 'price');
  assert.match(await h.page.locator('body > .mounted .display').innerText(), /15\.50 \(2\)/);
  await keys('card');
  await keys('d7', 'cash');
  const ev = await events();
  assert.equal(ev[0].detail, { method: 'receipt.create', params: { operation: 'sell', items: [{ name: 'Товар', price: 1250, quantity: 1000 }, { name: 'Товар', price: 300, quantity: 1000 }], payments: [{ type: 'card', sum: 1550 }] } });
  assert.equal(ev[1].detail.params.payments, [{ type: 'cash', sum: 700 }]);
});

test('kkm-front-panel: return of the last receipt, cash in/out, X and Z', async () => {
  const last = fixtureReceipt(7, 2, Date.UTC(2026, 10, 22, 5), 15000, false);
  await mount('kkm-front-panel', { dcpState: STATE, lastReceipt: last }, ['dcp-call']);
  await keys('sellReturn', 'd5', 'd0', 'd0', 'cashIn', 'd2', 'd5', 'cashOut', 'xReport', 'zReport');
  const ev = (await events()).map((e) => e.detail);
  assert.equal(ev[0], { method: 'receipt.create', params: { operation: 'sell_return', items: last.receipt!.items, payments: last.receipt!.payments, parentNumber: 7 } });
  assert.equal(ev.slice(1), [
    { method: 'cash.deposit', params: { sum: 50000 } }, { method: 'cash.withdraw', params: { sum: 2500 } },
    { method: 'report.x', params: {} }, { method: 'report.z', params: {} },
  ]);
});

test('kkm-front-panel: the display shows autonomous mode and blocking in the chosen language', async () => {
  await mount('kkm-front-panel', { dcpState: { ...STATE, offline: { since: 'x', queued: 3 } }, language: 'kz' }, ['lang-changed']);
  const d = h.page.locator('body > .mounted .display');
  assert.match(await d.innerText(), /АВТОНОМДЫ РЕЖИМ · 3 жіберілмеген/);
  await click('button[data-lang="ru"]');
  assert.match(await d.innerText(), /АВТОНОМНЫЙ РЕЖИМ · 3 не отправлено/);
  assert.equal((await events())[0].detail, { lang: 'ru' });
  await mount('kkm-front-panel', { dcpState: { ...STATE, blocked: { reason: 'offline_too_long', requirement: '29.6' } } });
  assert.match(await d.innerText(), /ЗАБЛОКИРОВАНА: offline_too_long/);
});

test('kkm-operator-controls: actions and their bodies; clock buttons only on virtual time', async () => {
  await mount('kkm-operator-controls', { clock: 'wall' }, ['operator-action']);
  assert.is(await h.page.locator('body > .mounted button[data-advance]').count(), 0);
  await click('button[data-action="drop"]');
  await click('button[data-action="latency"]');
  await click('button[data-action="suspend"]');
  await click('button[data-action="notify"]');
  const ev = (await events()).map((e) => e.detail);
  assert.equal(ev[0], { action: 'drop', body: { on: true, mode: 'cut' } });
  assert.equal(ev[1], { action: 'latency', body: { ms: 2000 } });
  assert.is(ev[2].action, 'suspend');
  assert.is(ev[3].action, 'notify');
  assert.ok(ev[3].body.text.length > 0);
  await mount('kkm-operator-controls', { clock: 'virtual', controls: { latencyMs: 0, drop: true, dropMode: 'cut', suspended: true } }, ['operator-action']);
  await click('button[data-advance="259200000"]');
  await click('button[data-action="drop"]');
  await click('button[data-action="resume"]');
  assert.equal((await events()).map((e) => e.detail), [
    { action: 'advance', body: { ms: 259200000 } }, { action: 'drop', body: { on: false, mode: 'cut' } }, { action: 'resume', body: {} },
  ]);
});

test('kkm-compliance-matrix: verdict filter and requirement-selected', async () => {
  const rows = [
    { requirement: '29', verdict: 'pass', cases: ['a'], evidence: [] },
    { requirement: '29.6', verdict: 'fail', cases: ['b'], evidence: [], reason: 'sold after 72 h', textEn: 'block after 72 h' },
    { requirement: '37', verdict: 'manual', cases: [], evidence: [] },
  ];
  await mount('kkm-compliance-matrix', { report: { runId: 'x', requirements: rows, cases: [] } }, ['requirement-selected']);
  assert.is(await h.page.locator('body > .mounted tbody tr').count(), 3);
  await click('button[data-verdict="fail"]');
  assert.is(await h.page.locator('body > .mounted tbody tr').count(), 1);
  assert.match(await h.page.locator('body > .mounted tbody tr').innerText(), /block after 72 h/);
  await click('button.tile[data-req="37"]');
  assert.equal((await events()).map((e) => e.detail), [{ requirement: '37' }]);
  await h.page.locator('body > .mounted input[type="search"]').fill('sold');
  await click('button[aria-pressed="false"]'); // "all"
  assert.is(await h.page.locator('body > .mounted tbody tr').count(), 1);
});

test('kkm-fleet: KASSIKS columns, and the compact form', async () => {
  const reg = { kkmId: 7, rnm: '010101234567', shift: { open: true, number: 3, since: '2026-11-22T10:00:00.000+05:00' }, cash: 150050, docsInShift: 12, unsent: 2, firstUnsent: 41, offlineSince: '2026-11-22T11:00:00.000+05:00', suspended: true, suspendReason: 'debt', lastSeen: null };
  await mount('kkm-fleet', { registers: [reg] });
  const row = await h.page.locator('body > .mounted tr[data-kkm="7"]').innerText();
  for (const s of ['open', '№3', 'since 2026-11-22 10:00:00', '1 500.50', '12', '41', 'autonomous', 'suspended', 'debt']) assert.ok(row.includes(s), `${s} in ${row}`);
  await mount('kkm-fleet', { registers: [reg], compact: true });
  assert.match(await h.page.locator('body > .mounted table[data-kkm="7"] td.unsent').innerText(), /^2$/);
});

test('kkm-receipt: an autonomous receipt shows its QR; a non-fiscal document says so', async () => {
  const doc = fixtureReceipt(3, 1, Date.UTC(2026, 10, 22, 5), 100, true);
  await mount('kkm-receipt', { document: doc });
  await h.page.locator('body > .mounted .qr img').waitFor();
  assert.match(await h.page.locator('body > .mounted .paper').innerText(), /Автономный режим/);
  assert.match((await h.page.locator('body > .mounted .qr img').getAttribute('alt'))!, /consumer\.oofd\.kz/);
  await mount('kkm-receipt', { document: { ...doc, kind: 'x_report', fiscal: null, title: null, qr: null, lines: ['X'] } });
  assert.match(await h.page.locator('body > .mounted .paper').innerText(), /НЕФИСКАЛЬНЫЙ/);
  assert.equal(h.errors, []);
});

test.run();
