// Options of the dashboard server: one object, defaults in one constant, checked once.
import { DashboardError } from './errors.js';
import type { LiveLoaders } from './live.js';

export interface DashboardOptions {
  /** @defaultValue '127.0.0.1' (loopback only) */
  host: string;
  /** @defaultValue 0 (any free port; the CLI uses 7080) */
  port: number;
  /** where runs live: `<reportsDir>/<run-id>/report.json|trace.jsonl` @defaultValue 'reports' */
  reportsDir: string;
  /**
   * what to serve at `/`: `bundle` = the built bundle in `bundleDir` (built first when missing or
   * older than web/src),
   * `dev` = Vite's dev server as middleware, `none` = the API only. @defaultValue 'bundle'
   */
  ui: 'bundle' | 'dev' | 'none';
  /** the built bundle @defaultValue '<repo>/dist-web' */
  bundleDir?: string;
  /** rebuild the bundle even if it exists @defaultValue false */
  rebuild: boolean;
  /** start a live register (reference emulator + ofd-mock in-process) for the front panel and fleet @defaultValue true */
  live: boolean;
  /** the live register's time: `virtual` (advanced from the panel) or `wall` @defaultValue 'wall' */
  liveClock: 'wall' | 'virtual';
  /** the live register's display language (its messages; the panel's keys switch either way) @defaultValue 'ru' */
  liveLang: 'ru' | 'kz';
  /**
   * an operator server running elsewhere (ofd-mock's control API): the fleet view shows its
   * registers instead of the live one's @defaultValue none
   */
  operator?: { url: string; token: string; pollMs?: number };
  /** logs go here (never stdout) @defaultValue stderr */
  log: (line: string) => void;
  /** substitutes for how the live register's parts are loaded (tests) @defaultValue the real parts */
  liveLoaders?: Partial<LiveLoaders>;
  /**
   * the server's own clock, for the metadata of runs still in progress (their `mtime`); the only
   * wall-clock reading of the server goes through here @defaultValue the system clock
   */
  now: () => number;
}

export const DEFAULT_DASHBOARD_OPTIONS: DashboardOptions = {
  host: '127.0.0.1',
  port: 0,
  reportsDir: 'reports',
  ui: 'bundle',
  rebuild: false,
  live: true,
  liveClock: 'wall',
  liveLang: 'ru',
  log: (line) => process.stderr.write(line + '\n'),
  now: () => Date.now(),
};

export function resolveOptions(input: Partial<DashboardOptions> = {}): DashboardOptions {
  const o: DashboardOptions = { ...DEFAULT_DASHBOARD_OPTIONS, ...input };
  if (typeof o.host !== 'string' || o.host === '') throw new DashboardError('WEB_BAD_OPTION', 'host must be a non-empty string');
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw new DashboardError('WEB_BAD_OPTION', 'port must be an integer 0..65535');
  if (typeof o.reportsDir !== 'string' || o.reportsDir === '') throw new DashboardError('WEB_BAD_OPTION', 'reportsDir must be a non-empty path');
  if (!['bundle', 'dev', 'none'].includes(o.ui)) throw new DashboardError('WEB_BAD_OPTION', "ui must be 'bundle', 'dev' or 'none'");
  if (!['wall', 'virtual'].includes(o.liveClock)) throw new DashboardError('WEB_BAD_OPTION', "liveClock must be 'wall' or 'virtual'");
  if (typeof o.now !== 'function') throw new DashboardError('WEB_BAD_OPTION', 'now must be a function returning epoch ms');
  if (!['ru', 'kz'].includes(o.liveLang)) throw new DashboardError('WEB_BAD_OPTION', "liveLang must be 'ru' or 'kz'");
  if (o.operator !== undefined) {
    if (!o.operator || typeof o.operator.url !== 'string' || !/^https?:\/\//.test(o.operator.url)) throw new DashboardError('WEB_BAD_OPTION', 'operator.url must be an http(s) URL');
    if (typeof o.operator.token !== 'string' || o.operator.token === '') throw new DashboardError('WEB_BAD_OPTION', 'operator.token must be a non-empty string');
    if (o.operator.pollMs !== undefined && (!Number.isInteger(o.operator.pollMs) || o.operator.pollMs < 10)) throw new DashboardError('WEB_BAD_OPTION', 'operator.pollMs must be an integer ≥ 10');
  }
  if (typeof o.log !== 'function') throw new DashboardError('WEB_BAD_OPTION', 'log must be a function');
  return o;
}
