// Recurring steps of the cases: what went to paper, sales that need the clock to move (offline,
// slow operator), clock programming, the operator's ticket for a document.
import type { CaseContext } from '../case.js';
import type { DcpDocument, Receipt } from '../dcp/types.js';
import type { RequirementId } from '../report/types.js';
import { CaseAbort } from '../case.js';
import { advanceUntilSettled, enter, expectOk, errorEvidence, saleReceipt } from './dut.js';
import { isDcpError } from '../errors.js';
import { answerTo, field, frames, linkDown, moneyTiyn, path, requests, type Frame } from './operator.js';
import { docEvidence, printedText } from './documents.js';
import { poll } from './wait.js';

/**
 * The copy of `doc` that went to paper (a `document.printed` notification with the same kind
 * and number). Records a failing check on `req` when nothing was printed.
 */
export async function printedCopy(ctx: CaseContext, req: RequirementId, doc: DcpDocument, timeoutMs = 1000): Promise<DcpDocument | null> {
  const p = await poll(() => ctx.notifications.printed().find((d) => d.kind === doc.kind && d.number === doc.number), timeoutMs);
  if (!p) {
    ctx.check(false, req, `${doc.kind} №${doc.number} was returned by DCP but never printed (no document.printed)`, docEvidence(doc));
    return null;
  }
  return p;
}

/**
 * Where an operator's notification `text` reached the cashier (req 17): a display message or a
 * printed document, as a line of evidence; polls `firstWaitMs`, then moves the clock in 30 s
 * steps (at most 10 min) for a register that shows it at its next contact. undefined: nowhere.
 */
export async function noticeReachedCashier(ctx: CaseContext, text: string, firstWaitMs: number): Promise<string | undefined> {
  const seen = () => {
    const d = ctx.notifications.displays().find((m) => m.text.includes(text));
    if (d) return `display (${d.kind}, ${d.lang}): ${d.text}`;
    const p = ctx.notifications.printed().find((x) => printedText(x).includes(text));
    return p ? `printed ${p.kind} №${p.number}` : undefined;
  };
  let where = await poll(seen, firstWaitMs);
  for (let i = 0; i < 20 && !where; i++) {
    await ctx.clock.advance(30_000);
    where = await poll(seen, 50);
  }
  return where;
}

/**
 * A sale that may need the clock to move before it completes (the operator is slow or gone):
 * starts receipt.create and advances the clock in `stepMs` steps until it settles (at most
 * `maxMs`). A refusal fails the case on `req`.
 */
export async function sellAdvancing(ctx: CaseContext, req: RequirementId, receipt: Receipt = saleReceipt(ctx), maxMs = 15_000, stepMs = 100): Promise<{ doc: DcpDocument; advancedMs: number }> {
  await enter(ctx, 'registration', req);
  const r = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', receipt), maxMs, stepMs);
  if (!r.ok) {
    if (r.pending) {
      ctx.check(false, req, `receipt.create got no answer within ${r.advancedMs} ms of clock time`);
      throw new CaseAbort(req, 'receipt.create hangs');
    }
    if (isDcpError(r.error) && (r.error.code === 'BENCH_DCP_DOMAIN' || r.error.code === 'BENCH_DCP_RPC')) {
      ctx.check(false, req, `receipt.create refused: ${r.error.reason ?? r.error.rpcCode} — ${r.error.message}`, errorEvidence(r.error));
      throw new CaseAbort(req, 'receipt.create refused');
    }
    throw r.error;
  }
  return { doc: r.value!.document, advancedMs: r.advancedMs };
}

/** Any DCP call that may need the clock to move (offline Z, X, cash), refusal → failed check. */
export async function callAdvancing<T>(ctx: CaseContext, req: RequirementId, what: string, p: Promise<T>, maxMs = 15_000, stepMs = 100): Promise<T> {
  const r = await advanceUntilSettled(ctx, p, maxMs, stepMs);
  if (r.pending) {
    ctx.check(false, req, `${what} got no answer within ${r.advancedMs} ms of clock time`);
    throw new CaseAbort(req, `${what} hangs`);
  }
  if (!r.ok) return expectOk(ctx, req, what, Promise.reject(r.error));
  return r.value as T;
}

