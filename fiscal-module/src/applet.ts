// The fiscal memory applet: a Java Card–style state machine spoken to in ISO 7816-4 APDUs.
// `process(apdu)` is synchronous and total: every input gets a response APDU with a status word,
// and a command that does not answer 9000 changes nothing persistent (except VERIFY/CHANGE PIN,
// whose retry counter is decremented on a wrong PIN, as on a card).
// The command table is in ../README.md.
import type { KeyObject } from 'node:crypto';
import { buildResponseChunk, COMMAND_CHAIN_BIT } from './chaining.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { generateModuleKeyPair, importPrivateKey, sha256, signData, verifyDataSync } from './crypto.js';
import { FiscalModuleError } from './errors.js';
import { cloneMeta, DATA_START, RECORD_OVERHEAD, type Meta, type Store, type StoredRecord } from './image.js';
import { addChecksum, autonomousSignedData, genesisHash, kindCode, kindFromCode, printableSign, receiptSignedData, recordHash, type RecordKind } from './record.js';
import { SW } from './status-words.js';
import { bytesEqual, concat, encodeTlv, readU32, tlv, u32, u64, type Tlv } from './tlv.js';
import { parseCommandApdu, responseApdu, type CommandApdu } from './apdu.js';

/** The applet's AID: F0 (proprietary, unregistered) ‖ "KKMFM" ‖ 01. */
export const FISCAL_AID = Uint8Array.of(0xf0, 0x4b, 0x4b, 0x4d, 0x46, 0x4d, 0x01);
export const APPLET_VERSION = '1.0.0';

export const INS = {
  SELECT: 0xa4,
  GET_RESPONSE: 0xc0,
  VERIFY: 0x20,
  CHANGE_PIN: 0x24,
  GET_INFO: 0xca,
  PERSONALIZE: 0xe0,
  SET_PIN: 0xe2,
  APPEND: 0xe4,
  CLOSE_SHIFT: 0xe6,
  SELF_TEST: 0xe8,
  AUTONOMOUS_SIGN: 0xea,
  MARK_TRANSMITTED: 0xec,
  LOCK: 0xee,
  READ_RECORD: 0xb2,
  CHAIN_HEAD: 0xb4,
  UNSENT: 0xb6,
} as const;

/** Response TLV tags. */
export const TAG = {
  INDEX: 0x80, HASH: 0x81, SIGNATURE: 0x82, AT: 0x83, KIND: 0x84, PAYLOAD: 0x85, PREV_HASH: 0x86,
  TRANSMITTED: 0x87, SHIFT: 0x88, Z_CHECKSUM: 0x90, TOTAL_CHECKSUM: 0x91, COUNTER: 0x92, SIGN: 0x93,
  FIRST: 0x94, LAST: 0x95, COUNT: 0x96, CHECK: 0xa0, CHECK_NAME: 0x50, CHECK_OK: 0x51, CHECK_DETAIL: 0x52,
  MODULE_ID: 0xc0, VERSION: 0xc1, STATE: 0xc2, RECORD_COUNT: 0xc3, SHIFT_NUMBER: 0xc4, LIFETIME_COUNTER: 0xc5,
  PUBLIC_KEY: 0xc6, UNSENT_COUNT: 0xc7, FIRST_UNSENT: 0xc8, LOCK_REASON: 0xc9, LAST_AT: 0xca, PINS: 0xcb,
  CAPACITY: 0xcc, USED: 0xcd, TOTAL: 0xce, LAST_Z: 0xcf, LAST_Z_INDEX: 0xd0,
} as const;

export const PIN_ROLES = ['registration', 'programming', 'close_shift', 'reports', 'service'] as const;
export type PinRole = (typeof PIN_ROLES)[number];

/** Which PIN (when set) protects appending a record of a kind; null = none. */
export const KIND_ROLE: Record<RecordKind, PinRole | null> = {
  receipt: 'registration', cash_in: 'registration', cash_out: 'registration', offline_period: 'registration',
  fiscal_sign: 'registration', shift_open: 'registration', x_report: 'reports', z_report: 'close_shift',
  settings: 'programming', registration: 'programming', firmware: 'service', service: 'service', note: null,
};

