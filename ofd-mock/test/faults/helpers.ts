// Helpers for fault tests: a mock on a virtual clock with one register and a raw connection.
import { VirtualClock } from '../../../protocol/index.js';
import type { OfdMock, OfdMockOptions } from '../../index.js';
import { KkmTestClient } from '../../src/kkm-client.js';
import { sampleTicket, sampleSystem } from '../../src/samples.js';
import { mockWith, REG } from '../helpers.js';

export const T0 = Date.UTC(2026, 0, 10, 5, 0, 0);

export interface Rig { mock: OfdMock; clock: VirtualClock; client: KkmTestClient; reqNum: number; token: number; close(): Promise<void> }

export async function rig(o: OfdMockOptions = {}): Promise<Rig> {
  const clock = new VirtualClock(T0);
  const mock = await mockWith({ clock, rotateTokens: false, ...o });
  const client = await KkmTestClient.connect(mock.ports[0]!);
  const r: Rig = {
    mock, clock, client, reqNum: 0, token: REG.token,
    async close() { client.destroy(); await mock.close(); },
  };
  return r;
}

export function sendTicket(r: Rig, over: { reqNum?: number; token?: number } = {}): void {
  if (over.reqNum === undefined) r.reqNum++;
  r.client.send({ version: 203, deviceId: REG.kkmId, token: over.token ?? r.token, reqNum: over.reqNum ?? r.reqNum }, sampleTicket({ reg: REG, at: r.clock.now() }));
}

export function sendSystem(r: Rig): void {
  r.reqNum++;
  r.client.send({ version: 203, deviceId: REG.kkmId, token: r.token, reqNum: r.reqNum }, sampleSystem({ reg: REG, at: r.clock.now() }));
}

/** Lets loopback I/O happen without moving virtual time. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((res) => setImmediate(res));
}

export const docs = (r: Rig): number => r.mock.register(REG.kkmId)!.shift.docs;
export { REG };
