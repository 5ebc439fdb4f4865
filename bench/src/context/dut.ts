// Driving the DUT through DCP the way cases need it: modes and passwords, receipts, expected
// successes and refusals recorded as checks, and DCP calls that wait on the clock.
import { CaseAbort, type CaseContext } from '../case.js';
import { isDcpError, type DcpError } from '../errors.js';
import type { DcpDocument, DcpState, Mode, Receipt } from '../dcp/types.js';
import type { Evidence, RequirementId } from '../report/types.js';
import { linkUp } from './operator.js';

export function errorEvidence(e: unknown, summary?: string): Evidence {
  if (isDcpError(e)) {
    return { kind: 'dcp.error', summary: summary ?? `${e.code}${e.reason ? ` reason ${e.reason}` : ''}: ${e.message}`, data: { code: e.code, reason: e.reason, requirement: e.requirement, rpcCode: e.rpcCode, message: e.message } };
  }
  return { kind: 'note', summary: summary ?? String(e instanceof Error ? e.message : e) };
}

export function resultEvidence(method: string, result: unknown, summary?: string): Evidence {
  return { kind: 'dcp.response', summary: summary ?? `${method} answered`, data: { method, result } };
}

export function stateEvidence(s: DcpState, summary?: string): Evidence {
  return { kind: 'state', summary: summary ?? `mode ${s.mode}, shift ${s.shift?.open ? `open №${s.shift.number}` : 'closed'}, offline ${s.offline?.since ?? 'no'} (${s.offline?.queued ?? '?'} queued), blocked ${s.blocked ? s.blocked.reason : 'no'}`, data: s };
}

/** A domain refusal (code BENCH_DCP_DOMAIN)? */
export function isRefusal(e: unknown, reason?: string | readonly string[]): e is DcpError {
  if (!isDcpError(e) || e.code !== 'BENCH_DCP_DOMAIN') return false;
  if (reason === undefined) return true;
  return typeof reason === 'string' ? e.reason === reason : reason.includes(e.reason ?? '');
}

/**
 * Awaits `p`; when the DUT refuses (or the call fails), records a failing check on `req` and
 * aborts the case (fail, not error) — a refusal of a step the case needs is the DUT's fault.
 * Bench-side failures (connection lost, timeouts) are rethrown as they are (→ error).
 */
export async function expectOk<T>(ctx: CaseContext, req: RequirementId, what: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (e) {
    if (isDcpError(e) && (e.code === 'BENCH_DCP_DOMAIN' || e.code === 'BENCH_DCP_RPC')) {
      ctx.check(false, req, `${what}: the DUT refused (${e.reason ?? e.rpcCode}: ${e.message})`, errorEvidence(e));
      throw new CaseAbort(req, `${what} refused`);
    }
    throw e;
  }
}

/**
 * Expects `p` to be refused with one of `reasons` (a DCP domain error). Records the check and
 * returns the error, or null when the DUT accepted (a failed check; `abort` then stops the case).
 */
export async function expectRefused(
  ctx: CaseContext, req: RequirementId, what: string, p: Promise<unknown>, reasons: string | readonly string[], opts: { abort?: boolean } = {},
): Promise<DcpError | null> {
  const want = typeof reasons === 'string' ? [reasons] : reasons;
  try {
    const r = await p;
    ctx.check(false, req, `${what}: expected a refusal (${want.join(' | ')}) but the DUT accepted`, { kind: 'dcp.response', summary: 'accepted', data: r });
    if (opts.abort) throw new CaseAbort(req, `${what} was accepted`);
    return null;
  } catch (e) {
    if (e instanceof CaseAbort) throw e;
    if (!isDcpError(e) || (e.code !== 'BENCH_DCP_DOMAIN' && e.code !== 'BENCH_DCP_RPC')) throw e;
    ctx.check(e.code === 'BENCH_DCP_DOMAIN' && want.includes(e.reason ?? ''), req,
      `${what}: refused with ${e.reason ?? `rpc ${e.rpcCode}`} (expected ${want.join(' | ')})`, errorEvidence(e));
    return e;
  }
}

