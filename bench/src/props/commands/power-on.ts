import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

export class PowerOnCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return !m.powered; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await r.ctx.dcp.call('power.on', {});
    m.powered = true;
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'powerOn'; }
}