export interface AppletOptions {
  /** persistent memory (MemoryStore or FileStore) */
  store: Store;
  /** @defaultValue systemClock */
  clock?: Clock;
  /** largest record payload in bytes @defaultValue 32768 */
  maxPayload?: number;
  /** image capacity in bytes (header + records) @defaultValue 256 MiB */
  capacityBytes?: number;
  /** retry counter for a PIN set without an explicit one @defaultValue 3 */
  pinTries?: number;
}

export const APPLET_DEFAULTS = { maxPayload: 32768, capacityBytes: 256 * 1024 * 1024, pinTries: 3 } as const;

const PIN_RE = /^[0-9]{4,12}$/;
const MODULE_ID_RE = /^[A-Za-z0-9_-]{1,32}$/;
const te = new TextEncoder();
const td = new TextDecoder('utf-8', { fatal: true });
const Z_HEADER = 4 + 4 + 4 + 4 + 32 + 32;

class ApduFail extends Error {
  constructor(readonly sw: number) { super(`SW ${sw.toString(16)}`); }
}
const fail = (sw: number): never => { throw new ApduFail(sw); };

export interface SelfTestCheck { name: string; ok: boolean; detail?: string }

/** Decoded header of a Z control record's payload. */
export interface ZControl { shift: number; firstIndex: number; lastIndex: number; records: number; zChecksum: Uint8Array; totalChecksum: Uint8Array; registerPayload: Uint8Array }

export function decodeZControl(payload: Uint8Array): ZControl | null {
  if (payload.length < Z_HEADER) return null;
  return {
    shift: readU32(payload, 0), firstIndex: readU32(payload, 4), lastIndex: readU32(payload, 8), records: readU32(payload, 12),
    zChecksum: payload.subarray(16, 48), totalChecksum: payload.subarray(48, 80), registerPayload: payload.subarray(80),
  };
}

export class FiscalApplet {
  readonly clock: Clock;
  private readonly store: Store;
  private readonly maxPayload: number;
  private readonly capacity: number;
  private readonly pinTries: number;
  private meta: Meta;
  private records: StoredRecord[];
  private keyObject: KeyObject | null = null;
  // volatile (RAM, cleared on reset / select)
  private selected = false;
  private verified = new Set<PinRole>();
  private pending: Uint8Array | null = null;
  private chain: { ins: number; p1: number; p2: number; parts: Uint8Array[]; size: number } | null = null;

  constructor(opts: AppletOptions) {
    if (!opts || typeof opts.store !== 'object') throw new FiscalModuleError('FM_BAD_OPTION', 'store is required');
    this.store = opts.store;
    this.clock = opts.clock ?? systemClock;
    this.maxPayload = opts.maxPayload ?? APPLET_DEFAULTS.maxPayload;
    this.capacity = opts.capacityBytes ?? APPLET_DEFAULTS.capacityBytes;
    this.pinTries = opts.pinTries ?? APPLET_DEFAULTS.pinTries;
    if (!Number.isInteger(this.maxPayload) || this.maxPayload < 1 || this.maxPayload > 60000) throw new FiscalModuleError('FM_BAD_OPTION', 'maxPayload must be an integer 1..60000');
    if (!Number.isInteger(this.capacity) || this.capacity < DATA_START) throw new FiscalModuleError('FM_BAD_OPTION', `capacityBytes must be an integer ≥ ${DATA_START}`);
    if (!Number.isInteger(this.pinTries) || this.pinTries < 1 || this.pinTries > 15) throw new FiscalModuleError('FM_BAD_OPTION', 'pinTries must be an integer 1..15');
    let loaded: ReturnType<Store['load']>;
    try {
      loaded = this.store.load();
    } catch (e) {
      this.store.close(); // the applet owns its store from here on
      throw e;
    }
    this.meta = loaded.meta;
    this.records = loaded.records;
  }

  /** The private key, imported on first use (importing costs ~0.5 ms, opening should not). */
  private get key(): KeyObject | null {
    if (!this.keyObject && this.meta.privatePkcs8.length > 0) this.keyObject = importPrivateKey(this.meta.privatePkcs8);
    return this.keyObject;
  }

  /** Power cycle / card reset: volatile state is lost, persistent state stays. */
  reset(): void {
    this.selected = false;
    this.verified.clear();
    this.pending = null;
    this.chain = null;
  }

  close(): void {
    this.store.close();
  }

