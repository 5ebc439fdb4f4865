// The link to the operator (reqs 4, 16, 20, 29, 30 and ofd-protocol.md §5.3, §9): start with
// INFO; online until an answer is missing for 5 s or the link is lost, then autonomous with
// reconnect attempts every retry interval; on reconnect the offline period message and the
// queue are delivered in order (uploadBacklog). Result 15 puts the register in server-block
// mode (suspension, req 16): SYSTEM with reg info is sent periodically and the block is left on
// the first OK. Results 1–5 block the register until a person intervenes (a token is entered).
import { assign, fromPromise, setup } from 'xstate';
import { RETRY_INTERVAL_MAX_MS, RETRY_INTERVAL_MS, SYSTEM_PROBE_INTERVAL_MS } from './limits.js';

/** What an exchange with the operator came to, as the link machine needs to know it. */
export type LinkOutcome =
  | { kind: 'ok' }
  | { kind: 'no_link' }
  | { kind: 'server_block'; text?: string }
  | { kind: 'fatal'; code: number; text?: string };

export interface LinkContext {
  lastOutcome: LinkOutcome | null;
  fatal: { code: number; text?: string } | null;
  blockText: string | null;
  /** failed reconnect attempts in a row (the retry interval backs off) */
  failedAttempts: number;
}

export type LinkEvent =
  | { type: 'START' }
  | { type: 'STOP' }
  | { type: 'NO_ANSWER' }
  | { type: 'SERVER_BLOCK'; text?: string }
  | { type: 'FATAL_RESULT'; code: number; text?: string }
  | { type: 'RETRY_NOW' }
  | { type: 'TOKEN_ENTERED' };

