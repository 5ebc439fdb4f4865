import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

export class SuspendCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return !m.suspended; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await r.ctx.ofd.suspend(r.ctx.profile.registration.kkmId, 'property run');
    m.suspended = true;
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'suspend'; }
}
