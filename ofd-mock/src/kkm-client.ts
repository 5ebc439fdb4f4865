// A minimal register-side client for tests, demos and the benchmark: frames requests, reads
// answers with the protocol's stream decoder. Not a register (that is emulator/): it does no retry
// or offline logic by itself.
import { connect, type Socket } from 'node:net';
import { FrameDecoder, decodeResponseFrame, encodeRequestFrame, systemClock } from '../../protocol/index.js';
import type { FrameHeader, FrameMeta, Issue, Request, Response } from '../../protocol/index.js';
import type { Clock } from './options.js';

export interface KkmAnswer { header: FrameHeader; message: Response; raw: Uint8Array }
export type KkmFrame = { ok: true; header: FrameHeader; message: Response | null; raw: Uint8Array; issues: Issue[] } | { ok: false; issues: Issue[] };

export class KkmTestClient {
  private readonly decoder = new FrameDecoder();
  private readonly frames: KkmFrame[] = [];
  private readonly waiters: ((f: KkmFrame | null) => void)[] = [];
  /** true once the server closed or reset the connection */
  ended = false;
  /** 'end' (FIN), 'reset' (ECONNRESET) or another error code, once ended */
  endReason: string | null = null;
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket, private readonly clock: Clock) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      for (const r of this.decoder.push(chunk)) {
        let f: KkmFrame;
        if (r.ok) {
          const d = decodeResponseFrame(r.raw);
          f = d.ok ? { ok: true, header: r.header, message: d.value.message, raw: r.raw, issues: [] } : { ok: true, header: r.header, message: d.message ?? null, raw: r.raw, issues: d.issues };
        } else f = { ok: false, issues: r.issues };
        const w = this.waiters.shift();
        if (w) w(f); else this.frames.push(f);
      }
    });
    socket.on('error', (e: NodeJS.ErrnoException) => { this.endReason ??= e.code === 'ECONNRESET' ? 'reset' : (e.code ?? e.message); });
    socket.on('end', () => { this.endReason ??= 'end'; });
    this.closed = new Promise((resolve) => socket.on('close', () => {
      this.ended = true;
      this.endReason ??= 'close';
      for (const w of this.waiters.splice(0)) w(null);
      resolve();
    }));
  }

  static connect(port: number, host = '127.0.0.1', clock: Clock = systemClock): Promise<KkmTestClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host });
      s.once('connect', () => { s.off('error', reject); resolve(new KkmTestClient(s, clock)); });
      s.once('error', reject);
    });
  }

  /** frames received and not yet taken with next() */
  get buffered(): number { return this.frames.length; }

  sendRaw(bytes: Uint8Array): void { this.socket.write(bytes); }

  send(meta: FrameMeta, req: Request): void { this.socket.write(encodeRequestFrame(meta, req)); }

  /** The next frame from the server; null if the connection closed first or `timeoutMs` (clock time) passed. */
  next(timeoutMs = 5000): Promise<KkmFrame | null> {
    const f = this.frames.shift();
    if (f) return Promise.resolve(f);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      let done = false;
      const h = this.clock.setTimeout(() => {
        if (done) return;
        done = true;
        const i = this.waiters.indexOf(w);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(null);
      }, timeoutMs);
      const w = (x: KkmFrame | null): void => { if (done) return; done = true; this.clock.clearTimeout(h); resolve(x); };
      this.waiters.push(w);
    });
  }

  /** Sends and waits for a decoded answer; throws if none (closed, timeout, undecodable). */
  async request(meta: FrameMeta, req: Request, timeoutMs = 5000): Promise<KkmAnswer> {
    this.send(meta, req);
    const f = await this.next(timeoutMs);
    if (!f) throw new Error(`no answer (${this.endReason ?? 'timeout'})`);
    if (!f.ok || !f.message) throw new Error(`bad answer: ${f.issues.map((i) => i.code).join(', ')}`);
    return { header: f.header, message: f.message, raw: f.raw };
  }

  close(): Promise<void> { this.socket.end(); return this.closed; }
  destroy(): void { this.socket.destroy(); }
}

/** One request on its own connection, as registers usually do: connect, send, read, close. */
export async function requestOnce(port: number, meta: FrameMeta, req: Request, host = '127.0.0.1'): Promise<KkmAnswer> {
  const c = await KkmTestClient.connect(port, host);
  try { return await c.request(meta, req); } finally { c.destroy(); }
}
