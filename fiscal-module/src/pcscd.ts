// Starts a private pcscd for tests and benchmarks: its own reader.conf.d (vpcd on a free port
// pair, a friendly name of our own), `--foreground --auto-exit`, killed by PID when done.
// pcscd always uses /run/pcscd (one daemon per machine): when another live pcscd owns it, we
// reuse that daemon if its configuration has a vpcd reader, and otherwise fail with a clear message.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { FiscalModuleError } from './errors.js';

export const PCSCD_RUN_DIR = '/run/pcscd';
export const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

export interface PcscdHandle {
  /** true when we started it (and stop() kills it); false when an already running pcscd is reused */
  owned: boolean;
  pid: number | null;
  /** TCP port the vpcd driver listens on for the first virtual reader (the second is port + 1) */
  vpcdPort: number;
  /** reader name of the first virtual reader, e.g. "KKM Fiscal VPCD 00 00" */
  readerName: string;
  stop(): Promise<void>;
}

export interface PcscdOptions {
  /** vpcd channel port; 0 = pick a free pair @defaultValue 0 */
  vpcdPort?: number;
  /** @defaultValue 'KKM Fiscal VPCD' */
  friendlyName?: string;
  /** pcscd binary @defaultValue 'pcscd' (also looked up in /usr/sbin) */
  binary?: string;
  /** @defaultValue 10000 */
  startTimeoutMs?: number;
  /** reuse a running pcscd that has a vpcd reader @defaultValue true */
  reuse?: boolean;
  /**
   * Start pcscd with an LD_PRELOAD shim that sets TCP_NODELAY on the sockets vpcd accepts (built
   * with `cc` on first use; skipped with a log line when there is no compiler). Debian's vpcd
   * 0.8 writes the 2-byte length and the APDU in two send() calls, so Nagle holds the APDU until
   * the card's delayed ACK (~40 ms) — the shim brings a round trip from ~44 ms to well under 1 ms.
   * @defaultValue true
   */
  tcpNoDelay?: boolean;
  clock?: Clock;
  log?: (line: string) => void;
}

const NODELAY_SHIM_C = `#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
static void nodelay(int fd) { if (fd >= 0) { int one = 1; setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one); } }
int accept(int s, struct sockaddr *a, socklen_t *l) {
  static int (*real)(int, struct sockaddr *, socklen_t *);
  if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *)) dlsym(RTLD_NEXT, "accept");
  int fd = real(s, a, l); nodelay(fd); return fd;
}
int accept4(int s, struct sockaddr *a, socklen_t *l, int f) {
  static int (*real)(int, struct sockaddr *, socklen_t *, int);
  if (!real) real = (int (*)(int, struct sockaddr *, socklen_t *, int)) dlsym(RTLD_NEXT, "accept4");
  int fd = real(s, a, l, f); nodelay(fd); return fd;
}
`;

/** Builds (once per machine) the TCP_NODELAY shim; returns its path or null. */
export function buildNoDelayShim(log: (line: string) => void = () => {}): string | null {
  const tag = createHash('sha256').update(NODELAY_SHIM_C).digest('hex').slice(0, 12);
  const so = join(tmpdir(), `kkm-fm-nodelay-${tag}.so`);
  if (existsSync(so)) return so;
  const dir = mkdtempSync(join(tmpdir(), 'fm-shim-'));
  try {
    const src = join(dir, 'nodelay.c');
    writeFileSync(src, NODELAY_SHIM_C);
    const tmpSo = join(dir, 'nodelay.so');
    const r = spawnSync('cc', ['-shared', '-fPIC', '-O2', '-o', tmpSo, src, '-ldl'], { encoding: 'utf8' });
    if (r.status !== 0) { log(`TCP_NODELAY shim not built (${r.error?.message ?? r.stderr.trim()}); vpcd round trips will take ~40 ms`); return null; }
    writeFileSync(so, readFileSync(tmpSo));
    return so;
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

function runningPcscdPid(): number | null {
  const pidFile = join(PCSCD_RUN_DIR, 'pcscd.pid');
  if (!existsSync(join(PCSCD_RUN_DIR, 'pcscd.comm')) && !existsSync(pidFile)) return null;
  let pid = NaN;
  try { pid = Number(/\d+/.exec(readFileSync(pidFile, 'utf8'))?.[0] ?? NaN); } catch { /* no pid file */ }
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : -1; // -1: stale files
}

/** The reader.conf.d a running pcscd reads: its `--config`/`-c` argument, else the system one. */
function configDirOf(pid: number): string {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if ((a === '--config' || a === '-c') && argv[i + 1]) return argv[i + 1]!;
      if (a.startsWith('--config=')) return a.slice('--config='.length);
    }
  } catch { /* not Linux or gone */ }
  return '/etc/reader.conf.d';
}

