// A pre-pass over protobuf bytes against a descriptor, before protobuf-es parses them.
// protobuf-es (like protobufjs) does not check wire types: a field that arrives with a wire
// type its schema does not declare (OrgRegInfo field 6 as a 2.0.2 varint under a 2.0.3 schema)
// is misread. protoc's C++ parser skips such a field into the unknown set; we do the same —
// drop it from the bytes and report PROTO_WIRE_TYPE_MISMATCH as a warning — and report broken
// structure (bad varint, length past the end, stray end-group, wire type 6/7) as
// PROTO_UNDECODABLE_PAYLOAD with the path where it happened.
import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { issue, type Issue } from './errors.js';

const MAX_DEPTH = 64;

class ScanError extends Error {
  constructor(readonly path: string, message: string) { super(message); }
}

export type ScanResult = { ok: true; warnings: Issue[]; cleaned?: Uint8Array } | { ok: false; issues: Issue[] };

/** What the scan needs of a field, computed once per descriptor. */
interface ScanField {
  f: DescField;
  /** `.localName`, the path segment */
  seg: string;
  list: boolean;
  /** bit w set = wire type w allowed */
  allowed: number;
  /** the sub-message parsed from a length-delimited value */
  child: DescMessage | null;
}

const fieldMaps = new WeakMap<DescMessage, Map<number, ScanField>>();
function fieldsOf(desc: DescMessage): Map<number, ScanField> {
  let m = fieldMaps.get(desc);
  if (!m) {
    m = new Map();
    for (const f of desc.fields) {
      let allowed = 0;
      for (let wt = 0; wt < 8; wt++) if (wireTypeAllowed(f, wt)) allowed |= 1 << wt;
      const child = f.fieldKind === 'message' ? f.message : f.fieldKind === 'list' && f.listKind === 'message' ? f.message : null;
      m.set(f.number, { f, seg: `.${f.localName}`, list: f.fieldKind === 'list', allowed, child });
    }
    fieldMaps.set(desc, m);
  }
  return m;
}

function scalarWireType(t: ScalarType): number {
  switch (t) {
    case ScalarType.DOUBLE: case ScalarType.FIXED64: case ScalarType.SFIXED64: return 1;
    case ScalarType.FLOAT: case ScalarType.FIXED32: case ScalarType.SFIXED32: return 5;
    case ScalarType.STRING: case ScalarType.BYTES: return 2;
    default: return 0;
  }
}

function wireTypeAllowed(f: DescField, wt: number): boolean {
  switch (f.fieldKind) {
    case 'message': return wt === (f.delimitedEncoding ? 3 : 2);
    case 'enum': return wt === 0;
    case 'scalar': return wt === scalarWireType(f.scalar);
    case 'list':
      if (f.listKind === 'message') return wt === (f.delimitedEncoding ? 3 : 2);
      if (f.listKind === 'enum') return wt === 0 || wt === 2;
      { const w = scalarWireType(f.scalar); return wt === w || (w !== 2 && wt === 2); }
    case 'map': return wt === 2;
  }
}

/**
 * The current path as segments (`.field`, `[i]`), joined only when an error or a warning is
 * reported: most frames have neither, so no path string is built for them.
 */
class ScanPath {
  readonly segs: string[] = [];
  toString(): string { return '$' + this.segs.join(''); }
}

// Varint reading keeps its result in module state (no tuple per varint).
let vpos = 0;
function readVarint(b: Uint8Array, pos: number, end: number, path: ScanPath): number {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new ScanError(String(path), 'varint runs past the end');
    const byte = b[pos++]!;
    value += (byte & 0x7f) * mul;
    if ((byte & 0x80) === 0) { vpos = pos; return value; }
    mul *= 128;
  }
  throw new ScanError(String(path), 'varint longer than 10 bytes');
}

function encodeVarint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n % 128) | 0x80); n = Math.floor(n / 128); }
  out.push(n);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Skips one field's value; returns the position after it. */
