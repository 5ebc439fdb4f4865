// End-to-end: the dashboard in Debian's chromium over a run of 100,000 trace events — runs
// list, compliance matrix (render time), a failing verdict's trace slice, OFD frame decoding,
// trace scrolling (fps), statechart path, receipts (QR, PNG, CSV) and the live-run view.
// Figures go to reports/bench/web.json; screenshots to web/screenshots/.
import { skipUnless } from '../../../tools/skip.js';
skipUnless('web e2e (dashboard over reports)', 'chromium');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import type { Page } from 'playwright-core';
import { recordFigures, screenshot, startHarness, type Harness } from './harness.js';
import { writeFixtureRun, type FixtureRun } from '../fixtures/generate.js';

const jsQR = jsqrModule.default;
const EVENTS = 100_000;
let h: Harness;
let fx: FixtureRun;
const figures: Record<string, unknown> = {};

// finds an element through open shadow roots
const DEEP = `window.__deep = (sel, root = document) => {
  const found = root.querySelector(sel); if (found) return found;
  for (const el of root.querySelectorAll('*')) if (el.shadowRoot) { const f = window.__deep(sel, el.shadowRoot); if (f) return f; }
  return null; };`;

test.before(async () => {
  h = await startHarness({
    prepare: (dir) => {
      writeFixtureRun(dir, { runId: 'fixture-older', events: 400, start: Date.UTC(2026, 10, 21, 5) });
      fx = writeFixtureRun(dir, { runId: 'fixture-run', events: EVENTS });
      // a run still writing its trace
      mkdirSync(join(dir, 'fixture-in-progress'));
      writeFileSync(join(dir, 'fixture-in-progress', 'trace.jsonl'), '{"v":1,"seq":1,"t":0,"kind":"case.start","case":"req-1-basic"}\n');
    },
  });
  await h.page.addInitScript(DEEP);
});
test.after(async () => {
  recordFigures(figures);
  await h?.close();
});

/** The text of an element's shadow root (textContent: no layout whitespace). */
async function shadowText(page: Page, sel: string): Promise<string> {
  return page.evaluate((q) => (window as unknown as { __deep: (s: string) => HTMLElement | null }).__deep(q)?.shadowRoot?.textContent ?? '', sel);
}

async function go(page: Page, hash: string) {
  await page.goto(h.dashboard.url + hash);
}

test('runs list shows the run with its totals', async () => {
  await go(h.page, '#/runs');
  const row = h.page.locator('kkm-runs-list tr[data-run="fixture-run"]');
  await row.waitFor();
  assert.match(await row.innerText(), /fixture-run/);
  assert.match(await row.innerText(), /reference-emulator/);
  assert.equal(await h.page.locator('kkm-runs-list tr[data-run]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run'))),
    ['fixture-in-progress', 'fixture-run', 'fixture-older']);
  await screenshot(h.page, 'runs', h.tmp);
});

