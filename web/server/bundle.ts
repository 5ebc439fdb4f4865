// Building the dashboard bundle with Vite's JS API (web/vite.config.ts), and Vite's dev server.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_OUT_DIR, WEB_ROOT } from '../vite.config.js';
import { DashboardError } from './errors.js';

export { DEFAULT_OUT_DIR };

export function bundleExists(outDir: string = DEFAULT_OUT_DIR): boolean {
  return existsSync(join(outDir, 'index.html'));
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(path)) m = Math.max(m, newestMtime(join(path, e)));
  return m;
}

/** The bundle exists and is newer than every source it is built from (web/src, index.html, vite.config.ts). */
export function bundleFresh(outDir: string = DEFAULT_OUT_DIR): boolean {
  if (!bundleExists(outDir)) return false;
  const built = statSync(join(outDir, 'index.html')).mtimeMs;
  const sources = Math.max(newestMtime(join(WEB_ROOT, 'src')), newestMtime(join(WEB_ROOT, 'index.html')), newestMtime(join(WEB_ROOT, 'vite.config.ts')));
  return built >= sources;
}

/** Builds web/ into `outDir` (default dist-web/ at the repo root). */
export async function buildBundle(outDir: string = DEFAULT_OUT_DIR): Promise<void> {
  const { build } = await import('vite');
  try {
    await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } catch (err) {
    throw new DashboardError('WEB_BUILD_FAILED', `vite build failed: ${(err as Error).message}`, { cause: err });
  }
}

export interface DevMiddleware {
  handle(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void): void;
  close(): Promise<void>;
}

/** Vite in middleware mode (hot reload) for `--dev`. */
export async function startDevMiddleware(): Promise<DevMiddleware> {
  const { createServer } = await import('vite');
  const vite = await createServer({ configFile: join(WEB_ROOT, 'vite.config.ts'), server: { middlewareMode: true }, appType: 'spa' });
  return { handle: (req, res, next) => vite.middlewares(req, res, next), close: () => vite.close() };
}
