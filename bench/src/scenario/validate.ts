// Scenario validation: every problem, each with a JSON path (the same rules as scenarios/schema.json).
import { readFileSync } from 'node:fs';
import { SCENARIO_SCHEMA, type Scenario } from './types.js';

export interface ScenarioIssue { path: string; message: string }
export type ScenarioParse = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

const STEP_KEYS = ['dcp', 'fault', 'order', 'clock', 'expect', 'check'] as const;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const REQ = /^\d+(\.\d+)?$/;

function countIssues(c: unknown, path: string, issues: ScenarioIssue[]): void {
  if (c === undefined) return;
  if (!isObj(c)) { issues.push({ path, message: 'must be an object { min?, max?, eq? }' }); return; }
  for (const [k, v] of Object.entries(c)) {
    if (!['min', 'max', 'eq'].includes(k)) issues.push({ path: `${path}.${k}`, message: 'unknown key' });
    else if (!Number.isInteger(v) || (v as number) < 0) issues.push({ path: `${path}.${k}`, message: 'must be a non-negative integer' });
  }
}

function stepIssues(s: unknown, path: string, issues: ScenarioIssue[]): void {
  if (!isObj(s)) { issues.push({ path, message: 'a step must be an object' }); return; }
  // a DCP step may carry its own `expect`; every other step has exactly one kind key
  const kinds = 'dcp' in s ? STEP_KEYS.filter((k) => k in s && k !== 'expect') : STEP_KEYS.filter((k) => k in s);
  if (kinds.length !== 1) { issues.push({ path, message: `a step has exactly one of ${STEP_KEYS.join(', ')} (found ${kinds.join(', ') || 'none'})` }); return; }
  if (s.requirement !== undefined && (typeof s.requirement !== 'string' || !REQ.test(s.requirement))) issues.push({ path: `${path}.requirement`, message: 'must be a requirement id like 29.6' });
  if (s.note !== undefined && typeof s.note !== 'string') issues.push({ path: `${path}.note`, message: 'must be a string' });
  const kind = kinds[0]!;
  switch (kind) {
    case 'dcp': {
      if (typeof s.dcp !== 'string' || !/^[a-z]+\.[a-zA-Z_.]+$/.test(s.dcp)) issues.push({ path: `${path}.dcp`, message: 'must be a DCP method name like receipt.create' });
      if (s.params !== undefined && !isObj(s.params)) issues.push({ path: `${path}.params`, message: 'must be an object' });
      if (s.as !== undefined && (typeof s.as !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.as))) issues.push({ path: `${path}.as`, message: 'must be an identifier' });
      if (s.settle !== undefined && (!isObj(s.settle) || !Number.isInteger(s.settle.maxMs) || (s.settle.maxMs as number) <= 0 || (s.settle.stepMs !== undefined && (!Number.isInteger(s.settle.stepMs) || (s.settle.stepMs as number) <= 0)))) {
        issues.push({ path: `${path}.settle`, message: 'must be { maxMs: positive integer, stepMs?: positive integer }' });
      }
      if (s.expect !== undefined) {
        if (!isObj(s.expect)) issues.push({ path: `${path}.expect`, message: 'must be an object' });
        else {
          for (const k of Object.keys(s.expect)) if (!['ok', 'reason', 'match'].includes(k)) issues.push({ path: `${path}.expect.${k}`, message: 'unknown key' });
          if (s.expect.ok !== undefined && typeof s.expect.ok !== 'boolean') issues.push({ path: `${path}.expect.ok`, message: 'must be a boolean' });
          if (s.expect.reason !== undefined && typeof s.expect.reason !== 'string') issues.push({ path: `${path}.expect.reason`, message: 'must be a string' });
          if (s.expect.reason !== undefined && s.expect.ok === true) issues.push({ path: `${path}.expect`, message: 'reason implies ok: false' });
          if (s.expect.match !== undefined && !isObj(s.expect.match)) issues.push({ path: `${path}.expect.match`, message: 'must be an object of path → matcher' });
        }
      }
      break;
    }
    case 'fault': {
      const f = s.fault;
      if (!isObj(f)) { issues.push({ path: `${path}.fault`, message: 'must be an object' }); break; }
      if (isObj(f.add)) {
        const a = f.add;
        if (typeof a.name !== 'string' || !a.name) issues.push({ path: `${path}.fault.add.name`, message: 'must be a non-empty string' });
        if (typeof a.kind !== 'string' || !a.kind) issues.push({ path: `${path}.fault.add.kind`, message: 'must be a fault kind (latency, blackhole, …)' });
        if (a.direction !== 'to-ofd' && a.direction !== 'to-kkm') issues.push({ path: `${path}.fault.add.direction`, message: 'must be to-ofd or to-kkm' });
        if (a.probability !== undefined && (typeof a.probability !== 'number' || a.probability < 0 || a.probability > 1)) issues.push({ path: `${path}.fault.add.probability`, message: 'must be a number 0..1' });
      } else if (typeof f.remove === 'string') {
        // ok
      } else if (f.reset === true) {
        // ok
      } else issues.push({ path: `${path}.fault`, message: 'must be { add: FaultSpec } | { remove: name } | { reset: true }' });
      break;
    }
    case 'order': {
      const o = s.order;
      const ok = isObj(o) && ((isObj(o.suspend) && typeof o.suspend.reason === 'string') || o.resume === true || (isObj(o.notify) && typeof o.notify.text === 'string') || o.deregister === true);
      if (!ok) issues.push({ path: `${path}.order`, message: 'must be { suspend: { reason } } | { resume: true } | { notify: { text } } | { deregister: true }' });
      break;
    }
    case 'clock': {
      const c = s.clock;
      if (!isObj(c) || !Number.isInteger(c.advance) || (c.advance as number) < 0) issues.push({ path: `${path}.clock.advance`, message: 'must be a non-negative integer of ms' });
      break;
    }
    case 'expect': {
      const e = s.expect;
      if (!isObj(e)) { issues.push({ path: `${path}.expect`, message: 'must be an object' }); break; }
      const what = ['state', 'printed', 'display', 'ofd', 'register'].filter((k) => k in e);
      if (what.length !== 1) issues.push({ path: `${path}.expect`, message: 'has exactly one of state, printed, display, ofd, register' });
      else if (!isObj(e[what[0]!])) issues.push({ path: `${path}.expect.${what[0]}`, message: 'must be an object of path → matcher' });
      countIssues(e.count, `${path}.expect.count`, issues);
      break;
    }
    case 'check':
      if (s.check !== 'invariants') issues.push({ path: `${path}.check`, message: 'must be "invariants"' });
      break;
  }
}

