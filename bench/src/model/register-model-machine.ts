// The requirements model: what section 10 says a register must do, as a statechart. It is NOT the
// emulator's code: it is written from the requirements, every transition tagged with the
// requirement ids it exercises (`meta.requirements`). xstate/graph walks it to generate test
// paths (paths.ts); each path runs against the DUT through DCP (executors.ts and steps/).
//
// A requirement appears in a meta only where the executor of that transition makes a check that
// verifies it on what was observed — DCP answers and notifications, printed documents, the frames
// the operator received — never only on the register's own claim (state.get). States carry no
// requirements: what a state looks like from outside (state.get) is checked after every step as a
// consistency check recorded against the incoming transition, but it never is the only evidence.
// A bench test (test/model/) runs every path against the clean emulator and fails when a tagged
// requirement got no check in its step.
//
// Time rules are events here (ADVANCE_SHIFT_LIMIT, ADVANCE_OFFLINE_LIMIT), not `after` delays:
// the model is a description for path generation, the DUT keeps the real (virtual) time.
import { setup } from 'xstate';

/** Every event the path generator may send (a transition exists only where a state lists it). */
export const MODEL_EVENT_TYPES = [
  'POWER_ON', 'POWER_CYCLE', 'POWER_CUT', 'SELFTEST', 'FIRMWARE_UNSIGNED',
  'SELL', 'SELL_DETAILED', 'SELL_MARKED', 'SELL_UNSCANNED_MARKED', 'RETURN_AND_PURCHASES', 'CASH',
  'NO_PAPER', 'SHORT_PAYMENT', 'WRONG_PASSWORDS',
  'X_REPORT', 'SECTIONS_REPORT', 'CASHIERS_REPORT', 'CLOSE_SHIFT',
  'LINK_DOWN', 'LINK_UP', 'SLOW_ANSWER', 'LATE_ANSWER', 'CHANNEL_FAILOVER',
  'SUSPEND', 'RESUME', 'NOTIFY',
  'ADVANCE_SHIFT_LIMIT', 'ADVANCE_OFFLINE_LIMIT',
  'SET_TIME', 'SET_TIME_PAST', 'PROGRAM_CHANNELS', 'PROGRAM_REGISTRATION', 'ENTER_TOKEN',
  'TAMPER',
] as const;

export type ModelEventType = (typeof MODEL_EVENT_TYPES)[number];
export type ModelEvent = { type: ModelEventType };

export const MODEL_EVENTS: ModelEvent[] = MODEL_EVENT_TYPES.map((type) => ({ type }));

const req = (...ids: string[]) => ({ requirements: ids });

/** What every receipt with an operator's sign shows: one cycle, sign on paper and in memory, frames, QR, kz/ru. */
const ONLINE_RECEIPT = ['4', '5', '20', '23', '24', '31', '31.1', '32', '33', '34', '35', '36', '39', '40.2', '40.3', '43.4'];
/** What every autonomous receipt shows. */
const AUTONOMOUS_RECEIPT = ['26', '29.3', '29.4', '29.5', '33', '34', '35', '36', '39'];
/** What reconnecting with a queue shows: the offline period first, then the queue in order, with autonomous signs. */
const UPLOAD = ['8', '30', '30.1', '30.2', '30.3'];

