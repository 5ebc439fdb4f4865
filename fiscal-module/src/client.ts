// The high-level client: typed methods over any ApduTransport. A non-9000 status word becomes a
// FiscalModuleError with `code` and `sw` (except a wrong PIN, which verifyPin returns as a value).
import { buildCommandApdu, splitResponse } from './apdu.js';
import { FISCAL_AID, INS, PIN_ROLES, TAG, type PinRole, type SelfTestCheck } from './applet.js';
import { COMMAND_CHAIN_BIT } from './chaining.js';
import { FiscalModuleError } from './errors.js';
import type { LifeState } from './image.js';
import { kindCode, kindFromCode, type FiscalRecord, type RecordKind } from './record.js';
import { errorCodeForSw, SW, swHex } from './status-words.js';
import { concat, decodeTlv, readU32, readU64, u32, type Tlv } from './tlv.js';
import type { ApduTransport } from './transport.js';

export interface PinStatus { set: boolean; triesLeft: number; maxTries: number; verified: boolean }

export interface ModuleInfo {
  moduleId: string;
  version: string;
  state: LifeState;
  recordCount: number;
  /** the current (open) shift: records appended now belong to it */
  shiftNumber: number;
  /** the last autonomous fiscal sign counter issued (0 = none yet) */
  lifetimeCounter: number;
  /** SPKI DER of the module's P-256 public key (empty before personalisation) */
  publicKey: Uint8Array;
  unsentCount: number;
  /** index of the oldest record not marked transmitted, or null */
  firstUnsent: number | null;
  lockReason: string;
  /** module clock of the last record (epoch ms, 0 = none) */
  lastAt: number;
  pins: Record<PinRole, PinStatus>;
  capacityBytes: number;
  usedBytes: number;
  /** Σ of all Z checksums (req 13); zeros before the first Z */
  totalChecksum?: Uint8Array;
  /** the Z checksum of the last closed shift; zeros before the first Z */
  lastZChecksum?: Uint8Array;
  /** index of the last Z control record (0 = none) */
  lastZIndex?: number;
}

export interface AppendReceipt {
  index: number;
  hash: Uint8Array;
  /** ECDSA P-256 r‖s over receiptSignedData(index, hash) */
  signature: Uint8Array;
  at: number;
}

export interface CloseShiftResult {
  /** the number of the shift just closed */
  shiftNumber: number;
  /** Σ of the record hashes of the shift (mod 2^256) */
  zChecksum: Uint8Array;
  /** Σ of all Z checksums so far (= Σ of all records of closed shifts) */
  totalChecksum: Uint8Array;
  /** the Z control record appended to the chain */
  index: number;
  hash: Uint8Array;
  signature: Uint8Array;
  at: number;
}

export interface SelfTestResult { ok: boolean; checks: SelfTestCheck[] }

export interface AutonomousSign {
  counter: number;
  /** printable, unique for the module's life (16 digits) */
  sign: string;
  /** ECDSA P-256 r‖s over autonomousSignedData(counter, documentHash, moduleId) */
  signature: Uint8Array;
}

export interface FiscalModuleClientOptions {
  /** send big commands as one extended-length APDU (else: command chaining of 255-byte pieces) @defaultValue true */
  extended?: boolean;
  /** re-SELECT once and retry when the card answers 6986 (after a reset) @defaultValue true */
  autoSelect?: boolean;
}

const td = new TextDecoder();
const te = new TextEncoder();
const STATES: LifeState[] = ['blank', 'personalized', 'active', 'locked'];

function field(items: Tlv[], tag: number): Uint8Array {
  const t = items.find((x) => x.tag === tag);
  if (!t) throw new FiscalModuleError('FM_BAD_RESPONSE', `response lacks tag ${tag.toString(16)}`);
  return t.value;
}

function opt(items: Tlv[], tag: number): Uint8Array | undefined {
  return items.find((x) => x.tag === tag)?.value;
}

function parse(data: Uint8Array): Tlv[] {
  const t = decodeTlv(data);
  if (!t) throw new FiscalModuleError('FM_BAD_RESPONSE', 'response data is not a TLV sequence');
  return t;
}

function roleNumber(role: PinRole): number {
  const i = PIN_ROLES.indexOf(role);
  if (i < 0) throw new FiscalModuleError('FM_BAD_OPTION', `role must be one of ${PIN_ROLES.join(', ')}`);
  return i + 1;
}

