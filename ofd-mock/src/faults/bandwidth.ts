// Slow link: to-kkm answers are written at `bytesPerSecond` of clock time, in slices;
// to-ofd requests are held for as long as they would take to arrive at that rate.
import type { FaultKind } from './fault.js';

export interface BandwidthAttrs { bytesPerSecond: number }

export const bandwidthFault: FaultKind<BandwidthAttrs> = {
  kind: 'bandwidth',
  directions: ['to-ofd', 'to-kkm'],
  defaults: { bytesPerSecond: 1000 },
  validate(a) {
    return typeof a.bytesPerSecond === 'number' && a.bytesPerSecond > 0 && Number.isFinite(a.bytesPerSecond) ? [] : ['attrs.bytesPerSecond must be a positive number'];
  },
  create(a) {
    return {
      onFrame: (f) => f.direction === 'to-kkm'
        ? { type: 'throttle', bytesPerSecond: a.bytesPerSecond }
        : { type: 'delay', ms: (f.bytes.length * 1000) / a.bytesPerSecond },
    };
  },
};
