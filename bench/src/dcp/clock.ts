// The bench side's real timers and wall time, for the DCP client's own timeouts (a bench
// timeout is real time even when the DUT runs in virtual time): protocol's system clock.
import { systemClock, type Clock } from '../../../protocol/index.js';

export type { Clock };

/** Real time, real timers. */
export const wallClock: Clock = systemClock;
