// The QR symbol of a receipt's payload, fast (req 33–36: printed with every receipt). The symbol is
// exactly the one `qrcode` makes for one byte-mode segment with a fixed mask (same version choice,
// same codewords, same module matrix; a test compares them), but per payload only the varying part
// is computed:
//  - per (version, level, mask), once: the function patterns, format and version information and
//    dark module are taken from a symbol `qrcode` builds (its reserved modules), together with the
//    placement order of the data modules (ISO/IEC 18004 §7.7.3 zig-zag) and the mask bit of each;
//  - per payload: the data codewords (mode, count, bytes, terminator, pad codewords), the
//    Reed–Solomon codewords of each block (precomputed generator, log/antilog tables), the
//    interleaving, and one pass over the placement order.
// The block structure and capacities come from `qrcode`'s own tables.
import { createRequire } from 'node:module';
import QRCode from 'qrcode';

type Level = 'L' | 'M' | 'Q' | 'H';
type Mask = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

const require = createRequire(import.meta.url);
const ECLevel = require('qrcode/lib/core/error-correction-level.js') as Record<Level, { bit: number }>;
const ECCode = require('qrcode/lib/core/error-correction-code.js') as {
  getBlocksCount(version: number, level: { bit: number }): number;
  getTotalCodewordsCount(version: number, level: { bit: number }): number;
};
const QrUtils = require('qrcode/lib/core/utils.js') as { getSymbolTotalCodewords(version: number): number };

/** GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1 */
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

/** generator polynomial of degree n (coefficients after the leading 1), as logs */
const generators = new Map<number, Uint8Array>();
function generatorLogs(n: number): Uint8Array {
  let g = generators.get(n);
  if (g) return g;
  let poly = new Uint8Array([1]);
  for (let i = 0; i < n; i++) {
    // poly × (x − α^i)
    const next = new Uint8Array(poly.length + 1);
    for (let j = 0; j < poly.length; j++) {
      next[j]! ^= poly[j]!;
      if (poly[j] !== 0) next[j + 1]! ^= EXP[LOG[poly[j]!]! + i]!;
    }
    poly = next;
  }
  g = new Uint8Array(n);
  for (let j = 0; j < n; j++) g[j] = LOG[poly[j + 1]!]!; // no zero coefficient in a QR generator
  generators.set(n, g);
  return g;
}

/** the n Reed–Solomon codewords of `data[from, to)` into `out[at, at + n)` (long division in `work`) */
function rsEncode(data: Uint8Array, from: number, to: number, n: number, out: Uint8Array, at: number, work: Uint8Array): void {
  const g = generatorLogs(n);
  const len = to - from;
  work.set(data.subarray(from, to));
  work.fill(0, len, len + n);
  for (let i = 0; i < len; i++) {
    const coef = work[i]!;
    if (coef === 0) continue;
    const lc = LOG[coef]!;
    for (let j = 0; j < n; j++) work[i + 1 + j]! ^= EXP[lc + g[j]!]!;
  }
  out.set(work.subarray(len, len + n), at);
}

interface Layout {
  version: number;
  size: number;
  /** reserved modules with their values, data modules 0 */
  template: Uint8Array;
  /** matrix index of the k-th data module in placement order */
  order: Uint32Array;
  /** mask bit of the k-th data module */
  maskBits: Uint8Array;
  dataCodewords: number;
  totalCodewords: number;
  blocks: number;
  ecPerBlock: number;
}

const layouts = new Map<number, Layout>();

const LEVEL_INDEX: Record<Level, number> = { L: 0, M: 1, Q: 2, H: 3 };

function layout(version: number, level: Level, mask: Mask): Layout {
  const key = (version * 4 + LEVEL_INDEX[level]) * 8 + mask;
  let l = layouts.get(key);
  if (l) return l;
  // a symbol of this version from qrcode: its reserved modules are the same for every payload
  const probe = QRCode.create([{ data: Buffer.alloc(1, 0x41), mode: 'byte' }], { version, errorCorrectionLevel: level, maskPattern: mask });
  const m = probe.modules as unknown as { size: number; data: Uint8Array; reservedBit: Uint8Array };
  const size = m.size;
  const template = new Uint8Array(size * size);
  for (let i = 0; i < template.length; i++) template[i] = m.reservedBit[i] ? m.data[i]! : 0;
  const order: number[] = [];
  let inc = -1;
  let row = size - 1;
  for (let col = size - 1; col > 0; col -= 2) {
    if (col === 6) col--;
    for (;;) {
      for (let c = 0; c < 2; c++) if (!m.reservedBit[row * size + col - c]) order.push(row * size + col - c);
      row += inc;
      if (row < 0 || row >= size) { row -= inc; inc = -inc; break; }
    }
  }
  const maskBits = new Uint8Array(order.length);
  order.forEach((idx, k) => { maskBits[k] = maskAt(mask, Math.floor(idx / size), idx % size) ? 1 : 0; });
  const totalCodewords = QrUtils.getSymbolTotalCodewords(version);
  const ecTotal = ECCode.getTotalCodewordsCount(version, ECLevel[level]);
  const blocks = ECCode.getBlocksCount(version, ECLevel[level]);
  l = {
    version, size, template, order: Uint32Array.from(order), maskBits,
    dataCodewords: totalCodewords - ecTotal, totalCodewords, blocks,
    ecPerBlock: Math.floor(totalCodewords / blocks) - Math.floor((totalCodewords - ecTotal) / blocks),
  };
  layouts.set(key, l);
  return l;
}

