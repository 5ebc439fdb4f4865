// Latency with jitter: `ms` ± uniform `jitter` (seeded), never below zero.
import { nonNegative, type FaultKind } from './fault.js';

export interface JitterAttrs { ms: number; jitter: number }

export const jitterFault: FaultKind<JitterAttrs> = {
  kind: 'jitter',
  directions: ['to-ofd', 'to-kkm'],
  defaults: { ms: 1000, jitter: 250 },
  validate(a) { const e: string[] = []; nonNegative(a as never, 'ms', e); nonNegative(a as never, 'jitter', e); return e; },
  create(a, ctx) {
    return { onFrame: () => ({ type: 'delay', ms: Math.max(0, a.ms + (ctx.rng.next() * 2 - 1) * a.jitter) }) };
  },
};
