import type fc from 'fast-check';
import type { DcpDocument, Receipt } from '../../dcp/types.js';
import { checkInvariants, checkSaleAllowed, printedDocs } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';
import { enterMode, settleCall } from './support.js';

export class SellCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  constructor(readonly receipt: Receipt) {}
  check(m: Readonly<RegisterModel>): boolean { return m.powered; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    if (await enterMode(r.ctx, 'registration')) {
      const before = await r.ctx.dcp.call('state.get', {});
      const now = Date.parse((await r.ctx.dcp.call('clock.get', {})).now);
      const docs = [...printedDocs(r.ctx)];
      const res = await settleCall(r.ctx, r.ctx.dcp.call('receipt.create', { ...this.receipt, idempotencyKey: `props-${m.steps}` }));
      if (res) {
        const doc = (res as { document: DcpDocument }).document;
        checkSaleAllowed(before, now, docs);
        const sum = doc.totals?.total ?? this.receipt.payments.reduce((a, p) => a + p.sum, 0);
        m.receipts.push({ number: doc.number, sum });
      }
    }
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string {
    return `sell(${this.receipt.items.map((i) => `${i.price}x${i.quantity / 1000}`).join('+')} ${this.receipt.payments.map((p) => p.type).join('+')})`;
  }
}
