// Refused connection: a matching new connection is reset (RST, default) or closed (FIN) before
// any byte is read; matches by channel, position (nth/count) and time window only. Mode
// 'unlisten' closes the channel's listening socket while the fault is installed, so that
// connecting fails with ECONNREFUSED (channel filter only; nth/count/from/until do not apply).
import type { FaultKind } from './fault.js';

export interface RefuseAttrs { mode: 'reset' | 'close' | 'unlisten' }

export const refuseFault: FaultKind<RefuseAttrs> = {
  kind: 'refuse',
  directions: ['to-ofd'],
  defaults: { mode: 'reset' },
  validate(a) { return a.mode === 'reset' || a.mode === 'close' || a.mode === 'unlisten' ? [] : ['attrs.mode must be reset, close or unlisten']; },
  create(a) { return { onConnect: () => (a.mode === 'close' ? 'close' : 'reset') }; },
};
