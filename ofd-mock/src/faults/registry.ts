// Installed faults: validation of specs, matching of frames and connections, counters.
import { OfdMockError } from '../errors.js';
import type { Clock } from '../options.js';
import type { Rng } from '../rng.js';
import { commandCode } from '../commands.js';
import type { Fault, FaultContext, FaultDirection, FaultFrame, FaultKind, FaultKindName, FaultMatch, FaultSpec, FaultView, FrameAction } from './fault.js';
import { latencyFault } from './latency.js';
import { jitterFault } from './jitter.js';
import { blackholeFault } from './blackhole.js';
import { answerThenCloseFault } from './answer-then-close.js';
import { resetFault } from './reset.js';
import { closeAfterBytesFault } from './close-after-bytes.js';
import { corruptFault } from './corrupt.js';
import { wrongTokenFault } from './wrong-token.js';
import { wrongReqnumFault } from './wrong-reqnum.js';
import { resultCodeFault } from './result-code.js';
import { refuseFault } from './refuse.js';
import { bandwidthFault } from './bandwidth.js';

/** Every fault kind, by name. Adding a kind = one file + one line here. */
export const FAULT_KINDS: Readonly<Record<FaultKindName, FaultKind<never>>> = {
  latency: latencyFault as FaultKind<never>,
  jitter: jitterFault as FaultKind<never>,
  blackhole: blackholeFault as FaultKind<never>,
  answer_then_close: answerThenCloseFault as FaultKind<never>,
  reset: resetFault as FaultKind<never>,
  close_after_bytes: closeAfterBytesFault as FaultKind<never>,
  corrupt: corruptFault as FaultKind<never>,
  wrong_token: wrongTokenFault as FaultKind<never>,
  wrong_reqnum: wrongReqnumFault as FaultKind<never>,
  result_code: resultCodeFault as FaultKind<never>,
  refuse: refuseFault as FaultKind<never>,
  bandwidth: bandwidthFault as FaultKind<never>,
};

interface Installed {
  view: FaultView;
  fault: Fault;
  ctx: FaultContext;
  command: number | null;
  from: number | null;
  until: number | null;
}

export interface MatchedAction { name: string; kind: FaultKindName; action: FrameAction }

function parseTime(v: number | string | undefined, key: string, errs: string[]): number | null {
  if (v === undefined) return null;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') { const t = Date.parse(v); if (Number.isFinite(t)) return t; }
  errs.push(`match.${key} must be epoch milliseconds or an ISO date string`);
  return null;
}

const NAME_RE = /^[A-Za-z0-9_.:-]{1,64}$/;

export class FaultRegistry {
  private readonly faults = new Map<string, Installed>();

  /** called after every add, update, remove and reset */
  onChange: (() => void) | null = null;

  constructor(private readonly clock: Clock, private readonly rng: Rng) {}

  get size(): number { return this.faults.size; }

  /** Validates a spec and returns every problem (empty = valid). */
  static check(spec: FaultSpec): string[] {
    return resolve(spec).errors;
  }

  add(spec: FaultSpec): FaultView {
    const r = resolve(spec);
    if (r.errors.length) throw new OfdMockError('OFDM_BAD_FAULT', `bad fault ${JSON.stringify(spec?.name)}: ${r.errors.join('; ')}`);
    if (this.faults.has(r.view.name)) throw new OfdMockError('OFDM_FAULT_EXISTS', `fault ${r.view.name} already exists`);
    const ctx: FaultContext = { clock: this.clock, rng: this.rng.fork(`fault:${r.view.name}`) };
    const kind = FAULT_KINDS[r.view.kind];
    const fault = kind.create(r.view.attrs as never, ctx);
    this.faults.set(r.view.name, { view: r.view, fault, ctx, command: r.command, from: r.from, until: r.until });
    this.onChange?.();
    return this.snapshot(this.faults.get(r.view.name)!);
  }

  list(): FaultView[] { return [...this.faults.values()].map((f) => this.snapshot(f)); }

  get(name: string): FaultView {
    const f = this.faults.get(name);
    if (!f) throw new OfdMockError('OFDM_FAULT_NOT_FOUND', `no fault named ${name}`);
    return this.snapshot(f);
  }