test('compliance matrix renders every requirement in under 300 ms', async () => {
  await go(h.page, `#/run/fixture-run/compliance`);
  await h.page.locator('kkm-compliance-matrix tr[data-req="43.4"]').waitFor();
  assert.is(await h.page.locator('kkm-compliance-matrix tbody tr').count(), 78);
  assert.is(await h.page.locator('kkm-compliance-matrix button.tile').count(), 78);
  // component render: set the report, wait for Lit's update, force layout and the next frame
  const times = await h.page.evaluate(async () => {
    const report = await (await fetch('/api/runs/fixture-run/report')).json();
    const out: number[] = [];
    for (let i = 0; i < 7; i++) {
      const el = document.createElement('kkm-compliance-matrix') as HTMLElement & { report: unknown; updateComplete: Promise<boolean> };
      const t0 = performance.now();
      el.report = report;
      document.body.appendChild(el);
      await el.updateComplete;
      el.getBoundingClientRect();
      await new Promise<void>((r) => requestAnimationFrame(() => r()));
      out.push(performance.now() - t0);
      el.remove();
    }
    return out;
  });
  // the whole view from navigation: fetch report.json + render all rows
  const view = await h.page.evaluate(async () => {
    location.hash = '#/runs';
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    location.hash = '#/run/fixture-run/compliance';
    const deep = (window as unknown as { __deep: (s: string) => Element | null }).__deep;
    for (;;) {
      const m = deep('kkm-compliance-matrix') as (HTMLElement & { updateComplete: Promise<boolean> }) | null;
      if (m && m.shadowRoot?.querySelectorAll('tbody tr').length === 78) break;
      await new Promise<void>((r) => requestAnimationFrame(() => r()));
    }
    return performance.now() - t0;
  });
  const sorted = [...times].sort((a, b) => a - b);
  figures.complianceRenderMs = { cold: +times[0]!.toFixed(1), median: +sorted[3]!.toFixed(1), withFetchAndRoute: +view.toFixed(1), requirements: 78, target: 300 };
  process.stdout.write(`compliance render: cold ${times[0]!.toFixed(1)} ms, median ${sorted[3]!.toFixed(1)} ms, view incl. fetch ${view.toFixed(1)} ms (target < 300 ms)\n`);
  assert.ok(times[0]! < 300, `cold render ${times[0]} ms`);
  assert.ok(view < 300, `view ${view} ms`);
  await h.page.locator('kkm-compliance-matrix button[data-verdict="fail"]').click();
  assert.is(await h.page.locator('kkm-compliance-matrix tbody tr').count(), 3);
  await h.page.locator('kkm-compliance-matrix button.tile[data-req="29.6"]').click();
  await h.page.locator('kkm-evidence-panel a.trace-slice').waitFor();
  await screenshot(h.page, 'compliance', h.tmp);
});

test("a failing verdict opens its trace slice with the failed check selected", async () => {
  const t0 = performance.now();
  await h.page.locator('kkm-evidence-panel a.trace-slice').first().click();
  await h.page.locator('kkm-frame-detail').waitFor();
  await h.page.waitForFunction(() => /FAILED/.test((window as unknown as { __deep: (s: string) => HTMLElement }).__deep('kkm-frame-detail')?.shadowRoot?.textContent ?? ''));
  // first open of the trace: indexing 100,000 lines on the server, meta, locate, one page, first draw
  figures.traceOpenMs = { firstOpen: Math.round(performance.now() - t0), events: EVENTS };
  process.stdout.write(`trace slice opened (first time, incl. indexing ${EVENTS} events): ${Math.round(performance.now() - t0)} ms\n`);
  const text = await shadowText(h.page, 'kkm-frame-detail');
  assert.match(text, /check/);
  assert.match(text, /29\.6/);
  assert.match(text, /FAILED/);
  const c = fx.report.cases.find((x) => x.id === fx.failingCase)!;
  const range = await h.page.evaluate(() => (window as unknown as { __deep: (s: string) => { focusRange: unknown } }).__deep('kkm-trace-view').focusRange);
  // the fixture's seqs start at 1, indices at 0
  assert.equal(range, { from: c.traceSlice.from - 1, to: c.traceSlice.to - 1 });
  await h.page.waitForTimeout(150);
  await screenshot(h.page, 'trace', h.tmp);
});

test('clicking an OFD frame row decodes its header and message', async () => {
  const pos = await h.page.evaluate(() => {
    const tv = (window as unknown as { __deep: (s: string) => any }).__deep('kkm-trace-view');
    const sc = tv.shadowRoot.querySelector('.scroller') as HTMLElement;
    const rowH = tv._rowH as number;
    const first = Math.floor(sc.scrollTop / rowH);
    for (let i = first + 2; i < first + 30; i++) {
      const ev = tv.store.get(i);
      if (ev && ev.kind === 'ofd.frame') {
        const r = sc.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + 30 + i * rowH - sc.scrollTop + rowH / 2, seq: ev.seq };
      }
    }
    return null;
  });
  assert.ok(pos, 'an OFD frame in view');
  await h.page.mouse.click(pos!.x, pos!.y);
  await h.page.waitForFunction(() => /OFD frame/.test((window as unknown as { __deep: (s: string) => HTMLElement }).__deep('kkm-frame-detail')?.shadowRoot?.textContent ?? ''));
  const text = await shadowText(h.page, 'kkm-frame-detail');
  assert.match(text, /APPCODE\s*0x81A2/);
  assert.match(text, /VERSION\s*203/);
  assert.match(text, /COMMAND_TICKET/);
  assert.match(text, new RegExp(`#${pos!.seq}`));
});

