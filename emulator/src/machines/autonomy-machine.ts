// The autonomous queue limit (reqs 8, 28, 29.6): documents made without the operator wait in the
// fiscal module, in order, until delivered. When the oldest of them is 72 h old the register
// blocks, telling the cashier, until the queue is delivered.
import { assign, not, setup } from 'xstate';
import { OFFLINE_LIMIT_MS } from './limits.js';

export interface AutonomyContext {
  /** register time of the oldest unsent document, or null when the queue is empty */
  oldestUnsentAt: number | null;
  queued: number;
  now: () => number;
}

export type AutonomyEvent =
  | { type: 'QUEUED'; at: number }
  | { type: 'DELIVERED'; remaining: number; oldestUnsentAt: number | null }
  | { type: 'CHECK_AGE' }
  | { type: 'RESTORE'; queued: number; oldestUnsentAt: number | null };

export const autonomyMachine = setup({
  types: {} as { context: AutonomyContext; events: AutonomyEvent; input: { now: () => number } },
  guards: {
    offlineUnder72h: ({ context }) => context.oldestUnsentAt === null || context.now() - context.oldestUnsentAt < OFFLINE_LIMIT_MS,
    queueEmpty: (_, p: { remaining: number }) => p.remaining === 0,
    restoredQueueEmpty: (_, p: { queued: number }) => p.queued === 0,
  },
  actions: {
    /** req 29.6: the cashier is told why the register blocks */
    tellCashierOfflineTooLong: () => {},
    enqueue: assign({
      queued: ({ context }) => context.queued + 1,
      oldestUnsentAt: ({ context }, p: { at: number }) => context.oldestUnsentAt ?? p.at,
    }),
    recordDelivery: assign({
      queued: (_, p: { remaining: number; oldestUnsentAt: number | null }) => p.remaining,
      oldestUnsentAt: (_, p: { remaining: number; oldestUnsentAt: number | null }) => (p.remaining === 0 ? null : p.oldestUnsentAt),
    }),
    restore: assign({
      queued: (_, p: { queued: number; oldestUnsentAt: number | null }) => p.queued,
      oldestUnsentAt: (_, p: { queued: number; oldestUnsentAt: number | null }) => (p.queued === 0 ? null : p.oldestUnsentAt),
    }),
  },
  delays: {
    /** what is left of 72 h since the oldest unsent document */
    OFFLINE_LIMIT: ({ context }) => Math.max(0, (context.oldestUnsentAt ?? context.now()) + OFFLINE_LIMIT_MS - context.now()),
  },
}).createMachine({
  id: 'autonomy',
  initial: 'empty',
  context: ({ input }) => ({ oldestUnsentAt: null, queued: 0, now: input.now }),
  on: {
    RESTORE: [
      { guard: { type: 'restoredQueueEmpty', params: ({ event }) => ({ queued: event.queued }) }, target: '.empty', actions: { type: 'restore', params: ({ event }) => event } },
      { target: '.queued', actions: { type: 'restore', params: ({ event }) => event } },
    ],
  },
  states: {
    empty: {
      on: {
        QUEUED: { target: 'queued', actions: { type: 'enqueue', params: ({ event }) => ({ at: event.at }) }, meta: { requirement: '8' } },
      },
    },
    queued: {
      meta: { requirement: '28' },
      always: { guard: not('offlineUnder72h'), target: 'tooLong', meta: { requirement: '29.6' } },
      after: { OFFLINE_LIMIT: { target: 'tooLong', meta: { requirement: '29.6' } } },
      on: {
        QUEUED: { actions: { type: 'enqueue', params: ({ event }) => ({ at: event.at }) }, meta: { requirement: '8' } },
        CHECK_AGE: { guard: not('offlineUnder72h'), target: 'tooLong', meta: { requirement: '29.6' } },
        DELIVERED: [
          { guard: { type: 'queueEmpty', params: ({ event }) => event }, target: 'empty', actions: { type: 'recordDelivery', params: ({ event }) => event }, meta: { requirement: '30.2' } },
          { target: 'queued', reenter: true, actions: { type: 'recordDelivery', params: ({ event }) => event }, meta: { requirement: '30.2' } },
        ],
      },
    },
    tooLong: {
      meta: { requirement: '29.6' },
      entry: 'tellCashierOfflineTooLong',
      on: {
        QUEUED: { actions: { type: 'enqueue', params: ({ event }) => ({ at: event.at }) } },
        DELIVERED: [
          { guard: { type: 'queueEmpty', params: ({ event }) => event }, target: 'empty', actions: { type: 'recordDelivery', params: ({ event }) => event }, meta: { requirement: '30.2' } },
          { target: 'queued', actions: { type: 'recordDelivery', params: ({ event }) => event }, meta: { requirement: '30.2' } },
        ],
      },
    },
  },
});