  /** Changes a fault in place; counters are kept unless `match` changes. */
  update(name: string, patch: Partial<FaultSpec>): FaultView {
    const old = this.faults.get(name);
    if (!old) throw new OfdMockError('OFDM_FAULT_NOT_FOUND', `no fault named ${name}`);
    if (patch.name !== undefined && patch.name !== name) throw new OfdMockError('OFDM_BAD_FAULT', 'name cannot be changed by update');
    const spec: FaultSpec = {
      name,
      kind: patch.kind ?? old.view.kind,
      direction: patch.direction ?? old.view.direction,
      probability: patch.probability ?? old.view.probability,
      match: patch.match ?? old.view.match,
      attrs: patch.kind && patch.kind !== old.view.kind ? (patch.attrs ?? {}) : { ...old.view.attrs, ...(patch.attrs ?? {}) },
    };
    const r = resolve(spec);
    if (r.errors.length) throw new OfdMockError('OFDM_BAD_FAULT', `bad fault ${name}: ${r.errors.join('; ')}`);
    if (!patch.match) { r.view.seen = old.view.seen; r.view.applied = old.view.applied; }
    const fault = FAULT_KINDS[r.view.kind].create(r.view.attrs as never, old.ctx);
    this.faults.set(name, { view: r.view, fault, ctx: old.ctx, command: r.command, from: r.from, until: r.until });
    this.onChange?.();
    return this.snapshot(this.faults.get(name)!);
  }

  remove(name: string): FaultView {
    const f = this.faults.get(name);
    if (!f) throw new OfdMockError('OFDM_FAULT_NOT_FOUND', `no fault named ${name}`);
    this.faults.delete(name);
    this.onChange?.();
    return this.snapshot(f);
  }

  reset(): void { this.faults.clear(); this.onChange?.(); }

  /** Channels whose listener an 'unlisten' refuse fault takes down (`all` when it names no channel). */
  unlistened(): { all: boolean; channels: Set<number> } {
    const out = { all: false, channels: new Set<number>() };
    for (const f of this.faults.values()) {
      if (f.view.kind !== 'refuse' || f.view.attrs.mode !== 'unlisten') continue;
      if (f.view.match.channel === undefined) out.all = true; else out.channels.add(f.view.match.channel);
    }
    return out;
  }

  /** Actions of every fault that acts on this frame, in installation order (counters advance). */
  evaluate(frame: FaultFrame): MatchedAction[] {
    if (this.faults.size === 0) return [];
    const out: MatchedAction[] = [];
    const now = this.clock.now();
    for (const f of this.faults.values()) {
      const v = f.view;
      if (v.direction !== frame.direction || !f.fault.onFrame) continue;
      const m = v.match;
      if (m.kkmId !== undefined && m.kkmId !== frame.kkmId) continue;
      if (m.channel !== undefined && m.channel !== frame.channel) continue;
      if (f.command !== null && f.command !== frame.command) continue;
      if (!this.takes(f, now)) continue;
      out.push({ name: v.name, kind: v.kind, action: f.fault.onFrame(frame, f.ctx) });
    }
    return out;
  }

  /** Whether a new connection on `channel` is accepted; the fault that refused it otherwise. */
  onConnect(channel: number, connectionId: number): { verdict: 'accept' | 'reset' | 'close'; fault?: string } {
    if (this.faults.size === 0) return { verdict: 'accept' };
    const now = this.clock.now();
    for (const f of this.faults.values()) {
      if (!f.fault.onConnect) continue;
      const m = f.view.match;
      if (m.channel !== undefined && m.channel !== channel) continue;
      if (!this.takes(f, now)) continue;
      const verdict = f.fault.onConnect({ channel, connectionId }, f.ctx);
      if (verdict !== 'accept') return { verdict, fault: f.view.name };
    }
    return { verdict: 'accept' };
  }