/** ISO/IEC 18004 §7.8.2 data mask patterns (i = row, j = column) */
function maskAt(mask: Mask, i: number, j: number): boolean {
  switch (mask) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** the smallest version whose byte-mode capacity at `level` holds `n` bytes (qrcode's choice) */
const versionFor = new Map<number, number>();
function chooseVersion(n: number, level: Level): number {
  const key = n * 4 + LEVEL_INDEX[level];
  const cached = versionFor.get(key);
  if (cached !== undefined) return cached;
  for (let v = 1; v <= 40; v++) {
    const dataBits = (QrUtils.getSymbolTotalCodewords(v) - ECCode.getTotalCodewordsCount(v, ECLevel[level])) * 8;
    const capacity = Math.floor((dataBits - 4 - (v < 10 ? 8 : 16)) / 8);
    if (n <= capacity) {
      versionFor.set(key, v);
      return v;
    }
  }
  throw new RangeError(`QR: ${n} bytes do not fit any version at level ${level}`);
}

/** The QR symbol of `bytes` (one byte-mode segment): `size` × `size` modules, row by row, 1 = dark. */
export function encodeQrMatrix(bytes: Uint8Array, level: Level = 'M', mask: Mask = 2): { size: number; data: Uint8Array } {
  const l = layout(chooseVersion(bytes.length, level), level, mask);
  // data codewords: mode 0100, count (8 or 16 bits), the bytes, terminator, pad to a byte, pad codewords
  const cw = new Uint8Array(l.totalCodewords);
  const countBits = l.version < 10 ? 8 : 16;
  let acc = 0b0100;
  let accBits = 4;
  let pos = 0;
  const put = (value: number, bits: number): void => {
    acc = (acc << bits) | value;
    accBits += bits;
    while (accBits >= 8) {
      accBits -= 8;
      cw[pos++] = (acc >>> accBits) & 0xff;
    }
    acc &= (1 << accBits) - 1;
  };
  put(bytes.length, countBits);
  for (let i = 0; i < bytes.length; i++) put(bytes[i]!, 8);
  const dataBits = l.dataCodewords * 8;
  if (pos * 8 + accBits + 4 <= dataBits) put(0, 4);
  if (accBits > 0) put(0, 8 - accBits);
  for (let i = 0; pos < l.dataCodewords; i++) cw[pos++] = i % 2 ? 0x11 : 0xec;
  // blocks (group 2 blocks have one more data codeword), their EC codewords, interleaved
  const g2 = l.totalCodewords % l.blocks;
  const g1 = l.blocks - g2;
  const d1 = Math.floor(l.dataCodewords / l.blocks);
  const ec = new Uint8Array(l.blocks * l.ecPerBlock);
  const starts = new Uint32Array(l.blocks + 1);
  for (let b = 0; b < l.blocks; b++) starts[b + 1] = starts[b]! + (b < g1 ? d1 : d1 + 1);
  const work = new Uint8Array(d1 + 1 + l.ecPerBlock);
  for (let b = 0; b < l.blocks; b++) rsEncode(cw, starts[b]!, starts[b + 1]!, l.ecPerBlock, ec, b * l.ecPerBlock, work);
  const seq = new Uint8Array(l.totalCodewords);
  let k = 0;
  for (let i = 0; i <= d1; i++) {
    for (let b = 0; b < l.blocks; b++) if (starts[b]! + i < starts[b + 1]!) seq[k++] = cw[starts[b]! + i]!;
  }
  for (let i = 0; i < l.ecPerBlock; i++) for (let b = 0; b < l.blocks; b++) seq[k++] = ec[b * l.ecPerBlock + i]!;
  // placement: data bits (then remainder zeros) along the zig-zag, masked
  const out = l.template.slice();
  const { order, maskBits } = l;
  const bits = seq.length * 8;
  for (let i = 0; i < order.length; i++) {
    const bit = i < bits ? (seq[i >> 3]! >>> (7 - (i & 7))) & 1 : 0;
    out[order[i]!] = bit ^ maskBits[i]!;
  }
  return { size: l.size, data: out };
}