/** The first vpcd reader in a reader.conf.d, for reusing a running pcscd. */
function systemVpcdReader(d = '/etc/reader.conf.d'): { port: number; readerName: string } | null {
  let files: string[] = [];
  try { files = readdirSync(d); } catch { return null; }
  for (const f of files) {
    let text = '';
    try { text = readFileSync(join(d, f), 'utf8'); } catch { continue; }
    if (!text.includes('libifdvpcd')) continue;
    const ch = /CHANNELID\s+(0x[0-9a-fA-F]+|\d+)/.exec(text);
    const name = /FRIENDLYNAME\s+"([^"]+)"/.exec(text);
    if (ch) return { port: Number(ch[1]), readerName: `${name?.[1] ?? 'Virtual PCD'} 00 00` };
  }
  return null;
}

async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const p = await new Promise<number>((resolve, reject) => {
      const s = createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a ? a.port : 0)); });
    });
    if (p < 1024 || p > 65000) continue;
    const ok = await new Promise<boolean>((resolve) => {
      const s = createServer();
      s.once('error', () => resolve(false));
      s.listen(p + 1, '0.0.0.0', () => s.close(() => resolve(true)));
    });
    if (ok) return p;
  }
  throw new FiscalModuleError('FM_PCSC_UNAVAILABLE', 'no free TCP port pair for vpcd');
}

export async function startPcscd(opts: PcscdOptions = {}): Promise<PcscdHandle> {
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? (() => {});
  const timeout = opts.startTimeoutMs ?? 10_000;
  const friendly = opts.friendlyName ?? 'KKM Fiscal VPCD';
  const running = runningPcscdPid();
  if (running !== null && running > 0) {
    const sys = opts.reuse === false ? null : systemVpcdReader(configDirOf(running));
    if (!sys) {
      throw new FiscalModuleError('FM_PCSC_UNAVAILABLE', `another pcscd (pid ${running}) owns ${PCSCD_RUN_DIR} and has no vpcd reader in ${configDirOf(running)}; stop it (kill ${running}) so a private pcscd can start`);
    }
    log(`reusing running pcscd (pid ${running}); vpcd on port ${sys.port}, reader "${sys.readerName}"`);
    return { owned: false, pid: running, vpcdPort: sys.port, readerName: sys.readerName, stop: async () => {} };
  }
  if (running === -1) {
    log(`removing stale ${PCSCD_RUN_DIR} files of a dead pcscd`);
    for (const f of ['pcscd.comm', 'pcscd.pid']) { try { unlinkSync(join(PCSCD_RUN_DIR, f)); } catch { /* gone */ } }
  }
  if (!existsSync(VPCD_DRIVER)) throw new FiscalModuleError('FM_PCSC_UNAVAILABLE', `vpcd driver ${VPCD_DRIVER} missing (apt-get install vsmartcard-vpcd)`);
  const port = opts.vpcdPort || await freePortPair();
  const dir = mkdtempSync(join(tmpdir(), 'fm-pcscd-'));
  const conf = join(dir, 'reader.conf.d');
  mkdirSync(conf);
  const hex = `0x${port.toString(16).toUpperCase()}`;
  writeFileSync(join(conf, 'vpcd'), `FRIENDLYNAME "${friendly}"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      ${VPCD_DRIVER}\nCHANNELID    ${hex}\n`);
  const bin = opts.binary ?? (existsSync('/usr/sbin/pcscd') ? '/usr/sbin/pcscd' : 'pcscd');
  const shim = opts.tcpNoDelay === false ? null : buildNoDelayShim(log);
  const env = shim ? { ...process.env, LD_PRELOAD: shim } : process.env;
  const child: ChildProcess = spawn(bin, ['--foreground', '--auto-exit', '--config', conf], { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr?.on('data', (d) => { stderr += d; if (stderr.length > 4000) stderr = stderr.slice(-4000); });
  let exited = false;
  const exitP = new Promise<void>((r) => child.once('exit', () => { exited = true; r(); }));
  child.once('error', (e) => { stderr += String(e); });
  const t0 = clock.now();
  while (!existsSync(join(PCSCD_RUN_DIR, 'pcscd.comm'))) {
    if (exited || clock.now() - t0 > timeout) {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
      throw new FiscalModuleError('FM_PCSC_UNAVAILABLE', `pcscd did not start: ${stderr.trim() || 'no socket in ' + PCSCD_RUN_DIR}`);
    }
    await new Promise<void>((r) => clock.setTimeout(r, 20));
  }
  log(`pcscd started (pid ${child.pid}), vpcd on port ${port}`);
  return {
    owned: true,
    pid: child.pid ?? null,
    vpcdPort: port,
    readerName: `${friendly} 00 00`,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const killer = clock.setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, 3000);
        await exitP;
        clock.clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
