import type fc from 'fast-check';
import { advanceBy } from '../../context/dut.js';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

/** Time passes (virtual): minutes to days, in steps of at most an hour so timers interleave. */
export class ClockJumpCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  constructor(readonly ms: number) {}
  check(): boolean { return true; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await advanceBy(r.ctx, this.ms, 3_600_000);
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return `clockJump(${(this.ms / 3_600_000).toFixed(2)} h)`; }
}