/** The profile password of a mode. */
export function password(ctx: CaseContext, mode: Mode): string {
  const p = ctx.profile.passwords[mode];
  if (typeof p !== 'string') throw new Error(`profile has no password for mode ${mode}`);
  return p;
}

export async function state(ctx: CaseContext): Promise<DcpState> {
  return ctx.dcp.call('state.get', {});
}

/** Enters `mode` with the profile's password (logging out of another mode first). */
export async function enter(ctx: CaseContext, mode: Mode, req: RequirementId = '10'): Promise<void> {
  const s = await state(ctx);
  if (s.mode === mode) return;
  if (s.mode) await ctx.dcp.call('session.logout', {}).catch(() => undefined);
  await expectOk(ctx, req, `login ${mode}`, ctx.dcp.call('session.login', { mode, password: password(ctx, mode) }));
}

export async function logout(ctx: CaseContext): Promise<void> {
  await ctx.dcp.call('session.logout', {}).catch(() => undefined);
}

/** Idempotency keys are numbered per case context (not per process): the same case makes the
 *  same keys whatever ran before it or beside it, so the trace is reproducible. */
const keySeq = new WeakMap<object, number>();

/** The next idempotency key of this case: `<case id>-<n>`, n = 1, 2, 3… within the case. */
export function nextIdempotencyKey(ctx: Pick<CaseContext, 'caseId'>): string {
  const n = (keySeq.get(ctx) ?? 0) + 1;
  keySeq.set(ctx, n);
  return `${ctx.caseId}-${n}`;
}

/** A one-line sale paid in cash: `price` tiyn × 1 piece, with the case's next idempotency key. */
export function saleReceipt(ctx: Pick<CaseContext, 'caseId'>, price = 150_00, opts: Partial<Receipt> & { name?: string; section?: number } = {}): Receipt {
  const { name, section, ...rest } = opts;
  const item: Receipt['items'][number] = { name: name ?? 'Нан / Хлеб', price, quantity: 1000 };
  if (section !== undefined) item.section = section;
  return { operation: 'sell', items: [item], payments: [{ type: 'cash', sum: price }], idempotencyKey: nextIdempotencyKey(ctx), ...rest };
}

/** Creates a receipt in registration mode; a refusal fails the case on `req`. */
export async function sell(ctx: CaseContext, req: RequirementId, receipt: Receipt = saleReceipt(ctx)): Promise<DcpDocument> {
  await enter(ctx, 'registration', req);
  const r = await expectOk(ctx, req, `receipt.create (${receipt.operation} ${receipt.payments.reduce((a, p) => a + p.sum, 0)} tiyn)`, ctx.dcp.call('receipt.create', receipt));
  return r.document;
}

/** Closes the shift (report.z in close_shift mode); a refusal fails the case on `req`. */
export async function zReport(ctx: CaseContext, req: RequirementId): Promise<DcpDocument> {
  await enter(ctx, 'close_shift', req);
  return (await expectOk(ctx, req, 'report.z', ctx.dcp.call('report.z', {}))).document;
}

export interface Settled<T> {
  ok: boolean;
  value?: T;
  error?: unknown;
  /** clock ms advanced until it settled */
  advancedMs: number;
  /** still pending after `maxMs` of clock time (error is a DcpError BENCH_DCP_TIMEOUT-like note) */
  pending?: boolean;
}

/**
 * Starts nothing itself: given a pending DCP call `p`, advances the clock in `stepMs` steps
 * until `p` settles or `maxMs` have been advanced. No real-time pauses: `ctx.clock.advance`
 * first waits until the DUT and the operator are quiet (the call answered, or the DUT waiting on
 * the clock), so whether a step is taken does not depend on the machine's load. `advance(0)`
 * first gives a call that needs no clock time the chance to finish without moving the clock.
 */
