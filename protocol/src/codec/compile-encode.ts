// An encoder compiled once per message descriptor (see compile-decode.ts for the idea). It writes
// the bytes protobuf-es `toBinary` writes: fields by ascending number, a field only when set as
// protobuf-es sees it (own property, not undefined; lists when not empty), unpacked or packed
// lists as the descriptor says, minimal varints, negative int32 as 10 bytes, `$unknown` last.
// Sub-messages are written in place behind a one-byte length that is widened (moving the
// message right) when it reaches 128 bytes. Any value protobuf-es would convert, reject or treat
// specially (a number for an int64, a string for an int32, null for a message, a foreign message
// type, a missing required field) throws BAIL: the caller then runs protobuf-es, which writes or
// throws exactly what it always did.
import { ScalarType, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { BAIL, W, fixLength, grow, wbytes, wi32, wi64, wstr, wu32, wu64, wunknown } from './runtime.js';
import { isRequired, key, numberOf, reachable, wireTypeOf, type CompileOptions } from './plan.js';

/** Writes `message` at W.w in the scratch buffer (W.w advances). Throws BAIL. */
export type CompiledEncoder = (message: Message) => void;

/** Source writing a tag (as literal bytes) — capacity ensured by the caller. */
function tagBytes(no: number, wt: number): string {
  let v = no * 8 + wt;
  const out: number[] = [];
  while (v > 0x7f) { out.push((v % 128) | 0x80); v = Math.floor(v / 128); }
  out.push(v);
  return out.map((x) => `B[W.w++] = ${x};`).join(' ');
}

/** Source that writes value `x` of a scalar/enum type (no tag); capacity for 10 bytes ensured. */
function writeValue(t: ScalarType | undefined, x: string): string {
  switch (t) {
    case undefined:
    case ScalarType.INT32: return `if ((${x} | 0) !== ${x}) throw BAIL; wi32(${x});`;
    case ScalarType.UINT32: return `if ((${x} >>> 0) !== ${x}) throw BAIL; wu32(${x});`;
    case ScalarType.BOOL: return `B[W.w++] = ${x} ? 1 : 0;`;
    case ScalarType.UINT64: return `wu64(${x});`;
    case ScalarType.INT64: return `wi64(${x});`;
    case ScalarType.STRING: return `if (typeof ${x} !== "string") throw BAIL; wstr(${x});`;
    case ScalarType.BYTES: return `wbytes(${x});`;
    default: throw new Error(`unsupported scalar ${t}`);
  }
}

const ENSURE = 'if (W.w + 16 > W.b.length) grow(16); B = W.b;';

function fieldSource(f: DescField, index: Map<DescMessage, number>, opts: CompileOptions): string {
  const k = key(f);
  const no = numberOf(f, opts);
  const missing = isRequired(f) ? ' else throw BAIL;' : '';
  const isSet = `(v = m${k}) !== undefined && hasOwn.call(m, ${JSON.stringify(f.localName)})`;
  switch (f.fieldKind) {
    case 'scalar':
    case 'enum': {
      const t = f.fieldKind === 'scalar' ? f.scalar : undefined;
      return `if (${isSet}) { ${ENSURE} ${tagBytes(no, wireTypeOf(t))} ${writeValue(t, 'v')} }${missing}`;
    }
    case 'message': {
      const j = index.get(f.message)!;
      return `if (${isSet}) { if (typeof v !== "object" || v === null || v.$typeName !== T${j}) throw BAIL; ${ENSURE} ${tagBytes(no, 2)} at = W.w++; e${j}(v); fixLength(at); }${missing}`;
    }
    case 'list': {
      const head = `v = m${k}; if (!Array.isArray(v)) throw BAIL; if (v.length > 0) {`;
      if (f.listKind === 'message') {
        const j = index.get(f.message)!;
        return `${head} for (let i = 0; i < v.length; i++) { const x = v[i]; if (typeof x !== "object" || x === null || x.$typeName !== T${j}) throw BAIL; ${ENSURE} ${tagBytes(no, 2)} at = W.w++; e${j}(x); fixLength(at); } }`;
      }
      const t = f.listKind === 'scalar' ? f.scalar : undefined;
      if (f.packed) {
        return `${head} ${ENSURE} ${tagBytes(no, 2)} at = W.w++; for (let i = 0; i < v.length; i++) { const x = v[i]; ${ENSURE} ${writeValue(t, 'x')} } fixLength(at); }`;
      }
      return `${head} for (let i = 0; i < v.length; i++) { const x = v[i]; ${ENSURE} ${tagBytes(no, wireTypeOf(t))} ${writeValue(t, 'x')} } }`;
    }
    default:
      throw new Error(`unsupported field ${f.toString()}`);
  }
}

function messageSource(desc: DescMessage, i: number, index: Map<DescMessage, number>, opts: CompileOptions): string {
  const sorted = desc.fields.concat().sort((a, b) => a.number - b.number);
  return `
  function e${i}(m) {
    let v, at, B;
    ${sorted.map((f) => fieldSource(f, index, opts)).join('\n    ')}
    v = m.$unknown; if (v !== undefined && v !== null) wunknown(v);
  }`;
}

/** Compiles the encoder of `root`, or null when its tree has something the compiler does not handle. */
export function compileEncoder(root: DescMessage, opts: CompileOptions = {}): CompiledEncoder | null {
  const types = reachable(root);
  if (!types) return null;
  const index = new Map(types.map((d, i) => [d, i]));
  const consts = types.map((_, i) => `const T${i} = names[${i}];`).join('\n  ');
  const fns = types.map((d, i) => messageSource(d, i, index, opts)).join('\n');
  const src = `"use strict";\n  const hasOwn = Object.prototype.hasOwnProperty;\n  ${consts}\n${fns}\n  return function encode(m) { if (typeof m !== "object" || m === null || m.$typeName !== T0) throw BAIL; e0(m); };`;
  const factory = new Function('BAIL', 'W', 'grow', 'fixLength', 'wi32', 'wu32', 'wi64', 'wu64', 'wstr', 'wbytes', 'wunknown', 'names', src) as (...a: unknown[]) => CompiledEncoder;
  return factory(BAIL, W, grow, fixLength, wi32, wu32, wi64, wu64, wstr, wbytes, wunknown, types.map((d) => d.typeName));
}
