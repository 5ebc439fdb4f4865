// A suite that cannot run here (a Debian package is missing) says so loudly and exits cleanly;
// the test runner counts the `[skip]` line and prints it in the summary.
import { missingTool, type SYSTEM_TOOLS } from './sysdeps.js';

/** Exits the process with a `[skip]` line if any of `tools` is missing; returns otherwise. */
export function skipUnless(suite: string, ...tools: (keyof typeof SYSTEM_TOOLS)[]): void {
  const missing = missingTool(...tools);
  if (missing === null) return;
  if (process.env.CI === 'true' && process.env.KKM_ALLOW_SKIP !== '1') {
    process.stderr.write(`[test] ${suite}: ${missing} is missing on CI; refusing to skip\n`);
    process.exit(1);
  }
  process.stdout.write(`[skip] ${suite}: missing ${missing}\n`);
  process.exit(0);
}
