// The CLI as a user runs it: a child process through tsx.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { listDefects } from '../src/defects.js';
import { TestClient } from './dcp/_fixtures.js';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const PROFILE = fileURLToPath(new URL('../profiles/reference.json', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8' });

test('--help prints usage and exits 0', () => {
  const r = run('--help');
  assert.is(r.status, 0);
  assert.match(r.stdout, '--profile FILE');
  assert.match(r.stdout, '--list-defects');
});

test('the npx bin shim (bin/kkm-emulator.js) runs the same CLI', () => {
  const bin = fileURLToPath(new URL('../../bin/kkm-emulator.js', import.meta.url));
  const r = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
  assert.is(r.status, 0, r.stderr);
  assert.match(r.stdout, 'usage: kkm-emulator');
});

test('--list-defects prints NAME REQ[,REQ…] for every defect', () => {
  const r = run('--list-defects');
  assert.is(r.status, 0);
  const lines = r.stdout.trim().split('\n');
  assert.is(lines.length, listDefects().length);
  for (const l of lines) assert.match(l, /^[a-z0-9-]+ \d+(\.\d+)?(,\d+(\.\d+)?)*$/);
  assert.ok(lines.some((l) => l.startsWith('no-offline-block 29.6')));
});

test('usage errors exit 2 on stderr; an unknown defect too', () => {
  const r = run('--profile', PROFILE, '--ofd', 'nohostport');
  assert.is(r.status, 2);
  assert.match(r.stderr, '--ofd');
  assert.is(r.stdout, '');
  const d = run('--profile', PROFILE, '--dcp', '0', '--defect', 'nope');
  assert.is(d.status, 2);
  assert.match(d.stderr, 'unknown defect');
});

test('runs: prints where DCP listens, answers DCP, never logs the token, exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--profile', PROFILE, '--dcp', '0', '--virtual-clock'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /^dcp (tcp:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  const port = Number(url.split(':').pop());
  const c = await TestClient.connect(port);
  const hello = await c.call('dcp.hello');
  assert.is(hello.result.clock, 'virtual');
  await c.close();
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  assert.is(code, 0);
  assert.not.ok(/\b777\b/.test(stdout + stderr), 'the token is never printed');
  assert.not.ok(stderr.includes('2222'), 'passwords are never printed');
});

test.run();