export class FiscalModuleClient {
  private readonly extended: boolean;
  private readonly autoSelect: boolean;

  constructor(readonly transport: ApduTransport, opts: FiscalModuleClientOptions = {}) {
    this.extended = opts.extended ?? true;
    this.autoSelect = opts.autoSelect ?? true;
  }

  private tail: Promise<unknown> | null = null;

  /**
   * Sends one logical command (chaining / GET RESPONSE as needed); returns data and SW.
   * Calls are serialised: a command split over several APDUs is never interleaved with another.
   */
  exchange(cla: number, ins: number, p1: number, p2: number, data: Uint8Array = new Uint8Array(0)): Promise<{ data: Uint8Array; sw: number }> {
    const run = (): Promise<{ data: Uint8Array; sw: number }> => this.exchangeNow(cla, ins, p1, p2, data);
    const p = this.tail ? this.tail.then(run, run) : run();
    const mine: Promise<unknown> = p.then(() => {}, () => {}).then(() => { if (this.tail === mine) this.tail = null; });
    this.tail = mine;
    return p;
  }

  private async exchangeNow(cla: number, ins: number, p1: number, p2: number, data: Uint8Array): Promise<{ data: Uint8Array; sw: number }> {
    let r: { data: Uint8Array; sw: number };
    if (data.length <= 255) {
      r = splitResponse(await this.transport.transmit(buildCommandApdu(cla, ins, p1, p2, data, 256)));
      // T=0 cards answer 6Cxx when Le was wrong: repeat with Le = xx
      if ((r.sw & 0xff00) === 0x6c00) r = splitResponse(await this.transport.transmit(buildCommandApdu(cla, ins, p1, p2, data, (r.sw & 0xff) || 256)));
    } else if (this.extended) {
      r = splitResponse(await this.transport.transmit(buildCommandApdu(cla, ins, p1, p2, data, 65536)));
    } else {
      let o = 0;
      for (;;) {
        const piece = data.subarray(o, o + 255);
        o += piece.length;
        const last = o >= data.length;
        r = splitResponse(await this.transport.transmit(buildCommandApdu(last ? cla : cla | COMMAND_CHAIN_BIT, ins, p1, p2, piece, last ? 256 : undefined)));
        if (last || r.sw !== SW.OK) break;
      }
    }
    if ((r.sw & 0xff00) === SW.BYTES_REMAINING) {
      const parts = [r.data];
      while ((r.sw & 0xff00) === SW.BYTES_REMAINING) {
        const n = r.sw & 0xff;
        r = splitResponse(await this.transport.transmit(buildCommandApdu(0x00, INS.GET_RESPONSE, 0, 0, undefined, n === 0 ? 256 : n)));
        parts.push(r.data);
      }
      r = { data: concat(parts), sw: r.sw };
    }
    return r;
  }

  private async call(op: string, cla: number, ins: number, p1: number, p2: number, data?: Uint8Array): Promise<Uint8Array> {
    let r = await this.exchange(cla, ins, p1, p2, data);
    if (r.sw === SW.COMMAND_NOT_ALLOWED && this.autoSelect && ins !== INS.SELECT) {
      await this.select();
      r = await this.exchange(cla, ins, p1, p2, data);
    }
    if (r.sw !== SW.OK) throw new FiscalModuleError(errorCodeForSw(r.sw), `${op}: card answered ${swHex(r.sw)}`, r.sw);
    return r.data;
  }

  /** SELECT the fiscal applet by AID (clears verified PINs). */
  async select(): Promise<{ version: string; state: LifeState }> {
    const d = parse(await this.call('select', 0x00, INS.SELECT, 0x04, 0x00, FISCAL_AID));
    return { version: td.decode(field(d, TAG.VERSION)), state: STATES[field(d, TAG.STATE)[0]!] ?? 'locked' };
  }

