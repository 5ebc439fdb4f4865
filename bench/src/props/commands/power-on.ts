import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';
import { settleCall } from './support.js';

/** Power back on; the self-test may wait on the operator (its link test), so the clock moves meanwhile. */
export class PowerOnCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return !m.powered; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await settleCall(r.ctx, r.ctx.dcp.call('power.on', {}));
    m.powered = true;
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'powerOn'; }
}
