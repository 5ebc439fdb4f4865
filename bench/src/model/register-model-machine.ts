// The requirements model: what section 10 says a register must do, as a statechart. It is NOT the
// emulator's code: it is written from the requirements, every state and transition tagged with
// the requirement ids it exercises (`meta.requirements`). xstate/graph walks it to generate test
// paths (paths.ts); each path runs against the DUT through DCP (executors.ts).
//
// A requirement appears in a meta only where the executors (executors.ts) make a check that names
// it: a path covers exactly what it verifies (the report never passes what was not exercised).
// Time rules are events here (ADVANCE_SHIFT_LIMIT, ADVANCE_OFFLINE_LIMIT), not `after` delays:
// the model is a description for path generation, the DUT keeps the real (virtual) time.
import { setup } from 'xstate';

export type ModelEvent =
  | { type: 'POWER_ON' }
  | { type: 'SELL' }
  | { type: 'CLOSE_SHIFT' }
  | { type: 'LINK_DOWN' }
  | { type: 'LINK_UP' }
  | { type: 'SUSPEND' }
  | { type: 'RESUME' }
  | { type: 'ADVANCE_SHIFT_LIMIT' }
  | { type: 'ADVANCE_OFFLINE_LIMIT' }
  | { type: 'SET_TIME' };

/** Every event the path generator may send. */
export const MODEL_EVENTS: ModelEvent[] = [
  { type: 'POWER_ON' }, { type: 'SELL' }, { type: 'CLOSE_SHIFT' }, { type: 'LINK_DOWN' }, { type: 'LINK_UP' },
  { type: 'SUSPEND' }, { type: 'RESUME' }, { type: 'ADVANCE_SHIFT_LIMIT' }, { type: 'ADVANCE_OFFLINE_LIMIT' }, { type: 'SET_TIME' },
];

const req = (...ids: string[]) => ({ requirements: ids });

export const registerModelMachine = setup({
  types: {} as { events: ModelEvent },
}).createMachine({
  id: 'kkmModel',
  initial: 'off',
  states: {
    off: {
      meta: req(),
      on: { POWER_ON: { target: 'closed', meta: req('2') } },
    },
    /** powered, shift closed, link up */
    closed: {
      meta: req('12'),
      on: {
        SELL: { target: 'online', meta: req('5', '12') },
        SET_TIME: { target: 'closed', meta: req('41') },
        SUSPEND: { target: 'suspendedClosed', meta: req() },
      },
    },
    /** shift open, link up: receipts are online (fiscal sign from the operator) */
    online: {
      meta: req('5'),
      on: {
        SELL: { target: 'online', meta: req('5') },
        CLOSE_SHIFT: { target: 'closed', meta: req('12') },
        LINK_DOWN: { target: 'linkDown', meta: req() },
        SUSPEND: { target: 'suspended', meta: req() },
        SET_TIME: { target: 'online', meta: req('41') },
        ADVANCE_SHIFT_LIMIT: { target: 'expired', meta: req() },
      },
    },
    /** the link is down but the register has not noticed yet (no send attempted) */
    linkDown: {
      meta: req(),
      on: {
        SELL: { target: 'offline', meta: req('29.1', '29.2', '29.3', '29.4', '29.5') },
        LINK_UP: { target: 'online', meta: req('8') },
      },
    },
    /** autonomous mode: receipts carry the register's own fiscal sign, queued for upload */
    offline: {
      meta: req('29.1'),
      on: {
        SELL: { target: 'offline', meta: req('29.3', '29.4', '29.5') },
        LINK_UP: { target: 'online', meta: req('8') },
        CLOSE_SHIFT: { target: 'closedOffline', meta: req('29.7') },
        ADVANCE_OFFLINE_LIMIT: { target: 'blocked', meta: req() },
      },
    },
    /** shift closed in autonomous mode (Z-report printed), queue still waiting */
    closedOffline: {
      meta: req('29.7'),
      on: { LINK_UP: { target: 'closed', meta: req('8') } },
    },
    /**
     * more than 72 h autonomous: sales blocked until the queue is delivered. The shift is then
     * older than 24 h as well, so delivering the queue leaves the shift-limit block (req 14).
     */
    blocked: {
      meta: req('29.6'),
      on: {
        SELL: { target: 'blocked', meta: req('29.6') },
        LINK_UP: { target: 'expired', meta: req('8') },
      },
    },
    /** shift longer than 24 h: sales blocked until the shift is closed */
    expired: {
      meta: req('14'),
      on: {
        SELL: { target: 'expired', meta: req('14') },
        CLOSE_SHIFT: { target: 'closed', meta: req('14', '12') },
      },
    },
    /** the operator suspended the register (shift open) */
    suspended: {
      meta: req(),
      on: {
        SELL: { target: 'suspended', meta: req('16') },
        RESUME: { target: 'online', meta: req() },
      },
    },
    /** suspended with the shift closed */
    suspendedClosed: {
      meta: req(),
      on: {
        SELL: { target: 'suspendedClosed', meta: req('16') },
        RESUME: { target: 'closed', meta: req() },
      },
    },
  },
});

export type ModelStateName = keyof typeof registerModelMachine.config.states & string;
