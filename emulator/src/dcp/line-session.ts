// One DCP connection (a TCP socket or a serial port): splits the byte stream into lines, starts
// each request as it arrives (requests of one connection run concurrently: a receipt.create that
// waits for the operator must not hold up the clock.advance that moves virtual time past its
// timeout), writes each response when it is ready (matched by id), and receives the
// notifications that the hub broadcasts. A bad line gets its error reply and the session carries on.
import { StringDecoder } from 'node:string_decoder';
import type { DcpHandler } from './handler.js';
import { dispatchLine, JSONRPC_PARSE_ERROR, notificationLine, toJsonLine } from './jsonrpc.js';

/** @defaultValue 1 MiB: a longer line is answered with -32700 and skipped. */
export const DCP_MAX_LINE_BYTES = 1024 * 1024;

export interface LineSink {
  /** writes one line; `\n` is appended by the session */
  write(text: string): void;
  /** false once the transport cannot take more output */
  readonly open: boolean;
}

export class LineSession {
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private skipping = false;
  private readonly inflight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly handler: DcpHandler,
    private readonly sink: LineSink,
    private readonly maxLine = DCP_MAX_LINE_BYTES,
  ) {}

  /** Feeds received bytes. */
  push(chunk: Uint8Array | string): void {
    if (this.closed) return;
    this.buffer += typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    for (;;) {
      const nl = this.buffer.indexOf('\n');
      if (nl < 0) break;
      const raw = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (this.skipping) {
        this.skipping = false; // the tail of an over-long line: already answered
        continue;
      }
      if (Buffer.byteLength(raw) > this.maxLine) this.tooLong();
      else this.enqueue(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    }
    if (!this.skipping && Buffer.byteLength(this.buffer) > this.maxLine) {
      this.buffer = '';
      this.skipping = true;
      this.tooLong();
    } else if (this.skipping) {
      this.buffer = '';
    }
  }

  /** An over-long line is answered and dropped. */
  private tooLong(): void {
    this.send(toJsonLine({ jsonrpc: '2.0', id: null, error: { code: JSONRPC_PARSE_ERROR, message: `parse error: line longer than ${this.maxLine} bytes` } }));
  }

  /** Sends a notification to this peer. */
  notify(method: string, params: unknown): void {
    this.send(notificationLine(method, params));
  }

  /** Sends an already encoded line (the hub encodes a notification once for all peers). */
  sendLine(line: string): void {
    this.send(line);
  }

  /** Resolves when every request received so far has been answered. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  close(): void {
    this.closed = true;
  }

  private enqueue(line: string): void {
    const job = (async () => {
      let out: string | null;
      try {
        out = await dispatchLine(this.handler, line);
      } catch (err) {
        out = toJsonLine({ jsonrpc: '2.0', id: null, error: { code: -32603, message: `internal error: ${(err as Error).message}` } });
      }
      if (out !== null) this.send(out);
    })();
    this.inflight.add(job);
    void job.finally(() => this.inflight.delete(job));
  }

  private send(line: string): void {
    if (this.closed || !this.sink.open) return;
    this.sink.write(`${line}\n`);
  }
}

/** Fans the handler's notifications out to every live session. */
export class DcpHub {
  private readonly sessions = new Set<LineSession>();
  private readonly unsubscribe: () => void;

  constructor(readonly handler: DcpHandler) {
    this.unsubscribe = handler.onNotification((method, params) => {
      if (this.sessions.size === 0) return;
      let line: string;
      try {
        line = notificationLine(method, params);
      } catch {
        return; // a notification that cannot be encoded (a cycle) is dropped, never thrown into the register
      }
      for (const s of this.sessions) s.sendLine(line);
    });
  }

  open(sink: LineSink, maxLine?: number): LineSession {
    const s = new LineSession(this.handler, sink, maxLine);
    this.sessions.add(s);
    return s;
  }

  drop(s: LineSession): void {
    s.close();
    this.sessions.delete(s);
  }

  get size(): number {
    return this.sessions.size;
  }

  close(): void {
    this.unsubscribe();
    for (const s of this.sessions) s.close();
    this.sessions.clear();
  }
}
