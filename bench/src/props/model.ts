// The property run's model of the register: just enough to choose sensible commands
// (preconditions) and to know what must hold afterwards (invariants.ts).
import type { CaseContext } from '../case.js';

export interface RegisterModel {
  /** the operator link is down (a blackhole fault is in place) */
  linkDown: boolean;
  /** a latency spike is in place */
  latency: boolean;
  /** the operator suspended the register */
  suspended: boolean;
  /** powered (a power cut turns it off until the next command powers it on) */
  powered: boolean;
  /** receipts the DUT accepted (number → sum), for returns */
  receipts: { number: number; sum: number }[];
  /** commands run so far (for messages) */
  steps: number;
}

export function initialModel(): RegisterModel {
  return { linkDown: false, latency: false, suspended: false, powered: true, receipts: [], steps: 0 };
}

/** The system under test as the commands see it: a case context on a fresh DUT session. */
export interface PropsReal {
  ctx: CaseContext;
}
