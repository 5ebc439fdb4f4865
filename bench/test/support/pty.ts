// Test-only: a socat PTY pair (callers run skipUnless(..., 'socat') first).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function ptyPair(): Promise<{ a: string; b: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pty-'));
  const a = join(dir, 'A');
  const b = join(dir, 'B');
  const child: ChildProcess = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('starting data transfer loop')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`socat exited ${code}: ${err}`)));
  });
  return {
    a,
    b,
    close: () => new Promise<void>((resolve) => {
      const done = () => { rmSync(dir, { recursive: true, force: true }); resolve(); };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    }),
  };
}
