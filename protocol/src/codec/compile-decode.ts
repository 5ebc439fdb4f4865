// A decoder compiled once per message descriptor: JS source specialised to the schema (one
// function per message type, a `switch` on the whole tag, the property names and enum ranges as
// literals) turned into functions with `new Function`, as protobufjs does. It builds exactly the
// objects protobuf-es `fromBinary` builds — the same prototype (defaults, proto2 presence),
// `$typeName`, fields assigned in wire order, lists created in declaration order, a repeated
// singular message merged into the first, the last of a repeated scalar kept, 64-bit ints as
// bigint, strings and bytes read the same way — for input it fully understands. For anything
// else it throws BAIL and the caller falls back to the wire-type scan + protobuf-es, which then
// decides: unknown fields, undeclared enum values, wire types the schema does not declare, a
// value running past its message, lengths or tags of odd encodings, deep nesting.
import { ScalarType, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { BAIL, R, i64, rlen, rtag, rv32, rv64, u64, utf8 } from './runtime.js';
import { isRequired, key, numberOf, prototypeOf, reachable, wireTypeOf, type CompileOptions } from './plan.js';

/** Set by a compiled decoder when some message lacked a proto2 `required` field (the caller then walks for the issues). */
export const DecodeFlags = { missingRequired: false };

/** Nesting beyond this leaves the fast path (the scan allows 64, protobuf-es 100). */
const MAX_DEPTH = 48;

export type CompiledDecoder = (bytes: Uint8Array) => Message;

interface Ctx { index: Map<DescMessage, number>; protos: object[]; names: string[]; sets: Set<number>[]; opts: CompileOptions }

function readU32(target: string, end: string, fn = 'rv32'): string {
  return `${target} = b[p++]; if (${target} > 127) { ${target} = ${fn}(b, p - 1, ${end}); p = R.p; } else if (p > ${end}) throw BAIL;`;
}

/** A length: never more than 4 bytes on the fast path (see rlen). */
function readLen(end: string): string {
  return `${readU32('n', end, 'rlen')} if (n > ${end} - p) throw BAIL;`;
}

/** Source that reads one value of a scalar/enum type into `v` (bounded by `end`). */
function readValue(t: ScalarType | undefined, end: string): string {
  switch (t) {
    case undefined: // enum
    case ScalarType.INT32: return `${readU32('v', end)} v = v | 0;`;
    case ScalarType.UINT32: return readU32('v', end);
    case ScalarType.BOOL: return `v = b[p]; if (v < 128) { p++; if (p > ${end}) throw BAIL; v = v !== 0; } else { rv64(b, p, ${end}); p = R.p; v = R.lo !== 0 || R.hi !== 0; }`;
    case ScalarType.UINT64: return `v = b[p]; if (v < 128) { p++; if (p > ${end}) throw BAIL; v = BigInt(v); } else { rv64(b, p, ${end}); p = R.p; v = u64(); }`;
    case ScalarType.INT64: return `v = b[p]; if (v < 128) { p++; if (p > ${end}) throw BAIL; v = BigInt(v); } else { rv64(b, p, ${end}); p = R.p; v = i64(); }`;
    case ScalarType.STRING: return `${readLen(end)} v = utf8(b, p, p + n); p += n;`;
    case ScalarType.BYTES: return `${readLen(end)} v = b.subarray(p, p + n); p += n;`;
    default: throw new Error(`unsupported scalar ${t}`);
  }
}

/** Closed enums: protobuf-es keeps an undeclared value in $unknown — leave that to it. */
function enumCheck(f: DescField, ctx: Ctx): string {
  if (f.fieldKind !== 'enum' || f.enum.open) return '';
  const nums = [...new Set(f.enum.values.map((x) => x.number))].sort((a, b) => a - b);
  const min = nums[0]!;
  const max = nums[nums.length - 1]!;
  if (max - min + 1 === nums.length) return `if (v < ${min} || v > ${max}) throw BAIL;`;
  ctx.sets.push(new Set(nums));
  return `if (!S${ctx.sets.length - 1}.has(v)) throw BAIL;`;
}

function fieldCases(f: DescField, ctx: Ctx, reqBit: number): string {
  const k = key(f);
  const mark = reqBit >= 0 ? ` seen |= ${1 << reqBit};` : '';
  const tagOf = (wt: number) => numberOf(f, ctx.opts) * 8 + wt;
  switch (f.fieldKind) {
    case 'scalar':
    case 'enum': {
      const t = f.fieldKind === 'scalar' ? f.scalar : undefined;
      return `case ${tagOf(wireTypeOf(t))}: { ${readValue(t, 'end')} ${enumCheck(f, ctx)} m${k} = v;${mark} break; }`;
    }
    case 'message': {
      const j = ctx.index.get(f.message)!;
      return `case ${tagOf(2)}: { ${readLen('end')} m${k} = d${j}(b, p, p + n, depth + 1, m${k}); p += n;${mark} break; }`;
    }
    case 'list': {
      if (f.listKind === 'message') {
        const j = ctx.index.get(f.message)!;
        return `case ${tagOf(2)}: { ${readLen('end')} m${k}.push(d${j}(b, p, p + n, depth + 1, undefined)); p += n; break; }`;
      }
      const t = f.listKind === 'scalar' ? f.scalar : undefined;
      const wt = wireTypeOf(t);
      // protobuf-es does not check list enums against the closed enum: any int32 goes in.
      let s = `case ${tagOf(wt)}: { ${readValue(t, 'end')} m${k}.push(v); break; }`;
      if (wt !== 2) {
        s += ` case ${tagOf(2)}: { ${readLen('end')} const e2 = p + n; const a = m${k}; while (p < e2) { ${readValue(t, 'e2')} a.push(v); } break; }`;
      }
      return s;
    }
    default:
      throw new Error(`unsupported field ${f.toString()}`);
  }
}

function messageSource(desc: DescMessage, i: number, ctx: Ctx): string {
  const lists = desc.fields.filter((f) => f.fieldKind === 'list').map((f) => ` m${key(f)} = [];`).join('');
  const required = desc.fields.filter(isRequired);
  const track = required.length > 0 && required.length <= 30;
  let bit = 0;
  const cases = desc.fields.map((f) => fieldCases(f, ctx, track && isRequired(f) ? bit++ : -1)).join('\n      ');
  const all = track ? (2 ** bit - 1) : 0;
  const check = required.length === 0 ? '' : track ? `if ((seen & ${all}) !== ${all}) F.missingRequired = true;` : 'F.missingRequired = true;';
  return `
  function d${i}(b, p, end, depth, m) {
    if (depth > ${MAX_DEPTH}) throw BAIL;
    if (m === undefined) { m = Object.create(P${i}); m.$typeName = T${i};${lists} }
    let t, v, n, seen = 0;
    while (p < end) {
      t = b[p++];
      if (t > 127) { t = rtag(b, p - 1, end); p = R.p; }
      switch (t) {
      ${cases}
      default: throw BAIL;
      }
    }
    if (p !== end) throw BAIL;
    ${check}
    return m;
  }`;
}

/** Compiles the decoder of `root`, or null when its tree has something the compiler does not handle. */
export function compileDecoder(root: DescMessage, opts: CompileOptions = {}): CompiledDecoder | null {
  const types = reachable(root);
  if (!types) return null;
  const ctx: Ctx = { index: new Map(types.map((d, i) => [d, i])), protos: types.map(prototypeOf), names: types.map((d) => d.typeName), sets: [], opts };
  const fns = types.map((d, i) => messageSource(d, i, ctx)).join('\n');
  const consts = [
    ...types.map((_, i) => `const P${i} = protos[${i}], T${i} = names[${i}];`),
    ...ctx.sets.map((_, i) => `const S${i} = sets[${i}];`),
  ].join('\n  ');
  const src = `"use strict";\n  ${consts}\n${fns}\n  return function decode(b) { return d0(b, 0, b.length, 0, undefined); };`;
  const factory = new Function('BAIL', 'R', 'rv32', 'rlen', 'rtag', 'rv64', 'u64', 'i64', 'utf8', 'F', 'protos', 'names', 'sets', src) as (...a: unknown[]) => CompiledDecoder;
  return factory(BAIL, R, rv32, rlen, rtag, rv64, u64, i64, utf8, DecodeFlags, ctx.protos, ctx.names, ctx.sets);
}