  /** Processes one command APDU and returns the response APDU (data ‖ SW1 SW2). */
  process(apdu: Uint8Array): Uint8Array {
    try {
      return this.dispatch(apdu);
    } catch (e) {
      this.pending = null;
      if (e instanceof ApduFail) return responseApdu(new Uint8Array(0), e.sw);
      if (e instanceof FiscalModuleError && e.code === 'FM_IMAGE_IO') return responseApdu(new Uint8Array(0), SW.MEMORY_FAILURE);
      return responseApdu(new Uint8Array(0), SW.UNKNOWN);
    }
  }

  private dispatch(raw: Uint8Array): Uint8Array {
    const c = parseCommandApdu(raw);
    if (!c) {
      this.chain = null;
      return fail(raw.length < 4 ? SW.WRONG_LENGTH : SW.WRONG_LENGTH);
    }
    const claType = c.cla & ~COMMAND_CHAIN_BIT;
    if (claType !== 0x00 && claType !== 0x80) { this.chain = null; return fail(SW.CLA_NOT_SUPPORTED); }
    // GET RESPONSE continues the previous answer
    if (c.ins === INS.GET_RESPONSE && claType === 0x00) {
      if (c.p1 !== 0 || c.p2 !== 0) return fail(SW.INCORRECT_P1P2);
      if (!this.pending) return fail(SW.CONDITIONS_NOT_SATISFIED);
      return this.answer(this.pending, c);
    }
    this.pending = null;
    // a SELECT always works: it abandons an unfinished chain
    if (c.ins === INS.SELECT && c.cla === 0x00) { this.chain = null; return this.select(c); }
    // command chaining (CLA bit 0x10): collect the data, process on the last command
    let cmd = c;
    if (c.cla & COMMAND_CHAIN_BIT) {
      if (this.chain && (this.chain.ins !== c.ins || this.chain.p1 !== c.p1 || this.chain.p2 !== c.p2)) { this.chain = null; return fail(SW.LAST_COMMAND_EXPECTED); }
      const ch = this.chain ?? { ins: c.ins, p1: c.p1, p2: c.p2, parts: [], size: 0 };
      ch.size += c.data.length;
      if (ch.size > this.maxPayload + 1024) { this.chain = null; return fail(SW.WRONG_LENGTH); }
      ch.parts.push(new Uint8Array(c.data));
      this.chain = ch;
      return responseApdu(new Uint8Array(0), SW.OK);
    }
    if (this.chain) {
      const ch = this.chain;
      this.chain = null;
      if (ch.ins !== c.ins || ch.p1 !== c.p1 || ch.p2 !== c.p2) return fail(SW.LAST_COMMAND_EXPECTED);
      cmd = { ...c, data: concat([...ch.parts, c.data]) };
    }
    if (cmd.ins === INS.SELECT) {
      if (claType !== 0x00) return fail(SW.CLA_NOT_SUPPORTED);
      return this.select(cmd);
    }
    const out = this.command(cmd, claType);
    return this.answer(out, cmd);
  }

  /** Sends `data` within the Le of the command; the rest waits for GET RESPONSE (61xx). */
  private answer(data: Uint8Array, c: CommandApdu): Uint8Array {
    const { chunk, rest, sw } = buildResponseChunk(data, c.le, c.extended);
    this.pending = rest;
    return responseApdu(chunk, sw);
  }

  private select(c: CommandApdu): Uint8Array {
    if (c.p1 !== 0x04 || (c.p2 & 0xf3) !== 0x00) return fail(SW.INCORRECT_P1P2);
    if (c.data.length < 5 || c.data.length > 16) { this.selected = false; return fail(c.data.length === 0 ? SW.WRONG_LENGTH : SW.FILE_NOT_FOUND); }
    const aid = c.data;
    const match = aid.length <= FISCAL_AID.length && bytesEqual(aid, FISCAL_AID.subarray(0, aid.length));
    this.verified.clear();
    if (!match) { this.selected = false; return fail(SW.FILE_NOT_FOUND); }
    this.selected = true;
    return this.answer(encodeTlv([tlv(TAG.VERSION, APPLET_VERSION), { tag: TAG.STATE, value: Uint8Array.of(this.stateCode()) }]), c);
  }

  private stateCode(): number {
    return ['blank', 'personalized', 'active', 'locked'].indexOf(this.meta.state);
  }