  /** Counts a matching frame and decides whether the fault acts on it. */
  private takes(f: Installed, now: number): boolean {
    if (f.from !== null && now < f.from) return false;
    if (f.until !== null && now >= f.until) return false;
    const v = f.view;
    const m = v.match;
    v.seen++;
    if (m.nth !== undefined) {
      if (v.seen < m.nth) return false;
      if (m.count === undefined && v.seen > m.nth) return false;
    }
    if (m.count !== undefined && v.applied >= m.count) return false;
    if (v.probability < 1 && !(f.ctx.rng.next() < v.probability)) return false;
    v.applied++;
    return true;
  }

  private snapshot(f: Installed): FaultView {
    const v = f.view;
    const m = v.match;
    const now = this.clock.now();
    let active = true;
    if (f.until !== null && now >= f.until) active = false;
    if (m.count !== undefined && v.applied >= m.count) active = false;
    if (m.nth !== undefined && m.count === undefined && v.seen >= m.nth && v.applied >= 1) active = false;
    return { ...v, match: { ...m }, attrs: { ...v.attrs }, active };
  }
}

function resolve(spec: FaultSpec): { errors: string[]; view: FaultView; command: number | null; from: number | null; until: number | null } {
  const errors: string[] = [];
  const s = (spec ?? {}) as FaultSpec;
  if (typeof s.name !== 'string' || !NAME_RE.test(s.name)) errors.push('name must be 1-64 characters of A-Z a-z 0-9 _ . : -');
  const kind = FAULT_KINDS[s.kind as FaultKindName] as FaultKind<Record<string, unknown>> | undefined;
  if (!kind) errors.push(`kind must be one of ${Object.keys(FAULT_KINDS).join(', ')}`);
  const direction: FaultDirection = s.direction ?? (kind && !kind.directions.includes('to-kkm') ? 'to-ofd' : 'to-kkm');
  if (direction !== 'to-ofd' && direction !== 'to-kkm') errors.push("direction must be 'to-ofd' or 'to-kkm'");
  else if (kind && !kind.directions.includes(direction)) errors.push(`kind ${s.kind} cannot act in direction ${direction}`);
  const probability = s.probability ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) errors.push('probability must be a number in [0, 1]');
  const match: FaultMatch = Object.fromEntries(Object.entries(s.match ?? {}).filter(([, v]) => v !== undefined && v !== null)) as FaultMatch;
  if (typeof match !== 'object' || Array.isArray(s.match)) errors.push('match must be an object');
  const allowedMatch = ['kkmId', 'channel', 'command', 'nth', 'count', 'from', 'until'];
  for (const k of Object.keys(match)) if (!allowedMatch.includes(k)) errors.push(`match.${k} is not a known filter (${allowedMatch.join(', ')})`);
  for (const k of ['kkmId', 'channel', 'nth', 'count'] as const) {
    const v = match[k];
    if (v === undefined || v === null) { delete match[k]; continue; }
    if (!Number.isInteger(v) || v < (k === 'nth' ? 1 : 0)) errors.push(`match.${k} must be ${k === 'nth' ? 'a positive' : 'a non-negative'} integer`);
  }
  let command: number | null = null;
  if (match.command !== undefined && match.command !== null) {
    command = commandCode(match.command);
    if (command === null) errors.push(`match.command ${JSON.stringify(match.command)} is not a command code or name`);
  } else delete match.command;
  const from = parseTime(match.from ?? undefined, 'from', errors);
  const until = parseTime(match.until ?? undefined, 'until', errors);
  if (from !== null && until !== null && until <= from) errors.push('match.until must be after match.from');
  let attrs: Record<string, unknown> = {};
  if (kind) {
    const given = s.attrs ?? {};
    if (typeof given !== 'object' || Array.isArray(given)) errors.push('attrs must be an object');
    else {
      for (const k of Object.keys(given)) if (!(k in kind.defaults)) errors.push(`attrs.${k} is not an attribute of ${kind.kind} (${Object.keys(kind.defaults).join(', ') || 'none'})`);
      attrs = { ...kind.defaults, ...given };
      errors.push(...kind.validate(attrs));
    }
  }
  return {
    errors,
    command, from, until,
    view: { name: s.name, kind: s.kind, direction, probability, match, attrs, seen: 0, applied: 0, active: true },
  };
}
