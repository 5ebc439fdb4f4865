// Answer, then close the connection (FIN) even if the register wanted to keep it.
import type { FaultKind } from './fault.js';

export type AnswerThenCloseAttrs = Record<string, never>;

export const answerThenCloseFault: FaultKind<AnswerThenCloseAttrs> = {
  kind: 'answer_then_close',
  directions: ['to-kkm'],
  defaults: {},
  validate() { return []; },
  create() { return { onFrame: () => ({ type: 'close' }) }; },
};