  private command(c: CommandApdu, claType: number): Uint8Array {
    if (!this.selected) return fail(SW.COMMAND_NOT_ALLOWED);
    const iso = claType === 0x00;
    switch (c.ins) {
      case INS.VERIFY: return iso ? this.verify(c) : fail(SW.CLA_NOT_SUPPORTED);
      case INS.CHANGE_PIN: return iso ? this.changePin(c) : fail(SW.CLA_NOT_SUPPORTED);
      default: break;
    }
    if (iso) return fail(SW.INS_NOT_SUPPORTED);
    switch (c.ins) {
      case INS.GET_INFO: this.p1p2(c, 0, 0); this.noData(c); return this.info();
      case INS.PERSONALIZE: this.p1p2(c, 0, 0); return this.personalize(c);
      case INS.SET_PIN: return this.setPin(c);
      case INS.APPEND: return this.append(c);
      case INS.READ_RECORD: this.p1p2(c, 0, 0); return this.readRecord(c);
      case INS.CHAIN_HEAD: this.p1p2(c, 0, 0); this.noData(c); return this.chainHead();
      case INS.CLOSE_SHIFT: this.p1p2(c, 0, 0); return this.closeShift(c);
      case INS.SELF_TEST: this.p1p2(c, 0, 0); this.noData(c); return this.selfTestTlv();
      case INS.AUTONOMOUS_SIGN: this.p1p2(c, 0, 0); return this.autonomousSign(c);
      case INS.MARK_TRANSMITTED: this.p1p2(c, 0, 0); return this.markTransmitted(c);
      case INS.UNSENT: this.p1p2(c, 0, 0); this.noData(c); return this.unsent();
      case INS.LOCK: this.p1p2(c, 0, 0); return this.lock(c);
      default: return fail(SW.INS_NOT_SUPPORTED);
    }
  }

  private p1p2(c: CommandApdu, p1: number, p2: number): void {
    if (c.p1 !== p1 || c.p2 !== p2) fail(SW.INCORRECT_P1P2);
  }

  private noData(c: CommandApdu): void {
    if (c.data.length !== 0) fail(SW.WRONG_LENGTH);
  }

  private requireState(...states: Meta['state'][]): void {
    if (!states.includes(this.meta.state)) fail(SW.CONDITIONS_NOT_SATISFIED);
  }

  private requireRole(role: PinRole | null): void {
    if (role === null) return;
    const slot = this.meta.pins[PIN_ROLES.indexOf(role)]!;
    if (slot.set && !this.verified.has(role)) fail(SW.SECURITY_NOT_SATISFIED);
  }

  private commit(meta: Meta, append?: StoredRecord[]): void {
    this.store.commit({ meta, append }, this.meta);
    this.meta = meta;
    if (append) for (const r of append) this.records.push(r);
  }

  private now(): number {
    return Math.max(Math.floor(this.clock.now()), this.meta.lastAt);
  }

  // ---- commands -------------------------------------------------------------------------

  private info(): Uint8Array {
    const m = this.meta;
    const unsentCount = m.recordCount - m.transmittedUpto;
    const pins = concat(PIN_ROLES.map((r, i) => {
      const p = m.pins[i]!;
      return Uint8Array.of(p.set ? 1 : 0, p.tries, p.max, this.verified.has(r) ? 1 : 0);
    }));
    return encodeTlv([
      tlv(TAG.MODULE_ID, m.moduleId), tlv(TAG.VERSION, APPLET_VERSION), { tag: TAG.STATE, value: Uint8Array.of(this.stateCode()) },
      tlv(TAG.RECORD_COUNT, m.recordCount), tlv(TAG.SHIFT_NUMBER, m.shiftNumber), { tag: TAG.LIFETIME_COUNTER, value: u64(m.lifetimeCounter) },
      tlv(TAG.PUBLIC_KEY, m.publicSpki), tlv(TAG.UNSENT_COUNT, unsentCount), tlv(TAG.FIRST_UNSENT, unsentCount > 0 ? m.transmittedUpto + 1 : 0),
      tlv(TAG.LOCK_REASON, m.lockReason), { tag: TAG.LAST_AT, value: u64(m.lastAt) }, tlv(TAG.PINS, pins),
      { tag: TAG.CAPACITY, value: u64(this.capacity) }, { tag: TAG.USED, value: u64(m.dataEnd) },
      tlv(TAG.TOTAL, m.totalChecksum), tlv(TAG.LAST_Z, m.lastZChecksum), tlv(TAG.LAST_Z_INDEX, m.lastZIndex),
    ]);
  }

