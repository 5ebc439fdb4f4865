// Write only the first `bytes` bytes of the answer, then close: a truncated frame.
import { nonNegative, type FaultKind } from './fault.js';

export interface CloseAfterBytesAttrs { bytes: number }

export const closeAfterBytesFault: FaultKind<CloseAfterBytesAttrs> = {
  kind: 'close_after_bytes',
  directions: ['to-kkm'],
  defaults: { bytes: 10 },
  validate(a) { const e: string[] = []; nonNegative(a as never, 'bytes', e, true); return e; },
  create(a) { return { onFrame: () => ({ type: 'truncate', bytes: a.bytes }) }; },
};
