// The registry of protocol versions, keyed by the header's VERSION.
import type { ProtocolVersion } from '../header.js';
import { v202 } from './v202.js';
import { v203 } from './v203.js';
import { v204 } from './v204.js';
import type { VersionSpec } from './version.js';

export type { VersionSpec } from './version.js';

const REGISTRY: ReadonlyMap<number, VersionSpec> = new Map([v202, v203, v204].map((s) => [s.version, s]));

export function versionSpec(version: ProtocolVersion): VersionSpec {
  const s = REGISTRY.get(version);
  if (!s) throw new RangeError(`no spec for protocol version ${version}`);
  return s;
}

/** Name of a result code in a version (e.g. 18 → 'ELEMENT_NOT_FOUND_BY_BARCODE' in 203, 'DEREGISTERED' in 204), or undefined if the version has no such code. */
export function resultName(code: number, version: ProtocolVersion): string | undefined {
  return versionSpec(version).resultNames.get(code);
}

/** Whether a command code exists in a version (CANCEL_TICKET not in 204, QR commands only in 204). */
export function commandInVersion(command: number, version: ProtocolVersion): boolean {
  return versionSpec(version).commands.has(command);
}