  private personalize(c: CommandApdu): Uint8Array {
    this.requireState('blank');
    let id: string;
    try { id = td.decode(c.data); } catch { return fail(SW.WRONG_DATA); }
    if (c.data.length === 0) return fail(SW.WRONG_LENGTH);
    if (!MODULE_ID_RE.test(id)) return fail(SW.WRONG_DATA);
    const kp = generateModuleKeyPair();
    const m = cloneMeta(this.meta);
    m.state = 'personalized';
    m.moduleId = id;
    m.privatePkcs8 = kp.privatePkcs8;
    m.publicSpki = kp.publicSpki;
    m.headHash = genesisHash(id);
    this.commit(m);
    this.keyObject = null;
    return encodeTlv([tlv(TAG.MODULE_ID, id), tlv(TAG.PUBLIC_KEY, kp.publicSpki)]);
  }

  private roleOf(c: CommandApdu): number {
    if (c.p2 < 1 || c.p2 > PIN_ROLES.length) fail(SW.INCORRECT_P1P2);
    return c.p2 - 1;
  }

  private pinHash(role: number, pin: string): Uint8Array {
    return sha256(te.encode('KKMFM-PIN\x01'), te.encode(this.meta.moduleId), Uint8Array.of(role), te.encode(pin));
  }

  private parsePin(b: Uint8Array): string {
    let s: string;
    try { s = td.decode(b); } catch { return fail(SW.WRONG_DATA); }
    if (!PIN_RE.test(s)) fail(SW.WRONG_DATA);
    return s;
  }

  private setPin(c: CommandApdu): Uint8Array {
    const role = this.roleOf(c);
    if (c.p1 > 15) fail(SW.INCORRECT_P1P2);
    this.requireState('personalized');
    if (c.data.length === 0) fail(SW.WRONG_LENGTH);
    const pin = this.parsePin(c.data);
    const max = c.p1 === 0 ? this.pinTries : c.p1;
    const m = cloneMeta(this.meta);
    m.pins[role] = { set: true, tries: max, max, hash: this.pinHash(role, pin) };
    this.commit(m);
    return new Uint8Array(0);
  }

  /** OwnerPIN-style check: the counter is decremented (committed) before comparing. */
  private checkPin(role: number, pin: string): boolean {
    const slot = this.meta.pins[role]!;
    const dec = cloneMeta(this.meta);
    dec.pins[role]!.tries = slot.tries - 1;
    this.commit(dec);
    if (!bytesEqual(this.pinHash(role, pin), slot.hash)) {
      this.verified.delete(PIN_ROLES[role]!);
      return false;
    }
    const ok = cloneMeta(this.meta);
    ok.pins[role]!.tries = ok.pins[role]!.max;
    this.commit(ok);
    this.verified.add(PIN_ROLES[role]!);
    return true;
  }

  private verify(c: CommandApdu): Uint8Array {
    const role = this.roleOf(c);
    if (c.p1 !== 0) fail(SW.INCORRECT_P1P2);
    this.requireState('personalized', 'active', 'locked');
    const slot = this.meta.pins[role]!;
    if (!slot.set) fail(SW.REF_DATA_NOT_FOUND);
    if (c.data.length === 0) {
      if (slot.tries === 0) fail(SW.PIN_BLOCKED);
      return this.verified.has(PIN_ROLES[role]!) ? encodeTlv([tlv(TAG.COUNT, slot.tries)]) : fail(SW.WRONG_PIN | slot.tries);
    }
    const pin = this.parsePin(c.data);
    if (slot.tries === 0) fail(SW.PIN_BLOCKED);
    if (!this.checkPin(role, pin)) fail(SW.WRONG_PIN | this.meta.pins[role]!.tries);
    return encodeTlv([tlv(TAG.COUNT, this.meta.pins[role]!.tries)]);
  }

