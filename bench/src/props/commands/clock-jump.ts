import type fc from 'fast-check';
import { advanceBy } from '../../context/dut.js';
import { isoMs } from '../../context/documents.js';
import type { CaseContext } from '../../case.js';
import { RULE_LIMIT_MS, type ClockJumpTarget } from '../arbitraries/clock-jump.js';
import { checkInvariants, oldestAutonomousSince, printedDocs } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

const HOUR = 3_600_000;
/** A boundary jump with nothing to measure from (no open shift, nothing queued) moves this far. */
const NO_ANCHOR_MS = 10 * 60_000;

/**
 * Time passes (virtual), in steps of at most an hour so timers interleave: a fixed jump, or a jump
 * to just before/after a rule's limit counted from the DUT's own state (shift opened at the
 * first receipt; oldest autonomous document still queued).
 */
export class ClockJumpCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  readonly target: ClockJumpTarget;
  constructor(target: ClockJumpTarget | number) {
    this.target = typeof target === 'number' ? { kind: 'fixed', ms: target } : target;
  }
  check(): boolean { return true; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    const ms = this.target.kind === 'fixed' ? this.target.ms : m.powered ? await boundaryJumpMs(r.ctx, this.target) : NO_ANCHOR_MS;
    await advanceBy(r.ctx, ms, HOUR);
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string {
    if (this.target.kind === 'fixed') return `clockJump(${(this.target.ms / HOUR).toFixed(2)} h)`;
    const o = this.target.offsetMs;
    return `clockJump(${this.target.rule}${o < 0 ? '-' : '+'}${Math.abs(o) / 60_000} min)`;
  }
}

async function boundaryJumpMs(ctx: CaseContext, t: Extract<ClockJumpTarget, { kind: 'boundary' }>): Promise<number> {
  const s = await ctx.dcp.call('state.get', {});
  const now = Date.parse((await ctx.dcp.call('clock.get', {})).now);
  const offline = s.offline.queued > 0 || s.offline.since !== null;
  const rule = t.rule !== 'next' ? t.rule : offline ? 'offline-72h' : 'shift-24h';
  let anchor = NaN;
  if (rule === 'shift-24h') {
    if (s.shift.open && s.shift.openedAt) anchor = isoMs(s.shift.openedAt);
  } else if (offline) {
    const oldest = oldestAutonomousSince(printedDocs(ctx));
    anchor = oldest ? isoMs(oldest.printedAt) : s.offline.since ? isoMs(s.offline.since) : NaN;
  }
  if (!Number.isFinite(anchor)) return NO_ANCHOR_MS;
  const ms = anchor + RULE_LIMIT_MS[rule] + t.offsetMs - now;
  return ms > 0 ? ms : NO_ANCHOR_MS;
}
