// A compiled twin of versions/convert.ts: copies a message of one schema variant into another by
// proto field name (2.0.2 ↔ canonical), generated once per pair of descriptors. Same result as
// the reflection copy — fields assigned in the source's declaration order when set, a field
// without a same-named counterpart of the same kind (and scalar type) dropped, lists appended to
// the destination's own, sub-messages copied recursively, `$unknown` copied when present. The
// reflection copy validates every value it sets (reflect's `check`): wherever that check could
// object (a value of another JS type, a 64-bit int out of range, an undeclared value of a closed
// enum, a string with a lone surrogate, a sub-message of another type) this one throws BAIL and
// the caller runs the reflection copy, which then throws or converts as it always did.
import { ScalarType, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { BAIL } from './runtime.js';
import { isRequired, key, prototypeOf, reachable } from './plan.js';

export type CompiledConverter = (message: Message) => Message;

const U64_MAX = (1n << 64n) - 1n;
const I64_MIN = -(1n << 63n);
const I64_MAX = (1n << 63n) - 1n;

/** Whether `s` has no lone surrogate (reflect's checkUtf8 refuses those). */
function wellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff || i + 1 >= s.length) return false;
    const d = s.charCodeAt(++i);
    if (d < 0xdc00 || d > 0xdfff) return false;
  }
  return true;
}
const SURROGATE = /[\ud800-\udfff]/;

/** Checks a value the reflection copy would pass to `set`/`add` of `df` (as reflect's checkField). */
export function scalarOk(t: ScalarType, v: unknown): boolean {
  switch (t) {
    case ScalarType.STRING: return typeof v === 'string' && (!SURROGATE.test(v) || wellFormed(v));
    case ScalarType.BOOL: return typeof v === 'boolean';
    case ScalarType.INT32: return typeof v === 'number' && (v | 0) === v;
    case ScalarType.UINT32: return typeof v === 'number' && (v >>> 0) === v;
    case ScalarType.INT64: return typeof v === 'bigint' && v >= I64_MIN && v <= I64_MAX;
    case ScalarType.UINT64: return typeof v === 'bigint' && v >= 0n && v <= U64_MAX;
    case ScalarType.BYTES: return v instanceof Uint8Array;
    default: return false;
  }
}

interface Ctx { pairs: Map<DescMessage, { dst: DescMessage; i: number }>; order: [DescMessage, DescMessage][]; sets: Set<number>[]; checked: boolean }

function pairIndex(ctx: Ctx, src: DescMessage, dst: DescMessage): number {
  const p = ctx.pairs.get(src);
  if (p) {
    if (p.dst !== dst) throw new Error('one source type converted to two destination types');
    return p.i;
  }
  const i = ctx.order.length;
  ctx.pairs.set(src, { dst, i });
  ctx.order.push([src, dst]);
  return i;
}

/** Source checking `x` for the destination field's type (scalar or closed enum); bails otherwise. */
function valueCheck(df: DescField, x: string, ctx: Ctx): string {
  if (!ctx.checked) {
    // unchecked, reflect still turns a 64-bit value given as number or string into a bigint, and
    // reads a null enum as the enum's first value: those are left to it (null anywhere, to be safe)
    const t = (df as { scalar?: ScalarType }).scalar;
    return t === ScalarType.INT64 || t === ScalarType.UINT64 ? `if (typeof ${x} !== "bigint") throw BAIL;` : `if (${x} === null) throw BAIL;`;
  }
  if (df.fieldKind === 'enum' || (df.fieldKind === 'list' && df.listKind === 'enum')) {
    const e = df.enum!;
    ctx.sets.push(new Set(e.values.map((v) => v.number)));
    const s = `S${ctx.sets.length - 1}`;
    return e.open ? `if (typeof ${x} !== "number" || (${x} | 0) !== ${x}) throw BAIL;` : `if (!${s}.has(${x})) throw BAIL;`;
  }
  return `if (!ok(${(df as { scalar: ScalarType }).scalar}, ${x})) throw BAIL;`;
}