  private changePin(c: CommandApdu): Uint8Array {
    const role = this.roleOf(c);
    if (c.p1 !== 0) fail(SW.INCORRECT_P1P2);
    this.requireState('personalized', 'active');
    const slot = this.meta.pins[role]!;
    if (!slot.set) fail(SW.REF_DATA_NOT_FOUND);
    if (c.data.length < 2) fail(SW.WRONG_LENGTH);
    const oldLen = c.data[0]!;
    if (1 + oldLen >= c.data.length) fail(SW.WRONG_LENGTH);
    const oldPin = this.parsePin(c.data.subarray(1, 1 + oldLen));
    const newPin = this.parsePin(c.data.subarray(1 + oldLen));
    if (slot.tries === 0) fail(SW.PIN_BLOCKED);
    if (!this.checkPin(role, oldPin)) fail(SW.WRONG_PIN | this.meta.pins[role]!.tries);
    const m = cloneMeta(this.meta);
    m.pins[role]!.hash = this.pinHash(role, newPin);
    this.commit(m);
    return new Uint8Array(0);
  }

  private buildRecord(kind: number, payload: Uint8Array, shift: number, m: Meta): { rec: StoredRecord; signature: Uint8Array } {
    const index = m.recordCount + 1;
    const at = this.now();
    const prevHash = m.headHash;
    const hash = recordHash({ index, kind, at, shift, prevHash, payload });
    const rec: StoredRecord = { index, kind, at, shift, prevHash, hash, payload };
    m.recordCount = index;
    m.dataEnd += RECORD_OVERHEAD + payload.length;
    m.headHash = hash;
    m.lastAt = at;
    m.state = 'active';
    if (m.dataEnd > this.capacity) fail(SW.NOT_ENOUGH_MEMORY);
    return { rec, signature: signData(this.key!, receiptSignedData(index, hash)) };
  }

  private append(c: CommandApdu): Uint8Array {
    const kind = kindFromCode(c.p1);
    if (!kind || kind === 'z_report' || c.p2 !== 0) return fail(SW.INCORRECT_P1P2);
    this.requireState('personalized', 'active');
    if (c.data.length > this.maxPayload) fail(SW.WRONG_LENGTH);
    this.requireRole(KIND_ROLE[kind]);
    const m = cloneMeta(this.meta);
    const { rec, signature } = this.buildRecord(c.p1, new Uint8Array(c.data), m.shiftNumber, m);
    this.commit(m, [rec]);
    return encodeTlv([tlv(TAG.INDEX, rec.index), tlv(TAG.HASH, rec.hash), tlv(TAG.SIGNATURE, signature), { tag: TAG.AT, value: u64(rec.at) }]);
  }

  private readRecord(c: CommandApdu): Uint8Array {
    if (c.data.length !== 4) return fail(SW.WRONG_LENGTH);
    const i = readU32(c.data);
    const r = this.records[i - 1];
    if (!r) return fail(SW.RECORD_NOT_FOUND);
    return encodeTlv([
      tlv(TAG.INDEX, r.index), { tag: TAG.KIND, value: Uint8Array.of(r.kind) }, { tag: TAG.AT, value: u64(r.at) }, tlv(TAG.SHIFT, r.shift),
      tlv(TAG.PREV_HASH, r.prevHash), tlv(TAG.HASH, r.hash), { tag: TAG.TRANSMITTED, value: Uint8Array.of(r.index <= this.meta.transmittedUpto ? 1 : 0) },
      tlv(TAG.PAYLOAD, r.payload),
    ]);
  }

  private chainHead(): Uint8Array {
    return encodeTlv([tlv(TAG.INDEX, this.meta.recordCount), tlv(TAG.HASH, this.meta.headHash)]);
  }

  /** Σ of the record hashes of records first..last (mod 2^256). */
  private sumHashes(first: number, last: number, recompute: boolean): Uint8Array {
    let acc: Uint8Array = new Uint8Array(32);
    for (let i = first; i <= last; i++) {
      const r = this.records[i - 1]!;
      acc = addChecksum(acc, recompute ? recordHash(r) : r.hash);
    }
    return acc;
  }