  async info(): Promise<ModuleInfo> {
    const d = parse(await this.call('info', 0x80, INS.GET_INFO, 0, 0));
    const pinBytes = field(d, TAG.PINS);
    const pins = {} as Record<PinRole, PinStatus>;
    PIN_ROLES.forEach((r, i) => {
      pins[r] = { set: pinBytes[i * 4] === 1, triesLeft: pinBytes[i * 4 + 1]!, maxTries: pinBytes[i * 4 + 2]!, verified: pinBytes[i * 4 + 3] === 1 };
    });
    const firstUnsent = readU32(field(d, TAG.FIRST_UNSENT));
    return {
      moduleId: td.decode(field(d, TAG.MODULE_ID)),
      version: td.decode(field(d, TAG.VERSION)),
      state: STATES[field(d, TAG.STATE)[0]!] ?? 'locked',
      recordCount: readU32(field(d, TAG.RECORD_COUNT)),
      shiftNumber: readU32(field(d, TAG.SHIFT_NUMBER)),
      lifetimeCounter: Number(readU64(field(d, TAG.LIFETIME_COUNTER))),
      publicKey: new Uint8Array(field(d, TAG.PUBLIC_KEY)),
      unsentCount: readU32(field(d, TAG.UNSENT_COUNT)),
      firstUnsent: firstUnsent === 0 ? null : firstUnsent,
      lockReason: td.decode(field(d, TAG.LOCK_REASON)),
      lastAt: Number(readU64(field(d, TAG.LAST_AT))),
      pins,
      capacityBytes: Number(readU64(field(d, TAG.CAPACITY))),
      usedBytes: Number(readU64(field(d, TAG.USED))),
      ...(opt(d, TAG.TOTAL) ? { totalChecksum: new Uint8Array(opt(d, TAG.TOTAL)!) } : {}),
      ...(opt(d, TAG.LAST_Z) ? { lastZChecksum: new Uint8Array(opt(d, TAG.LAST_Z)!) } : {}),
      ...(opt(d, TAG.LAST_Z_INDEX) ? { lastZIndex: readU32(opt(d, TAG.LAST_Z_INDEX)!) } : {}),
    };
  }

  /** Production step, once: assigns the id, generates the key pair on the module, returns the public key (SPKI DER). */
  async personalize(moduleId: string): Promise<{ moduleId: string; publicKey: Uint8Array }> {
    const d = parse(await this.call('personalize', 0x80, INS.PERSONALIZE, 0, 0, te.encode(moduleId)));
    return { moduleId: td.decode(field(d, TAG.MODULE_ID)), publicKey: new Uint8Array(field(d, TAG.PUBLIC_KEY)) };
  }

  /** Factory only (state 'personalized', before the first record): sets a role's PIN (4–12 digits). */
  async setPin(role: PinRole, pin: string, maxTries?: number): Promise<void> {
    await this.call('setPin', 0x80, INS.SET_PIN, maxTries ?? 0, roleNumber(role), te.encode(pin));
  }

  /** Wrong PIN → { ok: false, triesLeft }; a blocked PIN throws FM_PIN_BLOCKED (6983). */
  async verifyPin(role: PinRole, pin: string): Promise<{ ok: boolean; triesLeft: number }> {
    const r = await this.exchange(0x00, INS.VERIFY, 0, roleNumber(role), te.encode(pin));
    if (r.sw === SW.OK) return { ok: true, triesLeft: readU32(field(parse(r.data), TAG.COUNT)) };
    if ((r.sw & 0xfff0) === SW.WRONG_PIN) return { ok: false, triesLeft: r.sw & 0x0f };
    throw new FiscalModuleError(errorCodeForSw(r.sw), `verifyPin: card answered ${swHex(r.sw)}`, r.sw);
  }

  /** Changes a PIN; throws FM_SECURITY (63Cx, sw tells tries left) when the old one is wrong. */
  async changePin(role: PinRole, oldPin: string, newPin: string): Promise<void> {
    const o = te.encode(oldPin);
    await this.call('changePin', 0x00, INS.CHANGE_PIN, 0, roleNumber(role), concat([Uint8Array.of(o.length), o, te.encode(newPin)]));
  }

  /** Appends a record to the chain; returns the module-signed receipt. */
  async append(kind: RecordKind, payload: Uint8Array): Promise<AppendReceipt> {
    const code = kindCode(kind);
    if (code === 0) throw new FiscalModuleError('FM_BAD_OPTION', `kind must be one of the RecordKind values, got ${String(kind)}`);
    const d = parse(await this.call('append', 0x80, INS.APPEND, code, 0, payload));
    return { index: readU32(field(d, TAG.INDEX)), hash: new Uint8Array(field(d, TAG.HASH)), signature: new Uint8Array(field(d, TAG.SIGNATURE)), at: Number(readU64(field(d, TAG.AT))) };
  }

