// A tiny scripted DUT for the DCP client tests: a TCP line server whose methods are functions.
import { createServer, type Server, type Socket } from 'node:net';

export type FakeMethod = (params: any, dut: FakeDut) => unknown | Promise<unknown>;

export class DomainRefusal extends Error {
  constructor(readonly reason: string, readonly requirement?: string) {
    super(reason);
  }
}

export interface FakeDut {
  port: number;
  url: string;
  /** raw lines received */
  received: string[];
  notify(method: string, params: unknown): void;
  sendRaw(line: string): void;
  dropConnections(): void;
  close(): Promise<void>;
}

export async function startFakeDut(methods: Record<string, FakeMethod>): Promise<FakeDut> {
  const sockets = new Set<Socket>();
  const received: string[] = [];
  const server: Server = createServer((s) => {
    // like the emulator's DCP server: no Nagle delay (a small answer right after a notification
    // would otherwise wait ~40 ms of real time for the delayed ACK)
    s.setNoDelay(true);
    sockets.add(s);
    s.setEncoding('utf8');
    let buf = '';
    s.on('data', (c: string) => {
      buf += c;
      let i: number;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        received.push(line);
        void handle(s, line);
      }
    });
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  });
  const dut: FakeDut = {
    port: 0,
    url: '',
    received,
    notify(method, params) {
      for (const s of sockets) s.write(JSON.stringify({ jsonrpc: '2.0', method, params }) + '\n');
    },
    sendRaw(line) {
      for (const s of sockets) s.write(line);
    },
    dropConnections() {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  async function handle(s: Socket, line: string): Promise<void> {
    let msg: any;
    try {
      msg = JSON.parse(line);
    } catch {
      s.write(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } }) + '\n');
      return;
    }
    const fn = methods[msg.method];
    if (!fn) {
      s.write(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32601, message: 'method not found' } }) + '\n');
      return;
    }
    try {
      const result = await fn(msg.params, dut);
      if (result === NO_ANSWER) return;
      s.write(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }) + '\n');
    } catch (e) {
      if (e instanceof DomainRefusal) {
        const data: any = { reason: e.reason };
        if (e.requirement) data.requirement = e.requirement;
        s.write(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32000, message: e.reason, data } }) + '\n');
      } else s.write(JSON.stringify({ jsonrpc: '2.0', id: msg.id, error: { code: -32602, message: String(e) } }) + '\n');
    }
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  dut.port = (server.address() as { port: number }).port;
  dut.url = `tcp://127.0.0.1:${dut.port}`;
  return dut;
}

/** A method returning this never answers (for timeout tests). */
export const NO_ANSWER = Symbol('no-answer');
