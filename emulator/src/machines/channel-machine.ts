// Channels to the operator (reqs 18, 40.1, 40.5): at least two independent channels, each with its
// address, port and priority, entered in programming mode. The register tries the enabled
// channels in priority order and fails over to the next one when a channel does not connect
// (the exchange itself is OfdLink's); with no channel left it works autonomously (req 29.1).
//
//   none          no enabled channel: every document is autonomous
//   single        one channel: no failover possible
//   withFailover  two or more: failover by priority (18, 40.5)
import { assign, setup } from 'xstate';
import type { Channel } from '../dcp/types.js';
import type { DefectName } from '../defects.js';

export interface ChannelContext {
  defects: { has(name: DefectName): boolean };
  /** the channels as last programmed (settings.set, req 40.1) */
  programmed: Channel[];
  /** what the link uses: enabled channels, highest priority (lowest number) first */
  inUse: Channel[];
}

export type ChannelEvent =
  | { type: 'RESTORE'; channels: readonly Channel[] }
  | { type: 'PROGRAM'; channels: readonly Channel[] };

type Ctx = { context: ChannelContext };

export const channelMachine = setup({
  types: {} as { context: ChannelContext; events: ChannelEvent; input: { defects?: { has(name: DefectName): boolean } } },
  guards: {
    noChannelEnabled: ({ context }: Ctx) => context.inUse.length === 0,
    oneChannelEnabled: ({ context }: Ctx) => context.inUse.length === 1,
  },
  actions: {
    /** the channels kept in the settings, at start */
    restore: assign({ programmed: ({ event }) => event.channels.map((c) => ({ ...c })) }),
    /** req 40.1: the programmed channels are used from now on (channels-not-applied keeps the old ones) */
    applyProgrammedChannels: assign({
      programmed: ({ context, event }) => (context.defects.has('channels-not-applied') ? context.programmed : event.channels.map((c) => ({ ...c }))),
    }),
    /** reqs 18, 40.5: the enabled channels by priority (single-channel keeps only the first programmed) */
    orderByPriority: assign({
      inUse: ({ context }: Ctx) => {
        if (context.defects.has('single-channel')) return context.programmed.slice(0, 1).filter((c) => c.enabled);
        return context.programmed.filter((c) => c.enabled).sort((a, b) => a.priority - b.priority);
      },
    }),
  },
}).createMachine({
  id: 'channels',
  initial: 'choosing',
  context: ({ input }) => ({ defects: input.defects ?? { has: () => false }, programmed: [], inUse: [] }),
  on: {
    RESTORE: { target: '.choosing', reenter: true, actions: ['restore', 'orderByPriority'], meta: { requirement: '40.1' } },
    PROGRAM: { target: '.choosing', reenter: true, actions: ['applyProgrammedChannels', 'orderByPriority'], meta: { requirement: '40.5' } },
  },
  states: {
    choosing: {
      always: [
        { guard: 'noChannelEnabled', target: 'none', meta: { requirement: '29.1' } },
        { guard: 'oneChannelEnabled', target: 'single', meta: { requirement: '40.1' } },
        { target: 'withFailover', meta: { requirement: '18' } },
      ],
    },
    none: { meta: { requirement: '29.1' } },
    single: { meta: { requirement: '40.1' } },
    withFailover: { meta: { requirement: '18' } },
  },
});
