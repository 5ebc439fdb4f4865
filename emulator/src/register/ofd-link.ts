// The register's client side of the OFD protocol (ofd-protocol.md §2–§4): one request per TCP
// connection; channels tried in priority order (reqs 18, 40.5); REQNUM incremented before each
// new request; on a connection broken before the answer, the SAME frame (same TOKEN and REQNUM)
// is sent again within the total processing time (§4.4); results 254/255 are retried the same
// way; a new token in the answer header is persisted before anything else is sent (§4.2).
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
}

export type LinkAnswer =
  | { ok: true; response: Response; header: FrameHeader; channel: string; reqNum: number; attempts: number }
  | { ok: false; why: 'no_link' | 'timeout' | 'aborted'; attempts: number };

type Exchange =
  | { kind: 'answer'; raw: Uint8Array }
  | { kind: 'connect_failed' }
  | { kind: 'broken' }
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

export class OfdLink {
  /** set when a request got no answer after its frame was written; cleared by any answer to it */
  unanswered: UnansweredFrame | null = null;
  /** called whenever `unanswered` changes (to persist it) */
  onUnansweredChange?: (u: UnansweredFrame | null) => void;

  private readonly o: Required<Omit<OfdLinkOptions, 'onActivity' | 'ignoreNewToken'>> & Pick<OfdLinkOptions, 'onActivity' | 'ignoreNewToken'>;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly sockets = new Set<Socket>();
  /** the channel that answered last (failover keeps to it while it works) */
  lastChannel: string | null = null;

  constructor(options: OfdLinkOptions) {
    this.o = { processingTimeMs: 5_000, maxAttempts: 3, ...options };
  }

  /** Sends one request, serialised with every other request of this register. */
  send(req: Request, opts: { signal?: AbortSignal; rounds?: number; tag?: number } = {}): Promise<LinkAnswer> {
    const run = this.chain.then(() => this.sendNow(req, opts));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Sends `req` with the TOKEN and REQNUM of an earlier (unanswered) request: a retransmission (§4.4). */
  resend(req: Request, token: number, reqNum: number, opts: { signal?: AbortSignal; rounds?: number; tag?: number } = {}): Promise<LinkAnswer> {
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
  }

  private orderedChannels(): Channel[] {
    return [...this.o.channels()].filter((c) => c.enabled).sort((a, b) => a.priority - b.priority);
  }

  private async sendNow(req: Request, opts: { signal?: AbortSignal; rounds?: number; tag?: number }): Promise<LinkAnswer> {
    if (opts.signal?.aborted) return { ok: false, why: 'aborted', attempts: 0 };
    if (this.orderedChannels().length === 0) return { ok: false, why: 'no_link', attempts: 0 };
    const reqNum = await this.o.nextReqNum();
    const token = this.o.token();
    const frame = encodeRequestFrame({ version: this.o.version, deviceId: this.o.deviceId(), token, reqNum }, req);
    return this.exchangeFrame(frame, token, reqNum, opts, opts.tag);
  }

  private async exchangeFrame(frame: Uint8Array, sentToken: number, reqNum: number, opts: { signal?: AbortSignal; rounds?: number }, tag?: number): Promise<LinkAnswer> {
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
        const ex = await this.exchange(ch, frame, left, opts.signal);
        if (ex.kind !== 'connect_failed') written = true;
        if (ex.kind === 'aborted') return unanswered('aborted');
        if (ex.kind === 'timeout') return unanswered('timeout');
        if (ex.kind === 'connect_failed') continue; // failover to the next channel (req 18)
        if (ex.kind === 'broken') { anyBroken = true; continue; }
        const dec = decodeResponseFrame(ex.raw);
        if (!dec.ok) { anyBroken = true; continue; }
        const { header, message } = dec.value;
        const code = message.result?.resultCode ?? 0;
        if (code === 254 || code === 255) { anyBroken = true; continue; } // §5.3: drop, retry within the time
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

  private exchange(ch: Channel, frame: Uint8Array, timeoutMs: number, signal?: AbortSignal): Promise<Exchange> {
    return new Promise<Exchange>((resolve) => {
      const clock = this.o.clock;
      const act = this.o.onActivity;
      let done = false;
      let wrote = false;
      const dec = new FrameDecoder();
      const sock = connect({ host: ch.host, port: ch.port, noDelay: true });
      this.sockets.add(sock);
      const finish = (r: Exchange): void => {
        if (done) return;
        done = true;
        clock.clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.sockets.delete(sock);
        sock.destroy();
        act?.();
        resolve(r);
      };
      const onAbort = (): void => finish({ kind: 'aborted' });
      const timer = clock.setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
      signal?.addEventListener('abort', onAbort);
      sock.on('connect', () => {
        act?.();
        wrote = true;
        sock.write(frame);
      });
      sock.on('data', (chunk: Buffer) => {
        act?.();
        for (const r of dec.push(chunk)) {
          if (r.ok) return finish({ kind: 'answer', raw: r.raw });
          if (r.fatal) return finish({ kind: 'broken' });
        }
      });
      sock.on('error', () => finish(wrote ? { kind: 'broken' } : { kind: 'connect_failed' }));
      sock.on('close', () => finish(wrote ? { kind: 'broken' } : { kind: 'connect_failed' }));
    });
  }
}
