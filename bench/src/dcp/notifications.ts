// The notifications a DUT sent, kept in arrival order, with filtered and awaitable views.
import { DcpError } from '../errors.js';
import type { Clock } from './clock.js';
import type { DcpNotification, DcpDocument, DisplayMessage, DcpState, NotificationView } from './types.js';

interface Waiter {
  fromSeq: number;
  match: (n: DcpNotification) => boolean;
  resolve: (n: DcpNotification) => void;
  reject: (e: Error) => void;
  timer: unknown;
}

/** The store behind every view: an append-only log of notifications. */
export class NotificationLog {
  private readonly items: DcpNotification[] = [];
  private readonly waiters = new Set<Waiter>();
  private nextSeq = 1;
  private failure: Error | null = null;

  constructor(
    private readonly timers: Clock,
    private readonly now: () => number,
    private readonly maxItems = 200_000,
  ) {}

  /** the seq the next notification will get */
  get seq(): number {
    return this.nextSeq;
  }

  push(method: string, params: unknown): DcpNotification {
    const n = { seq: this.nextSeq++, at: this.now(), method, params } as DcpNotification;
    this.items.push(n);
    if (this.items.length > this.maxItems) this.items.splice(0, this.items.length - this.maxItems);
    for (const w of [...this.waiters]) {
      if (n.seq >= w.fromSeq && safeMatch(w.match, n)) {
        this.waiters.delete(w);
        this.timers.clearTimeout(w.timer);
        w.resolve(n);
      }
    }
    return n;
  }

  /** every waiter fails with `e` (the connection closed) */
  fail(e: Error): void {
    this.failure = e;
    for (const w of [...this.waiters]) {
      this.waiters.delete(w);
      this.timers.clearTimeout(w.timer);
      w.reject(e);
    }
  }

  since(fromSeq: number): DcpNotification[] {
    return this.items.filter((n) => n.seq >= fromSeq);
  }

  waitFor(fromSeq: number, match: (n: DcpNotification) => boolean, timeoutMs: number): Promise<DcpNotification> {
    const have = this.items.find((n) => n.seq >= fromSeq && safeMatch(match, n));
    if (have) return Promise.resolve(have);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const w: Waiter = { fromSeq, match, resolve, reject, timer: undefined };
      w.timer = this.timers.setTimeout(() => {
        this.waiters.delete(w);
        reject(new DcpError('BENCH_DCP_TIMEOUT', `no matching DCP notification within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(w);
    });
  }

  view(fromSeq: number = this.nextSeq): NotificationView {
    return new LogView(this, fromSeq);
  }
}

function safeMatch(match: (n: DcpNotification) => boolean, n: DcpNotification): boolean {
  try {
    return match(n);
  } catch {
    return false;
  }
}

class LogView implements NotificationView {
  constructor(private readonly log: NotificationLog, private readonly fromSeq: number) {}
  all(): DcpNotification[] {
    return this.log.since(this.fromSeq);
  }
  printed(): DcpDocument[] {
    const out: DcpDocument[] = [];
    for (const n of this.all()) {
      if (n.method !== 'document.printed') continue;
      const d = (n.params as { document?: DcpDocument } | null)?.document;
      if (d && typeof d === 'object') out.push(d);
    }
    return out;
  }
  displays(): DisplayMessage[] {
    return this.all().filter((n) => n.method === 'display.message').map((n) => n.params as DisplayMessage);
  }
  states(): DcpState[] {
    return this.all().filter((n) => n.method === 'state.changed').map((n) => n.params as DcpState);
  }
  waitFor(match: (n: DcpNotification) => boolean, timeoutMs = 2000): Promise<DcpNotification> {
    return this.log.waitFor(this.fromSeq, match, timeoutMs);
  }
  fromNow(): NotificationView {
    return this.log.view();
  }
}
