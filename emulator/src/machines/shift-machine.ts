// Shift duration (req 14): the shift starts when its first payment document is finished; after
// 24 h no payment document is accepted until the shift is closed with a Z report (req 12).
import { assign, not, setup } from 'xstate';
import { SHIFT_LIMIT_MS } from './limits.js';

export interface ShiftContext {
  /** current (open) or next shift number */
  number: number;
  openedAt: number | null;
  /** the register's time source (clock + clock.set offset) */
  now: () => number;
}

export type ShiftEvent =
  | { type: 'PAYMENT_DOCUMENT_FINISHED'; at: number }
  | { type: 'CHECK_DURATION' }
  | { type: 'CLOSE' }
  | { type: 'RESTORE'; number: number; openedAt: number | null };

export const shiftMachine = setup({
  types: {} as { context: ShiftContext; events: ShiftEvent; input: { now: () => number; number?: number } },
  guards: {
    shiftUnder24h: ({ context }) => context.openedAt === null || context.now() - context.openedAt < SHIFT_LIMIT_MS,
    restoredShiftOpen: (_, p: { openedAt: number | null }) => p.openedAt !== null,
  },
  actions: {
    /** req 14: the cashier is told that the shift must be closed */
    tellCashierShiftExpired: () => {},
    startShift: assign({ openedAt: (_, p: { at: number }) => p.at }),
    closeShift: assign({ openedAt: null, number: ({ context }) => context.number + 1 }),
    restore: assign({
      number: (_, p: { number: number; openedAt: number | null }) => p.number,
      openedAt: (_, p: { number: number; openedAt: number | null }) => p.openedAt,
    }),
  },
  delays: {
    /** what is left of 24 h since the shift opened */
    SHIFT_LIMIT: ({ context }) => Math.max(0, (context.openedAt ?? context.now()) + SHIFT_LIMIT_MS - context.now()),
  },
}).createMachine({
  id: 'shift',
  initial: 'closed',
  context: ({ input }) => ({ number: input.number ?? 1, openedAt: null, now: input.now }),
  on: {
    RESTORE: [
      {
        guard: { type: 'restoredShiftOpen', params: ({ event }) => ({ openedAt: event.openedAt }) },
        target: '.open',
        actions: { type: 'restore', params: ({ event }) => ({ number: event.number, openedAt: event.openedAt }) },
      },
      { target: '.closed', actions: { type: 'restore', params: ({ event }) => ({ number: event.number, openedAt: null }) } },
    ],
  },
  states: {
    closed: {
      on: {
        PAYMENT_DOCUMENT_FINISHED: {
          target: 'open',
          actions: { type: 'startShift', params: ({ event }) => ({ at: event.at }) },
          meta: { requirement: '14' },
        },
      },
    },
    open: {
      always: { guard: not('shiftUnder24h'), target: 'expired', meta: { requirement: '14' } },
      after: { SHIFT_LIMIT: { target: 'expired', meta: { requirement: '14' } } },
      on: {
        CHECK_DURATION: { guard: not('shiftUnder24h'), target: 'expired', meta: { requirement: '14' } },
        CLOSE: { target: 'closed', actions: 'closeShift', meta: { requirement: '12' } },
      },
    },
    expired: {
      meta: { requirement: '14' },
      entry: 'tellCashierShiftExpired',
      on: { CLOSE: { target: 'closed', actions: 'closeShift', meta: { requirement: '14' } } },
    },
  },
});
