// Test helper: are two decoded messages the same protobuf-es objects, not only `equals`? Same
// prototype (defaults, presence), same own keys in the same order, same isFieldSet answer for
// every field, same JS types (bigint, Uint8Array/Buffer class), no `$unknown` on one side only —
// at every depth. Returns the first difference as a path, or null.
import { equals, isFieldSet, type DescMessage, type Message } from '@bufbuild/protobuf';

export function differenceOf(desc: DescMessage, a: Message, b: Message, path = '$'): string | null {
  if (!equals(desc, a, b)) return `${path}: not equals()`;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${path}: different prototypes`;
  const ka = Object.keys(a).join(',');
  const kb = Object.keys(b).join(',');
  if (ka !== kb) return `${path}: own keys ${ka} vs ${kb}`;
  if (JSON.stringify(a.$unknown ?? null, replacer) !== JSON.stringify(b.$unknown ?? null, replacer)) return `${path}: $unknown differs`;
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  for (const f of desc.fields) {
    const p = `${path}.${f.localName}`;
    if (isFieldSet(a, f) !== isFieldSet(b, f)) return `${p}: isFieldSet ${isFieldSet(a, f)} vs ${isFieldSet(b, f)}`;
    const va = ra[f.localName];
    const vb = rb[f.localName];
    if (typeof va !== typeof vb) return `${p}: typeof ${typeof va} vs ${typeof vb}`;
    if (va instanceof Uint8Array && (vb as Uint8Array).constructor !== va.constructor) return `${p}: ${va.constructor.name} vs ${(vb as object).constructor.name}`;
    if (f.fieldKind === 'message' && isFieldSet(a, f)) {
      const d = differenceOf(f.message, va as Message, vb as Message, p);
      if (d) return d;
    }
    if (f.fieldKind === 'list') {
      const la = va as unknown[];
      const lb = vb as unknown[];
      if (!Array.isArray(la) || !Array.isArray(lb) || la.length !== lb.length) return `${p}: lists differ`;
      for (let i = 0; i < la.length; i++) {
        if (typeof la[i] !== typeof lb[i]) return `${p}[${i}]: typeof differs`;
        if (f.listKind === 'message') {
          const d = differenceOf(f.message, la[i] as Message, lb[i] as Message, `${p}[${i}]`);
          if (d) return d;
        }
      }
    }
  }
  return null;
}

function replacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return Array.from(v);
  return v;
}
