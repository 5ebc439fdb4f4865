// Reading runs from reports/: the list (newest first, with totals), a run's report.json, and its
// trace.jsonl through a line index so that 100,000 events can be paged without parsing them all
// on every request. The index grows incrementally while a run is still writing its trace.
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunDocuments, RunReport, RunSummary, TraceEvent, TraceMark, TraceMeta, TracePage } from '../src/data/types.js';
import type { Document } from '../src/data/dcp-types.js';
import { DashboardError } from './errors.js';
import { CLOCK_JUMP_MS } from '../src/lib/trace-layout.js';

const CHUNK = 8 * 1024 * 1024;
const HEAD = /^\{"v":1,"seq":(\d+),"t":(-?\d+(?:\.\d+)?),"kind":"([^"]+)"/;
/** kinds whose whole line the index needs (marks, case ranges) */
const FULL_KINDS = new Set(['fault', 'clock', 'check', 'case.start', 'case.end']);
const DOC_PRINTED = Buffer.from('"method":"document.printed"');
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function assertRunId(id: string): void {
  if (!RUN_ID.test(id) || id.includes('..')) throw new DashboardError('WEB_BAD_REQUEST', `bad run id: ${JSON.stringify(id)}`);
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Every run folder under `reportsDir` (a folder with report.json or trace.jsonl), newest first. */
export function listRuns(reportsDir: string): RunSummary[] {
  if (!existsSync(reportsDir)) return [];
  const out: RunSummary[] = [];
  for (const name of readdirSync(reportsDir)) {
    if (!RUN_ID.test(name) || name === 'bench') continue;
    const dir = join(reportsDir, name);
    let st;
    try { st = statSync(dir); } catch { continue; }
    if (!st.isDirectory()) continue;
    const reportPath = join(dir, 'report.json');
    const tracePath = join(dir, 'trace.jsonl');
    const hasReport = existsSync(reportPath);
    const hasTrace = existsSync(tracePath);
    if (!hasReport && !hasTrace) continue;
    let mtime = st.mtimeMs;
    for (const p of [reportPath, tracePath]) if (existsSync(p)) mtime = Math.max(mtime, statSync(p).mtimeMs);
    let report: Partial<RunReport> | null = null;
    if (hasReport) {
      try { report = readJson(reportPath) as Partial<RunReport>; } catch { report = null; }
    }
    out.push({
      id: name,
      startedAt: report?.startedAt ?? null,
      finishedAt: report?.finishedAt ?? null,
      dut: report?.dut ? { vendor: report.dut.vendor, model: report.dut.model, firmware: report.dut.firmware } : null,
      totals: report?.totals ?? null,
      inProgress: !hasReport && hasTrace,
      hasTrace,
      mtime,
    });
  }
  // newest first: by startedAt when both have it, else by modification time
  out.sort((a, b) => {
    const ta = a.startedAt ? Date.parse(a.startedAt) : a.mtime;
    const tb = b.startedAt ? Date.parse(b.startedAt) : b.mtime;
    return tb - ta || b.id.localeCompare(a.id);
  });
  return out;
}

export function readReport(reportsDir: string, id: string): RunReport {
  assertRunId(id);
  const p = join(reportsDir, id, 'report.json');
  if (!existsSync(p)) throw new DashboardError('WEB_NOT_FOUND', `run ${id} has no report.json`);
  return readJson(p) as RunReport;
}

/** A trace.jsonl with an index of line offsets, marks and case ranges; refreshed when the file grows. */
export class TraceIndex {
  private starts: number[] = [];
  private ends: number[] = [];
  private seqs: number[] = [];
  private kinds: string[] = [];
  private kindCounts = new Map<string, number>();
  private size = 0;
  private firstT: number | null = null;
  private lastT: number | null = null;
  private marks: TraceMark[] = [];
  private cases = new Map<string, { id: string; from: number; to: number }>();
  private documentLines: number[] = [];

  constructor(readonly path: string) {}

  /** Reads lines appended since the last call (complete lines only). */
  refresh(): void {
    if (!existsSync(this.path)) throw new DashboardError('WEB_NOT_FOUND', `no trace at ${this.path}`);
    const fd = openSync(this.path, 'r');
    try {
      const total = fstatSync(fd).size;
      if (total < this.size) this.reset(); // the file was rewritten
      // in chunks, so a trace of any size is indexed in bounded memory
      while (this.size < total) {
        const len = Math.min(CHUNK, total - this.size);
        const buf = Buffer.alloc(len);
        readSync(fd, buf, 0, len, this.size);
        let lineStart = 0;
        for (let k = buf.indexOf(10); k !== -1; k = buf.indexOf(10, lineStart)) {
          if (k > lineStart) this.addLine(buf, lineStart, k, this.size);
          lineStart = k + 1;
        }
        if (lineStart === 0) {
          // no newline in a whole chunk: an incomplete last line (or a line longer than CHUNK)
          if (len === CHUNK) throw new DashboardError('WEB_BAD_REQUEST', `a trace line longer than ${CHUNK} bytes at offset ${this.size}`);
          break;
        }
        this.size += lineStart; // an incomplete last line is read again next time
      }
    } finally {
      closeSync(fd);
    }
  }

  private reset(): void {
    this.starts = []; this.ends = []; this.seqs = []; this.kinds = []; this.kindCounts.clear(); this.size = 0; this.firstT = null; this.lastT = null;
    this.marks = []; this.cases.clear(); this.documentLines = [];
  }

  private addLine(buf: Buffer, a: number, b: number, base: number): void {
    // fast path: canonical lines start {"v":1,"seq":N,"t":N,"kind":"K"; only the kinds that
    // make marks, case ranges or documents are parsed whole
    const head = HEAD.exec(buf.toString('latin1', a, Math.min(b, a + 96)));
    let ev: TraceEvent;
    if (head && !FULL_KINDS.has(head[3]!)) {
      ev = { v: 1, seq: Number(head[1]), t: Number(head[2]), kind: head[3]! };
      if (head[3] === 'dcp.notification' && buf.subarray(a, b).includes(DOC_PRINTED)) ev = this.parse(buf, a, b) ?? ev;
    } else {
      const full = this.parse(buf, a, b);
      if (!full) return;
      ev = full;
    }
    const i = this.starts.length;
    this.starts.push(base + a);
    this.ends.push(base + b);
    this.seqs.push(typeof ev.seq === 'number' ? ev.seq : i);
    const kind = String(ev.kind);
    this.kinds.push(kind);
    this.kindCounts.set(kind, (this.kindCounts.get(kind) ?? 0) + 1);
    if (typeof ev.t === 'number') {
      if (this.firstT === null) this.firstT = ev.t;
      this.lastT = ev.t;
    }
    const mark = markOf(ev, i);
    if (mark) this.marks.push(mark);
    if (ev.case && (ev.kind === 'case.start' || ev.kind === 'case.end' || ev.kind === 'check')) {
      const c = this.cases.get(ev.case);
      if (c) c.to = i; else this.cases.set(ev.case, { id: ev.case, from: i, to: i });
    }
    if (ev.kind === 'dcp.notification' && ev.method === 'document.printed') this.documentLines.push(i);
  }

  private parse(buf: Buffer, a: number, b: number): TraceEvent | null {
    try { return JSON.parse(buf.toString('utf8', a, b)) as TraceEvent; } catch { return null; }
  }

  get total(): number { return this.starts.length; }

  meta(): TraceMeta {
    return {
      total: this.total,
      firstSeq: this.seqs[0] ?? null,
      firstT: this.firstT,
      lastT: this.lastT,
      marks: this.marks,
      cases: [...this.cases.values()],
      kinds: Object.fromEntries(this.kindCounts),
    };
  }

  /** Line indices of the events whose kind is not in `hidden` (the trace view's filter). */
  rows(hidden: ReadonlySet<string>): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.kinds.length; i++) if (!hidden.has(this.kinds[i]!)) out.push(i);
    return out;
  }

  /** Line index of the first event with seq >= `seq` (events are in seq order). */
  locate(seq: number): number {
    let lo = 0, hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < seq) lo = mid + 1; else hi = mid;
    }
    return Math.min(lo, Math.max(0, this.seqs.length - 1));
  }

  /** The raw JSON text of lines [from, from + limit). */
  rawLines(from: number, limit: number): string[] {
    const a = Math.max(0, from);
    const b = Math.min(this.total, a + Math.max(0, limit));
    if (b <= a) return [];
    const fd = openSync(this.path, 'r');
    try {
      const start = this.starts[a]!;
      const buf = Buffer.alloc(this.ends[b - 1]! - start);
      readSync(fd, buf, 0, buf.length, start);
      const out: string[] = [];
      for (let i = a; i < b; i++) out.push(buf.toString('utf8', this.starts[i]! - start, this.ends[i]! - start));
      return out;
    } finally {
      closeSync(fd);
    }
  }

  /** A page as JSON text, without re-serialising the events. */
  pageJson(from: number, limit: number): string {
    const lines = this.rawLines(from, limit);
    return `{"total":${this.total},"from":${Math.max(0, from)},"events":[${lines.join(',')}]}`;
  }

  page(from: number, limit: number): TracePage {
    return JSON.parse(this.pageJson(from, limit)) as TracePage;
  }

  documents(): RunDocuments {
    const documents: RunDocuments['documents'] = [];
    for (const i of this.documentLines) {
      const ev = JSON.parse(this.rawLines(i, 1)[0]!) as TraceEvent;
      const document = (ev.params as { document?: Document } | undefined)?.document;
      if (document) documents.push({ i, seq: ev.seq, ...(ev.case ? { case: ev.case } : {}), document });
    }
    return { documents };
  }
}

