// Answer with a result code (default 254 SERVICE_TEMPORARILY_UNAVAILABLE). to-ofd: the request
// is not applied; to-kkm: it was applied, but the register sees this code instead.
import type { FaultKind } from './fault.js';

export interface ResultCodeAttrs { result: number; text: string }

export const resultCodeFault: FaultKind<ResultCodeAttrs> = {
  kind: 'result_code',
  directions: ['to-ofd', 'to-kkm'],
  defaults: { result: 254, text: 'service temporarily unavailable (injected)' },
  validate(a) {
    const e: string[] = [];
    if (!Number.isInteger(a.result) || a.result < 0 || a.result > 0xffffffff) e.push('attrs.result must be a uint32 result code');
    if (typeof a.text !== 'string') e.push('attrs.text must be a string');
    return e;
  },
  create(a) { return { onFrame: () => ({ type: 'answer', result: a.result, text: a.text }) }; },
};
