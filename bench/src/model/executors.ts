// How each model event is done to a DUT through DCP (and the operator), and what each model state
// must look like from outside. The executors live in steps/, one file per group of events; each
// checks what its transition's meta.requirements name (and nothing is tagged that is not checked).
import type { CaseContext } from '../case.js';
import type { DcpState } from '../dcp/types.js';
import type { Capability } from '../report/types.js';
import { state, stateEvidence } from '../context/dut.js';
import type { ModelEventType } from './register-model-machine.js';
import type { ModelStep } from './paths.js';
import type { Executor } from './steps/memory.js';
import { RECEIPT_EXECUTORS } from './steps/receipts.js';
import { REPORT_EXECUTORS } from './steps/reports.js';
import { LINK_EXECUTORS } from './steps/link.js';
import { DEVICE_EXECUTORS } from './steps/device.js';
import { PROGRAMMING_EXECUTORS } from './steps/programming.js';
import { ORDER_EXECUTORS } from './steps/orders.js';

export const EXECUTORS: Record<ModelEventType, Executor> = {
  ...RECEIPT_EXECUTORS,
  ...REPORT_EXECUTORS,
  ...LINK_EXECUTORS,
  ...DEVICE_EXECUTORS,
  ...PROGRAMMING_EXECUTORS,
  ...ORDER_EXECUTORS,
};

/** DUT capabilities an event needs (a path with the event is not run without them). */
export const EVENT_NEEDS: Partial<Record<ModelEventType, Capability[]>> = {
  TAMPER: ['tamper'],
  NO_PAPER: ['printer-sim'],
  SELL_MARKED: ['scanner'],
  SELL_UNSCANNED_MARKED: ['scanner'],
  FIRMWARE_UNSIGNED: ['firmware'],
  POWER_CUT: ['power-cut'],
};

/** Time the model's ADVANCE_* events move the clock by hours: such paths are long-running. */
export const LONG_EVENTS: ReadonlySet<ModelEventType> = new Set(['ADVANCE_SHIFT_LIMIT', 'ADVANCE_OFFLINE_LIMIT', 'POWER_CUT']);

/** Performs `step.event` on the DUT, checking what the transition promises. */
export async function execute(ctx: CaseContext, step: ModelStep): Promise<void> {
  const ex = EXECUTORS[step.event];
  if (!ex) throw new Error(`model: no executor for ${step.event}`);
  await ex(ctx, step);
}

/**
 * What model state `name` looks like in state.get. This is the register's own account: it is a
 * consistency check recorded against the incoming transition's first requirement (never the only
 * check of it: the executor judged that transition on frames and paper), or evidence only when the
 * transition names none.
 */
export async function checkState(ctx: CaseContext, name: string, step: ModelStep): Promise<DcpState> {
  const s = await state(ctx);
  const view = { powered: s.powered, shift: s.shift.open, offline: s.offline, blocked: s.blocked };
  const expect: Record<string, [boolean, string]> = {
    ready: [s.powered && !s.shift.open && s.blocked === null, 'powered, no shift open, not blocked'],
    closed: [s.powered && !s.shift.open && s.blocked === null, 'powered, shift closed, not blocked'],
    online: [s.shift.open && s.blocked === null && s.offline.since === null && s.offline.queued === 0, 'shift open, online, not blocked'],
    linkDown: [s.shift.open, 'shift open'],
    offline: [s.offline.since !== null && s.offline.queued > 0, `autonomous since ${s.offline.since} with ${s.offline.queued} queued`],
    closedOffline: [!s.shift.open && s.offline.queued > 0, `shift closed offline, ${s.offline.queued} documents still queued`],
    blocked: [s.blocked !== null, `blocked (${s.blocked?.reason ?? 'not blocked'})`],
    expired: [s.shift.open, 'the shift older than 24 h stays open until a Z report closes it'],
    tamperedClosed: [!s.shift.open, 'shift closed'],
    integrityBlocked: [s.blocked !== null, `blocked after the failed self-test (${s.blocked?.reason ?? 'not blocked'})`],
  };
  const e = expect[name];
  if (!e) return s;
  const ev = stateEvidence(s, `model state ${name}: ${JSON.stringify(view)}`);
  const req = step.requirements[0];
  if (req) ctx.check(e[0], req as never, `state.get agrees with model state ${name}: ${e[1]}`, ev);
  else if (!e[0]) ctx.evidence({ ...ev, summary: `state.get does not look like model state ${name} (${e[1]}): ${JSON.stringify(view)}` });
  return s;
}
