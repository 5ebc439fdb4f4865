// Corrupted frame. Modes: 'payload' flips `flips` random bits in the protobuf payload,
// 'header' flips bits in the 18-byte header, 'appcode' breaks the application code,
// 'size' makes the SIZE field lie (+ `delta`), 'version' sets an unsupported version.
import { nonNegative, type FaultKind } from './fault.js';

export interface CorruptAttrs { mode: 'payload' | 'header' | 'appcode' | 'size' | 'version'; flips: number; delta: number }

const MODES = ['payload', 'header', 'appcode', 'size', 'version'];

export const corruptFault: FaultKind<CorruptAttrs> = {
  kind: 'corrupt',
  directions: ['to-ofd', 'to-kkm'],
  defaults: { mode: 'payload', flips: 1, delta: 7 },
  validate(a) {
    const e: string[] = [];
    if (!MODES.includes(a.mode)) e.push(`attrs.mode must be one of ${MODES.join(', ')}`);
    nonNegative(a as never, 'flips', e, true);
    if (!Number.isInteger(a.delta)) e.push('attrs.delta must be an integer');
    return e;
  },
  create(a, ctx) {
    return {
      onFrame: (f) => {
        const b = new Uint8Array(f.bytes);
        const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
        const flip = (from: number, to: number): void => {
          if (to <= from) return;
          for (let i = 0; i < Math.max(1, a.flips); i++) {
            const pos = ctx.rng.int(from, to - 1);
            b[pos]! ^= 1 << ctx.rng.int(0, 7);
          }
        };
        switch (a.mode) {
          case 'payload': if (b.length > 18) flip(18, b.length); else flip(0, b.length); break;
          case 'header': flip(0, Math.min(18, b.length)); break;
          case 'appcode': if (b.length >= 2) dv.setUint16(0, dv.getUint16(0, true) ^ 0x5a5a, true); break;
          case 'size': if (b.length >= 8) dv.setUint32(4, (dv.getUint32(4, true) + a.delta) >>> 0, true); break;
          case 'version': if (b.length >= 4) dv.setUint16(2, 999, true); break;
        }
        return { type: 'replace', bytes: b };
      },
    };
  },
};
