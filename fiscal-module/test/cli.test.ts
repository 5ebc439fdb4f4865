import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openInProcessModule } from '../src/in-process.js';
import { tamperImage } from '../src/tamper.js';
import { scratchDir } from './helpers.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = scratchDir('fm-cli-');
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'fiscal-module', 'cli.ts'), ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('--help exits 0 with usage on stdout; a bad option exits 2', () => {
  const h = cli('--help');
  assert.is(h.status, 0);
  assert.match(h.stdout, /usage: fiscal-module/);
  assert.is(cli('--frobnicate').status, 2);
  assert.is(cli().status, 2, 'no mode given');
  assert.is(cli('--vpcd', 'nohostport').status, 2);
});

test('--inspect prints info + self-test JSON; exit 1 once a record was tampered with; exit 3 for a damaged image', async () => {
  const image = join(dir, 'i.img');
  const m = await openInProcessModule({ imagePath: image });
  await m.client.personalize('FM-CLI-T');
  await m.client.append('receipt', new TextEncoder().encode('sum=100'));
  await m.client.closeShift();
  await m.close();
  const ok = cli('--inspect', '--image', image, '--quiet');
  assert.is(ok.status, 0, ok.stderr);
  const j = JSON.parse(ok.stdout) as { moduleId: string; recordCount: number; selfTest: { ok: boolean } };
  assert.is(j.moduleId, 'FM-CLI-T');
  assert.is(j.recordCount, 2);
  assert.ok(j.selfTest.ok);
  tamperImage(image, 1, (p) => { p[4] = 0x39; });
  const bad = cli('--inspect', '--image', image, '--quiet');
  assert.is(bad.status, 1);
  assert.not.ok((JSON.parse(bad.stdout) as { selfTest: { ok: boolean } }).selfTest.ok);
  const junk = join(dir, 'junk.img');
  writeFileSync(junk, new Uint8Array(9000).fill(1));
  assert.is(cli('--inspect', '--image', junk).status, 3);
});

test('--vpcd to a port where nothing listens, --no-reconnect: exit 3 with a clear message', () => {
  const r = cli('--vpcd', '127.0.0.1:1', '--no-reconnect');
  assert.is(r.status, 3);
  assert.match(r.stderr, /cannot connect to vpcd/);
});

test.run();
