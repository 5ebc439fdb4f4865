// Refused connection: a matching new connection is reset (RST, default) or closed (FIN) before
// any byte is read. Matches by channel, position (nth/count) and time window only.
import type { FaultKind } from './fault.js';

export interface RefuseAttrs { mode: 'reset' | 'close' }

export const refuseFault: FaultKind<RefuseAttrs> = {
  kind: 'refuse',
  directions: ['to-ofd'],
  defaults: { mode: 'reset' },
  validate(a) { return a.mode === 'reset' || a.mode === 'close' ? [] : ['attrs.mode must be reset or close']; },
  create(a) { return { onConnect: () => a.mode }; },
};
