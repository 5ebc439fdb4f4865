// Clock jumps for the property run, weighted towards the rule boundaries: most jumps land just
// before or just after a limit counted from what the register did (24 h since the first receipt
// of the shift, req 14; 72 h since the oldest undelivered autonomous document, req 29.6), the rest
// are plain jumps (minutes to days). Rare failing sequences (a sale just past 24 h, a register
// still working past 72 h offline) are then found with a handful of runs.
import fc from 'fast-check';

const HOUR = 3_600_000;

/**
 * A limit the register enforces, measured from an anchor the command reads from the DUT; `next`:
 * the limit that matters now — 72 h when autonomous documents are queued, else 24 h of the shift.
 */
export type ClockRule = 'shift-24h' | 'offline-72h' | 'next';

export type ClockJumpTarget =
  | { kind: 'fixed'; ms: number }
  /** jump to anchor + limit + offsetMs (negative: just before the limit) */
  | { kind: 'boundary'; rule: ClockRule; offsetMs: number };

export const RULE_LIMIT_MS: Readonly<Record<Exclude<ClockRule, 'next'>, number>> = { 'shift-24h': 24 * HOUR, 'offline-72h': 72 * HOUR };

/** Offsets around a limit: just before (must still work) and just after (must be refused/blocked). */
export const BOUNDARY_OFFSETS_MS: readonly number[] = [-60_000, 2 * 60_000, 10 * 60_000];

export function clockJump(): fc.Arbitrary<ClockJumpTarget> {
  const fixed = fc.constantFrom(10 * 60_000, 2 * HOUR, 25 * HOUR, 73 * HOUR).map((ms): ClockJumpTarget => ({ kind: 'fixed', ms }));
  const rule = fc.oneof({ arbitrary: fc.constant<ClockRule>('next'), weight: 2 }, { arbitrary: fc.constantFrom<ClockRule>('shift-24h', 'offline-72h'), weight: 2 });
  const boundary = fc.tuple(rule, fc.constantFrom(...BOUNDARY_OFFSETS_MS))
    .map(([rule, offsetMs]): ClockJumpTarget => ({ kind: 'boundary', rule, offsetMs }));
  return fc.oneof({ arbitrary: boundary, weight: 3 }, { arbitrary: fixed, weight: 1 });
}
