// The device profile of dcp.md ("The device profile"): what a lab knows about a register. The
// reference emulator takes the same file to set its factory state (passwords, registration, token).
import { readFileSync } from 'node:fs';
import { EmulatorError } from '../errors.js';
import { MODES, type DeviceProfile } from '../dcp/types.js';

export interface ProfileIssue {
  /** JSON path of the field, e.g. `$.registration.rnm` */
  path: string;
  message: string;
}

/** Filled in when the file leaves them out. */
export const PROFILE_DEFAULTS = { dcp: 'tcp://127.0.0.1:7070', protocolVersion: 203 } as const;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const DCP_URL = /^(tcp:\/\/[^\s:/]+:\d{1,5}|tcp:\/\/\[[0-9a-fA-F:]+\]:\d{1,5}|serial:[^\s@]+(@\d+)?)$/;
const REQ_ID = /^\d+(\.\d+)?$/;

/** Every problem with a device profile object, each naming its field. */
export function profileIssues(p: unknown): ProfileIssue[] {
  const out: ProfileIssue[] = [];
  const bad = (path: string, message: string) => out.push({ path, message });
  if (!isObj(p)) return [{ path: '$', message: 'the profile must be a JSON object' }];

  if (p.dcp !== undefined && (typeof p.dcp !== 'string' || !DCP_URL.test(p.dcp))) bad('$.dcp', 'must be "tcp://host:port" or "serial:/dev/ttyX@baud"');

  if (!isObj(p.passwords)) bad('$.passwords', `is required: an object with ${MODES.join(', ')}`);
  else {
    for (const m of MODES) {
      const v = p.passwords[m];
      if (typeof v !== 'string' || v.length === 0) bad(`$.passwords.${m}`, 'must be a non-empty string');
    }
    for (const k of Object.keys(p.passwords)) if (!(MODES as readonly string[]).includes(k)) bad(`$.passwords.${k}`, `is not a mode (${MODES.join(', ')})`);
  }

  const r = p.registration;
  if (!isObj(r)) bad('$.registration', 'is required: { kkmId, token, rnm, serial, org, pos }');
  else {
    if (typeof r.kkmId !== 'number' || !Number.isSafeInteger(r.kkmId) || r.kkmId <= 0) bad('$.registration.kkmId', 'must be a positive integer');
    if (typeof r.token !== 'number' || !Number.isInteger(r.token) || r.token < 0 || r.token > 0xffffffff) bad('$.registration.token', 'must be an integer 0..4294967295');
    if (typeof r.rnm !== 'string' || !/^\d{12,}$/.test(r.rnm)) bad('$.registration.rnm', 'must be a string of at least 12 digits (req 40.2)');
    if (typeof r.serial !== 'string' || r.serial.length === 0) bad('$.registration.serial', 'must be a non-empty string');
    if (!isObj(r.org)) bad('$.registration.org', 'is required: { title, iin, address }');
    else {
      if (typeof r.org.title !== 'string' || r.org.title.length === 0) bad('$.registration.org.title', 'must be a non-empty string');
      if (typeof r.org.iin !== 'string' || !/^\d{12}$/.test(r.org.iin)) bad('$.registration.org.iin', 'must be 12 digits (IIN/BIN)');
      if (typeof r.org.address !== 'string') bad('$.registration.org.address', 'must be a string');
    }
    if (!isObj(r.pos)) bad('$.registration.pos', 'is required: { title, address }');
    else {
      if (typeof r.pos.title !== 'string') bad('$.registration.pos.title', 'must be a string');
      if (typeof r.pos.address !== 'string') bad('$.registration.pos.address', 'must be a string');
    }
  }

  if (p.protocolVersion !== undefined && ![202, 203, 204].includes(p.protocolVersion as number)) bad('$.protocolVersion', 'must be 202, 203 or 204');

  if (p.notApplicable !== undefined) {
    if (!isObj(p.notApplicable)) bad('$.notApplicable', 'must be an object: requirement id → reason');
    else
      for (const [k, v] of Object.entries(p.notApplicable)) {
        if (!REQ_ID.test(k)) bad(`$.notApplicable.${k}`, 'the key must be a requirement id such as "19" or "29.6"');
        if (typeof v !== 'string' || v.length === 0) bad(`$.notApplicable.${k}`, 'must be a non-empty reason');
      }
  }
  if (p.attestations !== undefined && (typeof p.attestations !== 'string' || p.attestations.length === 0)) bad('$.attestations', 'must be a file path');
  return out;
}

/** Checks a parsed profile; returns it with defaults filled in, or throws EMU_BAD_PROFILE naming every bad field. */
export function validateProfile(p: unknown, source = 'profile'): DeviceProfile {
  const issues = profileIssues(p);
  if (issues.length > 0) {
    throw new EmulatorError('EMU_BAD_PROFILE', `${source}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  }
  const obj = p as DeviceProfile;
  return { ...obj, dcp: obj.dcp ?? PROFILE_DEFAULTS.dcp, protocolVersion: obj.protocolVersion ?? PROFILE_DEFAULTS.protocolVersion };
}

/** Reads and checks a device profile file (JSON). Throws EMU_BAD_PROFILE. */
export function loadProfile(path: string): DeviceProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EmulatorError('EMU_BAD_PROFILE', `cannot read profile ${path}: ${(err as Error).message}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new EmulatorError('EMU_BAD_PROFILE', `profile ${path} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  return validateProfile(json, path);
}