test('the kind filter hides clock steps and APDUs, keeping the view in place', async () => {
  const meta = await (await fetch(`${h.dashboard.url}api/runs/fixture-run/trace/meta`)).json() as { total: number; kinds: Record<string, number> };
  await h.page.locator('kkm-trace-view details.kinds summary').click();
  await h.page.locator('kkm-trace-view input[data-kind="clock"]').uncheck();
  await h.page.locator('kkm-trace-view input[data-kind="apdu"]').uncheck();
  const shown = meta.total - meta.kinds.clock! - meta.kinds.apdu!;
  await h.page.waitForFunction((n) => ((window as unknown as { __deep: (s: string) => { rowCount: number } }).__deep('kkm-trace-view')).rowCount === n, shown);
  const kindsInView = await h.page.evaluate(async () => {
    const tv = (window as unknown as { __deep: (s: string) => any }).__deep('kkm-trace-view');
    const sc = tv.shadowRoot.querySelector('.scroller') as HTMLElement;
    const first = Math.floor(sc.scrollTop / tv._rowH);
    const lines = Array.from({ length: 30 }, (_, k) => tv._rows[first + k]).filter((x) => x !== undefined);
    await tv.store.ensureLines(lines);
    return lines.map((l: number) => tv.store.get(l).kind);
  });
  assert.ok(kindsInView.length === 30 && !kindsInView.includes('clock') && !kindsInView.includes('apdu'), kindsInView.join());
  assert.match(await shadowText(h.page, 'kkm-trace-view'), new RegExp(`${shown.toLocaleString('en')} of 100,000 events`));
  await h.page.locator('kkm-trace-view input[data-kind="clock"]').check();
  await h.page.locator('kkm-trace-view input[data-kind="apdu"]').check();
  await h.page.waitForFunction((n) => ((window as unknown as { __deep: (s: string) => { rowCount: number } }).__deep('kkm-trace-view')).rowCount === n, meta.total);
  await h.page.locator('kkm-trace-view details.kinds summary').click();
});

test('the trace scrolls 100,000 events at 60 fps (virtualised canvas)', async () => {
  // a string, not a function: tsx's __name helpers do not exist in the page
  const r = await h.page.evaluate(`(async () => {
    const tv = window.__deep('kkm-trace-view');
    const sc = tv.shadowRoot.querySelector('.scroller');
    async function measure(stepPx, ms) {
      const f0 = tv.frames, d0 = tv.drawMs;
      tv.maxDrawMs = 0;
      const gaps = [];
      const t0 = performance.now();
      let last = t0, n = 0;
      await new Promise((res) => {
        function step(now) {
          if (n > 0) gaps.push(now - last);
          last = now; n++;
          sc.scrollTop += stepPx;
          if (now - t0 < ms) requestAnimationFrame(step); else res();
        }
        requestAnimationFrame(step);
      });
      const elapsed = performance.now() - t0;
      const draws = tv.frames - f0;
      gaps.sort((a, b) => a - b);
      return { fps: +(1000 * (n - 1) / elapsed).toFixed(1), draws, meanDrawMs: +((tv.drawMs - d0) / Math.max(1, draws)).toFixed(2), maxDrawMs: +tv.maxDrawMs.toFixed(2),
        p95FrameMs: +(gaps[Math.floor(gaps.length * 0.95)] ?? 0).toFixed(1), rows: Math.round(sc.scrollTop / tv._rowH) };
    }
    sc.scrollTop = 0;
    const normal = await measure(400, 2000);
    tv._rowH = 3; await tv.updateComplete; sc.scrollTop = 0;
    const overview = await measure(1500, 1500);
    tv._rowH = 22; await tv.updateComplete;
    return { normal, overview, total: tv.total };
  })()`) as { total: number; normal: Record<string, number>; overview: Record<string, number> };
  figures.traceScroll = { events: r.total, target: 60, normalZoom: r.normal, zoomedOut: r.overview };
  process.stdout.write(`trace scroll (${r.total} events): ${r.normal.fps} fps at 22 px rows (draw mean ${r.normal.meanDrawMs} ms, max ${r.normal.maxDrawMs} ms, p95 frame ${r.normal.p95FrameMs} ms); ` +
    `${r.overview.fps} fps zoomed out (draw mean ${r.overview.meanDrawMs} ms)\n`);
  assert.is(r.total, EVENTS);
  assert.ok(r.normal.draws > 10, 'the canvas redrew while scrolling');
  // 60 fps is the target (printed above); the floor leaves room for a loaded 2-core CI machine
  assert.ok(r.normal.fps >= 30, `fps ${r.normal.fps}`);
  assert.ok(r.normal.meanDrawMs < 8, `draw ${r.normal.meanDrawMs} ms`);
});

