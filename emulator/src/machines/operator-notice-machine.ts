// Operator notices (req 17): the operator forwards notices of the state revenue bodies in its
// answers (ticket_ads, ofd-protocol.md §6). A notice newer than the one of its type already seen
// is shown to the cashier and printed on the receipt tape; an older or repeated one is not. The
// INFO notice (type 4) is also kept: in server-block mode (req 16, §9) the register shows it.
import { and, assign, not, setup } from 'xstate';
import type { DefectName } from '../defects.js';

/** The INFO notice type of ticket_ads (ofd-protocol.md §9). */
export const INFO_NOTICE_TYPE = 4;

export interface Notice {
  /** ticket_ad type */
  kind: number;
  version: bigint;
  text: string;
}

export interface OperatorNoticeContext {
  defects: { has(name: DefectName): boolean };
  /** the last notice shown */
  last: Notice | null;
}

/** `known`: the version of this type already seen (kept by the register across power cuts). */
export type OperatorNoticeEvent = { type: 'NOTICE'; notice: Notice; known: bigint | undefined };

export const operatorNoticeMachine = setup({
  types: {} as { context: OperatorNoticeContext; events: OperatorNoticeEvent; input: { defects?: { has(name: DefectName): boolean } } },
  guards: {
    /** a notice is handled once: only a newer version than the one seen */
    noticeIsNew: ({ event }) => event.known === undefined || event.known < event.notice.version,
    /** the notification-ignored defect: notices are neither shown nor printed */
    noticesHonoured: ({ context }) => !context.defects.has('notification-ignored'),
    isInfoNotice: ({ event }) => event.notice.kind === INFO_NOTICE_TYPE,
  },
  actions: {
    /** the register remembers the version (persisted: a notice is not repeated after a restart) */
    rememberVersion: () => {},
    /** req 16: the text shown in server-block mode */
    keepInfoText: () => {},
    /** req 17: on the cashier's display */
    showToCashier: () => {},
    /** req 17: on the receipt tape (after the operation under way) */
    printNotice: () => {},
    recordNotice: assign({ last: ({ event }) => event.notice }),
  },
}).createMachine({
  id: 'operatorNotices',
  initial: 'listening',
  context: ({ input }) => ({ defects: input.defects ?? { has: () => false }, last: null }),
  states: {
    listening: {
      meta: { requirement: '17' },
      on: {
        // a notice already seen (or older): nothing happens
        NOTICE: [
          { guard: and(['noticeIsNew', not('noticesHonoured')]), actions: 'rememberVersion', meta: { requirement: '17' } },
          { guard: and(['noticeIsNew', 'isInfoNotice']), actions: ['rememberVersion', 'keepInfoText', 'showToCashier', 'printNotice', 'recordNotice'], meta: { requirement: '16' } },
          { guard: 'noticeIsNew', actions: ['rememberVersion', 'showToCashier', 'printNotice', 'recordNotice'], meta: { requirement: '17' } },
        ],
      },
    },
  },
});