export const linkMachine = setup({
  types: {} as { context: LinkContext; events: LinkEvent },
  actors: {
    /** INFO at start (ofd-protocol.md §6.2); syncs counters. */
    initialise: fromPromise<LinkOutcome>(async () => ({ kind: 'ok' })),
    /** offline period message, then every queued document one by one (req 30). */
    uploadBacklog: fromPromise<LinkOutcome>(async () => ({ kind: 'ok' })),
    /** SYSTEM with reg info while in server-block mode (§9). */
    probeOperator: fromPromise<LinkOutcome>(async () => ({ kind: 'ok' })),
  },
  guards: {
    operatorAnswered: (_, o: LinkOutcome) => o.kind === 'ok',
    operatorUnreachable: (_, o: LinkOutcome) => o.kind === 'no_link',
    operatorSuspended: (_, o: LinkOutcome) => o.kind === 'server_block',
  },
  actions: {
    /** req 29.2: the cashier is told that the operator is out of reach. */
    tellCashierAutonomous: () => {},
    /** req 16: the cashier sees the operator's last INFO text / the reason. */
    tellCashierSuspended: () => {},
    tellCashierResumed: () => {},
    tellCashierBlocked: () => {},
    recordOutcome: assign({ lastOutcome: (_, o: LinkOutcome) => o }),
    recordFatal: assign({
      fatal: (_, o: LinkOutcome) => (o.kind === 'fatal' ? { code: o.code, ...(o.text !== undefined ? { text: o.text } : {}) } : null),
    }),
    recordBlockText: assign({ blockText: (_, o: LinkOutcome) => (o.kind === 'server_block' ? o.text ?? null : null) }),
    clearFatal: assign({ fatal: null }),
    countFailedAttempt: assign({ failedAttempts: ({ context }) => context.failedAttempts + 1 }),
    resetFailedAttempts: assign({ failedAttempts: 0 }),
  },
  delays: {
    /** 60 s, doubling after each failed attempt up to 10 min */
    RETRY_INTERVAL: ({ context }) => Math.min(RETRY_INTERVAL_MAX_MS, RETRY_INTERVAL_MS * 2 ** Math.min(context.failedAttempts, 10)),
    SYSTEM_PROBE_INTERVAL: SYSTEM_PROBE_INTERVAL_MS,
  },
}).createMachine({
  id: 'link',
  initial: 'idle',
  context: { lastOutcome: null, fatal: null, blockText: null, failedAttempts: 0 },
  on: { STOP: { target: '.idle' } },
  states: {
    idle: {
      on: { START: { target: 'starting', meta: { requirement: '20' } } },
    },
    starting: {
      meta: { requirement: '20' },
      invoke: {
        id: 'info',
        src: 'initialise',
        onDone: [
          { guard: { type: 'operatorAnswered', params: ({ event }) => event.output }, target: 'uploading', actions: { type: 'recordOutcome', params: ({ event }) => event.output }, meta: { requirement: '20' } },
          { guard: { type: 'operatorUnreachable', params: ({ event }) => event.output }, target: 'autonomous', actions: [{ type: 'recordOutcome', params: ({ event }) => event.output }, 'tellCashierAutonomous'], meta: { requirement: '29.1' } },
          { guard: { type: 'operatorSuspended', params: ({ event }) => event.output }, target: 'serverBlocked', actions: [{ type: 'recordOutcome', params: ({ event }) => event.output }, { type: 'recordBlockText', params: ({ event }) => event.output }, 'tellCashierSuspended'], meta: { requirement: '16' } },
          { target: 'blocked', actions: [{ type: 'recordOutcome', params: ({ event }) => event.output }, { type: 'recordFatal', params: ({ event }) => event.output }, 'tellCashierBlocked'], meta: { requirement: '20' } },
        ],
        onError: { target: 'autonomous', actions: 'tellCashierAutonomous', meta: { requirement: '29.1' } },
      },
    },
    online: {
      meta: { requirement: '21' },
      on: {
        NO_ANSWER: { target: 'autonomous', actions: ['resetFailedAttempts', 'tellCashierAutonomous'], meta: { requirement: '29.1' } },
        SERVER_BLOCK: { target: 'serverBlocked', actions: [assign({ blockText: ({ event }) => event.text ?? null }), 'tellCashierSuspended'], meta: { requirement: '16' } },
        FATAL_RESULT: { target: 'blocked', actions: [assign({ fatal: ({ event }) => ({ code: event.code, ...(event.text !== undefined ? { text: event.text } : {}) }) }), 'tellCashierBlocked'], meta: { requirement: '20' } },
        RETRY_NOW: { target: 'uploading' },
      },
    },
    autonomous: {
      meta: { requirement: '29.1' },
      after: { RETRY_INTERVAL: { target: 'uploading', meta: { requirement: '30' } } },
      on: {
        RETRY_NOW: { target: 'uploading', meta: { requirement: '30' } },
        SERVER_BLOCK: { target: 'serverBlocked', actions: [assign({ blockText: ({ event }) => event.text ?? null }), 'tellCashierSuspended'], meta: { requirement: '16' } },
      },
    },
    uploading: {
      meta: { requirement: '30' },
      invoke: {
        id: 'upload',
        src: 'uploadBacklog',
        onDone: [
          { guard: { type: 'operatorAnswered', params: ({ event }) => event.output }, target: 'online', actions: [{ type: 'recordOutcome', params: ({ event }) => event.output }, 'resetFailedAttempts'], meta: { requirement: '30.2' } },
          { guard: { type: 'operatorUnreachable', params: ({ event }) => event.output }, target: 'autonomous', actions: [{ type: 'recordOutcome', params: ({ event }) => event.output }, 'countFailedAttempt'], meta: { requirement: '29.1' } },
          { guard: { type: 'operatorSuspended', params: ({ event }) => event.output }, target: 'serverBlocked', actions: [{ type: 'recordOutcome', params: ({ event }) => event.output }, { type: 'recordBlockText', params: ({ event }) => event.output }, 'tellCashierSuspended'], meta: { requirement: '16' } },
          { target: 'blocked', actions: [{ type: 'recordOutcome', params: ({ event }) => event.output }, { type: 'recordFatal', params: ({ event }) => event.output }, 'tellCashierBlocked'], meta: { requirement: '30.2' } },
        ],
        onError: { target: 'autonomous', actions: 'countFailedAttempt', meta: { requirement: '29.1' } },
      },
    },
    serverBlocked: {
      meta: { requirement: '16' },
      after: { SYSTEM_PROBE_INTERVAL: { target: 'probing', meta: { requirement: '16' } } },
      on: { RETRY_NOW: { target: 'probing' } },
    },
    probing: {
      meta: { requirement: '16' },
      invoke: {
        id: 'probe',
        src: 'probeOperator',
        onDone: [
          { guard: { type: 'operatorAnswered', params: ({ event }) => event.output }, target: 'uploading', actions: ['tellCashierResumed', { type: 'recordOutcome', params: ({ event }) => event.output }], meta: { requirement: '16' } },
          { target: 'serverBlocked', actions: { type: 'recordOutcome', params: ({ event }) => event.output }, meta: { requirement: '16' } },
        ],
        onError: { target: 'serverBlocked' },
      },
    },
    blocked: {
      meta: { requirement: '20' },
      on: { TOKEN_ENTERED: { target: 'starting', actions: 'clearFatal', meta: { requirement: '40.4' } } },
    },
  },
});
