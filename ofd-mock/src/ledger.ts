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

/**
 * A ledger entry with `rawHex` and `decoded` computed on first read. The decoded message object is
 * held only until the entry has been announced (then it is re-decoded from the raw bytes when
 * asked), unless a fault changed the bytes (then the message is what the operator meant and is
 * kept): this keeps the in-memory ledger small.
 */
class Entry implements LedgerEntry {
  readonly seq: number; readonly at: number; readonly kkmId: number | null; readonly channel: number; readonly connectionId: number;
  readonly direction: FaultDirection; readonly command: number | null; readonly commandName: string; readonly reqNum: number | null;
  readonly token: number | null; readonly result: number | null; readonly faults: string[]; readonly violations: Violation[];
  readonly retry: boolean; readonly note: string | null;
  #raw: Uint8Array;
  #kind: 'request' | 'response' | null;
  #msg: LedgerInput['message'];
  #keep: boolean;
  #hex: string | undefined;
  #dec: JsonValue | null | undefined;

  declare readonly rawHex: string;
  declare readonly decoded: JsonValue | null;

  constructor(seq: number, i: LedgerInput) {
    this.seq = seq; this.at = i.at; this.kkmId = i.kkmId; this.channel = i.channel; this.connectionId = i.connectionId;
    this.direction = i.direction; this.command = i.command; this.commandName = commandName(i.command); this.reqNum = i.reqNum;
    this.token = i.token; this.result = i.result; this.faults = i.faults; this.violations = i.violations; this.retry = i.retry; this.note = i.note;
    this.#raw = i.raw;
    this.#kind = i.message?.kind ?? null;
    this.#msg = i.message;
    this.#keep = i.faults.length > 0;
    // own, enumerable, lazy: `{ ...entry }` and object rest keep them (consumers spread entries)
    Object.defineProperty(this, 'rawHex', RAW_HEX);
    Object.defineProperty(this, 'decoded', DECODED);
  }

  lazyRawHex(): string { return (this.#hex ??= toHex(this.#raw)); }

  lazyDecoded(): JsonValue | null {
    if (this.#dec === undefined) {
      try {
        let msg = this.#msg;
        if (msg === null && this.#kind === 'request') { const d = decodeRequestFrame(this.#raw); const m = d.ok ? d.value.message : d.message; msg = m ? { kind: 'request', value: m } : null; }
        else if (msg === null && this.#kind === 'response') { const d = decodeResponseFrame(this.#raw); const m = d.ok ? d.value.message : d.message; msg = m ? { kind: 'response', value: m } : null; }
        this.#dec = msg === null ? null : msg.kind === 'request' ? requestToJson(msg.value) : responseToJson(msg.value);
      } catch { this.#dec = null; }
      this.#msg = null;
    }
    return this.#dec;
  }

  /** Drops the decoded message object (it can be decoded again from the raw bytes). */
  release(): void { if (!this.#keep) this.#msg = null; }

  toJSON(): LedgerEntry {
    return {
      seq: this.seq, at: this.at, kkmId: this.kkmId, channel: this.channel, connectionId: this.connectionId, direction: this.direction,
      command: this.command, commandName: this.commandName, reqNum: this.reqNum, token: this.token, rawHex: this.lazyRawHex(),
      decoded: this.lazyDecoded(), result: this.result, faults: this.faults, violations: this.violations, retry: this.retry, note: this.note,
    };
  }
}

const RAW_HEX: PropertyDescriptor = { enumerable: true, configurable: false, get(this: Entry) { return this.lazyRawHex(); } };
const DECODED: PropertyDescriptor = { enumerable: true, configurable: false, get(this: Entry) { return this.lazyDecoded(); } };

/** A plain-object copy of an entry (getters resolved), for JSON and spreading. */
export function plainEntry(e: LedgerEntry): LedgerEntry {
  return typeof (e as Entry).toJSON === 'function' ? (e as Entry).toJSON() : e;
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
  /** whether an entry would be kept or announced (false: `skip()` counts it without building it) */
  get recording(): boolean { return this.limit !== 0 || !!this.store || this.hasListener(); }

  /** Counts an entry that is not recorded (same sequence numbers as `add` when not recording). */
  skip(): void { this.seq++; }

  add(i: LedgerInput): void {
    if (this.limit === 0 && !this.store && !this.hasListener()) { this.seq++; return; }
    const e = new Entry(++this.seq, i);
    if (this.limit > 0) {
      if (this.mem.length - this.head >= this.limit) {
        this.head++;
        if (this.head > 4096 && this.head * 2 > this.mem.length) { this.mem.splice(0, this.head); this.head = 0; }
      }
      this.mem.push(e);
    }
    this.store?.insertEntry(e, i.raw);
    this.onEntry(e);
    e.release();
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
