// Fiscal records: kinds, the canonical encoding that the hash chain is computed over, and the
// byte strings the module signs (so that anyone holding the public key can check them).
import { sha256 } from './crypto.js';
import { concat, u32, u64 } from './tlv.js';

export const RECORD_KINDS = [
  'receipt', 'cash_in', 'cash_out', 'x_report', 'z_report', 'offline_period', 'settings', 'firmware',
  'shift_open', 'registration', 'fiscal_sign', 'service', 'note',
] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** Kind byte on the wire and in the image (1-based, stable). */
export function kindCode(kind: RecordKind): number {
  return RECORD_KINDS.indexOf(kind) + 1;
}

export function kindFromCode(code: number): RecordKind | undefined {
  return RECORD_KINDS[code - 1];
}

export interface FiscalRecord {
  /** 1-based position in the chain */
  index: number;
  kind: RecordKind;
  payload: Uint8Array;
  prevHash: Uint8Array;
  hash: Uint8Array;
  /** module clock, epoch ms, when the record was appended */
  at: number;
  /** the shift the record belongs to (a Z record closes that shift) */
  shift: number;
  transmitted: boolean;
}

const te = new TextEncoder();
const REC_DOMAIN = te.encode('KKMFM-REC\x01');
const GENESIS_DOMAIN = te.encode('KKMFM-GENESIS\x01');
const RECEIPT_DOMAIN = te.encode('KKMFM-RCPT\x01');
const AFS_DOMAIN = te.encode('KKMFM-AFS\x01');

/** The prev hash of record 1: binds the chain to the module id. */
export function genesisHash(moduleId: string): Uint8Array {
  return sha256(GENESIS_DOMAIN, te.encode(moduleId));
}

/**
 * The canonical encoding of a record (what its hash is over):
 * "KKMFM-REC\x01" ‖ index u32 ‖ kind u8 ‖ at u64 ‖ shift u32 ‖ prevHash[32] ‖ len u32 ‖ payload
 */
export function canonicalRecord(r: { index: number; kind: number; at: number; shift: number; prevHash: Uint8Array; payload: Uint8Array }): Uint8Array {
  return concat([REC_DOMAIN, u32(r.index), Uint8Array.of(r.kind), u64(r.at), u32(r.shift), r.prevHash, u32(r.payload.length), r.payload]);
}

export function recordHash(r: { index: number; kind: number; at: number; shift: number; prevHash: Uint8Array; payload: Uint8Array }): Uint8Array {
  return sha256(canonicalRecord(r));
}

/** What the module signs for a record receipt: "KKMFM-RCPT\x01" ‖ index u32 ‖ hash[32]. */
export function receiptSignedData(index: number, hash: Uint8Array): Uint8Array {
  return concat([RECEIPT_DOMAIN, u32(index), hash]);
}

/** What the module signs for an autonomous fiscal sign: "KKMFM-AFS\x01" ‖ counter u64 ‖ documentHash[32] ‖ moduleId. */
export function autonomousSignedData(counter: number | bigint, documentHash: Uint8Array, moduleId: string): Uint8Array {
  return concat([AFS_DOMAIN, u64(counter), documentHash, te.encode(moduleId)]);
}

/**
 * The printable autonomous fiscal sign: 10 digits of the life counter (unique for the module's
 * life) followed by 6 check digits derived from SHA-256(signed data), so a sign copied onto another
 * document does not match it.
 */
export function printableSign(counter: number | bigint, documentHash: Uint8Array, moduleId: string): string {
  const d = sha256(autonomousSignedData(counter, documentHash, moduleId));
  const check = (((d[0]! << 16) | (d[1]! << 8) | d[2]!) % 1_000_000).toString().padStart(6, '0');
  return BigInt(counter).toString().padStart(10, '0') + check;
}

/** Adds two 256-bit big-endian checksums modulo 2^256 (Z checksum = Σ record hashes). */
export function addChecksum(acc: Uint8Array, h: Uint8Array): Uint8Array {
  const out = new Uint8Array(32);
  let carry = 0;
  for (let i = 31; i >= 0; i--) {
    const s = acc[i]! + h[i]! + carry;
    out[i] = s & 0xff;
    carry = s >> 8;
  }
  return out;
}