/** Takes the link down and makes an autonomous sale (the DUT must notice within its timeout). */
export async function offlineSale(ctx: CaseContext, req: RequirementId, receipt: Receipt = saleReceipt(ctx), how: 'blackhole' | 'refuse' = 'blackhole'): Promise<DcpDocument> {
  await linkDown(ctx, how);
  return (await sellAdvancing(ctx, req, receipt)).doc;
}

/** The TICKET the operator received for a receipt: matched by total (and printed number when sent). */
export function ticketFor(ctx: CaseContext, doc: DcpDocument, afterSeq = 0): Frame | undefined {
  const total = doc.totals?.total ?? doc.receipt?.payments.reduce((a, p) => a + p.sum, 0);
  const cands = requests(ctx, 'TICKET', afterSeq);
  const byNumber = cands.filter((f) => {
    const n = path(f.decoded, 'ticket.printed_document_number');
    return n !== undefined && Number(n) === doc.number;
  });
  if (byNumber.length) return byNumber[byNumber.length - 1];
  const byTotal = cands.filter((f) => moneyTiyn(path(f.decoded, 'ticket.amounts.total')) === total);
  return byTotal[byTotal.length - 1];
}

/** The fiscal sign (ticket_number) the operator answered to a TICKET request. */
export function operatorSign(ctx: CaseContext, req: Frame): string | undefined {
  const a = answerTo(ctx, req);
  const v = a ? path(a.decoded, 'ticket.ticket_number') : undefined;
  return v === undefined || v === null ? undefined : String(v);
}

/** The offset part (+05:00) of a DUT ISO time, in minutes; 300 when absent. */
export function offsetMinOf(iso: string | null | undefined): number {
  const m = typeof iso === 'string' ? /([+-])(\d{2}):?(\d{2})$/.exec(iso) : null;
  if (!m) return 300;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** ISO-8601 with offset for epoch ms, like the DUT writes it. */
export function isoWithOffset(ms: number, offsetMin = 300): string {
  const d = new Date(ms + offsetMin * 60_000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}${sign}${p(Math.floor(a / 60))}:${p(a % 60)}`;
}

/** Local wall time (epoch ms as if UTC) of an OFD DateTime JSON. */
export function dateTimeLocalMs(dt: unknown): number | null {
  const d = field(dt, 'date');
  const t = field(dt, 'time');
  if (!d || !t) return null;
  return Date.UTC(Number(field(d, 'year')), Number(field(d, 'month')) - 1, Number(field(d, 'day')), Number(field(t, 'hour') ?? 0), Number(field(t, 'minute') ?? 0), Number(field(t, 'second') ?? 0));
}

/** Epoch ms of an OFD DateTime JSON read at `offsetMin`. */
export function dateTimeMs(dt: unknown, offsetMin = 300): number | null {
  const l = dateTimeLocalMs(dt);
  return l === null ? null : l - offsetMin * 60_000;
}

/**
 * Programs the DUT clock (clock.set). The password is the programming mode's, falling back to
 * service's when the DUT says bad_password. Resolves with the answer or rejects with the DcpError.
 */
export async function setClock(ctx: CaseContext, iso: string): Promise<{ now: string }> {
  let last: unknown;
  for (const mode of ['programming', 'service'] as const) {
    try {
      await ctx.dcp.call('session.logout', {}).catch(() => undefined);
      await ctx.dcp.call('session.login', { mode, password: ctx.profile.passwords[mode] });
    } catch (e) {
      last = e;
      continue;
    }
    try {
      return await ctx.dcp.call('clock.set', { now: iso, password: ctx.profile.passwords[mode] });
    } catch (e) {
      last = e;
      if (isDcpError(e) && (e.reason === 'bad_password' || e.reason === 'wrong_mode')) continue;
      throw e;
    }
  }
  throw last;
}

/** Frames the DUT sent (to-ofd) after `afterSeq` with one of the fiscal commands, in order. */
export function fiscalRequests(ctx: CaseContext, afterSeq = 0): Frame[] {
  return frames(ctx, { direction: 'to-ofd', afterSeq }).filter((f) => f.command === 'TICKET' || f.command === 'CLOSE_SHIFT' || f.command === 'MONEY_PLACEMENT' || f.command === 'REPORT');
}