  async read(index: number): Promise<FiscalRecord> {
    const d = parse(await this.call('read', 0x80, INS.READ_RECORD, 0, 0, u32(index)));
    const kind = kindFromCode(field(d, TAG.KIND)[0]!);
    if (!kind) throw new FiscalModuleError('FM_BAD_RESPONSE', 'unknown record kind');
    return {
      index: readU32(field(d, TAG.INDEX)), kind, at: Number(readU64(field(d, TAG.AT))), shift: readU32(field(d, TAG.SHIFT)),
      prevHash: new Uint8Array(field(d, TAG.PREV_HASH)), hash: new Uint8Array(field(d, TAG.HASH)),
      transmitted: field(d, TAG.TRANSMITTED)[0] === 1, payload: new Uint8Array(field(d, TAG.PAYLOAD)),
    };
  }

  /** The last record (index 0 and the genesis hash when the chain is empty). */
  async chainHead(): Promise<{ index: number; hash: Uint8Array }> {
    const d = parse(await this.call('chainHead', 0x80, INS.CHAIN_HEAD, 0, 0));
    return { index: readU32(field(d, TAG.INDEX)), hash: new Uint8Array(field(d, TAG.HASH)) };
  }

  /** Closes the current shift: appends the Z control record (register's Z document as `payload`). */
  async closeShift(payload: Uint8Array = new Uint8Array(0)): Promise<CloseShiftResult> {
    const d = parse(await this.call('closeShift', 0x80, INS.CLOSE_SHIFT, 0, 0, payload));
    return {
      shiftNumber: readU32(field(d, TAG.SHIFT)), zChecksum: new Uint8Array(field(d, TAG.Z_CHECKSUM)), totalChecksum: new Uint8Array(field(d, TAG.TOTAL_CHECKSUM)),
      index: readU32(field(d, TAG.INDEX)), hash: new Uint8Array(field(d, TAG.HASH)), signature: new Uint8Array(field(d, TAG.SIGNATURE)), at: Number(readU64(field(d, TAG.AT))),
    };
  }

  /** Req 2.3: chain, last shift vs its Z checksum, total vs Σ Z, key pair. */
  async selfTest(): Promise<SelfTestResult> {
    const d = parse(await this.call('selfTest', 0x80, INS.SELF_TEST, 0, 0));
    const checks: SelfTestCheck[] = d.filter((t) => t.tag === TAG.CHECK).map((t) => {
      const c = parse(t.value);
      const detail = c.find((x) => x.tag === TAG.CHECK_DETAIL);
      return { name: td.decode(field(c, TAG.CHECK_NAME)), ok: field(c, TAG.CHECK_OK)[0] === 1, ...(detail ? { detail: td.decode(detail.value) } : {}) };
    });
    return { ok: checks.every((c) => c.ok), checks };
  }

  /** Req 28 / 29.3: a sign unique for the module's life, signed by the module key. */
  async autonomousSign(documentHash: Uint8Array): Promise<AutonomousSign> {
    const d = parse(await this.call('autonomousSign', 0x80, INS.AUTONOMOUS_SIGN, 0, 0, documentHash));
    return { counter: Number(readU64(field(d, TAG.COUNTER))), sign: td.decode(field(d, TAG.SIGN)), signature: new Uint8Array(field(d, TAG.SIGNATURE)) };
  }

  /** Marks every record with index ≤ uptoIndex as transmitted (never goes back); returns the watermark. */
  async markTransmitted(uptoIndex: number): Promise<number> {
    return readU32(field(parse(await this.call('markTransmitted', 0x80, INS.MARK_TRANSMITTED, 0, 0, u32(uptoIndex))), TAG.INDEX));
  }

  /** Indexes of the records not yet transmitted, in order. */
  async unsent(): Promise<number[]> {
    const d = parse(await this.call('unsent', 0x80, INS.UNSENT, 0, 0));
    const first = readU32(field(d, TAG.FIRST));
    const count = readU32(field(d, TAG.COUNT));
    return Array.from({ length: count }, (_, i) => first + i);
  }

  /** Locks the module for good (end of life, integrity failure): reads still work, writes get 6985. */
  async lock(reason: string): Promise<void> {
    await this.call('lock', 0x80, INS.LOCK, 0, 0, te.encode(reason));
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}
