import type fc from 'fast-check';
import { linkDown } from '../../context/operator.js';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

export class LinkDropCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return !m.linkDown; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await linkDown(r.ctx, 'blackhole');
    m.linkDown = true;
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'linkDrop'; }
}