test('statechart path of the failing case goes through autonomous mode', async () => {
  await go(h.page, `#/run/fixture-run/statechart?case=${fx.failingCase}`);
  const steps = h.page.locator('kkm-statechart-path ol.steps li');
  await steps.first().waitFor();
  const all = await steps.allInnerTexts();
  assert.ok(all.some((s) => s.includes('autonomous')), all.join('\n'));
  assert.ok(await h.page.locator('kkm-statechart-path svg g.node').count() >= 2);
  await screenshot(h.page, 'statechart', h.tmp);
});

test('receipts: rendered with QR; PNG save decodes to the QR payload; CSV export', async () => {
  await go(h.page, '#/run/fixture-run/receipts');
  const img = h.page.locator('kkm-receipt .qr img');
  await img.waitFor();
  const rows = await h.page.locator('kkm-journal tbody tr').count();
  assert.ok(rows > 100);
  const [csvDl] = await Promise.all([h.page.waitForEvent('download'), h.page.locator('kkm-journal button.csv').click()]);
  assert.is(csvDl.suggestedFilename(), 'journal-fixture-run.csv');
  const csv = readFileSync((await csvDl.path())!, 'utf8');
  const lines = csv.trim().split('\r\n');
  assert.ok(lines[0]!.includes('number,kind,shift'));
  assert.ok(lines.length > rows, 'the CSV has every document');
  const sel = await h.page.locator('kkm-receipt .paper').getAttribute('data-number');
  const [pngDl] = await Promise.all([h.page.waitForEvent('download'), h.page.locator('kkm-receipt button.save').click()]);
  assert.is(pngDl.suggestedFilename(), `receipt-${sel}.png`);
  const png = PNG.sync.read(readFileSync((await pngDl.path())!));
  const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  assert.ok(qr, 'QR decodes from the saved PNG');
  assert.match(qr!.data, /^http:\/\/consumer\.oofd\.kz\?i=.+&f=010101234567&s=\d+\.\d{2}&t=\d{8}T\d{6}$/);
  // print: the receipt alone goes to the browser's print (headless chromium returns at once)
  const printed = h.page.evaluate(() => new Promise<number>((ok) => document.addEventListener('receipt-printed', (e) => ok((e as CustomEvent<{ number: number }>).detail.number), { once: true })));
  await h.page.locator('kkm-receipt button.print').click();
  assert.is(String(await printed), sel);
  await screenshot(h.page, 'receipts', h.tmp);
});

test('live run view replays a run to its verdicts', async () => {
  await go(h.page, '#/live/fixture-older');
  await h.page.waitForFunction(() => /Run finished/.test((window as unknown as { __deep: (s: string) => HTMLElement }).__deep('kkm-live-run')?.shadowRoot?.textContent ?? ''), undefined, { timeout: 20_000 });
  const failed = await h.page.locator('kkm-live-run .failed').innerText();
  assert.match(failed, /^4 failing/); // 29.6, 30.2, 43.3 fail and 25's check failed (its verdict is error)
  const summary = await h.page.locator('kkm-live-run .summary').innerText();
  const meta = await (await fetch(`${h.dashboard.url}api/runs/fixture-older/trace/meta`)).json() as { total: number };
  assert.match(summary, new RegExp(`^${meta.total} events`), summary);
  const fail = await h.page.locator('kkm-live-run .tile[data-req="29.6"]').getAttribute('style');
  assert.match(fail!, /#d64545/);
  await screenshot(h.page, 'live-run', h.tmp);
  assert.equal(h.errors, []);
});

test.run();