function skipValue(b: Uint8Array, pos: number, end: number, wt: number, fieldNo: number, path: ScanPath, depth: number): number {
  switch (wt) {
    case 0: readVarint(b, pos, end, path); return vpos;
    case 1: if (pos + 8 > end) throw new ScanError(String(path), 'fixed64 runs past the end'); return pos + 8;
    case 5: if (pos + 4 > end) throw new ScanError(String(path), 'fixed32 runs past the end'); return pos + 4;
    case 2: {
      const len = readVarint(b, pos, end, path);
      const p = vpos;
      if (p + len > end) throw new ScanError(String(path), `length ${len} runs past the end`);
      return p + len;
    }
    case 3: {
      if (depth > MAX_DEPTH) throw new ScanError(String(path), 'groups nested too deep');
      for (;;) {
        const tag = readVarint(b, pos, end, path);
        const p = vpos;
        const no = Math.floor(tag / 8);
        const w = tag % 8;
        if (w === 4) {
          if (no !== fieldNo) throw new ScanError(String(path), `end-group ${no} does not close group ${fieldNo}`);
          return p;
        }
        if (no === 0) throw new ScanError(String(path), 'field number 0');
        pos = skipValue(b, p, end, w, no, path, depth + 1);
      }
    }
    case 4: throw new ScanError(String(path), `unexpected end-group tag for field ${fieldNo}`);
    default: throw new ScanError(String(path), `invalid wire type ${wt} for field ${fieldNo}`);
  }
}

/** Returns rebuilt bytes when something was dropped inside [start, end), else null. */
function scanMessage(desc: DescMessage, b: Uint8Array, start: number, end: number, path: ScanPath, warnings: Issue[], depth: number): Uint8Array | null {
  if (depth > MAX_DEPTH) throw new ScanError(String(path), 'messages nested too deep');
  const fields = fieldsOf(desc);
  let parts: Uint8Array[] | null = null;
  let keepFrom = start;
  let pos = start;
  let counts: Map<number, number> | null = null;
  const segs = path.segs;
  while (pos < end) {
    const fieldStart = pos;
    const tag = readVarint(b, pos, end, path);
    const afterTag = vpos;
    const no = Math.floor(tag / 8);
    const wt = tag % 8;
    if (no === 0 || no > 0x1fffffff) throw new ScanError(String(path), `invalid field number ${no}`);
    const sf = fields.get(no);
    if (!sf) { pos = skipValue(b, afterTag, end, wt, no, path, depth); continue; }
    segs.push(sf.seg);
    if (sf.list) { counts ??= new Map(); const i = counts.get(no) ?? 0; counts.set(no, i + 1); segs.push(`[${i}]`); }
    const after = skipValue(b, afterTag, end, wt, no, path, depth);
    pos = after;
    if ((sf.allowed & (1 << wt)) === 0) {
      warnings.push(issue('PROTO_WIRE_TYPE_MISMATCH', String(path), `field ${no} (${sf.f.name}) arrived with wire type ${wt}; skipped as an unknown field`));
      (parts ??= []).push(b.subarray(keepFrom, fieldStart));
      keepFrom = after;
      segs.pop(); if (sf.list) segs.pop();
      continue;
    }
    if (sf.child && wt === 2) {
      const len = readVarint(b, afterTag, end, path);
      const dataStart = vpos;
      const rebuilt = scanMessage(sf.child, b, dataStart, dataStart + len, path, warnings, depth + 1);
      if (rebuilt) {
        (parts ??= []).push(b.subarray(keepFrom, fieldStart), b.subarray(fieldStart, afterTag), encodeVarint(rebuilt.length), rebuilt);
        keepFrom = after;
      }
    }
    segs.pop(); if (sf.list) segs.pop();
  }
  if (pos !== end) throw new ScanError(String(path), 'field runs past the end of its message');
  if (!parts) return null;
  parts.push(b.subarray(keepFrom, end));
  return concat(parts);
}

/** Checks `bytes` as a `desc` message: structure and wire types. Never throws. */
export function scanWireTypes(desc: DescMessage, bytes: Uint8Array): ScanResult {
  const warnings: Issue[] = [];
  try {
    const cleaned = scanMessage(desc, bytes, 0, bytes.length, new ScanPath(), warnings, 0);
    return cleaned ? { ok: true, warnings, cleaned } : { ok: true, warnings };
  } catch (e) {
    if (e instanceof ScanError) return { ok: false, issues: [issue('PROTO_UNDECODABLE_PAYLOAD', e.path, e.message)] };
    return { ok: false, issues: [issue('PROTO_UNDECODABLE_PAYLOAD', '$', String((e as Error).message))] };
  }
}