function hours(ms: number): string {
  if (Math.abs(ms) >= 3_600_000) return `${+(ms / 3_600_000).toFixed(2)} h`;
  if (Math.abs(ms) >= 60_000) return `${+(ms / 60_000).toFixed(2)} min`;
  return `${+(ms / 1000).toFixed(3)} s`;
}

/** The mark an event contributes to the trace overview, if any. */
export function markOf(ev: TraceEvent, i: number): TraceMark | null {
  const base = { i, seq: ev.seq, t: ev.t };
  const e = ev as TraceEvent & { op?: string; spec?: { name?: string; kind?: string } };
  switch (ev.kind) {
    case 'fault': {
      if (e.op === 'remove' || e.op === 'reset') return null;
      const f = (e.spec ?? ev.fault) as { name?: string; kind?: string } | undefined;
      return { ...base, kind: 'fault', label: `fault ${f?.kind ?? ''} ${f?.name ?? ''}`.replace(/\s+/g, ' ').trim() };
    }
    case 'clock':
      // jumps only (the small steps of a virtual-time run would bury them); 'advanced' repeats 'advance'
      if (e.op === 'advanced' || (ev.ms ?? 0) < CLOCK_JUMP_MS) return null;
      return { ...base, kind: 'clock', label: `clock +${hours(ev.ms ?? 0)}` };
    case 'check':
      return ev.ok === false ? { ...base, kind: 'fail', label: `req ${ev.requirement ?? '?'}: ${ev.message ?? 'failed'}` } : null;
    case 'case.start':
      return { ...base, kind: 'case', label: ev.case ?? 'case' };
    default:
      return null;
  }
}

/** Caches one TraceIndex per run. */
export class TraceCache {
  private map = new Map<string, TraceIndex>();
  constructor(private reportsDir: string) {}
  get(id: string): TraceIndex {
    assertRunId(id);
    let idx = this.map.get(id);
    if (!idx) {
      idx = new TraceIndex(join(this.reportsDir, id, 'trace.jsonl'));
      this.map.set(id, idx);
    }
    idx.refresh();
    return idx;
  }
}
