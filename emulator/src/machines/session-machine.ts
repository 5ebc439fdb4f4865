// Modes and passwords (reqs 1, 10). Each mode — registration (sales, returns), programming
// (settings, date/time), close shift (Z), reports (X, sections, cashiers), service (tests) — is
// entered only with its password, which the fiscal module checks as a PIN.
import { assign, fromPromise, setup } from 'xstate';
import type { Mode } from '../dcp/types.js';

export interface SessionContext {
  requested: Mode | null;
  password: string;
  triesLeft: number | null;
}

export type SessionEvent =
  | { type: 'LOGIN'; mode: Mode; password: string }
  | { type: 'LOGOUT' };

export interface PinCheck {
  ok: boolean;
  triesLeft?: number;
}

/** Which requirement protects each mode. */
export const MODE_REQUIREMENT: Readonly<Record<Mode, string>> = {
  registration: '1.1',
  programming: '1.2',
  close_shift: '1.3',
  reports: '10',
  service: '10',
};

export const sessionMachine = setup({
  types: {} as { context: SessionContext; events: SessionEvent },
  actors: {
    /** Replaced by the register: verifies the password as the module PIN of the mode. */
    verifyPassword: fromPromise<PinCheck, { mode: Mode; password: string }>(async () => ({ ok: false })),
  },
  guards: {
    passwordAccepted: (_, check: PinCheck) => check.ok,
    requestedRegistration: ({ context }) => context.requested === 'registration',
    requestedProgramming: ({ context }) => context.requested === 'programming',
    requestedCloseShift: ({ context }) => context.requested === 'close_shift',
    requestedReports: ({ context }) => context.requested === 'reports',
    requestedService: ({ context }) => context.requested === 'service',
  },
  actions: {
    rememberRequest: assign({
      requested: (_, p: { mode: Mode; password: string }) => p.mode,
      password: (_, p: { mode: Mode; password: string }) => p.password,
    }),
    forgetPassword: assign({ password: '' }),
    recordTries: assign({ triesLeft: (_, check: PinCheck) => check.triesLeft ?? null }),
  },
}).createMachine({
  id: 'session',
  initial: 'loggedOut',
  context: { requested: null, password: '', triesLeft: null },
  on: {
    LOGIN: {
      target: '.verifying',
      actions: { type: 'rememberRequest', params: ({ event }) => ({ mode: event.mode, password: event.password }) },
      meta: { requirement: '1' },
    },
    LOGOUT: { target: '.loggedOut', actions: assign({ requested: null }) },
  },
  states: {
    loggedOut: {},
    verifying: {
      invoke: {
        id: 'pinCheck',
        src: 'verifyPassword',
        input: ({ context }) => ({ mode: context.requested ?? 'registration', password: context.password }),
        onDone: [
          { guard: { type: 'passwordAccepted', params: ({ event }) => event.output }, target: 'granted', actions: ['forgetPassword', { type: 'recordTries', params: ({ event }) => event.output }], meta: { requirement: '1' } },
          { target: 'loggedOut', actions: ['forgetPassword', { type: 'recordTries', params: ({ event }) => event.output }, assign({ requested: null })], meta: { requirement: '1' } },
        ],
        onError: { target: 'loggedOut', actions: ['forgetPassword', assign({ requested: null })] },
      },
    },
    granted: {
      always: [
        { guard: 'requestedRegistration', target: 'registration', meta: { requirement: '1.1' } },
        { guard: 'requestedProgramming', target: 'programming', meta: { requirement: '1.2' } },
        { guard: 'requestedCloseShift', target: 'close_shift', meta: { requirement: '1.3' } },
        { guard: 'requestedReports', target: 'reports', meta: { requirement: '10' } },
        { guard: 'requestedService', target: 'service', meta: { requirement: '10' } },
        { target: 'loggedOut' },
      ],
    },
    registration: { meta: { requirement: '1.1' } },
    programming: { meta: { requirement: '1.2' } },
    close_shift: { meta: { requirement: '1.3' } },
    reports: { meta: { requirement: '10' } },
    service: { meta: { requirement: '10' } },
  },
});

/** The mode a session snapshot is in, or null when logged out / verifying. */
export function sessionMode(value: unknown): Mode | null {
  return value === 'registration' || value === 'programming' || value === 'close_shift' || value === 'reports' || value === 'service'
    ? value
    : null;
}
