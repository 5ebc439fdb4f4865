import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';
import { enterMode, settleCall } from './support.js';

export class XReportCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return m.powered; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    if (await enterMode(r.ctx, 'reports')) await settleCall(r.ctx, r.ctx.dcp.call('report.x', {}));
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'xReport'; }
}
