// Shared test helpers: a mock with one provisioned register and a client that tracks token/REQNUM.
import { startOfdMock, type OfdMock, type OfdMockOptions } from '../index.js';
import { KkmTestClient, type KkmAnswer } from '../src/kkm-client.js';
import { SAMPLE_REGISTRATION } from '../src/samples.js';
import type { Registration } from '../src/options.js';
import type { ProtocolVersion, Request } from '../../protocol/index.js';

export const REG: Registration = SAMPLE_REGISTRATION;

export async function mockWith(o: OfdMockOptions = {}): Promise<OfdMock> {
  return startOfdMock({ provision: [REG], ...o });
}

/** A register-like sender: keeps the token from answers and increments REQNUM. */
export class Sender {
  token: number;
  reqNum = 0;
  constructor(public client: KkmTestClient, public reg: Registration = REG, public version: ProtocolVersion = 203) { this.token = reg.token; }
  static async open(mock: OfdMock, channel = 0, reg: Registration = REG, version: ProtocolVersion = 203): Promise<Sender> {
    return new Sender(await KkmTestClient.connect(mock.ports[channel]!), reg, version);
  }
  meta(over: Partial<{ token: number; reqNum: number; deviceId: number }> = {}) {
    return { version: this.version, deviceId: over.deviceId ?? this.reg.kkmId, token: over.token ?? this.token, reqNum: over.reqNum ?? this.reqNum };
  }
  async send(req: Request, over: Partial<{ token: number; reqNum: number; deviceId: number }> = {}): Promise<KkmAnswer> {
    if (over.reqNum === undefined) this.reqNum = (this.reqNum + 1) % 65536;
    const a = await this.client.request(this.meta(over), req);
    this.token = a.header.token;
    return a;
  }
  close(): Promise<void> { return this.client.close(); }
}

export const result = (a: KkmAnswer): number => a.message.result!.resultCode;
