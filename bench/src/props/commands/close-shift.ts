import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';
import { enterMode, settleCall } from './support.js';

export class CloseShiftCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return m.powered; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    if (await enterMode(r.ctx, 'close_shift')) await settleCall(r.ctx, r.ctx.dcp.call('report.z', {}));
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'closeShift (Z-report)'; }
}
