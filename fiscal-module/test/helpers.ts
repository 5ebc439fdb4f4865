// Test helpers: a fast scratch directory (tmpfs when there is one: on ext4 with discard, every
// file rewrite costs milliseconds, and the power-cut sweeps rewrite thousands of images).
import { accessSync, constants, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function scratchDir(prefix: string): string {
  let base = tmpdir();
  try { accessSync('/dev/shm', constants.W_OK); base = '/dev/shm'; } catch { /* no tmpfs */ }
  return mkdtempSync(join(base, prefix));
}