export const registerModelMachine = setup({
  types: {} as { events: ModelEvent },
}).createMachine({
  id: 'kkmModel',
  initial: 'off',
  states: {
    off: {
      on: { POWER_ON: { target: 'ready', meta: req('2', '2.1', '2.2') } },
    },
    /** powered, registered, no fiscal document yet; link up */
    ready: {
      on: {
        SELL: { target: 'online', meta: req('12', ...ONLINE_RECEIPT) },
        SELFTEST: { target: 'ready', meta: req('2', '2.1', '2.2', '2.4') },
        WRONG_PASSWORDS: { target: 'ready', meta: req('1', '1.1', '1.2', '10') },
        SET_TIME: { target: 'ready', meta: req('41') },
        PROGRAM_CHANNELS: { target: 'online', meta: req('18', '40', '40.1', '40.5') },
        PROGRAM_REGISTRATION: { target: 'ready', meta: req('40', '40.2', '40.3', '40.4') },
        FIRMWARE_UNSIGNED: { target: 'ready', meta: req('43', '43.1', '2.2') },
      },
    },
    /** shift open, link up: receipts are online (fiscal sign from the operator) */
    online: {
      on: {
        SELL: { target: 'online', meta: req(...ONLINE_RECEIPT) },
        SELL_DETAILED: { target: 'online', meta: req('21', '24') },
        SELL_MARKED: { target: 'online', meta: req('7') },
        SELL_UNSCANNED_MARKED: { target: 'online', meta: req('7.1') },
        RETURN_AND_PURCHASES: { target: 'online', meta: req('15', '21') },
        CASH: { target: 'online', meta: req('27') },
        NO_PAPER: { target: 'online', meta: req('6') },
        SHORT_PAYMENT: { target: 'online', meta: req('6') },
        WRONG_PASSWORDS: { target: 'online', meta: req('1', '1.1', '1.3', '10') },
        X_REPORT: { target: 'online', meta: req('31', '31.4', '43.3') },
        SECTIONS_REPORT: { target: 'online', meta: req('31', '31.3') },
        CASHIERS_REPORT: { target: 'online', meta: req('31', '31.2') },
        CLOSE_SHIFT: { target: 'closed', meta: req('12', '13', '22', '31', '31.5') },
        SET_TIME: { target: 'online', meta: req('41') },
        ENTER_TOKEN: { target: 'online', meta: req('40.4', '41') },
        SLOW_ANSWER: { target: 'online', meta: req('25', '29') },
        LATE_ANSWER: { target: 'offline', meta: req('25', '29', '29.1', '29.2', '29.5') },
        CHANNEL_FAILOVER: { target: 'online', meta: req('18') },
        NOTIFY: { target: 'online', meta: req('17') },
        LINK_DOWN: { target: 'linkDown', meta: req() },
        SUSPEND: { target: 'suspended', meta: req() },
        ADVANCE_SHIFT_LIMIT: { target: 'expired', meta: req('14') },
        TAMPER: { target: 'tampered', meta: req() },
      },
    },
    /** shift closed by a Z report, link up */
    closed: {
      on: {
        SELL: { target: 'online', meta: req('12', ...ONLINE_RECEIPT) },
        SET_TIME_PAST: { target: 'closed', meta: req('41', '42') },
        TAMPER: { target: 'tamperedClosed', meta: req() },
      },
    },
    /** the link is down but the register has not noticed yet (no send attempted) */
    linkDown: {
      on: {
        SELL: { target: 'offline', meta: req('11', '25', '29.1', '29.2', ...AUTONOMOUS_RECEIPT) },
        LINK_UP: { target: 'online', meta: req() },
      },
    },
    /** autonomous mode: receipts carry the register's own fiscal sign, queued for upload */
    offline: {
      on: {
        SELL: { target: 'offline', meta: req(...AUTONOMOUS_RECEIPT) },
        X_REPORT: { target: 'offline', meta: req('31', '31.4') },
        CLOSE_SHIFT: { target: 'closedOffline', meta: req('29.7', '31', '31.5') },
        POWER_CUT: { target: 'blocked', meta: req('8', '28') },
        LINK_UP: { target: 'online', meta: req(...UPLOAD) },
        ADVANCE_OFFLINE_LIMIT: { target: 'blocked', meta: req() },
      },
    },
    /** shift closed in autonomous mode (Z report printed), queue still waiting */
    closedOffline: {
      on: {
        SELL: { target: 'offline', meta: req(...AUTONOMOUS_RECEIPT) },
        LINK_UP: { target: 'closed', meta: req('29.7', ...UPLOAD) },
      },
    },
    /**
     * more than 72 h autonomous (or a month switched off with receipts undelivered): sales blocked
     * until the queue is delivered. The shift is then older than 24 h as well, so delivering the
     * queue leaves the shift-limit block (req 14).
     */
    blocked: {
      on: {
        SELL: { target: 'blocked', meta: req('29.6') },
        LINK_UP: { target: 'expired', meta: req(...UPLOAD) },
      },
    },
    /** shift longer than 24 h: sales blocked until the shift is closed */
    expired: {
      on: {
        SELL: { target: 'expired', meta: req('14') },
        CLOSE_SHIFT: { target: 'closed', meta: req('12') },
      },
    },
    /** the operator suspended the register (shift open) */
    suspended: {
      on: {
        SELL: { target: 'suspended', meta: req('16') },
        RESUME: { target: 'online', meta: req('16') },
      },
    },
    /** a receipt of the open shift was altered in fiscal memory behind the register's back */
    tampered: {
      on: {
        SELFTEST: { target: 'integrityBlocked', meta: req('43.2') },
        CLOSE_SHIFT: { target: 'integrityBlocked', meta: req('2', '13') },
        POWER_CYCLE: { target: 'integrityBlocked', meta: req('9') },
      },
    },
    /** a receipt of the last closed shift (covered by its Z checksum) was altered behind the register's back */
    tamperedClosed: {
      on: {
        SELFTEST: { target: 'integrityBlocked', meta: req('2.3', '43.2') },
        POWER_CYCLE: { target: 'integrityBlocked', meta: req('2.3', '9') },
      },
    },
    /** the self-test found the alteration: the register is blocked */
    integrityBlocked: {
      on: {
        SELL: { target: 'integrityBlocked', meta: req('3', '3.3') },
      },
    },
  },
});

export type ModelStateName = keyof typeof registerModelMachine.config.states & string;
