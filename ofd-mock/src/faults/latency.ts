// Fixed latency: hold every matched frame for `ms` of clock time.
import { nonNegative, type FaultKind } from './fault.js';

export interface LatencyAttrs { ms: number }

export const latencyFault: FaultKind<LatencyAttrs> = {
  kind: 'latency',
  directions: ['to-ofd', 'to-kkm'],
  defaults: { ms: 1000 },
  validate(a) { const e: string[] = []; nonNegative(a as never, 'ms', e); return e; },
  create(a) { return { onFrame: () => ({ type: 'delay', ms: a.ms }) }; },
};
