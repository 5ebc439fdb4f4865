// The module's persistent memory. The applet keeps its state in RAM and makes every change
// through `commit(tx)`, which is atomic: either all of a transaction reaches the image or none.
//
// File image layout (all integers big-endian):
//   0      16 bytes magic "KKM-FISCAL-IMG01"
//   16     meta slot: u32 length ‖ meta TLV ‖ sha256(meta TLV)   (at most META_SLOT bytes)
//   8192   records, back to back: u32 len ‖ index u32 ‖ kind u8 ‖ at u64 ‖ shift u32 ‖ prevHash[32] ‖ hash[32] ‖ payloadLen u32 ‖ payload
// The meta says how far the records go (`dataEnd`); bytes past it are free space.
//
// Java Card–style transactions: the writes of one transaction are first put in a commit buffer
// (`<image>.journal`: "FMJ1" ‖ count u32 ‖ (offset u64 ‖ len u32 ‖ bytes)* ‖ sha256 of all that),
// fsync'ed, then applied to the image, fsync'ed, and the journal is emptied. On open a complete
// journal (hash matches) is replayed (redo; idempotent), a torn one is discarded. So a power cut at
// any byte leaves the image in the old or the new state, never in between.
import { closeSync, existsSync, fsyncSync, ftruncateSync, fstatSync, openSync, readFileSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { sha256 } from './crypto.js';
import { FiscalModuleError } from './errors.js';
import { bytesEqual, concat, decodeTlv, encodeTlv, readU32, readU64, u32, u64, type Tlv } from './tlv.js';

export const IMAGE_MAGIC = new TextEncoder().encode('KKM-FISCAL-IMG01');
export const META_OFFSET = 16;
export const META_SLOT = 8192 - 16;
export const DATA_START = 8192;
const JOURNAL_MAGIC = new TextEncoder().encode('FMJ1');

export type LifeState = 'blank' | 'personalized' | 'active' | 'locked';
export const LIFE_STATES: readonly LifeState[] = ['blank', 'personalized', 'active', 'locked'];

export interface PinSlot { set: boolean; tries: number; max: number; hash: Uint8Array }

export interface Meta {
  state: LifeState;
  moduleId: string;
  privatePkcs8: Uint8Array;
  publicSpki: Uint8Array;
  recordCount: number;
  dataEnd: number;
  shiftNumber: number;
  shiftFirstIndex: number;
  lifetimeCounter: bigint;
  transmittedUpto: number;
  lockReason: string;
  totalChecksum: Uint8Array;
  lastZChecksum: Uint8Array;
  lastZIndex: number;
  headHash: Uint8Array;
  lastAt: number;
  pins: PinSlot[];
}

export interface StoredRecord {
  index: number;
  kind: number;
  at: number;
  shift: number;
  prevHash: Uint8Array;
  hash: Uint8Array;
  payload: Uint8Array;
}

export const PIN_SLOTS = 5;

export function blankMeta(): Meta {
  return {
    state: 'blank', moduleId: '', privatePkcs8: new Uint8Array(0), publicSpki: new Uint8Array(0),
    recordCount: 0, dataEnd: DATA_START, shiftNumber: 1, shiftFirstIndex: 1, lifetimeCounter: 0n,
    transmittedUpto: 0, lockReason: '', totalChecksum: new Uint8Array(32), lastZChecksum: new Uint8Array(32),
    lastZIndex: 0, headHash: new Uint8Array(32), lastAt: 0,
    pins: Array.from({ length: PIN_SLOTS }, () => ({ set: false, tries: 0, max: 0, hash: new Uint8Array(32) })),
  };
}

export function cloneMeta(m: Meta): Meta {
  return { ...m, pins: m.pins.map((p) => ({ ...p })) };
}

const te = new TextEncoder();
const td = new TextDecoder();

export function encodeMeta(m: Meta): Uint8Array {
  const items: Tlv[] = [
    { tag: 0x01, value: Uint8Array.of(LIFE_STATES.indexOf(m.state)) },
    { tag: 0x02, value: te.encode(m.moduleId) },
    { tag: 0x03, value: m.privatePkcs8 },
    { tag: 0x04, value: m.publicSpki },
    { tag: 0x05, value: u32(m.recordCount) },
    { tag: 0x06, value: u64(m.dataEnd) },
    { tag: 0x07, value: u32(m.shiftNumber) },
    { tag: 0x08, value: u32(m.shiftFirstIndex) },
    { tag: 0x09, value: u64(m.lifetimeCounter) },
    { tag: 0x0a, value: u32(m.transmittedUpto) },
    { tag: 0x0b, value: te.encode(m.lockReason) },
    { tag: 0x0c, value: m.totalChecksum },
    { tag: 0x0d, value: m.lastZChecksum },
    { tag: 0x0e, value: u32(m.lastZIndex) },
    { tag: 0x0f, value: m.headHash },
    { tag: 0x10, value: u64(m.lastAt) },
  ];
  m.pins.forEach((p, i) => items.push({ tag: 0x20 + i, value: concat([Uint8Array.of(p.set ? 1 : 0, p.tries, p.max), p.hash]) }));
  const body = encodeTlv(items);
  return concat([u32(body.length), body, sha256(body)]);
}

function corrupt(msg: string): FiscalModuleError {
  return new FiscalModuleError('FM_IMAGE_CORRUPT', `fiscal module image is corrupt: ${msg}`);
}

export function decodeMeta(slot: Uint8Array): Meta {
  if (slot.length < 4) throw corrupt('meta slot too short');
  const len = readU32(slot, 0);
  if (len > META_SLOT - 36 || slot.length < 4 + len + 32) throw corrupt('meta length');
  const body = slot.subarray(4, 4 + len);
  if (!bytesEqual(sha256(body), slot.subarray(4 + len, 4 + len + 32))) throw corrupt('meta checksum mismatch');
  const items = decodeTlv(body);
  if (!items) throw corrupt('meta TLV');
  const get = (tag: number): Uint8Array => {
    const t = items.find((x) => x.tag === tag);
    if (!t) throw corrupt(`meta field ${tag} missing`);
    return t.value;
  };
  const m = blankMeta();
  m.state = LIFE_STATES[get(0x01)[0]!] ?? 'locked';
  m.moduleId = td.decode(get(0x02));
  m.privatePkcs8 = new Uint8Array(get(0x03));
  m.publicSpki = new Uint8Array(get(0x04));
  m.recordCount = readU32(get(0x05));
  m.dataEnd = Number(readU64(get(0x06)));
  m.shiftNumber = readU32(get(0x07));
  m.shiftFirstIndex = readU32(get(0x08));
  m.lifetimeCounter = readU64(get(0x09));
  m.transmittedUpto = readU32(get(0x0a));
  m.lockReason = td.decode(get(0x0b));
  m.totalChecksum = new Uint8Array(get(0x0c));
  m.lastZChecksum = new Uint8Array(get(0x0d));
  m.lastZIndex = readU32(get(0x0e));
  m.headHash = new Uint8Array(get(0x0f));
  m.lastAt = Number(readU64(get(0x10)));
  for (let i = 0; i < PIN_SLOTS; i++) {
    const v = get(0x20 + i);
    if (v.length !== 35) throw corrupt('pin slot');
    m.pins[i] = { set: v[0] === 1, tries: v[1]!, max: v[2]!, hash: new Uint8Array(v.subarray(3)) };
  }
  return m;
}

export const RECORD_OVERHEAD = 4 + 4 + 1 + 8 + 4 + 32 + 32 + 4;

export function encodeStoredRecord(r: StoredRecord): Uint8Array {
  return concat([u32(RECORD_OVERHEAD - 4 + r.payload.length), u32(r.index), Uint8Array.of(r.kind), u64(r.at), u32(r.shift), r.prevHash, r.hash, u32(r.payload.length), r.payload]);
}

/** Parses the record area; throws FM_IMAGE_CORRUPT when the structure is broken. */
export function decodeRecords(area: Uint8Array, count: number): StoredRecord[] {
  const out: StoredRecord[] = [];
  let o = 0;
  for (let i = 0; i < count; i++) {
    if (o + RECORD_OVERHEAD > area.length) throw corrupt(`record ${i + 1} truncated`);
    const len = readU32(area, o);
    const plen = readU32(area, o + 85);
    if (len !== RECORD_OVERHEAD - 4 + plen || o + 4 + len > area.length) throw corrupt(`record ${i + 1} length`);
    out.push({
      index: readU32(area, o + 4),
      kind: area[o + 8]!,
      at: Number(readU64(area, o + 9)),
      shift: readU32(area, o + 17),
      prevHash: new Uint8Array(area.subarray(o + 21, o + 53)),
      hash: new Uint8Array(area.subarray(o + 53, o + 85)),
      payload: new Uint8Array(area.subarray(o + 89, o + 89 + plen)),
    });
    o += 4 + len;
  }
  if (o !== area.length) throw corrupt('record area length does not match the meta');
  return out;
}

/** One atomic change: the new meta and the records appended by it. */
export interface Transaction { meta: Meta; append?: StoredRecord[] }

export interface Store {
  /** the committed state */
  load(): { meta: Meta; records: StoredRecord[] };
  /** atomically applies `tx` (old or new state after a power cut, never a mix) */
  commit(tx: Transaction, prev: Meta): void;
  /** test hook: rewrites the record area from `fromIndex` and the meta, bypassing transactions */
  rawRewrite(meta: Meta, records: readonly StoredRecord[], fromIndex: number): void;
  close(): void;
}

/** Memory only: state lives as long as the process. */
export class MemoryStore implements Store {
  private meta = blankMeta();
  private records: StoredRecord[] = [];
  load(): { meta: Meta; records: StoredRecord[] } { return { meta: cloneMeta(this.meta), records: [...this.records] }; }
  commit(tx: Transaction): void {
    this.meta = tx.meta;
    if (tx.append) for (const r of tx.append) this.records.push(r);
  }
  rawRewrite(meta: Meta, records: readonly StoredRecord[]): void { this.meta = meta; this.records = [...records]; }
  close(): void { /* nothing */ }
}

export interface FileStoreOptions {
  /** fsync the journal and the image at every commit (turn off only for benchmarks) @defaultValue true */
  sync: boolean;
  /**
   * Tests only: simulate a power cut during a commit after this many more bytes have been written
   * (journal, then image); the write stops mid-way and the commit throws PowerCut.
   */
  powerCutAfterBytes?: number;
  /** tests / tamperImage only: open even when another module holds the image */
  ignoreLock?: boolean;
}

const openInThisProcess = new Set<string>();

function pidAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM'; }
}

