// Test-only helpers: a fake DcpHandler and a minimal line client (the bench owns the real client).
import { connect, type Socket } from 'node:net';
import { DcpDomainError, DcpMethodNotFound, type DcpHandler } from '../../src/dcp/handler.js';
import type { Document } from '../../src/dcp/types.js';

export const sampleDocument: Document = {
  kind: 'receipt',
  number: 1,
  shiftNumber: 1,
  printedAt: '2026-11-22T10:15:00.000+05:00',
  fiscal: { mode: 'online', sign: '4228143549' },
  title: 'ФИСКАЛЬНЫЙ ЧЕК',
  lines: ['ФИСКАЛЬНЫЙ ЧЕК', 'ИТОГО 100.00'],
  qr: null,
};

export class FakeHandler implements DcpHandler {
  readonly calls: { method: string; params: unknown }[] = [];
  private readonly subs = new Set<(m: string, p: unknown) => void>();
  /** resolve to let a pending `clock.advance` finish */
  release: (() => void) | null = null;

  emit(method: string, params: unknown): void {
    for (const s of this.subs) s(method, params);
  }

  onNotification(cb: (m: string, p: unknown) => void): () => void {
    this.subs.add(cb);
    return () => this.subs.delete(cb);
  }

  get subscribers(): number {
    return this.subs.size;
  }

  async handle(method: string, params: unknown): Promise<unknown> {
    this.calls.push({ method, params });
    switch (method) {
      case 'dcp.hello':
        return { vendor: 'test', model: 'fake', firmware: '0', dcp: '1', capabilities: [], languages: ['kz', 'ru'], clock: 'wall' };
      case 'receipt.create':
        this.emit('document.printed', { document: sampleDocument });
        return { document: sampleDocument };
      case 'state.get':
        return { powered: true, mode: null, shift: { open: false, number: 0, openedAt: null }, offline: { since: null, queued: 0n }, blocked: null };
      case 'report.z':
        throw new DcpDomainError('shift_expired', 'shift is older than 24 h');
      case 'cash.deposit':
        throw new DcpDomainError('no_paper', 'no paper', '6');
      case 'settings.get':
        throw new Error('boom');
      case 'clock.advance':
        await new Promise<void>((r) => (this.release = r));
        return { now: '2026-11-22T10:15:00.000+05:00' };
      case 'power.off':
        return undefined;
      default:
        throw new DcpMethodNotFound(method);
    }
  }
}

export interface Msg {
  jsonrpc: string;
  id?: string | number | null;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string; data?: any };
}

/** Reads JSON lines from any byte stream; keeps responses and notifications apart. */
export class LineReader {
  private buf = '';
  readonly notifications: Msg[] = [];
  readonly responses: Msg[] = [];
  private waiters: (() => void)[] = [];

  push(chunk: Buffer | string): void {
    this.buf += chunk.toString();
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      const m = JSON.parse(line) as Msg;
      if (Array.isArray(m)) this.responses.push({ jsonrpc: '2.0', id: 'batch', result: m });
      else if (m.method !== undefined && !('id' in m)) this.notifications.push(m);
      else this.responses.push(m);
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Resolves once `pick` finds something; event-driven (the test runner's file timeout bounds a hang). */
  async waitFor<T>(pick: () => T | undefined): Promise<T> {
    for (;;) {
      const v = pick();
      if (v !== undefined) return v;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** the next response not yet taken, in arrival order */
  private taken = 0;
  nextResponse(): Promise<Msg> {
    return this.waitFor(() => (this.responses.length > this.taken ? this.responses[this.taken++] : undefined));
  }
}

export class TestClient {
  readonly reader = new LineReader();
  private seq = 0;
  private constructor(readonly socket: Socket) {
    socket.on('data', (d) => this.reader.push(d));
  }

  static connect(port: number): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host: '127.0.0.1' }, () => resolve(new TestClient(s)));
      s.once('error', reject);
    });
  }

  send(line: string): void {
    this.socket.write(line);
  }

  async call(method: string, params?: unknown): Promise<Msg> {
    const id = ++this.seq;
    this.send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }) + '\n');
    return this.reader.waitFor(() => this.reader.responses.find((r) => r.id === id));
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.socket.once('close', () => r());
      this.socket.end();
    });
  }
}
