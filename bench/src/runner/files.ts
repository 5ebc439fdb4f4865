// The lab's files: device profile, attestations (manual items), expected failures.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DeviceProfile } from '../dcp/types.js';
import { BenchError } from '../errors.js';
import type { Attestation } from './verdicts.js';

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new BenchError('BENCH_BAD_FILE', `${what} ${path}: cannot read: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BenchError('BENCH_BAD_FILE', `${what} ${path}: not valid JSON: ${(err as Error).message}`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a device profile (dcp.md) and checks the fields the bench needs. */
export function loadProfile(path: string): DeviceProfile & { attestationsPath?: string } {
  const p = readJson(path, 'profile');
  const issues: string[] = [];
  if (!isObj(p)) throw new BenchError('BENCH_BAD_FILE', `profile ${path}: must be a JSON object`);
  if (typeof p.dcp !== 'string' || !/^(tcp:\/\/|serial:)/.test(p.dcp)) issues.push('dcp must be "tcp://host:port" or "serial:/dev/…@baud"');
  if (!isObj(p.passwords)) issues.push('passwords must be an object of mode → password');
  const r = p.registration;
  if (!isObj(r) || !Number.isInteger(r.kkmId) || !Number.isInteger(r.token) || typeof r.rnm !== 'string' || typeof r.serial !== 'string' || !isObj(r.org) || !isObj(r.pos)) {
    issues.push('registration must be { kkmId, token, rnm, serial, org, pos }');
  }
  if (p.notApplicable !== undefined && !isObj(p.notApplicable)) issues.push('notApplicable must be an object of id → reason');
  if (issues.length) throw new BenchError('BENCH_BAD_FILE', `profile ${path}: ${issues.join('; ')}`);
  const profile = p as unknown as DeviceProfile & { attestationsPath?: string };
  if (typeof profile.attestations === 'string') profile.attestationsPath = resolve(dirname(path), profile.attestations);
  return profile;
}

/**
 * Attestations of manual items: `{ "37": { "verdict": "pass", "by": "…", "at": "…", "note": "…" } }`
 * or `{ "attestations": [ { "requirement": "37", "verdict": "pass", … } ] }`.
 */
export function loadAttestations(path: string): Record<string, Attestation> {
  const a = readJson(path, 'attestations');
  const out: Record<string, Attestation> = {};
  const put = (id: string, v: unknown, where: string) => {
    if (!isObj(v) || (v.verdict !== 'pass' && v.verdict !== 'fail')) throw new BenchError('BENCH_BAD_FILE', `attestations ${path}: ${where}: verdict must be "pass" or "fail"`);
    out[id] = { verdict: v.verdict, ...(typeof v.by === 'string' ? { by: v.by } : {}), ...(typeof v.at === 'string' ? { at: v.at } : {}), ...(typeof v.note === 'string' ? { note: v.note } : {}) };
  };
  if (isObj(a) && Array.isArray(a.attestations)) {
    a.attestations.forEach((v, i) => {
      if (!isObj(v) || typeof v.requirement !== 'string') throw new BenchError('BENCH_BAD_FILE', `attestations ${path}: attestations[${i}].requirement must be a string`);
      put(v.requirement, v, `attestations[${i}]`);
    });
  } else if (isObj(a)) {
    for (const [k, v] of Object.entries(a)) if (k !== '$schema') put(k, v, k);
  } else throw new BenchError('BENCH_BAD_FILE', `attestations ${path}: must be a JSON object`);
  return out;
}

/**
 * Expected failures a lab declares: `{ "29.6": "vendor fix pending, ticket 123" }` or
 * `[ { "requirement": "29.6", "reason": "…" } ]`. A reason is required.
 */
export function loadExpectedFailures(path: string): Record<string, string> {
  const a = readJson(path, 'expected failures');
  const out: Record<string, string> = {};
  const put = (id: string, reason: unknown, where: string) => {
    if (!/^\d+(\.\d+)?$/.test(id)) throw new BenchError('BENCH_BAD_FILE', `expected failures ${path}: ${where}: "${id}" is not a requirement id`);
    if (typeof reason !== 'string' || !reason.trim()) throw new BenchError('BENCH_BAD_FILE', `expected failures ${path}: ${where}: a reason is required`);
    out[id] = reason;
  };
  if (Array.isArray(a)) a.forEach((v, i) => put(String((v as { requirement?: unknown })?.requirement), (v as { reason?: unknown })?.reason, `[${i}]`));
  else if (isObj(a)) for (const [k, v] of Object.entries(a)) put(k, v, k);
  else throw new BenchError('BENCH_BAD_FILE', `expected failures ${path}: must be an object or an array`);
  return out;
}