export async function advanceUntilSettled<T>(ctx: CaseContext, p: Promise<T>, maxMs: number, stepMs = 100): Promise<Settled<T>> {
  let done = false;
  const out: Settled<T> = { ok: false, advancedMs: 0 };
  const w = p.then((v) => { out.ok = true; out.value = v; done = true; }, (e) => { out.error = e; done = true; });
  await ctx.clock.advance(0);
  while (!done && out.advancedMs < maxMs) {
    const step = Math.min(stepMs, maxMs - out.advancedMs);
    await ctx.clock.advance(step);
    out.advancedMs += step;
  }
  if (!done) {
    // one more quiet point (no clock time), then report the call as still pending (the DUT did
    // not answer within maxMs of its own time); the promise is left to settle or fail later
    await ctx.clock.advance(0);
    if (!done) {
      out.pending = true;
      out.error = new Error(`no answer after ${out.advancedMs} ms of clock time`);
      return out;
    }
  }
  await w;
  return out;
}

/** Advances the clock by `totalMs` in steps of `stepMs` (so timers and reconnects interleave). */
export async function advanceBy(ctx: CaseContext, totalMs: number, stepMs = totalMs): Promise<void> {
  let left = totalMs;
  while (left > 0) {
    const s = Math.min(stepMs, left);
    await ctx.clock.advance(s);
    left -= s;
  }
}

/**
 * Switches the DUT on. The power-on self-test may talk to the operator (req 2.4) and wait for
 * it in the DUT's time, so the clock moves while power.on runs. Resolves with the answer or
 * rejects with the DUT's error.
 */
export async function powerOn(ctx: CaseContext, maxMs = 60_000): Promise<{ selftest: import('../dcp/types.js').SelfTestResult }> {
  const r = await advanceUntilSettled(ctx, ctx.dcp.call('power.on', {}), maxMs, 500);
  if (r.pending) throw new CaseAbort('2', `power.on got no answer within ${r.advancedMs} ms of clock time`);
  if (!r.ok) throw r.error;
  return r.value!;
}

/** power.off then power.on (abrupt = a power cut). */
export async function powerCycle(ctx: CaseContext, abrupt = false): Promise<{ selftest: import('../dcp/types.js').SelfTestResult }> {
  await ctx.dcp.call('power.off', abrupt ? { abrupt: true } : {});
  return powerOn(ctx);
}

/**
 * Brings the link up and lets the DUT reconnect and upload its queue: advances the clock in
 * `stepMs` steps until state.offline is clear (nothing queued, not offline) or `maxMs` passed.
 * Returns the final state.
 */
export async function reconnectAndFlush(ctx: CaseContext, maxMs = 15 * 60_000, stepMs = 5_000): Promise<DcpState> {
  await linkUp(ctx);
  let s = await state(ctx);
  let advanced = 0;
  while ((s.offline.since !== null || s.offline.queued > 0) && advanced < maxMs) {
    await ctx.clock.advance(stepMs);
    advanced += stepMs;
    s = await state(ctx);
  }
  return s;
}

/**
 * Gets a DUT ready for a case: powered on, operator faults cleared, link up and queue flushed,
 * no session. With `shiftClosed`, an open shift is closed (Z).
 */
export async function prepare(ctx: CaseContext, opts: { shiftClosed?: boolean } = {}): Promise<DcpState> {
  await ctx.ofd.faults.reset();
  let s = await state(ctx);
  if (!s.powered) {
    await powerOn(ctx);
    s = await state(ctx);
  }
  if (ctx.capabilities.includes('printer-sim')) await ctx.dcp.call('printer.paper', { present: true }).catch(() => undefined);
  if (s.offline.since !== null || s.offline.queued > 0) s = await reconnectAndFlush(ctx);
  if (opts.shiftClosed && s.shift.open) {
    // set-up, not a check: a failure here is a bench error, not a verdict on any requirement
    await logout(ctx);
    await ctx.dcp.call('session.login', { mode: 'close_shift', password: password(ctx, 'close_shift') });
    const z = await advanceUntilSettled(ctx, ctx.dcp.call('report.z', {}), 15_000, 250);
    if (!z.ok) throw new Error(`prepare: could not close the open shift: ${(z.error as Error)?.message ?? 'no answer'}`);
    s = await state(ctx);
  }
  await logout(ctx);
  return s;
}

/** The DUT's clock (epoch ms). */
export async function dutNow(ctx: CaseContext): Promise<number> {
  const r = await ctx.dcp.call('clock.get', {});
  return Date.parse(r.now);
}
