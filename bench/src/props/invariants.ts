// Invariants checked after every command of a property run, on what the DUT printed and says.
// A violation throws InvariantViolation (fast-check then shrinks the command sequence).
import type { CaseContext } from '../case.js';
import { isoMs } from '../context/documents.js';
import { requests } from '../context/operator.js';
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

/**
 * Was a sale allowed to succeed in this state at DUT time `now`? Throws when it was not. The 72 h
 * of req 29.6 count from the oldest autonomous document still queued (`docs`: what was printed
 * before the sale), or from `offline.since` when the printed documents do not tell.
 */
export function checkSaleAllowed(before: DcpState, now: number, docs?: readonly DcpDocument[]): void {
  const oldest = docs && before.offline.queued > 0 ? oldestAutonomousSince(docs) : undefined;
  const anchor = oldest ? oldest.printedAt : before.offline.since;
  if (anchor) {
    const since = isoMs(anchor);
    if (Number.isFinite(since) && now - since > 72 * HOUR) throw new InvariantViolation('29.6', `a sale was accepted after ${((now - since) / HOUR).toFixed(1)} h of autonomous work (limit 72 h)`);
  }
  if (before.shift.open && before.shift.openedAt) {
    const opened = isoMs(before.shift.openedAt);
    if (Number.isFinite(opened) && now - opened > 24 * HOUR) throw new InvariantViolation('14', `a sale was accepted in a shift open for ${((now - opened) / HOUR).toFixed(1)} h (limit 24 h)`);
  }
}

/** A ticket's local date and time (protobuf JSON `dateTime`) in epoch ms, read with the UTC offset of `like` (an ISO time of the DUT). */
export function ticketTimeMs(dateTime: unknown, like: string): number {
  const d = dateTime as { date?: { year?: number; month?: number; day?: number }; time?: { hour?: number; minute?: number; second?: number } } | undefined;
  if (!d?.date?.year || !d.date.month || !d.date.day) return NaN;
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  const offset = /([+-]\d\d:\d\d|Z)$/.exec(like)?.[1] ?? 'Z';
  return Date.parse(`${d.date.year}-${two(d.date.month)}-${two(d.date.day)}T${two(d.time?.hour)}:${two(d.time?.minute)}:${two(d.time?.second)}${offset}`);
}

/**
 * Req 14 is the register's own rule: no payment document of a shift dated more than 24 h after the
 * shift's first document. Judged on what reached the operator (TICKET requests of the open shift),
 * because the operator's own answer (result 11 after 24 h) would make a register that does not
 * count look the same as one that refuses by itself.
 */
export function checkShiftLimitObeyed(s: DcpState, tickets: readonly { decoded?: unknown }[]): void {
  if (!s.shift.open || !s.shift.openedAt) return;
  const opened = isoMs(s.shift.openedAt);
  if (!Number.isFinite(opened)) return;
  for (const f of tickets) {
    const t = (f.decoded as { ticket?: { frShiftNumber?: number; dateTime?: unknown; printedDocumentNumber?: string } } | undefined)?.ticket;
    if (!t || t.frShiftNumber !== s.shift.number) continue;
    const at = ticketTimeMs(t.dateTime, s.shift.openedAt);
    if (Number.isFinite(at) && at - opened > 24 * HOUR) {
      throw new InvariantViolation('14', `a sale dated ${((at - opened) / HOUR).toFixed(1)} h after the shift's first document (limit 24 h) was sent to the operator (document ${t.printedDocumentNumber ?? '?'}): the register did not refuse it itself`);
    }
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

/** Block reasons that hold past a Z report (so they stop autonomous work past 72 h, req 29.6). */
export const LASTING_BLOCKS: ReadonlySet<string> = new Set(['offline_too_long', 'suspended_by_ofd', 'selftest_failed']);

/** The per-step invariants: paper, and (when powered) a consistent state. */
export async function checkInvariants(ctx: CaseContext, powered: boolean): Promise<void> {
  const docs = printedDocs(ctx);
  checkPrinted(docs);
  if (!powered) return;
  const s = await ctx.dcp.call('state.get', {});
  if (s.offline.queued < 0) throw new InvariantViolation('8', `negative offline queue ${s.offline.queued}`);
  checkShiftLimitObeyed(s, requests(ctx, 'TICKET'));
  // req 29.6 is about the oldest autonomous receipt (not about how long the link was down)
  const oldest = oldestAutonomousSince(docs);
  // blocked, and for a reason a Z report does not lift: a register blocked only because its shift
  // expired (req 14) would go on working offline after the next Z
  if (oldest && s.offline.queued > 0 && !(s.blocked && LASTING_BLOCKS.has(s.blocked.reason))) {
    const now = Date.parse((await ctx.dcp.call('clock.get', {})).now);
    const at = isoMs(oldest.printedAt);
    if (Number.isFinite(at) && now - at > 72 * HOUR + 60_000) {
      throw new InvariantViolation('29.6', `the oldest autonomous receipt №${oldest.number} is ${((now - at) / HOUR).toFixed(1)} h old, ${s.offline.queued} still queued, and the register is ${s.blocked ? `blocked only for ${s.blocked.reason}` : 'not blocked'}`);
    }
  }
}
