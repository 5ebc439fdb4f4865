// The answer carries another request number: the request's plus `delta` (mod 2^16), or `reqNum`.
import type { FaultKind } from './fault.js';

export interface WrongReqnumAttrs { delta: number; reqNum: number | null }

export const wrongReqnumFault: FaultKind<WrongReqnumAttrs> = {
  kind: 'wrong_reqnum',
  directions: ['to-kkm'],
  defaults: { delta: 1, reqNum: null },
  validate(a) {
    const e: string[] = [];
    if (!Number.isInteger(a.delta)) e.push('attrs.delta must be an integer');
    if (a.reqNum !== null && !(Number.isInteger(a.reqNum) && a.reqNum >= 0 && a.reqNum <= 0xffff)) e.push('attrs.reqNum must be null or a uint16');
    return e;
  },
  create(a) {
    return {
      onFrame: (f) => {
        const b = new Uint8Array(f.bytes);
        if (b.length < 18) return { type: 'pass' };
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        dv.setUint16(16, a.reqNum ?? (((f.reqNum + a.delta) % 65536) + 65536) % 65536, true);
        return { type: 'replace', bytes: b };
      },
    };
  },
};