  private closeShift(c: CommandApdu): Uint8Array {
    this.requireState('personalized', 'active');
    if (c.data.length > this.maxPayload - Z_HEADER) fail(SW.WRONG_LENGTH);
    this.requireRole('close_shift');
    const m = cloneMeta(this.meta);
    const first = m.shiftFirstIndex;
    const last = m.recordCount;
    const z = this.sumHashes(first, last, false);
    const total = addChecksum(m.totalChecksum, z);
    const shift = m.shiftNumber;
    const payload = concat([u32(shift), u32(first), u32(last), u32(last - first + 1), z, total, c.data]);
    const { rec, signature } = this.buildRecord(kindCode('z_report'), payload, shift, m);
    m.shiftNumber = shift + 1;
    m.shiftFirstIndex = rec.index + 1;
    m.totalChecksum = total;
    m.lastZChecksum = z;
    m.lastZIndex = rec.index;
    this.commit(m, [rec]);
    return encodeTlv([tlv(TAG.SHIFT, shift), tlv(TAG.Z_CHECKSUM, z), tlv(TAG.TOTAL_CHECKSUM, total), tlv(TAG.INDEX, rec.index), tlv(TAG.HASH, rec.hash), tlv(TAG.SIGNATURE, signature), { tag: TAG.AT, value: u64(rec.at) }]);
  }

  /** Req 2.3 / 9 / 13: integrity of the stored data. */
  selfTest(opts: { keyPair?: boolean } = {}): SelfTestCheck[] {
    const m = this.meta;
    const checks: SelfTestCheck[] = [];
    // counters
    const countersOk = this.records.length === m.recordCount && m.transmittedUpto <= m.recordCount && m.shiftFirstIndex <= m.recordCount + 1;
    checks.push({ name: 'counters', ok: countersOk, ...(countersOk ? {} : { detail: `records ${this.records.length}, meta ${m.recordCount}` }) });
    // every record: hash recomputed, chain link, index
    let bad = '';
    if (m.state !== 'blank') {
      let prev = genesisHash(m.moduleId);
      for (let i = 0; i < this.records.length; i++) {
        const r = this.records[i]!;
        if (r.index !== i + 1) { bad = `record ${i + 1}: index ${r.index}`; break; }
        if (!bytesEqual(r.prevHash, prev)) { bad = `record ${r.index}: prev hash does not link`; break; }
        if (!bytesEqual(recordHash(r), r.hash)) { bad = `record ${r.index}: content does not match its hash`; break; }
        prev = r.hash;
      }
      if (!bad && !bytesEqual(prev, m.headHash)) bad = 'chain head does not match the last record';
    }
    checks.push({ name: 'chain', ok: !bad, ...(bad ? { detail: bad } : {}) });
    // Z records: each Z checksum = Σ recomputed hashes of its shift; total = Σ Z
    const zs = this.records.filter((r) => r.kind === kindCode('z_report'));
    let lastOk = true; let lastDetail = zs.length === 0 ? 'no closed shift yet' : '';
    let totalOk = true; let totalDetail = '';
    let sumZ: Uint8Array = new Uint8Array(32);
    let sumRecords: Uint8Array = new Uint8Array(32);
    for (const zr of zs) {
      const zc = decodeZControl(zr.payload);
      if (!zc || zc.lastIndex >= zr.index || zc.firstIndex < 1) { totalOk = false; totalDetail = `Z record ${zr.index} malformed`; lastOk = zr !== zs[zs.length - 1]; continue; }
      const recomputed = this.sumHashes(zc.firstIndex, zc.lastIndex, true);
      sumZ = addChecksum(sumZ, zc.zChecksum);
      sumRecords = addChecksum(sumRecords, recomputed);
      if (zr === zs[zs.length - 1]) {
        lastOk = bytesEqual(recomputed, zc.zChecksum) && bytesEqual(zc.zChecksum, m.lastZChecksum);
        lastDetail = lastOk ? `shift ${zc.shift}: ${zc.records} records match Z checksum` : `shift ${zc.shift}: records do not match the Z checksum`;
      }
      if (!bytesEqual(zc.totalChecksum, sumZ)) { totalOk = false; totalDetail ||= `Z record ${zr.index}: total checksum is not the sum of Z checksums`; }
    }
    if (totalOk && !bytesEqual(sumRecords, sumZ)) { totalOk = false; totalDetail = 'total checksum of the records does not equal the sum of Z checksums'; }
    if (totalOk && !bytesEqual(m.totalChecksum, sumZ)) { totalOk = false; totalDetail = 'stored total checksum does not equal the sum of Z checksums'; }
    checks.push({ name: 'last_shift_vs_z', ok: lastOk, ...(lastDetail ? { detail: lastDetail } : {}) });
    checks.push({ name: 'total_vs_z_sum', ok: totalOk, ...(totalDetail ? { detail: totalDetail } : { detail: `${zs.length} Z reports` }) });
    // key pair works
    if (opts.keyPair !== false && this.key) {
      const challenge = sha256(te.encode(`self-test ${m.recordCount}`));
      const ok = verifyDataSync(m.publicSpki, challenge, signData(this.key, challenge));
      checks.push({ name: 'key_pair', ok, ...(ok ? {} : { detail: 'signature does not verify with the public key' }) });
    }
    return checks;
  }

