// The time limits the rules set, in one place. Machines name them as delays; tests and the
// register read them from here.

/** req 14: a shift lasts at most 24 h from the end of its first payment document. */
export const SHIFT_LIMIT_MS = 24 * 60 * 60 * 1000;
/** req 29.6: the oldest unsent (autonomous) document may not be older than 72 h. */
export const OFFLINE_LIMIT_MS = 72 * 60 * 60 * 1000;
/** req 29: 5 s without an answer from the operator → autonomous mode. */
export const ANSWER_TIMEOUT_MS = 5_000;
/** req 25: the whole receipt cycle stays within 7 s. */
export const CYCLE_LIMIT_MS = 7_000;
/** ofd-protocol.md §2/§9: reconnect attempts while autonomous, at least 60 s apart. */
export const RETRY_INTERVAL_MS = 60_000;
/** the retry interval doubles after each failed attempt, up to this (still ≥ 60 s, §9) */
export const RETRY_INTERVAL_MAX_MS = 600_000;
/** ofd-protocol.md §9: SYSTEM with reg info while in server-block mode. */
export const SYSTEM_PROBE_INTERVAL_MS = 60_000;
