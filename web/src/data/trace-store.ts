// Pages of a run's trace, fetched on demand as the trace view scrolls (1,000 events a page), so
// a 100,000-event trace never has to be loaded whole before the first frame is drawn.
import { api } from './api.js';
import type { TraceEvent } from './types.js';

export const PAGE_SIZE = 1000;

export class TraceStore {
  private pages = new Map<number, TraceEvent[]>();
  private loading = new Map<number, Promise<void>>();
  private listeners = new Set<() => void>();

  constructor(readonly runId: string, public total: number,
    private readonly fetchPage: (from: number, limit: number) => Promise<{ total: number; events: TraceEvent[] }> = (f, l) => api.tracePage(runId, f, l)) {}

  get(i: number): TraceEvent | undefined {
    return this.pages.get(Math.floor(i / PAGE_SIZE))?.[i % PAGE_SIZE];
  }

  onLoad(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Makes sure rows [from, to] are loaded or loading; resolves when they are. */
  ensure(from: number, to: number): Promise<void> {
    const a = Math.max(0, Math.floor(from / PAGE_SIZE));
    const b = Math.min(Math.floor(Math.max(0, this.total - 1) / PAGE_SIZE), Math.floor(to / PAGE_SIZE));
    const waits: Promise<void>[] = [];
    for (let p = a; p <= b; p++) {
      if (this.pages.has(p)) continue;
      let w = this.loading.get(p);
      if (!w) {
        w = this.fetchPage(p * PAGE_SIZE, PAGE_SIZE).then((page) => {
          this.pages.set(p, page.events);
          this.total = Math.max(this.total, page.total);
          this.loading.delete(p);
          for (const l of this.listeners) l();
        }, (err: unknown) => { this.loading.delete(p); throw err; });
        this.loading.set(p, w);
      }
      waits.push(w);
    }
    return Promise.all(waits).then(() => undefined);
  }

  /** Makes sure the pages holding these lines are loaded or loading (sparse rows of a filter). */
  ensureLines(lines: Iterable<number>): Promise<void> {
    const pages = new Set<number>();
    for (const l of lines) pages.add(Math.floor(l / PAGE_SIZE));
    return Promise.all([...pages].map((p) => this.ensure(p * PAGE_SIZE, p * PAGE_SIZE))).then(() => undefined);
  }

  /** Loaded events in [from, to] (for the statechart path and the slice views). */
  async slice(from: number, to: number): Promise<TraceEvent[]> {
    await this.ensure(from, to);
    const out: TraceEvent[] = [];
    for (let i = from; i <= to && i < this.total; i++) { const e = this.get(i); if (e) out.push(e); }
    return out;
  }
}
