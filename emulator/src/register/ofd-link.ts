// The register's client side of the OFD protocol (ofd-protocol.md §2–§4): one request at a time;
// channels tried in priority order (reqs 18, 40.5); REQNUM incremented before each new request;
// on a connection broken before the answer, the SAME frame (same TOKEN and REQNUM) is sent again
// within the total processing time (§4.4); results 254/255 are retried the same way (on a new
// connection); a new token in the answer header is persisted before anything else is sent (§4.2).
// Connections: as every client does, connect, write one frame, read its answer, close — except
// that while more requests are waiting (`keepOpen()`, or `hold()` around a burst such as the
// upload of the queue) a connection that answered stays open for the next frame to the same
// channel. An idle connection is never kept beyond the burst: an operator's refusal of new
// connections (a link that went down) applies to the next request as before. A kept connection
// that the operator closed meanwhile is detected at its next use (closed before any answer byte)
// and the same frame goes again on a new connection to the same channel.
import { connect, type Socket } from 'node:net';
import {
  decodeResponseFrame, encodeRequestFrame, FrameDecoder,
  type Clock, type FrameHeader, type ProtocolVersion, type Request, type Response,
} from '../../../protocol/index.js';
import type { Channel } from '../dcp/types.js';

export interface OfdLinkOptions {
  clock: Clock;
  version: ProtocolVersion;
  deviceId: () => number;
  token: () => number;
  /** persists a rotated token; awaited before the answer is handed back (§4.2) */
  onNewToken: (token: number) => Promise<void>;
  /** the next REQNUM (incremented and persisted by the caller) */
  nextReqNum: () => Promise<number>;
  channels: () => readonly Channel[];
  /** total processing time: connect, retries and the wait for the answer @defaultValue 5000 */
  processingTimeMs?: number;
  /** how many times one frame is sent at most (retransmissions included) @defaultValue 3 */
  maxAttempts?: number;
  /** called on every socket event (lets a virtual-time settle know I/O is under way) */
  onActivity?: () => void;
  /** a seeded defect switch: keep using the old token */
  ignoreNewToken?: () => boolean;
  /** asked after each answer: are more requests waiting, so the connection should stay open? @defaultValue never */
  keepOpen?: () => boolean;
}

/** What the link needs of an abort signal (an AbortSignal fits; so does the register's cheaper `AbortFlagController`). */
export interface AbortFlag {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** A minimal abort signal and its controller in one (an AbortController costs an EventTarget and, when aborted without a reason, a DOMException). */
export class AbortFlagController implements AbortFlag {
  aborted = false;
  private listener: (() => void) | null = null;
  private more: Set<() => void> | null = null;
  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.listener === null) this.listener = listener;
    else (this.more ??= new Set()).add(listener);
  }
  removeEventListener(_type: 'abort', listener: () => void): void {
    if (this.listener === listener) this.listener = null;
    else this.more?.delete(listener);
  }
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    const first = this.listener;
    const more = this.more ? [...this.more] : [];
    this.listener = null;
    this.more = null;
    first?.();
    for (const l of more) l();
  }
}

export type LinkAnswer =
  | { ok: true; response: Response; header: FrameHeader; channel: string; reqNum: number; attempts: number }
  | { ok: false; why: 'no_link' | 'timeout' | 'aborted'; attempts: number };

type Exchange =
  | { kind: 'answer'; raw: Uint8Array; conn: Conn }
  | { kind: 'connect_failed' }
  /** `stale`: a kept connection the operator had closed before our frame could be answered */
  | { kind: 'broken'; stale?: boolean }
  | { kind: 'timeout' }
  | { kind: 'aborted' };

/**
 * A document request that was written but never answered. The device sends that document again
 * first, with the same TOKEN and REQNUM (§4.4), so that an operator that applied it answers the
 * stored result (and rotated token) instead of applying it twice (§9).
 */
export interface UnansweredFrame {
  token: number;
  reqNum: number;
  /** what the caller attached (e.g. the document number) */
  tag?: number;
}

/** One TCP connection to a channel; `current` is the exchange under way on it (null while idle). */
interface Conn {
  key: string;
  sock: Socket;
  dec: FrameDecoder;
  dead: boolean;
  current: { data(chunk: Buffer): void; closed(): void } | null;
}

export class OfdLink {
  /** set when a request got no answer after its frame was written; cleared by any answer to it */
  unanswered: UnansweredFrame | null = null;
  /** called whenever `unanswered` changes (to persist it) */
  onUnansweredChange?: (u: UnansweredFrame | null) => void;

