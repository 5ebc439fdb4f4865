// Black hole: the frame vanishes and the connection stays open (to-ofd: the request is never
// applied; to-kkm: it is applied but the answer never arrives).
import type { FaultKind } from './fault.js';

export type BlackholeAttrs = Record<string, never>;

export const blackholeFault: FaultKind<BlackholeAttrs> = {
  kind: 'blackhole',
  directions: ['to-ofd', 'to-kkm'],
  defaults: {},
  validate() { return []; },
  create() { return { onFrame: () => ({ type: 'drop' }) }; },
};
