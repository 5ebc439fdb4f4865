// Which descriptors the compiled codec handles, and the facts about a field both compilers use.
// Anything outside this set (oneofs, maps, groups / delimited messages, implicit presence,
// 64-bit ints as strings, float/double/fixed/sint scalars, well-known types) makes the whole
// message tree fall back to protobuf-es.
import { create, ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';

export const LEGACY_REQUIRED = 3; // FeatureSet_FieldPresence.LEGACY_REQUIRED
export const IMPLICIT = 2; // FeatureSet_FieldPresence.IMPLICIT

const SCALARS: ReadonlySet<ScalarType> = new Set([
  ScalarType.STRING, ScalarType.BYTES, ScalarType.BOOL, ScalarType.INT32, ScalarType.UINT32, ScalarType.INT64, ScalarType.UINT64,
]);

/** Wire type a scalar (or enum: undefined) is written with. */
export function wireTypeOf(t: ScalarType | undefined): number {
  return t === ScalarType.STRING || t === ScalarType.BYTES ? 2 : 0;
}

function fieldSupported(f: DescField): boolean {
  if (f.oneof) return false;
  switch (f.fieldKind) {
    case 'scalar': return f.presence !== IMPLICIT && SCALARS.has(f.scalar) && !f.longAsString;
    case 'enum': return f.presence !== IMPLICIT;
    case 'message': return f.presence !== IMPLICIT && !f.delimitedEncoding && !f.message.typeName.startsWith('google.protobuf.');
    case 'list':
      if (f.listKind === 'message') return !f.delimitedEncoding && !f.message.typeName.startsWith('google.protobuf.');
      if (f.listKind === 'enum') return true;
      return SCALARS.has(f.scalar) && !f.longAsString;
    case 'map': return false;
  }
}

/** Every message type reachable from `root` (root first), or null when one of them is not supported. */
export function reachable(root: DescMessage): DescMessage[] | null {
  const out: DescMessage[] = [];
  const seen = new Set<DescMessage>();
  const todo = [root];
  while (todo.length) {
    const d = todo.shift()!;
    if (seen.has(d)) continue;
    seen.add(d);
    if (d.oneofs.length || d.typeName.startsWith('google.protobuf.')) return null;
    for (const f of d.fields) {
      if (!fieldSupported(f)) return null;
      if (f.fieldKind === 'message' || (f.fieldKind === 'list' && f.listKind === 'message')) todo.push(f.message);
    }
    out.push(d);
  }
  return out;
}

/** The prototype protobuf-es gives a zero message of `desc` (default values, presence). */
export function prototypeOf(desc: DescMessage): object {
  return Object.getPrototypeOf(create(desc)) as object;
}

/** For tests only: how a compiler numbers fields (the negative controls renumber one). */
export interface CompileOptions {
  /** @defaultValue the descriptor's own number */
  fieldNumber?: (f: DescField) => number;
}

export function numberOf(f: DescField, o: CompileOptions): number {
  return o.fieldNumber ? o.fieldNumber(f) : f.number;
}

/** A property key as JS source (`["name"]`). */
export function key(f: DescField): string {
  return `[${JSON.stringify(f.localName)}]`;
}

export function isRequired(f: DescField): boolean {
  return f.presence === LEGACY_REQUIRED;
}
