import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';
import { enterMode, settleCall } from './support.js';

export class SellReturnCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  constructor(readonly pick: number) {}
  check(m: Readonly<RegisterModel>): boolean { return m.powered && m.receipts.length > 0; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    const original = m.receipts[this.pick % m.receipts.length]!;
    if (await enterMode(r.ctx, 'registration')) {
      await settleCall(r.ctx, r.ctx.dcp.call('receipt.create', {
        operation: 'sell_return', parentNumber: original.number, idempotencyKey: `props-${m.steps}`,
        items: [{ name: 'Возврат', price: original.sum, quantity: 1000 }], payments: [{ type: 'cash', sum: original.sum }],
      }));
    }
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return `return(receipt #${this.pick})`; }
}
