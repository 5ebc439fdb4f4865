// Power and self-test (reqs 2, 3, 9). The register is off until POWER_ON; it then runs the
// self-test (blocks and nodes, software hash vs signature, fiscal memory integrity through the
// module, operator link) before any operation. A failed blocking check blocks the register
// with its reason until a later self-test passes.
import { assign, fromPromise, setup } from 'xstate';
import type { SelfTestResult } from '../dcp/types.js';

/** When the self-test runs: power-on, start of a shift, Z report, or on request. */
export type SelfTestOccasion = 'power_on' | 'shift_start' | 'z_report' | 'request';

/** The outcome of a self-test: the DCP result plus whether a blocking check failed. */
export interface SelfTestOutcome {
  result: SelfTestResult;
  /** a check of reqs 3.1–3.3 failed (the link test of 2.4 does not block) */
  blocking: boolean;
  /** the requirement of the first failed blocking check, e.g. '3.3' */
  requirement?: string;
}

export interface PowerContext {
  lastSelfTest: SelfTestOutcome | null;
  occasion: SelfTestOccasion;
  block: { reason: string; requirement?: string } | null;
}

export type PowerEvent =
  | { type: 'POWER_ON' }
  | { type: 'POWER_OFF' }
  | { type: 'RUN_SELFTEST'; occasion: SelfTestOccasion };

export const powerMachine = setup({
  types: {} as { context: PowerContext; events: PowerEvent },
  actors: {
    /** Replaced by the register with `.provide()`: runs every check of req 2. */
    runSelfTest: fromPromise<SelfTestOutcome, { occasion: SelfTestOccasion }>(async () => ({
      result: { ok: true, checks: [] },
      blocking: false,
    })),
  },
  guards: {
    selfTestPassed: (_, outcome: SelfTestOutcome) => !outcome.blocking,
  },
  actions: {
    rememberOccasion: assign({
      occasion: (_, params: { occasion: SelfTestOccasion }) => params.occasion,
    }),
    recordSelfTest: assign({ lastSelfTest: (_, outcome: SelfTestOutcome) => outcome }),
    blockForFailedSelfTest: assign({
      block: (_, outcome: SelfTestOutcome) => ({
        reason: 'selftest_failed',
        requirement: outcome.requirement ?? '3',
      }),
    }),
    clearBlock: assign({ block: null }),
  },
}).createMachine({
  id: 'power',
  initial: 'off',
  context: { lastSelfTest: null, occasion: 'power_on', block: null },
  on: {
    POWER_OFF: { target: '.off', meta: { requirement: '8' } },
  },
  states: {
    off: {
      on: {
        POWER_ON: {
          target: 'selfTesting',
          actions: { type: 'rememberOccasion', params: { occasion: 'power_on' } },
          meta: { requirement: '2' },
        },
      },
    },
    selfTesting: {
      meta: { requirement: '2' },
      invoke: {
        id: 'selfTest',
        src: 'runSelfTest',
        input: ({ context }) => ({ occasion: context.occasion }),
        onDone: [
          {
            guard: { type: 'selfTestPassed', params: ({ event }) => event.output },
            target: 'ready',
            actions: [{ type: 'recordSelfTest', params: ({ event }) => event.output }, 'clearBlock'],
            meta: { requirement: '2' },
          },
          {
            target: 'blocked',
            actions: [
              { type: 'recordSelfTest', params: ({ event }) => event.output },
              { type: 'blockForFailedSelfTest', params: ({ event }) => event.output },
            ],
            meta: { requirement: '3' },
          },
        ],
        onError: {
          target: 'blocked',
          actions: assign({ block: { reason: 'selftest_failed', requirement: '3.1' } }),
          meta: { requirement: '3.1' },
        },
      },
    },
    ready: {
      on: {
        RUN_SELFTEST: {
          target: 'selfTesting',
          actions: { type: 'rememberOccasion', params: ({ event }) => ({ occasion: event.occasion }) },
          meta: { requirement: '2' },
        },
      },
    },
    blocked: {
      meta: { requirement: '3' },
      on: {
        RUN_SELFTEST: {
          target: 'selfTesting',
          actions: { type: 'rememberOccasion', params: ({ event }) => ({ occasion: event.occasion }) },
          meta: { requirement: '2' },
        },
      },
    },
  },
});
