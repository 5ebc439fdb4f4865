// Invariants checked after every command of a property run, on what the DUT printed and says.
// A violation throws InvariantViolation (fast-check then shrinks the command sequence).
import type { CaseContext } from '../case.js';
import { isoMs } from '../context/documents.js';
import type { DcpDocument, DcpState } from '../dcp/types.js';

const HOUR = 3_600_000;

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  readonly code = 'BENCH_INVARIANT';
  constructor(readonly requirement: string, message: string) {
    super(`req ${requirement}: ${message}`);
  }
}

/** Every printed document so far, in order. */
export function printedDocs(ctx: CaseContext): DcpDocument[] {
  return ctx.notifications.printed();
}

/** Invariants on paper: increasing numbers, title only with a fiscal sign and vice versa, unique autonomous signs. */
export function checkPrinted(docs: readonly DcpDocument[]): void {
  let last = -Infinity;
  const signs = new Set<string>();
  for (const d of docs) {
    if (!(d.number > last)) throw new InvariantViolation('43.2', `document numbers must strictly increase: №${d.number} printed after №${last}`);
    last = d.number;
    if (d.fiscal && !d.title) throw new InvariantViolation('39', `fiscal document №${d.number} printed without its title`);
    if (d.title && !d.fiscal) throw new InvariantViolation('43.3', `document №${d.number} carries the title "${d.title}" without a fiscal sign`);
    if (d.fiscal?.mode === 'autonomous') {
      if (!d.fiscal.sign) throw new InvariantViolation('29.3', `autonomous receipt №${d.number} has no own fiscal sign`);
      if (signs.has(d.fiscal.sign)) throw new InvariantViolation('29.3', `autonomous fiscal sign ${d.fiscal.sign} used twice (№${d.number})`);
      signs.add(d.fiscal.sign);
    }
  }
}

/** Was a sale allowed to succeed in this state at DUT time `now`? Throws when it was not. */
export function checkSaleAllowed(before: DcpState, now: number): void {
  if (before.offline.since) {
    const since = isoMs(before.offline.since);
    if (Number.isFinite(since) && now - since > 72 * HOUR) throw new InvariantViolation('29.6', `a sale was accepted after ${((now - since) / HOUR).toFixed(1)} h of autonomous work (limit 72 h)`);
  }
  if (before.shift.open && before.shift.openedAt) {
    const opened = isoMs(before.shift.openedAt);
    if (Number.isFinite(opened) && now - opened > 24 * HOUR) throw new InvariantViolation('14', `a sale was accepted in a shift open for ${((now - opened) / HOUR).toFixed(1)} h (limit 24 h)`);
  }
}

/**
 * The oldest autonomous receipt that may still be undelivered: autonomous receipts printed after
 * the last online fiscal document (the register uploads its queue before it works online again).
 */
export function oldestAutonomousSince(docs: readonly DcpDocument[]): DcpDocument | undefined {
  let lastOnline = -1;
  docs.forEach((d, i) => { if (d.fiscal?.mode === 'online') lastOnline = i; });
  return docs.slice(lastOnline + 1).find((d) => d.fiscal?.mode === 'autonomous');
}

/** The per-step invariants: paper, and (when powered) a consistent state. */
export async function checkInvariants(ctx: CaseContext, powered: boolean): Promise<void> {
  const docs = printedDocs(ctx);
  checkPrinted(docs);
  if (!powered) return;
  const s = await ctx.dcp.call('state.get', {});
  if (s.offline.queued < 0) throw new InvariantViolation('8', `negative offline queue ${s.offline.queued}`);
  // req 29.6 is about the oldest autonomous receipt (not about how long the link was down)
  const oldest = oldestAutonomousSince(docs);
  if (oldest && s.offline.queued > 0 && s.blocked === null) {
    const now = Date.parse((await ctx.dcp.call('clock.get', {})).now);
    const at = isoMs(oldest.printedAt);
    if (Number.isFinite(at) && now - at > 72 * HOUR + 60_000) {
      throw new InvariantViolation('29.6', `the oldest autonomous receipt №${oldest.number} is ${((now - at) / HOUR).toFixed(1)} h old, ${s.offline.queued} still queued, and the register is not blocked`);
    }
  }
}
