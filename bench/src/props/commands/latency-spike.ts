import type fc from 'fast-check';
import { checkInvariants } from '../invariants.js';
import type { PropsReal, RegisterModel } from '../model.js';

export const LATENCY_FAULT = 'props-latency';

/** Operator answers delayed by `ms` (around the 5-second rule) until the spike ends. */
export class LatencySpikeCommand implements fc.AsyncCommand<RegisterModel, PropsReal> {
  constructor(readonly ms: number) {}
  check(m: Readonly<RegisterModel>): boolean { return !m.latency; }
  async run(m: RegisterModel, r: PropsReal): Promise<void> {
    m.steps++;
    await r.ctx.ofd.faults.add({ name: LATENCY_FAULT, kind: 'latency', direction: 'to-kkm', probability: 1, attrs: { ms: this.ms } });
    m.latency = true;
    await checkInvariants(r.ctx, m.powered);
  }
  toString(): string { return `latencySpike(${this.ms} ms)`; }
}
