// Any message of the schema, driven by its descriptor: required fields always set, optional
// fields sometimes, repeated fields 0..maxList items, scalars within the documented ranges
// (unsigned limited to the signed maximum), enums among their declared values. Per-type
// overrides (Money, DateTime) keep values realistic.
import fc from 'fast-check';
import { create, ScalarType, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { money } from './money.js';
import { dateTime } from './date-time.js';

export interface MessageConstraints {
  /** @defaultValue 2 */
  maxList?: number;
  /** arbitraries of init objects, keyed by full type name */
  overrides?: Record<string, fc.Arbitrary<unknown>>;
}

export const DEFAULT_OVERRIDES: Record<string, fc.Arbitrary<unknown>> = {
  'ofd.kkm.Money': money(),
  'ofd.kkm.DateTime': dateTime(),
  'ofd.kkm.v202.Money': money(),
  'ofd.kkm.v202.DateTime': dateTime(),
};

const text = fc.string({ unit: 'grapheme', maxLength: 12 });

function scalar(t: ScalarType): fc.Arbitrary<unknown> {
  switch (t) {
    case ScalarType.UINT32: case ScalarType.FIXED32: return fc.integer({ min: 0, max: 0x7fffffff });
    case ScalarType.INT32: case ScalarType.SINT32: case ScalarType.SFIXED32: return fc.integer({ min: -0x80000000, max: 0x7fffffff });
    case ScalarType.UINT64: case ScalarType.FIXED64: return fc.bigInt(0n, (1n << 63n) - 1n);
    case ScalarType.INT64: case ScalarType.SINT64: case ScalarType.SFIXED64: return fc.bigInt(-(1n << 63n), (1n << 63n) - 1n);
    case ScalarType.BOOL: return fc.boolean();
    case ScalarType.STRING: return text;
    case ScalarType.BYTES: return fc.uint8Array({ maxLength: 16 });
    case ScalarType.DOUBLE: case ScalarType.FLOAT: return fc.integer();
  }
}

function fieldValue(f: DescField, c: Required<MessageConstraints>, depth: number): fc.Arbitrary<unknown> {
  switch (f.fieldKind) {
    case 'scalar': return scalar(f.scalar);
    case 'enum': return fc.constantFrom(...f.enum.values.map((v) => v.number));
    case 'message': return initArbitrary(f.message, c, depth + 1);
    case 'list': {
      const item = f.listKind === 'message' ? initArbitrary(f.message, c, depth + 1)
        : f.listKind === 'enum' ? fc.constantFrom(...f.enum.values.map((v) => v.number))
        : scalar(f.scalar);
      return fc.array(item, { maxLength: depth > 3 ? 1 : c.maxList });
    }
    case 'map': return fc.constant(undefined);
  }
}

const LEGACY_REQUIRED = 3;

/** An init object for `desc` (plain, for create()). */
export function initArbitrary(desc: DescMessage, c: Required<MessageConstraints>, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const o = c.overrides[desc.typeName];
  if (o) return o as fc.Arbitrary<Record<string, unknown>>;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const requiredKeys: string[] = [];
  for (const f of desc.fields) {
    model[f.localName] = fieldValue(f, c, depth);
    if (f.presence === LEGACY_REQUIRED || f.fieldKind === 'list') requiredKeys.push(f.localName);
  }
  return fc.record(model, { requiredKeys });
}

/** Messages of type `desc`. */
export function message<T extends Message>(desc: DescMessage, c: MessageConstraints = {}): fc.Arbitrary<T> {
  const full: Required<MessageConstraints> = { maxList: c.maxList ?? 2, overrides: { ...DEFAULT_OVERRIDES, ...c.overrides } };
  return initArbitrary(desc, full).map((init) => create(desc, init) as T);
}
