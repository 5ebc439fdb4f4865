// Options of openInProcessModule: one object, defaults in one constant, checked once.
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { APPLET_DEFAULTS } from './applet.js';
import { FiscalModuleError } from './errors.js';

export interface ModuleOptions {
  /** file image; omit for a memory-only module */
  imagePath?: string;
  /** @defaultValue systemClock */
  clock?: Clock;
  /** fsync journal and image on every commit @defaultValue true */
  sync?: boolean;
  /** @defaultValue 32768 */
  maxPayload?: number;
  /** @defaultValue 256 MiB */
  capacityBytes?: number;
  /** @defaultValue 3 */
  pinTries?: number;
}

export const MODULE_DEFAULTS = { clock: systemClock, sync: true, ...APPLET_DEFAULTS } as const;

export type ResolvedModuleOptions = Required<Omit<ModuleOptions, 'imagePath'>> & { imagePath?: string };

export function resolveModuleOptions(o: ModuleOptions = {}): ResolvedModuleOptions {
  const r = { ...MODULE_DEFAULTS, ...o };
  if (o.imagePath !== undefined && (typeof o.imagePath !== 'string' || o.imagePath === '')) throw new FiscalModuleError('FM_BAD_OPTION', 'imagePath must be a non-empty string');
  if (typeof r.clock?.now !== 'function') throw new FiscalModuleError('FM_BAD_OPTION', 'clock must have now()');
  if (typeof r.sync !== 'boolean') throw new FiscalModuleError('FM_BAD_OPTION', 'sync must be a boolean');
  return r;
}
