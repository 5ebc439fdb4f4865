// Browser test harness: builds the bundle into a temp folder, writes a fixture run, starts the
// dashboard server on 127.0.0.1:0 and drives Debian's chromium headless through playwright-core.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildBundle } from '../../server/bundle.js';
import { startDashboard, type RunningDashboard } from '../../server/dashboard-server.js';
import type { DashboardOptions } from '../../server/options.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SCREENSHOTS = join(REPO, 'web', 'screenshots');

export interface Harness {
  tmp: string;
  reportsDir: string;
  dashboard: RunningDashboard;
  browser: Browser;
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

export async function startHarness(opts: Partial<DashboardOptions> & { prepare?: (reportsDir: string) => void } = {}): Promise<Harness> {
  const tmp = mkdtempSync(join(tmpdir(), 'kkm-web-e2e-'));
  const reportsDir = join(tmp, 'reports');
  mkdirSync(reportsDir);
  opts.prepare?.(reportsDir);
  const bundleDir = join(tmp, 'dist-web');
  await buildBundle(bundleDir);
  const { prepare: _p, ...dashOpts } = opts;
  void _p;
  const dashboard = await startDashboard({ reportsDir, bundleDir, live: false, port: 0, log: () => undefined, ...dashOpts });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return {
    tmp, reportsDir, dashboard, browser, page, errors,
    async close() {
      await browser.close().catch(() => undefined);
      await dashboard.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * Saves a screenshot: into web/screenshots/ (committed) when KKM_WEB_SCREENSHOTS=1, otherwise
 * into the test's temp folder, so that ordinary test runs leave the working tree alone.
 */
export async function screenshot(page: Page, name: string, tmp?: string): Promise<string> {
  const dir = process.env.KKM_WEB_SCREENSHOTS === '1' ? SCREENSHOTS : join(tmp ?? tmpdir(), 'screenshots');
  mkdirSync(dir, { recursive: true });
  const p = join(dir, `${name}.png`);
  await page.screenshot({ path: p });
  return p;
}

/** Merges figures into reports/bench/web.json. */
export function recordFigures(figures: Record<string, unknown>): void {
  const p = join(REPO, 'reports', 'bench', 'web.json');
  mkdirSync(dirname(p), { recursive: true });
  let prev: Record<string, unknown> = {};
  if (existsSync(p)) { try { prev = JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>; } catch { prev = {}; } }
  writeFileSync(p, JSON.stringify({ ...prev, ...figures, measuredAt: new Date().toISOString() }, null, 2) + '\n');
}
