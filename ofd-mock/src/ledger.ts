// The ledger: every frame received and answered, with decoded content, register, channel, the
// fault applied and every violation found. Kept in memory (bounded) and, with a database, in
// SQLite so that it survives a restart of the mock. `decoded` and `rawHex` are computed on first
// read, so that a busy server does not pay for JSON it never shows.
import { decodeRequestFrame, decodeResponseFrame, requestToJson, responseToJson } from '../../protocol/index.js';
import type { JsonValue, Request, Response } from '../../protocol/index.js';
import type { FaultDirection } from './faults/fault.js';
import type { Violation } from './validation.js';
import { commandName } from './commands.js';
import type { SqliteStore } from './store.js';

export interface LedgerEntry {
  seq: number;
  /** clock time (epoch ms) */
  at: number;
  kkmId: number | null;
  /** index of the listening port */
  channel: number;
  connectionId: number;
  direction: FaultDirection;
  command: number | null;
  commandName: string;
  reqNum: number | null;
  token: number | null;
  /** the frame as it went over the wire (after faults), hex */
  rawHex: string;
  /** protobuf JSON of the message (bigint as string), null when it did not decode */
  decoded: JsonValue | null;
  /** result code of an answer (to-kkm), or of the answer given to a request (to-ofd) */
  result: number | null;
  /** the faults that acted on this frame ("name:kind"), empty if none */
  faults: string[];
  violations: Violation[];
  /** an exact retry answered from the stored answer */
  retry: boolean;
  /** what happened besides the frame: 'dropped', 'reset', 'closed', 'truncated:K', 'refused', 'undecodable' … */
  note: string | null;
}

export interface LedgerFilter {
  kkmId?: number;
  direction?: FaultDirection;
  command?: number;
  channel?: number;
  /** only entries with seq greater than this */
  afterSeq?: number;
  from?: number;
  until?: number;
  /** the last `limit` matching entries */
  limit?: number;
}

export interface LedgerInput {
  at: number; kkmId: number | null; channel: number; connectionId: number; direction: FaultDirection;
  command: number | null; reqNum: number | null; token: number | null; raw: Uint8Array;
  message: { kind: 'request'; value: Request } | { kind: 'response'; value: Response } | null;
  result: number | null; faults: string[]; violations: Violation[]; retry: boolean; note: string | null;
}

export function toHex(b: Uint8Array): string { return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'); }

function makeEntry(seq: number, i: LedgerInput): LedgerEntry {
  let hex: string | undefined;
  let dec: JsonValue | null | undefined;
  const e = {
    seq, at: i.at, kkmId: i.kkmId, channel: i.channel, connectionId: i.connectionId, direction: i.direction,
    command: i.command, commandName: commandName(i.command), reqNum: i.reqNum, token: i.token,
    result: i.result, faults: i.faults, violations: i.violations, retry: i.retry, note: i.note,
  } as LedgerEntry;
  const raw = i.raw;
  // Keep the decoded message only when a fault changed the bytes (then the message is what the
  // operator meant); otherwise decode the raw bytes again on first read, which keeps the
  // in-memory ledger small (protobuf-es message objects are large).
  const kind = i.message?.kind ?? null;
  let msg: LedgerInput['message'] = i.faults.length > 0 ? i.message : null;
  const decodeRaw = (): LedgerInput['message'] => {
    if (kind === 'request') { const d = decodeRequestFrame(raw); const m = d.ok ? d.value.message : d.message; return m ? { kind, value: m } : null; }
    if (kind === 'response') { const d = decodeResponseFrame(raw); const m = d.ok ? d.value.message : d.message; return m ? { kind, value: m } : null; }
    return null;
  };
  Object.defineProperty(e, 'rawHex', { enumerable: true, get: () => (hex ??= toHex(raw)) });
  Object.defineProperty(e, 'decoded', {
    enumerable: true,
    get: () => {
      if (dec === undefined) {
        try {
          if (msg === null && kind !== null) msg = decodeRaw();
          dec = msg === null ? null : msg.kind === 'request' ? requestToJson(msg.value) : responseToJson(msg.value);
        } catch { dec = null; }
      }
      return dec;
    },
  });
  return e;
}

export function matches(e: LedgerEntry, f: LedgerFilter): boolean {
  return (f.kkmId === undefined || e.kkmId === f.kkmId)
    && (f.direction === undefined || e.direction === f.direction)
    && (f.command === undefined || e.command === f.command)
    && (f.channel === undefined || e.channel === f.channel)
    && (f.afterSeq === undefined || e.seq > f.afterSeq)
    && (f.from === undefined || e.at >= f.from)
    && (f.until === undefined || e.at < f.until);
}

export class Ledger {
  private readonly mem: LedgerEntry[] = [];
  private head = 0;
  private seq: number;

  constructor(
    private readonly limit: number, private readonly store: SqliteStore | null,
    private readonly onEntry: (e: LedgerEntry) => void, private readonly hasListener: () => boolean = () => true,
  ) {
    this.seq = store ? store.maxSeq() : 0;
  }

  /** Records an entry (nothing is built when no one could ever read it: no memory, no database, no listener). */
  add(i: LedgerInput): void {
    if (this.limit === 0 && !this.store && !this.hasListener()) { this.seq++; return; }
    const e = makeEntry(++this.seq, i);
    if (this.limit > 0) {
      if (this.mem.length - this.head >= this.limit) {
        this.head++;
        if (this.head > 4096 && this.head * 2 > this.mem.length) { this.mem.splice(0, this.head); this.head = 0; }
      }
      this.mem.push(e);
    }
    this.store?.insertEntry(e, i.raw);
    this.onEntry(e);
  }

  /** Matching entries in order. With a database, read from it (so entries from before a restart are there). */
  entries(filter: LedgerFilter = {}): LedgerEntry[] {
    if (this.store) return this.store.entries(filter);
    const out: LedgerEntry[] = [];
    for (let i = this.head; i < this.mem.length; i++) if (matches(this.mem[i]!, filter)) out.push(this.mem[i]!);
    return filter.limit !== undefined ? out.slice(Math.max(0, out.length - filter.limit)) : out;
  }

  get size(): number { return this.store ? this.store.count() : this.mem.length - this.head; }

  clear(): void { this.mem.length = 0; this.head = 0; this.store?.clearEntries(); }
}
