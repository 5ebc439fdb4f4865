// One fiscal document's cycle (reqs 5, 8, 23–27, 29, 29.1–29.5, 39): a receipt, cash in/out or
// Z report is sent to the operator in the same working cycle. With an answer it carries the
// operator's fiscal sign; after 5 s without an answer, or on a lost link, the register turns
// autonomous: the module makes an autonomous sign, the document waits in the module's queue.
// While the queue is not empty, new documents go straight to its end (ofd-protocol.md §9).
// The document is recorded in the fiscal module and printed only once it has a sign, so the
// title "ФИСКАЛЬНЫЙ ЧЕК" never appears without one (reqs 39, 43.3). The cycle ends within 7 s.
//
// One actor lives as long as the register and runs one cycle after another: a DOCUMENT event
// starts a cycle from idle (or from the end of the previous one) with a fresh context; the end
// of a cycle (done or refused) is announced by `finishCycle`; CANCEL (power cut) drops the cycle
// under way, so nothing more is recorded.
// The side effects are actions named in `setup` (the register provides them with `.provide()`):
// a state's entry action starts its effect (`sendToOperator`, `signAutonomously`,
// `recordDocument`) and the effect reports back with an event (OPERATOR_ANSWERED / SEND_FAILED,
// SIGNED / SIGN_FAILED, RECORDED / RECORD_FAILED). Leaving `sending` (an answer, the 5 s limit,
// CANCEL) runs `abortSend`; a late report reaches a state that ignores it.
// (Effects as actions reporting with events rather than invoked promise actors: no child actor
// per step of every document, which was most of the statechart's CPU per receipt; the states,
// guards, delay and rules are the same.)
import { assign, setup } from 'xstate';
import type { DcpReason } from '../dcp/types.js';
import { ANSWER_TIMEOUT_MS } from './limits.js';

export type SendOutcome =
  | { kind: 'signed'; sign: string; qr?: string; serverReport?: unknown }
  | { kind: 'no_link' }
  | { kind: 'server_block'; text?: string }
  | { kind: 'refused'; reason: DcpReason; code: number; text?: string; requirement?: string }
  | { kind: 'fatal'; code: number; text?: string };

export interface Fiscalisation {
  mode: 'online' | 'autonomous';
  sign: string;
  qr?: string;
  serverReport?: unknown;
  /** the module's lifetime counter of the autonomous sign (offline ticket number) */
  offlineNumber?: number;
}

export interface Refusal {
  reason: DcpReason;
  message: string;
  requirement?: string;
}

export interface FiscalCycleInput {
  /** the link is online and nothing waits in the queue */
  operatorReachable: boolean;
}

export type FiscalCycleEvent =
  /** a document starts its cycle */
  | ({ type: 'DOCUMENT' } & FiscalCycleInput)
  /** power cut: the cycle under way dies */
  | { type: 'CANCEL' }
  /** the effects report back */
  | { type: 'OPERATOR_ANSWERED'; outcome: SendOutcome }
  | { type: 'SEND_FAILED'; error: unknown }
  | { type: 'SIGNED'; fiscal: Fiscalisation }
  | { type: 'SIGN_FAILED'; error: unknown }
  | { type: 'RECORDED'; recorded: unknown }
  | { type: 'RECORD_FAILED'; error: unknown };

export interface FiscalCycleContext {
  operatorReachable: boolean;
  fiscal: Fiscalisation | null;
  refusal: Refusal | null;
  recorded: unknown;
  wentAutonomous: boolean;
}

export type FiscalCycleOutput = Pick<FiscalCycleContext, 'fiscal' | 'refusal' | 'recorded' | 'wentAutonomous'>;

const outputOf = (c: FiscalCycleContext): FiscalCycleOutput => ({ fiscal: c.fiscal, refusal: c.refusal, recorded: c.recorded, wentAutonomous: c.wentAutonomous });

/** a new cycle starts from idle or from the end of the previous one */
const startCycle = { target: 'deciding', actions: { type: 'beginCycle', params: ({ event }: { event: FiscalCycleInput }) => ({ operatorReachable: event.operatorReachable }) } } as const;

