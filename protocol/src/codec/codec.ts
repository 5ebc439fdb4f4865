// Entry to the compiled codecs: compiled on first use per descriptor, cached, and used only
// where they give protobuf-es's exact answer; `undefined` / -1 means "use protobuf-es".
import type { DescMessage, Message } from '@bufbuild/protobuf';
import { compileDecoder, DecodeFlags, type CompiledDecoder } from './compile-decode.js';
import { compileEncoder, type CompiledEncoder } from './compile-encode.js';
import { compileConverter, copyKeepsRequired, type CompiledConverter } from './compile-convert.js';
import { W as W_ } from './runtime.js';

// Local aliases: imported bindings can cost a getter call per access under some loaders (tsx).
const W = W_;
const Flags = DecodeFlags;

const decoders = new Map<DescMessage, CompiledDecoder | null>();
const encoders = new Map<DescMessage, CompiledEncoder | null>();
const converters = [new Map<DescMessage, Map<DescMessage, CompiledConverter | null>>(), new Map<DescMessage, Map<DescMessage, CompiledConverter | null>>()];
// PROTOCOL_COMPILED_CODEC=0 in the environment starts with the compiled code off (protobuf-es and
// the interpreted validation walk only): for A/B measurements of whole programs.
let enabled = process.env['PROTOCOL_COMPILED_CODEC'] !== '0';

/** Turns the compiled codecs on or off (off = protobuf-es only, as before; for benchmarks and tests). */
export function setCompiledCodec(on: boolean): void {
  enabled = on;
}

export function compiledCodecEnabled(): boolean {
  return enabled;
}

function decoderOf(desc: DescMessage): CompiledDecoder | null {
  let d = decoders.get(desc);
  if (d === undefined) {
    try { d = compileDecoder(desc); } catch { d = null; } // a compiler bug must not break decoding: protobuf-es then
    decoders.set(desc, d);
  }
  return d;
}

function encoderOf(desc: DescMessage): CompiledEncoder | null {
  let e = encoders.get(desc);
  if (e === undefined) {
    try { e = compileEncoder(desc); } catch { e = null; }
    encoders.set(desc, e);
  }
  return e;
}

function converterOf(src: DescMessage, dst: DescMessage, checked: boolean): CompiledConverter | null {
  const cache = converters[checked ? 0 : 1]!;
  let byDst = cache.get(src);
  if (!byDst) { byDst = new Map(); cache.set(src, byDst); }
  let c = byDst.get(dst);
  if (c === undefined) {
    try { c = compileConverter(src, dst, checked); } catch { c = null; }
    byDst.set(dst, c);
  }
  return c;
}

/**
 * The copy of versions/convert.ts (`src` message → `dst` schema variant by field name, values
 * checked as reflect checks them or, `checked` false, trusted), compiled;
 * undefined: use the reflection copy (which then converts or throws as it always did).
 */
export function fastConvert(message: Message, src: DescMessage, dst: DescMessage, checked = true): Message | undefined {
  if (!enabled) return undefined;
  const c = converterOf(src, dst, checked);
  if (!c) return undefined;
  try {
    return c(message);
  } catch {
    return undefined;
  }
}

const keepsRequired = new Map<DescMessage, Map<DescMessage, boolean>>();

/** copyKeepsRequired, cached per pair (the same descriptor for both: true). */
export function conversionKeepsRequired(src: DescMessage, dst: DescMessage): boolean {
  if (src === dst) return true;
  let byDst = keepsRequired.get(src);
  if (!byDst) { byDst = new Map(); keepsRequired.set(src, byDst); }
  let k = byDst.get(dst);
  if (k === undefined) { k = copyKeepsRequired(src, dst); byDst.set(dst, k); }
  return k;
}

/** Result of a fast decode: the message, and whether some proto2 `required` field was absent. */
export interface FastDecoded { message: Message; missingRequired: boolean }

/**
 * Decodes `bytes` as `desc` when the compiled decoder fully understands them; the message equals
 * what protobuf-es `fromBinary` returns and the wire-type scan would have found nothing.
 * `undefined`: use the scan + protobuf-es path (which then decides).
 */
export function fastDecode(desc: DescMessage, bytes: Uint8Array): FastDecoded | undefined {
  if (!enabled) return undefined;
  const d = decoderOf(desc);
  if (!d) return undefined;
  Flags.missingRequired = false;
  try {
    const message = d(bytes);
    return { message, missingRequired: Flags.missingRequired };
  } catch {
    return undefined; // BAIL, or anything unforeseen: protobuf-es decides
  }
}

/**
 * Writes `message` as `desc` into the shared scratch buffer from `offset` and returns the end
 * position (the bytes are `scratch()[offset, end)`, valid until the next call), or -1: use
 * protobuf-es `toBinary`.
 */
export function fastEncodeInto(desc: DescMessage, message: Message, offset: number): number {
  if (!enabled) return -1;
  const e = encoderOf(desc);
  if (!e) return -1;
  if (W.b.length < offset + 16) W.b = new Uint8Array(Math.max(8192, offset * 2 + 16));
  W.w = offset;
  try {
    e(message);
    return W.w;
  } catch {
    return -1;
  }
}

/** The scratch buffer fastEncodeInto wrote to. */
export function scratch(): Uint8Array {
  return W.b;
}

/** `toBinary` through the compiled encoder (a fresh copy), or undefined. */
export function fastToBinary(desc: DescMessage, message: Message): Uint8Array | undefined {
  const end = fastEncodeInto(desc, message, 0);
  return end < 0 ? undefined : W.b.slice(0, end);
}
