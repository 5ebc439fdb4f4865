// Connection reset (RST). to-ofd: before the request is applied; to-kkm: after it was applied,
// so the answer is lost (the classic case for a retry with the same REQNUM).
import type { FaultKind } from './fault.js';

export type ResetAttrs = Record<string, never>;

export const resetFault: FaultKind<ResetAttrs> = {
  kind: 'reset',
  directions: ['to-ofd', 'to-kkm'],
  defaults: {},
  validate() { return []; },
  create() { return { onFrame: () => ({ type: 'reset' }) }; },
};
