// The `npm run dashboard` CLI: usage, exit codes, and a real start that prints the URL.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const serve = join(import.meta.dirname, '..', 'serve.ts');
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', serve, ...args], { encoding: 'utf8' });

test('--help prints usage and exits 0', () => {
  const r = run('--help');
  assert.is(r.status, 0);
  assert.match(r.stdout, /usage: npm run dashboard/);
});

test('usage errors exit 2', () => {
  assert.is(run('--port', 'x').status, 2);
  assert.is(run('--bogus').status, 2);
  assert.is(run('--ofd-control', 'http://127.0.0.1:1').status, 2); // without --ofd-token
  assert.is(run('--register-lang', 'en').status, 2);
});

test('starts on 127.0.0.1, prints the URL to stdout, serves the API, stops on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kkm-web-cli-'));
  const child = spawn(process.execPath, ['--import', 'tsx', serve, '--port', '0', '--reports', dir, '--no-live', '--dev'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout.on('data', (d) => { out += d; const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out); if (m) ok(m[1]!); });
      child.on('exit', (c) => fail(new Error(`exited ${c}`)));
    });
    const res = await fetch(url + 'api/runs');
    assert.equal(await res.json(), []);
    const page = await fetch(url);
    assert.match(await page.text(), /<kkm-app>/);
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