  private selfTestTlv(): Uint8Array {
    const items: Tlv[] = this.selfTest().map((ch) => ({
      tag: TAG.CHECK,
      value: encodeTlv([tlv(TAG.CHECK_NAME, ch.name), { tag: TAG.CHECK_OK, value: Uint8Array.of(ch.ok ? 1 : 0) }, ...(ch.detail ? [tlv(TAG.CHECK_DETAIL, ch.detail)] : [])]),
    }));
    return encodeTlv(items);
  }

  private autonomousSign(c: CommandApdu): Uint8Array {
    this.requireState('personalized', 'active');
    if (c.data.length !== 32) fail(SW.WRONG_LENGTH);
    this.requireRole('registration');
    const m = cloneMeta(this.meta);
    m.lifetimeCounter = m.lifetimeCounter + 1n;
    m.state = 'active';
    this.commit(m);
    const counter = m.lifetimeCounter;
    const sig = signData(this.key!, autonomousSignedData(counter, c.data, m.moduleId));
    return encodeTlv([{ tag: TAG.COUNTER, value: u64(counter) }, tlv(TAG.SIGN, printableSign(counter, c.data, m.moduleId)), tlv(TAG.SIGNATURE, sig)]);
  }

  private markTransmitted(c: CommandApdu): Uint8Array {
    this.requireState('personalized', 'active', 'locked');
    if (c.data.length !== 4) fail(SW.WRONG_LENGTH);
    const upto = readU32(c.data);
    if (upto > this.meta.recordCount) fail(SW.RECORD_NOT_FOUND);
    if (upto > this.meta.transmittedUpto) {
      const m = cloneMeta(this.meta);
      m.transmittedUpto = upto;
      this.commit(m);
    }
    return encodeTlv([tlv(TAG.INDEX, this.meta.transmittedUpto)]);
  }

  private unsent(): Uint8Array {
    const m = this.meta;
    const count = m.recordCount - m.transmittedUpto;
    return encodeTlv([tlv(TAG.FIRST, count > 0 ? m.transmittedUpto + 1 : 0), tlv(TAG.LAST, count > 0 ? m.recordCount : 0), tlv(TAG.COUNT, count)]);
  }

  private lock(c: CommandApdu): Uint8Array {
    this.requireState('personalized', 'active');
    if (c.data.length === 0 || c.data.length > 255) fail(SW.WRONG_LENGTH);
    let reason: string;
    try { reason = td.decode(c.data); } catch { return fail(SW.WRONG_DATA); }
    const m = cloneMeta(this.meta);
    m.state = 'locked';
    m.lockReason = reason;
    this.commit(m);
    return new Uint8Array(0);
  }

  // ---- test hooks ------------------------------------------------------------------------

  /**
   * Writes behind the applet's back (tests of req 2.3 / 43.2): replaces the payload of record
   * `index` without touching its stored hash, in RAM and in the image.
   */
  tamperRecord(index: number, mutate: (payload: Uint8Array) => Uint8Array | void): void {
    const r = this.records[index - 1];
    if (!r) throw new FiscalModuleError('FM_RECORD_NOT_FOUND', `no record ${index}`);
    const copy = new Uint8Array(r.payload);
    const out = mutate(copy) ?? copy;
    this.records[index - 1] = { ...r, payload: new Uint8Array(out) };
    let end = DATA_START;
    for (const x of this.records) end += RECORD_OVERHEAD + x.payload.length;
    this.meta = { ...cloneMeta(this.meta), dataEnd: end };
    this.store.rawRewrite(this.meta, this.records, index);
  }

  /** A snapshot of the persistent state (tests compare it before and after commands). */
  snapshot(): { meta: Meta; recordCount: number; head: Uint8Array } {
    return { meta: cloneMeta(this.meta), recordCount: this.records.length, head: this.meta.headHash };
  }
}