/** Validates parsed JSON as a scenario; returns every issue. */
export function validateScenario(value: unknown): ScenarioParse {
  const issues: ScenarioIssue[] = [];
  if (!isObj(value)) return { ok: false, issues: [{ path: '$', message: 'a scenario is a JSON object' }] };
  if (value.schema !== SCENARIO_SCHEMA) issues.push({ path: '$.schema', message: `must be "${SCENARIO_SCHEMA}"` });
  if (typeof value.name !== 'string' || !value.name) issues.push({ path: '$.name', message: 'must be a non-empty string' });
  if (!Array.isArray(value.covers) || value.covers.length === 0) issues.push({ path: '$.covers', message: 'must be a non-empty array of requirement ids' });
  else value.covers.forEach((c, i) => { if (typeof c !== 'string' || !REQ.test(c)) issues.push({ path: `$.covers[${i}]`, message: 'must be a requirement id like 29.6' }); });
  if (value.needs !== undefined && (!Array.isArray(value.needs) || value.needs.some((n) => typeof n !== 'string'))) issues.push({ path: '$.needs', message: 'must be an array of capability names' });
  if (value.seed !== undefined && !Number.isInteger(value.seed)) issues.push({ path: '$.seed', message: 'must be an integer' });
  if (value.longRunning !== undefined && typeof value.longRunning !== 'boolean') issues.push({ path: '$.longRunning', message: 'must be a boolean' });
  if (!Array.isArray(value.steps) || value.steps.length === 0) issues.push({ path: '$.steps', message: 'must be a non-empty array of steps' });
  else value.steps.forEach((s, i) => stepIssues(s, `$.steps[${i}]`, issues));
  return issues.length ? { ok: false, issues } : { ok: true, scenario: value as unknown as Scenario };
}

/** Reads and validates a scenario file; throws an Error listing every issue. */
export function loadScenario(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not valid JSON: ${(err as Error).message}`);
  }
  const r = validateScenario(raw);
  if (!r.ok) throw new Error(`${path}: invalid scenario:\n${r.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`);
  return r.scenario;
}
