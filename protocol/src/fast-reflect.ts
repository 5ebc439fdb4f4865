// protobuf-es 2.13 `fromBinary` looks up each field by number through a reflection object made
// for every parsed message, and that object builds its own Map of all the message's fields on
// first use: for a Request (dozens of fields) that map is most of the cost of decoding a frame.
// The map depends only on the descriptor, so here it is shared per descriptor. Same fields,
// same answers; applied once, only if the reflection class still looks as expected (a future
// protobuf-es without `findNumber` / `desc` simply keeps its own implementation).
import { reflect } from '@bufbuild/protobuf/reflect';
import type { DescField, DescMessage } from '@bufbuild/protobuf';
import { RequestSchema } from './gen/ofd-protocol_pb.js';

const byNumber = new WeakMap<DescMessage, Map<number, DescField>>();

interface ReflectLike { desc: DescMessage; _fieldsByNumber?: Map<number, DescField>; findNumber(n: number): DescField | undefined }

export function shareFieldMaps(): boolean {
  const proto = Object.getPrototypeOf(reflect(RequestSchema)) as ReflectLike & { __ofdSharedFieldMaps?: true };
  if (proto.__ofdSharedFieldMaps) return true;
  if (typeof proto.findNumber !== 'function' || proto.findNumber.length !== 1) return false;
  Object.defineProperty(proto, '__ofdSharedFieldMaps', { value: true });
  proto.findNumber = function findNumber(this: ReflectLike, n: number): DescField | undefined {
    let m = this._fieldsByNumber;
    if (!m) {
      m = byNumber.get(this.desc);
      if (!m) { m = new Map(this.desc.fields.map((f) => [f.number, f])); byNumber.set(this.desc, m); }
      this._fieldsByNumber = m;
    }
    return m.get(n);
  };
  return true;
}