/**
 * One module per image: `<image>.lock` holds the owner's PID (created with O_EXCL). A lock left
 * by a dead process (power cut, SIGKILL) is taken over.
 */
function acquireLock(path: string): void {
  const key = resolve(path);
  if (openInThisProcess.has(key)) throw new FiscalModuleError('FM_IMAGE_LOCKED', `image ${path} is already open in this process`);
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try { writeSync(fd, `${process.pid}\n`); } finally { closeSync(fd); }
      openInThisProcess.add(key);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let pid = NaN;
    try { pid = Number(/\d+/.exec(readFileSync(lock, 'utf8'))?.[0] ?? NaN); } catch { /* vanished */ }
    if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) {
      throw new FiscalModuleError('FM_IMAGE_LOCKED', `image ${path} is open in process ${pid} (remove ${lock} if that process is not a fiscal module)`);
    }
    try { unlinkSync(lock); } catch { /* someone else took it over */ }
  }
  throw new FiscalModuleError('FM_IMAGE_LOCKED', `cannot take the lock ${lock}`);
}

function releaseLock(path: string): void {
  if (!openInThisProcess.delete(resolve(path))) return;
  try {
    const pid = Number(/\d+/.exec(readFileSync(`${path}.lock`, 'utf8'))?.[0] ?? NaN);
    if (pid === process.pid) unlinkSync(`${path}.lock`);
  } catch { /* gone */ }
}

