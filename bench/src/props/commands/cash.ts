import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';
import { enterMode, settleCall } from './support.js';

export class CashCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  constructor(readonly direction: 'deposit' | 'withdraw', readonly sum: number) {}
  check(m: Readonly<RegisterModel>): boolean { return m.powered; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    if (await enterMode(r.ctx, 'registration')) await settleCall(r.ctx, r.ctx.dcp.call(this.direction === 'deposit' ? 'cash.deposit' : 'cash.withdraw', { sum: this.sum }));
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return `cash.${this.direction}(${this.sum})`; }
}
