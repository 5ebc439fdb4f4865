import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { requestOnce } from '../src/kkm-client.js';
import { sampleInfo } from '../src/samples.js';
import { REG } from './helpers.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'ofd-mock', 'cli.ts');

function run(args: string[], onLine?: (line: string, kill: () => void) => void): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
    let out = '', err = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (onLine) for (const l of String(d).split('\n')) if (l) onLine(l, () => p.kill('SIGTERM'));
    });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => resolve({ code, out, err }));
  });
}

test('--help exits 0 with usage on stdout', async () => {
  const r = await run(['--help']);
  assert.is(r.code, 0);
  assert.match(r.out, /--auto-register/);
});

test('usage errors exit 2', async () => {
  assert.is((await run(['--port', 'x'])).code, 2);
  assert.is((await run(['--bogus'])).code, 2);
});

test('a port that is taken exits 3', async () => {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  const r = await run(['--port', String(port)]);
  srv.close();
  assert.is(r.code, 3);
  assert.match(r.err, /OFDM|listen/i);
});

test('--demo runs a scripted register and exits 0; --verbose logs frames to stderr', async () => {
  const r = await run(['--demo', '--verbose']);
  assert.match(r.err, /#1 → kkm 424242 ch 0 INFO reqnum 1 result 0/);
  assert.match(r.err, /faults demo-busy:result_code/);
  assert.is(r.code, 0, r.err);
  assert.match(r.out, /listening on 127\.0\.0\.1:\d+ \(channel 0\)/);
  assert.match(r.out, /register 424242 connected on channel 0/);
  assert.match(r.out, /result 254/);
  assert.match(r.out, /fiscal sign \d{10}/);
});

test('--provision a device profile, two ports, prints each register that connects; SIGTERM exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ofdm-cli-'));
  try {
    const file = join(dir, 'device.json');
    writeFileSync(file, JSON.stringify({ dcp: 'tcp://127.0.0.1:7070', registration: REG, protocolVersion: 203 }));
    const ports: number[] = [];
    let sent = false;
    const r = await run(['--provision', file, '--port', '0', '--port', '0', '--control', '0'], (line, kill) => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(line);
      if (m) ports.push(Number(m[1]));
      if (/^control API/.test(line) && !sent) {
        sent = true;
        void requestOnce(ports[1]!, { version: 203, deviceId: REG.kkmId, token: REG.token, reqNum: 1 }, sampleInfo({ reg: REG, at: Date.UTC(2026, 0, 10) }));
      }
      if (/connected on channel 1/.test(line)) kill();
    });
    assert.is(r.code, 0, r.err);
    assert.is(ports.length, 2);
    assert.match(r.out, /provisioned register 424242 RNM 010101234567/);
    assert.match(r.out, /register 424242 connected on channel 1/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test.run();