/** Thrown by a FileStore whose simulated power cut fired; the store is unusable afterwards. */
export class PowerCut extends Error {
  override readonly name = 'PowerCut';
}

function readAll(fd: number, pos: number, len: number): Uint8Array {
  const b = new Uint8Array(len);
  let o = 0;
  while (o < len) {
    const n = readSync(fd, b, o, len - o, pos + o);
    if (n === 0) break;
    o += n;
  }
  return o === len ? b : b.subarray(0, o);
}

function writeAll(fd: number, b: Uint8Array, pos: number): void {
  let o = 0;
  while (o < b.length) o += writeSync(fd, b, o, b.length - o, pos + o);
}

function fsyncDir(path: string): void {
  try { const d = openSync(dirname(path), 'r'); try { fsyncSync(d); } finally { closeSync(d); } } catch { /* not supported */ }
}

/** Creates an empty image (blank module) atomically: write a temp file, fsync, rename. */
export function createImageFile(path: string): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeAll(fd, IMAGE_MAGIC, 0);
    writeAll(fd, encodeMeta(blankMeta()), META_OFFSET);
    ftruncateSync(fd, DATA_START);
    fsyncSync(fd);
  } finally { closeSync(fd); }
  renameSync(tmp, path);
  fsyncDir(path);
}

