import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

/** An abrupt power cut (capability power-cut): no cleanup may run. */
export class PowerCutCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return m.powered; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    if (!r.ctx.capabilities.includes('power-cut')) return;
    await r.ctx.dcp.call('power.off', { abrupt: true });
    m.powered = false;
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'powerCut'; }
}
