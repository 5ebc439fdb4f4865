// What every property command shares: entering a mode, calls that may wait on the clock, and
// treating a domain refusal as an outcome (not a failure): invariants judge the result.
import { isRefusal, password, state } from '../../context/dut.js';
import { advanceUntilSettled } from '../../context/dut.js';
import type { CaseContext } from '../../case.js';
import type { Mode } from '../../dcp/types.js';

export async function enterMode(ctx: CaseContext, mode: Mode): Promise<boolean> {
  const s = await state(ctx);
  if (s.mode === mode) return true;
  if (s.mode) await ctx.dcp.call('session.logout', {}).catch(() => undefined);
  try {
    await ctx.dcp.call('session.login', { mode, password: password(ctx, mode) });
    return true;
  } catch (e) {
    if (isRefusal(e)) return false;
    throw e;
  }
}

/** Runs a DCP call that may wait for the operator (advancing virtual time); a refusal → null. */
export async function settleCall<T>(ctx: CaseContext, p: Promise<T>): Promise<T | null> {
  const r = await advanceUntilSettled(ctx, p, 30_000, 1_000);
  if (r.ok) return r.value as T;
  if (isRefusal(r.error)) return null;
  throw r.error;
}