function fieldSource(f: DescField, dstDesc: DescMessage, ctx: Ctx): string {
  const k = key(f);
  const name = JSON.stringify(f.localName);
  const df = dstDesc.fields.find((x) => x.name === f.name);
  const isSet = f.fieldKind === 'list'
    ? `v = m${k}; if (!Array.isArray(v)) throw BAIL; if (v.length > 0)`
    : `if ((v = m${k}) !== undefined && hasOwn.call(m, ${name}))`;
  if (!df || df.fieldKind !== f.fieldKind) return f.fieldKind === 'list' ? `v = m${k}; if (!Array.isArray(v)) throw BAIL;` : '';
  const dk = key(df);
  switch (f.fieldKind) {
    case 'scalar':
    case 'enum':
      if (df.fieldKind === 'scalar' && f.fieldKind === 'scalar' && f.scalar !== df.scalar) return '';
      return `${isSet} { ${valueCheck(df, 'v', ctx)} d${dk} = v; }`;
    case 'message': {
      if (df.fieldKind !== 'message') return '';
      const j = pairIndex(ctx, f.message, df.message);
      return `${isSet} { if (typeof v !== "object" || v === null || v.$typeName !== ST${j}) throw BAIL; d${dk} = c${j}(v); }`;
    }
    case 'list': {
      if (df.fieldKind !== 'list' || df.listKind !== f.listKind) return `v = m${k}; if (!Array.isArray(v)) throw BAIL;`;
      if (f.listKind === 'message' && df.listKind === 'message') {
        const j = pairIndex(ctx, f.message, df.message);
        return `${isSet} { const a = d${dk}; for (let i = 0; i < v.length; i++) { const x = v[i]; if (typeof x !== "object" || x === null || x.$typeName !== ST${j}) throw BAIL; a.push(c${j}(x)); } }`;
      }
      return `${isSet} { const a = d${dk}; for (let i = 0; i < v.length; i++) { const x = v[i]; ${valueCheck(df, 'x', ctx)} a.push(x); } }`;
    }
    default:
      return '';
  }
}

function pairSource(src: DescMessage, dst: DescMessage, i: number, ctx: Ctx): string {
  const lists = dst.fields.filter((f) => f.fieldKind === 'list').map((f) => ` d${key(f)} = [];`).join('');
  const body = src.fields.map((f) => fieldSource(f, dst, ctx)).filter(Boolean).join('\n    ');
  return `
  function c${i}(m) {
    const d = Object.create(P${i}); d.$typeName = DT${i};${lists}
    let v;
    ${body}
    v = m.$unknown; if (v) { if (!Array.isArray(v)) throw BAIL; d.$unknown = v.slice(); }
    return d;
  }`;
}

/**
 * Compiles the copy `src` → `dst` (values checked as reflect checks them, or — `checked` false —
 * set as they are, as convertMessage's `trusted` copy does), or null when either tree has
 * something the compiler does not handle.
 */
export function compileConverter(src: DescMessage, dst: DescMessage, checked = true): CompiledConverter | null {
  if (!reachable(src) || !reachable(dst)) return null;
  const ctx: Ctx = { pairs: new Map(), order: [], sets: [], checked };
  pairIndex(ctx, src, dst);
  const fns: string[] = [];
  for (let i = 0; i < ctx.order.length; i++) fns.push(pairSource(ctx.order[i]![0], ctx.order[i]![1], i, ctx)); // order grows while compiling
  const consts = [
    ...ctx.order.map((_, i) => `const P${i} = protos[${i}], DT${i} = dstNames[${i}], ST${i} = srcNames[${i}];`),
    ...ctx.sets.map((_, i) => `const S${i} = sets[${i}];`),
  ].join('\n  ');
  const code = `"use strict";\n  const hasOwn = Object.prototype.hasOwnProperty;\n  ${consts}\n${fns.join('\n')}\n  return function convert(m) { if (typeof m !== "object" || m === null || m.$typeName !== ST0) throw BAIL; return c0(m); };`;
  const factory = new Function('BAIL', 'ok', 'protos', 'dstNames', 'srcNames', 'sets', code) as (...a: unknown[]) => CompiledConverter;
  return factory(BAIL, scalarOk, ctx.order.map(([, d]) => prototypeOf(d)), ctx.order.map(([, d]) => d.typeName), ctx.order.map(([s]) => s.typeName), ctx.sets);
}

/**
 * Whether copying a `src` message into `dst` (by field name, as above) keeps "every proto2
 * required field is set" true at every depth: each required field of a `dst` type has a
 * same-named, same-kind (and same scalar type) field in the `src` type that is required too.
 * Then a wire message the compiled decoder found complete converts to a complete canonical
 * message, and the required walk can be skipped. Computed from the descriptors alone.
 */
export function copyKeepsRequired(src: DescMessage, dst: DescMessage, seen = new Set<DescMessage>()): boolean {
  if (seen.has(dst)) return true;
  seen.add(dst);
  for (const df of dst.fields) {
    const f = src.fields.find((x) => x.name === df.name);
    if (isRequired(df)) {
      if (!f || !isRequired(f) || f.fieldKind !== df.fieldKind) return false;
      if (f.fieldKind === 'scalar' && df.fieldKind === 'scalar' && f.scalar !== df.scalar) return false;
    }
    if (!f || f.fieldKind !== df.fieldKind) continue;
    if (f.fieldKind === 'message' && df.fieldKind === 'message' && !copyKeepsRequired(f.message, df.message, seen)) return false;
    if (f.fieldKind === 'list' && df.fieldKind === 'list' && f.listKind === 'message' && df.listKind === 'message' && !copyKeepsRequired(f.message, df.message, seen)) return false;
  }
  return true;
}
