// The Debian packages that some test suites need, and how to get them.
//
// `npm test` calls `ensureSystemDeps()` once before it runs the suites: where a tool is missing
// and we are root with apt (a fresh CI machine), it installs the package; elsewhere it names
// exactly what to install. A suite that needs a missing tool asks `missingTool()` and skips
// itself loudly (the runner counts and prints every skip), never silently.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SystemTool {
  /** the command or file whose presence proves the package is installed */
  probe: string;
  /** the Debian package that provides it */
  pkg: string;
  /** what needs it, for the message */
  neededBy: string;
}

export const SYSTEM_TOOLS: Record<string, SystemTool> = {
  protoc: { probe: 'protoc', pkg: 'protobuf-compiler', neededBy: 'protocol oracle tests (protoc --decode/--encode)' },
  pcscd: { probe: 'pcscd', pkg: 'pcscd', neededBy: 'fiscal-module PC/SC tests' },
  vpcd: { probe: '/usr/lib/pcsc/drivers/serial/libifdvpcd.so', pkg: 'vsmartcard-vpcd', neededBy: 'fiscal-module virtual reader tests' },
  pcscHeaders: { probe: '/usr/include/PCSC/winscard.h', pkg: 'libpcsclite-dev', neededBy: 'building the @pokusew/pcsclite addon' },
  opensc: { probe: 'opensc-tool', pkg: 'opensc', neededBy: 'fiscal-module test with a third-party PC/SC client' },
  socat: { probe: 'socat', pkg: 'socat', neededBy: 'emulator serial-port DCP tests (PTY pairs)' },
  chromium: { probe: 'chromium', pkg: 'chromium', neededBy: 'dashboard browser tests' },
};

function present(probe: string): boolean {
  if (probe.startsWith('/')) return existsSync(probe);
  return spawnSync('sh', ['-c', `command -v ${probe}`], { stdio: 'ignore' }).status === 0
    || existsSync(`/usr/sbin/${probe}`);
}

/** The name of the first missing tool among `names`, or null when all are there. */
export function missingTool(...names: (keyof typeof SYSTEM_TOOLS)[]): string | null {
  for (const n of names) {
    const t = SYSTEM_TOOLS[n];
    if (t && !present(t.probe)) return `${t.probe} (Debian package ${t.pkg}, for ${t.neededBy})`;
  }
  return null;
}

/** Installs missing packages when we can (root + apt-get); returns the ones still missing. */
export function ensureSystemDeps(log: (s: string) => void = (s) => process.stderr.write(s + '\n')): SystemTool[] {
  const missing = Object.values(SYSTEM_TOOLS).filter((t) => !present(t.probe));
  if (missing.length === 0) return [];
  const pkgs = [...new Set(missing.map((t) => t.pkg)), 'fonts-liberation'];
  const canApt = process.getuid?.() === 0 && present('apt-get') && process.env.KKM_NO_APT !== '1';
  if (canApt) {
    log(`[sysdeps] installing Debian packages: ${pkgs.join(' ')}`);
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (r.status !== 0) log(`[sysdeps] apt-get install failed (exit ${r.status})`);
  }
  const still = Object.values(SYSTEM_TOOLS).filter((t) => !present(t.probe));
  if (still.length > 0) {
    log('[sysdeps] MISSING system packages; the suites that need them will be SKIPPED:');
    for (const t of still) log(`[sysdeps]   ${t.probe}: apt-get install ${t.pkg}   (needed by ${t.neededBy})`);
  }
  return still;
}