  private readonly o: Required<Omit<OfdLinkOptions, 'onActivity' | 'ignoreNewToken' | 'keepOpen'>> & Pick<OfdLinkOptions, 'onActivity' | 'ignoreNewToken' | 'keepOpen'>;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly sockets = new Set<Socket>();
  /** connections kept open for the next request, by channel address */
  private readonly idle = new Map<string, Conn>();
  /** while > 0 a connection that answered stays open (a burst of requests, e.g. the queue's upload) */
  private holds = 0;
  /** connections opened (diagnostics, tests) */
  connectionsOpened = 0;
  /** the channel that answered last (failover keeps to it while it works) */
  lastChannel: string | null = null;

  constructor(options: OfdLinkOptions) {
    this.o = { processingTimeMs: 5_000, maxAttempts: 3, ...options };
  }

  /** Sends one request, serialised with every other request of this register. */
  send(req: Request, opts: { signal?: AbortFlag; rounds?: number; tag?: number } = {}): Promise<LinkAnswer> {
    const run = this.chain.then(() => this.sendNow(req, opts));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Sends `req` with the TOKEN and REQNUM of an earlier (unanswered) request: a retransmission (§4.4). */
  resend(req: Request, token: number, reqNum: number, opts: { signal?: AbortFlag; rounds?: number; tag?: number } = {}): Promise<LinkAnswer> {
    const run = this.chain.then(() => {
      const frame = encodeRequestFrame({ version: this.o.version, deviceId: this.o.deviceId(), token, reqNum }, req);
      return this.exchangeFrame(frame, token, reqNum, opts, opts.tag);
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private setUnanswered(u: UnansweredFrame | null): void {
    this.unanswered = u;
    this.onUnansweredChange?.(u);
  }

  /** Drops every open connection at once (power cut). */
  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.idle.clear();
  }

  /** Keeps answered connections open until the matching `release()` (a burst of requests). */
  hold(): void {
    this.holds++;
  }

  release(): void {
    if (this.holds > 0) this.holds--;
    if (this.holds === 0) this.closeIdle();
  }

  /** Closes every kept (idle) connection, unless a burst holds them. */
  closeIdle(): void {
    if (this.holds > 0) return;
    for (const c of this.idle.values()) this.drop(c);
    this.idle.clear();
  }

  private drop(c: Conn): void {
    c.dead = true;
    c.current = null;
    if (this.idle.get(c.key) === c) this.idle.delete(c.key);
    this.sockets.delete(c.sock);
    c.sock.destroy();
  }

  /** After an accepted answer: keep the connection for the next request, or close it. */
  private afterAnswer(c: Conn, keep: boolean): void {
    if (c.dead) return;
    if (!keep || c.dec.buffered > 0) { this.drop(c); return; }
    const old = this.idle.get(c.key);
    if (old && old !== c) this.drop(old);
    this.idle.set(c.key, c);
  }

  private orderedChannels(): Channel[] {
    return [...this.o.channels()].filter((c) => c.enabled).sort((a, b) => a.priority - b.priority);
  }

  private async sendNow(req: Request, opts: { signal?: AbortFlag; rounds?: number; tag?: number }): Promise<LinkAnswer> {
    if (opts.signal?.aborted) return { ok: false, why: 'aborted', attempts: 0 };
    if (this.orderedChannels().length === 0) return { ok: false, why: 'no_link', attempts: 0 };
    const reqNum = await this.o.nextReqNum();
    const token = this.o.token();
    const frame = encodeRequestFrame({ version: this.o.version, deviceId: this.o.deviceId(), token, reqNum }, req);
    return this.exchangeFrame(frame, token, reqNum, opts, opts.tag);
  }

  private async exchangeFrame(frame: Uint8Array, sentToken: number, reqNum: number, opts: { signal?: AbortFlag; rounds?: number }, tag?: number): Promise<LinkAnswer> {
    const channels = this.orderedChannels();
    if (channels.length === 0) return { ok: false, why: 'no_link', attempts: 0 };
    const deadline = this.o.clock.now() + this.o.processingTimeMs;
    let attempts = 0;
    let written = false;
    const unanswered = (why: 'no_link' | 'timeout' | 'aborted'): LinkAnswer => {
      if (written && tag !== undefined) this.setUnanswered({ token: sentToken, reqNum, tag });
      return { ok: false, why, attempts };
    };
    // each round tries the channels in priority order (one frame per channel); a round ends at
    // the first answer; at most `rounds` rounds (retransmissions of the same frame)
    const rounds = opts.rounds ?? this.o.maxAttempts;
    for (let round = 0; round < rounds; round++) {
      let anyBroken = false;
      for (const ch of channels) {
        const left = deadline - this.o.clock.now();
        if (left <= 0) return unanswered('timeout');
        attempts++;
        let ex = await this.exchange(ch, frame, left, opts.signal);
        // a kept connection the operator had closed meanwhile: the same frame (same TOKEN and
        // REQNUM, §4.4) on a new connection to the same channel — not a failover
        if (ex.kind === 'broken' && ex.stale) {
          written = true;
          const left2 = deadline - this.o.clock.now();
          if (left2 <= 0) return unanswered('timeout');
          ex = await this.exchange(ch, frame, left2, opts.signal, true);
        }
        if (ex.kind !== 'connect_failed') written = true;
        if (ex.kind === 'aborted') return unanswered('aborted');
        if (ex.kind === 'timeout') return unanswered('timeout');
        if (ex.kind === 'connect_failed') continue; // failover to the next channel (req 18)
        if (ex.kind === 'broken') { anyBroken = true; continue; }
        const dec = decodeResponseFrame(ex.raw);
        if (!dec.ok) { this.drop(ex.conn); anyBroken = true; continue; }
        const { header, message } = dec.value;
        const code = message.result?.resultCode ?? 0;
        if (code === 254 || code === 255) { this.drop(ex.conn); anyBroken = true; continue; } // §5.3: drop, retry within the time
        this.afterAnswer(ex.conn, this.holds > 0 || this.o.keepOpen?.() === true);
        if (header.token !== sentToken && header.token !== 0 && !this.o.ignoreNewToken?.()) {
          await this.o.onNewToken(header.token); // §4.2: persist before anything else
        }
        if (this.unanswered && this.unanswered.reqNum === reqNum && this.unanswered.token === sentToken) this.setUnanswered(null);
        this.lastChannel = ch.name;
        return { ok: true, response: message, header, channel: ch.name, reqNum, attempts };
      }
      // nothing reachable at all: no point retrying within this cycle
      if (!anyBroken && !written) return { ok: false, why: 'no_link', attempts };
    }
    return unanswered('no_link');
  }

  /** One frame on a kept connection to `ch` if there is one (unless `fresh`), else on a new one. */
  private exchange(ch: Channel, frame: Uint8Array, timeoutMs: number, signal?: AbortFlag, fresh = false): Promise<Exchange> {
    const key = `${ch.host}:${ch.port}`;
    const kept = fresh ? undefined : this.idle.get(key);
    if (kept) this.idle.delete(key);
    if (fresh && this.idle.has(key)) this.drop(this.idle.get(key)!);
    return new Promise<Exchange>((resolve) => {
      const clock = this.o.clock;
      const act = this.o.onActivity;
      const reused = kept !== undefined && !kept.dead;
      const c: Conn = reused ? kept : this.open(key, ch);
      let done = false;
      let wrote = false;
      let received = false;
      const finish = (r: Exchange): void => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        c.current = null;
        if (r.kind !== 'answer') this.drop(c); // the answered connection is kept or closed by the caller
        act?.();
        resolve(r);
      };
      const onAbort = (): void => finish({ kind: 'aborted' });
      const timer = clock.setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      signal?.addEventListener('abort', onAbort);
      const write = (): void => {
        act?.();
        wrote = true;
        c.sock.write(frame);
      };
      c.current = {
        data: (chunk) => {
          act?.();
          received = true;
          for (const r of c.dec.push(chunk)) {
            if (r.ok) return finish({ kind: 'answer', raw: r.raw, conn: c });
            if (r.fatal) return finish({ kind: 'broken' });
          }
        },
        closed: () => finish(!wrote ? { kind: 'connect_failed' } : reused && !received ? { kind: 'broken', stale: true } : { kind: 'broken' }),
      };
      if (reused) write();
      else c.sock.once('connect', write);
    });
  }

  /** A new connection; its events go to the exchange under way, or close it when idle. */
  private open(key: string, ch: Channel): Conn {
    const sock = connect({ host: ch.host, port: ch.port, noDelay: true });
    this.connectionsOpened++;
    this.sockets.add(sock);
    const c: Conn = { key, sock, dec: new FrameDecoder(), dead: false, current: null };
    const gone = (): void => {
      const cur = c.current;
      if (!c.dead) this.drop(c);
      cur?.closed();
    };
    sock.on('data', (chunk: Buffer) => {
      if (c.current) c.current.data(chunk);
      else if (!c.dead) { this.o.onActivity?.(); this.drop(c); } // bytes nobody asked for: the connection is not trusted
    });
    sock.on('error', gone);
    sock.on('close', gone);
    sock.on('end', gone);
    return c;
  }
}
