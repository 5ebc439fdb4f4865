// The fleet of an operator server running elsewhere (an ofd-mock started with a control port):
// polled through ofd-mock's OfdControlClient (ofd-mock/index.ts) on the system clock
// (protocol/index.ts), pushed to the fleet view over server-sent events when it changes.
import type { ServerResponse } from 'node:http';
import type { FleetRegister } from '../src/data/types.js';
import { DashboardError } from './errors.js';
import { toFleetRegister } from './live.js';

interface ControlClientLike { registers(): Promise<unknown[]> }
interface OfdMockClientModule { OfdControlClient: new (url: string, token: string) => ControlClientLike }
interface ClockLike { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void }
interface ProtocolClockModule { systemClock: ClockLike }

export interface OperatorFleetOptions { url: string; token: string; pollMs: number }

export class OperatorFleet {
  private client: ControlClientLike | null = null;
  private clock: ClockLike | null = null;
  private timer: unknown = null;
  private clients = new Set<ServerResponse>();
  private last: FleetRegister[] = [];
  private lastJson = '';
  private error: string | null = null;
  private starting: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: OperatorFleetOptions) {}

  private start(): Promise<void> {
    this.starting ??= (async () => {
      try {
        const ofd = (await import('../../ofd-mock/index.js' as string)) as OfdMockClientModule;
        const proto = (await import('../../protocol/index.js' as string)) as ProtocolClockModule;
        this.client = new ofd.OfdControlClient(this.o.url, this.o.token);
        this.clock = proto.systemClock;
      } catch (err) {
        throw new DashboardError('WEB_LIVE_UNAVAILABLE', `cannot reach the operator at ${this.o.url}: ${(err as Error).message}`, { cause: err });
      }
      await this.poll();
    })();
    return this.starting;
  }

  private async poll(): Promise<void> {
    try {
      const regs = (await this.client!.registers()).map((r) => toFleetRegister(r));
      this.error = null;
      const json = JSON.stringify(regs);
      this.last = regs;
      if (json !== this.lastJson) {
        this.lastJson = json;
        for (const c of this.clients) c.write(`data: ${JSON.stringify({ type: 'fleet', registers: regs })}\n\n`);
      }
    } catch (err) {
      this.error = (err as Error).message;
    }
    if (!this.closed && this.clients.size > 0) this.timer = this.clock!.setTimeout(() => { this.timer = null; void this.poll(); }, this.o.pollMs);
  }

  async registers(): Promise<FleetRegister[]> {
    await this.start();
    if (this.clients.size === 0) await this.poll();
    if (this.error) throw new DashboardError('WEB_LIVE_UNAVAILABLE', `operator at ${this.o.url}: ${this.error}`);
    return this.last;
  }

  /** SSE: the fleet now, then whenever it changes (polled while someone listens). */
  async subscribe(res: ServerResponse): Promise<void> {
    await this.start();
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(`data: ${JSON.stringify({ type: 'fleet', registers: this.last })}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    if (this.timer === null) this.timer = this.clock!.setTimeout(() => { this.timer = null; void this.poll(); }, this.o.pollMs);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) this.clock?.clearTimeout(this.timer);
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}
