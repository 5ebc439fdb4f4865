import type fc from 'fast-check';
import { LINK_DOWN_FAULT } from '../../context/operator.js';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

export class LinkRestoreCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return m.linkDown; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await r.ctx.ofd.faults.remove(LINK_DOWN_FAULT);
    m.linkDown = false;
    await r.ctx.clock.advance(60_000);
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'linkRestore'; }
}