export const fiscalCycleMachine = setup({
  types: {} as { context: FiscalCycleContext; events: FiscalCycleEvent },
  guards: {
    operatorReachable: ({ context }) => context.operatorReachable,
    operatorSigned: (_, o: SendOutcome) => o.kind === 'signed',
    operatorUnreachable: (_, o: SendOutcome) => o.kind === 'no_link',
    operatorSuspended: (_, o: SendOutcome) => o.kind === 'server_block',
    operatorFatal: (_, o: SendOutcome) => o.kind === 'fatal',
  },
  actions: {
    /** effect: sends the document to the operator (retransmitting on a broken connection) → OPERATOR_ANSWERED | SEND_FAILED */
    sendToOperator: () => {},
    /** stops waiting for the operator (answer taken, 5 s passed, power cut) */
    abortSend: () => {},
    /** effect: asks the fiscal module for an autonomous sign, unique for the register's life → SIGNED | SIGN_FAILED */
    signAutonomously: () => {},
    /** effect: appends the signed document to the module (queued when autonomous) and prints it → RECORDED | RECORD_FAILED */
    recordDocument: (_, _p: { fiscal: Fiscalisation }) => {},
    /** a fresh context for the document whose cycle starts */
    beginCycle: assign((_, p: FiscalCycleInput) => ({ operatorReachable: p.operatorReachable, fiscal: null, refusal: null, recorded: null, wentAutonomous: false })),
    /** hands the outcome of the cycle to whoever waits for it */
    finishCycle: (_, _out: FiscalCycleOutput) => {},
    /** tells the link machine that the operator did not answer in time (req 29). */
    reportNoAnswer: () => {},
    reportServerBlock: (_, _o: SendOutcome) => {},
    reportFatal: (_, _o: SendOutcome) => {},
    takeOnlineSign: assign({
      fiscal: (_, o: SendOutcome) =>
        o.kind === 'signed'
          ? { mode: 'online' as const, sign: o.sign, ...(o.qr !== undefined ? { qr: o.qr } : {}), ...(o.serverReport !== undefined ? { serverReport: o.serverReport } : {}) }
          : null,
    }),
    takeAutonomousSign: assign({ fiscal: (_, f: Fiscalisation) => f, wentAutonomous: true }),
    refuse: assign({ refusal: (_, r: Refusal) => r }),
    keepRecord: assign({ recorded: (_, r: unknown) => r }),
  },
  delays: { ANSWER_TIMEOUT: ANSWER_TIMEOUT_MS },
}).createMachine({
  id: 'fiscalCycle',
  initial: 'idle',
  context: { operatorReachable: false, fiscal: null, refusal: null, recorded: null, wentAutonomous: false },
  on: { CANCEL: { target: '.idle' } },
  states: {
    idle: { on: { DOCUMENT: startCycle } },
    deciding: {
      always: [
        { guard: 'operatorReachable', target: 'sending', meta: { requirement: '5' } },
        { target: 'signingAutonomously', meta: { requirement: '8' } },
      ],
    },
    sending: {
      meta: { requirement: '5' },
      entry: 'sendToOperator',
      exit: 'abortSend',
      after: { ANSWER_TIMEOUT: { target: 'signingAutonomously', actions: 'reportNoAnswer', meta: { requirement: '29' } } },
      on: {
        OPERATOR_ANSWERED: [
          { guard: { type: 'operatorSigned', params: ({ event }) => event.outcome }, target: 'recording', actions: { type: 'takeOnlineSign', params: ({ event }) => event.outcome }, meta: { requirement: '23' } },
          { guard: { type: 'operatorUnreachable', params: ({ event }) => event.outcome }, target: 'signingAutonomously', actions: 'reportNoAnswer', meta: { requirement: '29.1' } },
          {
            guard: { type: 'operatorSuspended', params: ({ event }) => event.outcome },
            target: 'refused',
            actions: [
              { type: 'reportServerBlock', params: ({ event }) => event.outcome },
              { type: 'refuse', params: { reason: 'suspended_by_ofd', message: 'the operator suspended the register', requirement: '16' } },
            ],
            meta: { requirement: '16' },
          },
          {
            guard: { type: 'operatorFatal', params: ({ event }) => event.outcome },
            target: 'refused',
            actions: [
              { type: 'reportFatal', params: ({ event }) => event.outcome },
              { type: 'refuse', params: ({ event }) => ({ reason: 'suspended_by_ofd' as const, message: `operator result ${event.outcome.kind === 'fatal' ? event.outcome.code : ''}: blocked` }) },
            ],
            meta: { requirement: '20' },
          },
          {
            target: 'refused',
            actions: {
              type: 'refuse',
              params: ({ event }) => {
                const o = event.outcome;
                return o.kind === 'refused'
                  ? { reason: o.reason, message: `operator result ${o.code}${o.text ? `: ${o.text}` : ''}`, ...(o.requirement ? { requirement: o.requirement } : {}) }
                  : { reason: 'invalid_receipt' as const, message: 'operator refused' };
              },
            },
          },
        ],
        SEND_FAILED: { target: 'signingAutonomously', actions: 'reportNoAnswer', meta: { requirement: '29.1' } },
      },
    },
    signingAutonomously: {
      meta: { requirement: '29.3' },
      entry: 'signAutonomously',
      on: {
        SIGNED: { target: 'recording', actions: { type: 'takeAutonomousSign', params: ({ event }) => event.fiscal }, meta: { requirement: '29.3' } },
        SIGN_FAILED: {
          target: 'refused',
          actions: { type: 'refuse', params: ({ event }) => ({ reason: 'selftest_failed' as const, message: `fiscal module: ${errorText(event.error)}`, requirement: '28' }) },
        },
      },
    },
    recording: {
      meta: { requirement: '8' },
      entry: { type: 'recordDocument', params: ({ context }) => ({ fiscal: context.fiscal! }) },
      on: {
        RECORDED: { target: 'done', actions: { type: 'keepRecord', params: ({ event }: { event: { recorded: unknown } }) => event.recorded }, meta: { requirement: '39' } },
        RECORD_FAILED: {
          target: 'refused',
          actions: { type: 'refuse', params: ({ event }) => ({ reason: 'selftest_failed' as const, message: `fiscal module: ${errorText(event.error)}`, requirement: '28' }) },
        },
      },
    },
    done: { entry: { type: 'finishCycle', params: ({ context }) => outputOf(context) }, on: { DOCUMENT: startCycle } },
    refused: { entry: { type: 'finishCycle', params: ({ context }) => outputOf(context) }, on: { DOCUMENT: startCycle } },
  },
});

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
