import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle, bundleExists, bundleFresh } from '../../server/bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'kkm-web-bundle-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('builds the bundle with Vite (decorators transformed) and knows when it is stale', async () => {
  assert.is(bundleFresh(dir), false);
  await buildBundle(dir);
  assert.ok(bundleExists(dir));
  assert.ok(bundleFresh(dir));
  const js = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dir, 'assets', f), 'utf8')).join('\n');
  assert.ok(js.includes('kkm-trace-view'), 'elements are in the bundle');
  assert.not.match(js, /@customElement\(|\baccessor\s/, 'decorators were compiled (deps.md §7)');
  const old = new Date(Date.UTC(2020, 0, 1));
  utimesSync(join(dir, 'index.html'), old, old);
  assert.is(bundleFresh(dir), false);
});

test.run();
