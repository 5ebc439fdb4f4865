// Copies a message from one schema variant to another by proto field name (e.g. a 2.0.2
// OrgRegInfo with `tenant_id = 6` into the canonical OrgRegInfo with `tenant_id = 7`). A field
// without a same-named, same-kind counterpart is dropped. Unknown fields travel along.
import { create, type DescMessage, type Message } from '@bufbuild/protobuf';
import { reflect, type ReflectMessage } from '@bufbuild/protobuf/reflect';
import { fastConvert } from '../codec/codec.js';

function copy(src: ReflectMessage, dst: ReflectMessage, check: boolean): void {
  for (const f of src.fields) {
    if (!src.isSet(f)) continue;
    const df = dst.desc.fields.find((x) => x.name === f.name);
    if (!df || df.fieldKind !== f.fieldKind) continue;
    switch (f.fieldKind) {
      case 'scalar':
      case 'enum':
        if (df.fieldKind === 'scalar' && f.scalar !== df.scalar) continue;
        dst.set(df, src.get(f));
        break;
      case 'message': {
        if (df.fieldKind !== 'message') continue;
        const child = reflect(df.message, undefined, check);
        copy(src.get(f), child, check);
        dst.set(df, child);
        break;
      }
      case 'list': {
        if (df.fieldKind !== 'list' || df.listKind !== f.listKind) continue;
        const to = dst.get(df);
        for (const item of src.get(f)) {
          if (f.listKind === 'message' && df.listKind === 'message') {
            const child = reflect(df.message, undefined, check);
            copy(item as ReflectMessage, child, check);
            to.add(child);
          } else {
            to.add(item);
          }
        }
        break;
      }
      case 'map':
        break; // the schema has no maps
    }
  }
  const unknown = src.getUnknown();
  if (unknown) dst.setUnknown(unknown.slice());
}

export interface ConvertOptions {
  /**
   * The source's values came from a decoder (typed as their fields say): set them without
   * reflect's value check. A decoded 2.0.2 message then converts as a 2.0.3 one decodes — e.g. an
   * undeclared value in a repeated closed enum stays in the list (validation reports it) instead of
   * the check throwing out of the frame decoder. @defaultValue false (values are checked)
   */
  trusted?: boolean;
}

export function convertMessage<T extends Message>(src: Message, srcDesc: DescMessage, dstDesc: DescMessage, opts: ConvertOptions = {}): T {
  const check = opts.trusted !== true;
  // the same copy compiled per pair of descriptors (src/codec/compile-convert.ts); it steps aside
  // wherever the reflection copy below could convert or object to a value
  const fast = fastConvert(src, srcDesc, dstDesc, check);
  if (fast) return fast as T;
  const dst = reflect(dstDesc, create(dstDesc), check);
  copy(reflect(srcDesc, src), dst, check);
  return dst.message as T;
}
