// Vite config for the dashboard bundle: root is web/, output goes to dist-web/ at the repo root
// (git-ignored). Decorators: web/tsconfig.json sets experimentalDecorators (see deps.md §7).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export const WEB_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../dist-web', import.meta.url));

export default defineConfig({
  root: WEB_ROOT,
  logLevel: 'warn',
  build: { outDir: DEFAULT_OUT_DIR, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
});