/** A file image with a redo journal (commit buffer). */
export class FileStore implements Store {
  private readonly fd: number;
  private readonly jfd: number;
  private closed = false;

  private readonly locked: boolean;

  constructor(readonly path: string, private readonly opts: FileStoreOptions = { sync: true }) {
    this.locked = !opts.ignoreLock;
    if (this.locked) acquireLock(path);
    try {
      if (!existsSync(path)) createImageFile(path);
      this.fd = openSync(path, 'r+');
      const jpath = `${path}.journal`;
      const fresh = !existsSync(jpath);
      this.jfd = openSync(jpath, fresh ? 'w+' : 'r+');
      if (fresh) { fsyncSync(this.jfd); fsyncDir(jpath); }
    } catch (e) {
      if (this.locked) releaseLock(path);
      if (e instanceof FiscalModuleError) throw e;
      throw new FiscalModuleError('FM_IMAGE_IO', `cannot open image ${path}: ${(e as Error).message}`, undefined, { cause: e });
    }
    try {
      this.recover();
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Replays a complete journal, discards a torn one. */
  private recover(): void {
    const size = fstatSync(this.jfd).size;
    if (size === 0) return;
    const j = readAll(this.jfd, 0, size);
    const writes = parseJournal(j);
    if (writes) {
      for (const w of writes) writeAll(this.fd, w.bytes, w.offset);
      if (this.opts.sync) fsyncSync(this.fd);
    }
    ftruncateSync(this.jfd, 0);
    if (this.opts.sync) fsyncSync(this.jfd);
  }

  load(): { meta: Meta; records: StoredRecord[] } {
    const size = fstatSync(this.fd).size;
    if (size < DATA_START) throw corrupt('file shorter than the header');
    const head = readAll(this.fd, 0, DATA_START);
    if (!bytesEqual(head.subarray(0, 16), IMAGE_MAGIC)) throw corrupt('bad magic');
    const meta = decodeMeta(head.subarray(META_OFFSET));
    if (meta.dataEnd < DATA_START || meta.dataEnd > size) throw corrupt('dataEnd beyond the file');
    const area = readAll(this.fd, DATA_START, meta.dataEnd - DATA_START);
    return { meta, records: decodeRecords(area, meta.recordCount) };
  }

  commit(tx: Transaction, prev: Meta): void {
    if (this.closed) throw new FiscalModuleError('FM_IMAGE_IO', 'image is closed');
    const writes: { offset: number; bytes: Uint8Array }[] = [];
    let end = prev.dataEnd;
    if (tx.append) for (const r of tx.append) {
      const b = encodeStoredRecord(r);
      writes.push({ offset: end, bytes: b });
      end += b.length;
    }
    if (end !== tx.meta.dataEnd) throw new FiscalModuleError('FM_INTERNAL', 'dataEnd does not match the appended records');
    writes.push({ offset: META_OFFSET, bytes: encodeMeta(tx.meta) });
    const j = buildJournal(writes);
    try {
      this.write(this.jfd, j, 0);
      if (this.opts.sync) fsyncSync(this.jfd);
      for (const w of writes) this.write(this.fd, w.bytes, w.offset);
      if (this.opts.sync) fsyncSync(this.fd);
      if (this.opts.powerCutAfterBytes !== undefined && this.opts.powerCutAfterBytes <= 0) this.cut();
      ftruncateSync(this.jfd, 0);
    } catch (e) {
      if (e instanceof PowerCut) throw e;
      throw new FiscalModuleError('FM_IMAGE_IO', `commit failed: ${(e as Error).message}`, undefined, { cause: e });
    }
  }

  private cut(): never {
    this.close();
    throw new PowerCut('simulated power cut');
  }

  private write(fd: number, b: Uint8Array, pos: number): void {
    const budget = this.opts.powerCutAfterBytes;
    if (budget === undefined) return writeAll(fd, b, pos);
    if (b.length <= budget) {
      writeAll(fd, b, pos);
      this.opts.powerCutAfterBytes = budget - b.length;
      return;
    }
    writeAll(fd, b.subarray(0, budget), pos);
    this.cut();
  }

  rawRewrite(meta: Meta, records: readonly StoredRecord[], fromIndex: number): void {
    let off = DATA_START;
    for (const r of records) {
      const b = encodeStoredRecord(r);
      if (r.index >= fromIndex) writeAll(this.fd, b, off);
      off += b.length;
    }
    meta.dataEnd = off;
    writeAll(this.fd, encodeMeta(meta), META_OFFSET);
    ftruncateSync(this.fd, Math.max(off, DATA_START));
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    closeSync(this.jfd);
    if (this.locked) releaseLock(this.path);
  }
}

export function buildJournal(writes: readonly { offset: number; bytes: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [JOURNAL_MAGIC, u32(writes.length)];
  for (const w of writes) parts.push(u64(w.offset), u32(w.bytes.length), w.bytes);
  const body = concat(parts);
  return concat([body, sha256(body)]);
}

/** The writes of a complete journal, or null when it is torn or foreign. */
export function parseJournal(j: Uint8Array): { offset: number; bytes: Uint8Array }[] | null {
  if (j.length < 8 + 32 || !bytesEqual(j.subarray(0, 4), JOURNAL_MAGIC)) return null;
  const n = readU32(j, 4);
  let o = 8;
  const out: { offset: number; bytes: Uint8Array }[] = [];
  for (let i = 0; i < n; i++) {
    if (o + 12 > j.length) return null;
    const offset = Number(readU64(j, o));
    const len = readU32(j, o + 8);
    o += 12;
    if (o + len > j.length) return null;
    out.push({ offset, bytes: j.subarray(o, o + len) });
    o += len;
  }
  if (o + 32 > j.length) return null;
  if (!bytesEqual(sha256(j.subarray(0, o)), j.subarray(o, o + 32))) return null;
  return out;
}
