import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

export class ResumeCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return m.suspended; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await r.ctx.ofd.resume(r.ctx.profile.registration.kkmId);
    m.suspended = false;
    await r.ctx.clock.advance(60_000);
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'resume'; }
}
