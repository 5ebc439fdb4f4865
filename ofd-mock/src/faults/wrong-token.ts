// The answer carries a token the register never had (`token`, or a seeded random one).
import type { FaultKind } from './fault.js';

export interface WrongTokenAttrs { token: number | null }

export const wrongTokenFault: FaultKind<WrongTokenAttrs> = {
  kind: 'wrong_token',
  directions: ['to-kkm'],
  defaults: { token: null },
  validate(a) {
    return a.token === null || (Number.isInteger(a.token) && a.token >= 0 && a.token <= 0xffffffff) ? [] : ['attrs.token must be null or a uint32'];
  },
  create(a, ctx) {
    return {
      onFrame: (f) => {
        const b = new Uint8Array(f.bytes);
        if (b.length < 18) return { type: 'pass' };
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        let t = a.token ?? ctx.rng.uint32();
        if (t === f.token && a.token === null) t = (t + 1) >>> 0;
        dv.setUint32(12, t, true);
        return { type: 'replace', bytes: b };
      },
    };
  },
};
