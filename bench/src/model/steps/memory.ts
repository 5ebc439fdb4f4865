// What a model path remembers while it runs (per path, never shared): the documents it made, the
// signs seen, the offline queue in the order the register built it, the shift's totals. Executors
// use it to judge later observations (an upload in order, a sign unique for life, an X total).
import type { CaseContext } from '../../case.js';
import { advanceUntilSettled, type Settled } from '../../context/dut.js';
import type { DcpDocument } from '../../dcp/types.js';
import type { RequirementId } from '../../report/types.js';
import type { ModelStep } from '../paths.js';

export interface QueuedDocument {
  command: 'TICKET' | 'CLOSE_SHIFT' | 'MONEY_PLACEMENT';
  doc: DcpDocument;
}

export interface PathMemory {
  /** the last receipt the path sold (online or autonomous) */
  lastReceipt: DcpDocument | null;
  /** the last online receipt of the open shift (a parent for returns) */
  lastOnlineReceipt: DcpDocument | null;
  onlineSigns: string[];
  autonomousSigns: string[];
  /** documents made while autonomous, in the order they were made (the upload order) */
  queue: QueuedDocument[];
  /** bench time the register first failed to reach the operator (start of the offline period) */
  offlineFrom: number | null;
  /** bench time of the first payment document of the open shift */
  shiftOpenedAt: number | null;
  shiftNumber: number | null;
  /** sum of the sales of the open shift, and whether it had only sales (no returns, purchases, cash) */
  shiftSales: number;
  shiftOnlySales: boolean;
}

const memories = new WeakMap<object, PathMemory>();

/** The memory of the path running in `ctx` (created on first use). */
export function memoryOf(ctx: object): PathMemory {
  let m = memories.get(ctx);
  if (!m) {
    m = { lastReceipt: null, lastOnlineReceipt: null, onlineSigns: [], autonomousSigns: [], queue: [], offlineFrom: null, shiftOpenedAt: null, shiftNumber: null, shiftSales: 0, shiftOnlySales: true };
    memories.set(ctx, m);
  }
  return m;
}

/** Records a receipt (or cash document) the DUT made. */
export function remember(ctx: CaseContext, doc: DcpDocument): void {
  const m = memoryOf(ctx);
  if (m.shiftOpenedAt === null || m.shiftNumber !== doc.shiftNumber) {
    m.shiftOpenedAt = ctx.clock.now();
    m.shiftNumber = doc.shiftNumber;
    m.shiftSales = 0;
    m.shiftOnlySales = true;
  }
  const sign = doc.fiscal?.sign;
  const autonomous = doc.fiscal?.mode === 'autonomous';
  if (doc.kind === 'receipt') {
    m.lastReceipt = doc;
    if (!autonomous) m.lastOnlineReceipt = doc;
    if (doc.receipt?.operation === 'sell') m.shiftSales += doc.totals?.total ?? 0;
    else m.shiftOnlySales = false;
  } else {
    m.shiftOnlySales = false;
  }
  if (sign) (autonomous ? m.autonomousSigns : m.onlineSigns).push(sign);
  if (autonomous || (doc.kind !== 'receipt' && m.offlineFrom !== null)) {
    m.queue.push({ command: doc.kind === 'receipt' ? 'TICKET' : 'MONEY_PLACEMENT', doc });
  }
}

/** Records a Z report: the shift is closed (queued when autonomous). */
export function rememberZ(ctx: CaseContext, z: DcpDocument, offline: boolean): void {
  const m = memoryOf(ctx);
  if (offline) m.queue.push({ command: 'CLOSE_SHIFT', doc: z });
  m.shiftOpenedAt = null;
  m.shiftNumber = z.shiftNumber;
  m.shiftSales = 0;
  m.shiftOnlySales = true;
  m.lastOnlineReceipt = null;
}

/** `14100` → /141[.,]00/ : how a sum in tiyn shows on paper. */
export function moneyPattern(tiyn: number): RegExp {
  return new RegExp(`${Math.floor(tiyn / 100)}[.,]${String(tiyn % 100).padStart(2, '0')}`);
}

/** Typed requirement id. */
export const r = (id: string): RequirementId => id as RequirementId;

/** An executor: performs a model event on the DUT and checks what its transition promises. */
export type Executor = (ctx: CaseContext, step: ModelStep) => Promise<void>;

/** Does the step's transition name `id` (so a check on it belongs to this step)? */
export function tags(step: ModelStep, id: string): boolean {
  return step.requirements.includes(id);
}

/**
 * Like `advanceUntilSettled`, but when the call is still pending at the first quiet point the
 * clock first jumps `jumpMs` in one step (the DUT cannot legitimately finish earlier: it waits for
 * an operator answer due later, or for its own 5 s timeout), then moves in `stepMs` steps. Fewer
 * clock steps, same verdicts: `advancedMs` counts the jump.
 */
export async function settleAfterJump<T>(ctx: CaseContext, p: Promise<T>, jumpMs: number, maxMs: number, stepMs: number): Promise<Settled<T>> {
  let done = false;
  p.then(() => { done = true; }, () => { done = true; });
  await ctx.clock.advance(0);
  if (done) return advanceUntilSettled(ctx, p, maxMs, stepMs);
  await ctx.clock.advance(jumpMs);
  const rest = await advanceUntilSettled(ctx, p, Math.max(0, maxMs - jumpMs), stepMs);
  return { ...rest, advancedMs: rest.advancedMs + jumpMs };
}
