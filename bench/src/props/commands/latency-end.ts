import type fc from 'fast-check';
import { LATENCY_FAULT } from './latency-spike.js';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

export class LatencyEndCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  check(m: Readonly<RegisterModel>): boolean { return m.latency; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await r.ctx.ofd.faults.remove(LATENCY_FAULT);
    m.latency = false;
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return 'latencyEnd'; }
}
