// Whole frames: header + one Request (client → server) or Response (server → client).
// The schema variant is chosen by the header's VERSION through the version registry.
import { fromBinary, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from './gen/ofd-protocol_pb.js';
import { issue, ProtocolError, unwrap, type Issue } from './errors.js';
import { APP_CODE, checkRawHeader, encodeHeader, writeHeader, HEADER_SIZE, isSupportedVersion, readRawHeader, resolveMaxSize, type FrameHeader, type FrameMeta, type RawHeader } from './header.js';
import { missingRequired } from './validate.js';
import { versionSpec, type VersionSpec } from './versions/index.js';
import { scanWireTypes } from './wire-scan.js';
import { shareFieldMaps } from './fast-reflect.js';
import { conversionKeepsRequired, fastDecode, fastEncodeInto, scratch } from './codec/codec.js';

// Local aliases: imported bindings can cost a getter call per access under some loaders (tsx).
const REQUEST = RequestSchema;
const RESPONSE = ResponseSchema;

shareFieldMaps();

export interface Frame<M> {
  header: FrameHeader;
  message: M;
  /** problems that did not prevent decoding (fields with a wrong wire type, skipped as protoc does) */
  warnings: Issue[];
}

/**
 * A decoded frame or every issue. On failure, `rawHeader` is there whenever 18 bytes were
 * (so a server can still answer with the same id/reqnum), `header` when the header itself was
 * valid, and `message` when the payload parsed but broke the schema (missing required fields).
 */
export type DecodedFrame<M> =
  | { ok: true; value: Frame<M> }
  | { ok: false; issues: Issue[]; rawHeader?: RawHeader; header?: FrameHeader; message?: M };

export interface FrameDecodeOptions {
  /** @defaultValue 1 MiB */
  maxSize?: number;
}

function encodeFrame(meta: FrameMeta, schema: DescMessage, wire: Message, canonicalDesc: DescMessage, canonical: Message): Uint8Array {
  // Compiled encoder (src/codec/): the bytes of toBinary, written behind room for the header.
  const end = fastEncodeInto(schema, wire, HEADER_SIZE);
  if (end >= 0) {
    const out = scratch().slice(0, end);
    writeHeader(out, 0, (meta as { appCode?: number }).appCode ?? APP_CODE, meta.version, end, meta.deviceId, meta.token, meta.reqNum);
    return out;
  }
  let payload: Uint8Array;
  try {
    payload = toBinary(schema, wire);
  } catch (e) {
    const issues = missingRequired(canonicalDesc, canonical);
    if (issues.length) throw new ProtocolError('PROTO_MISSING_REQUIRED', `cannot encode: ${issues.map((i) => i.path).join(', ')} missing`, issues, { cause: e });
    throw new ProtocolError('PROTO_ENCODE_FAILED', `cannot encode: ${(e as Error).message}`, [], { cause: e });
  }
  const frame = new Uint8Array(HEADER_SIZE + payload.length);
  encodeHeader({ ...meta, size: frame.length }, frame);
  frame.set(payload, HEADER_SIZE);
  return frame;
}

function specFor(meta: FrameMeta): VersionSpec {
  if (!isSupportedVersion(meta.version)) throw new ProtocolError('PROTO_UNSUPPORTED_VERSION', `protocol version ${String(meta.version)} is not supported`);
  return versionSpec(meta.version);
}

/** Encodes a request frame in the schema variant of `meta.version`. Throws ProtocolError (PROTO_MISSING_REQUIRED, PROTO_BAD_HEADER_FIELD, PROTO_UNSUPPORTED_VERSION). */
export function encodeRequestFrame(meta: FrameMeta, req: Request): Uint8Array {
  const spec = specFor(meta);
  return encodeFrame(meta, spec.wire.request, spec.requestFromCanonical(req), RequestSchema, req);
}

/** Encodes a response frame in the schema variant of `meta.version`. */
export function encodeResponseFrame(meta: FrameMeta, res: Response): Uint8Array {
  const spec = specFor(meta);
  return encodeFrame(meta, spec.wire.response, spec.responseFromCanonical(res), ResponseSchema, res);
}

function decodeFrame<M extends Message>(bytes: Uint8Array, opts: FrameDecodeOptions, kind: 'request' | 'response'): DecodedFrame<M> {
  const maxSize = resolveMaxSize(opts.maxSize);
  const rawHeader = readRawHeader(bytes);
  if (!rawHeader) return { ok: false, issues: [issue('PROTO_HEADER_SHORT', '$.header', `${bytes.length} bytes, a frame needs at least ${HEADER_SIZE}`)] };
  const issues = checkRawHeader(rawHeader, maxSize);
  if (issues.length) return { ok: false, issues, rawHeader };
  const header = rawHeader as FrameHeader;
  if (bytes.length < header.size) {
    return { ok: false, issues: [issue('PROTO_TRUNCATED', '$.header.size', `frame announces ${header.size} bytes, only ${bytes.length} present`)], rawHeader, header };
  }
  if (bytes.length > header.size) {
    return { ok: false, issues: [issue('PROTO_SIZE_MISMATCH', '$.header.size', `frame announces ${header.size} bytes but ${bytes.length} were given`)], rawHeader, header };
  }
  const spec = versionSpec(header.version);
  const wireDesc = kind === 'request' ? spec.wire.request : spec.wire.response;
  let payload = bytes.subarray(HEADER_SIZE, header.size);
  // Compiled decoder (src/codec/): it answers only for payloads the scan would pass without a
  // warning and protobuf-es would parse to an equal message; anything else takes the path below.
  const fast = fastDecode(wireDesc, payload);
  if (fast) {
    const canonicalDesc = kind === 'request' ? REQUEST : RESPONSE;
    const message = (kind === 'request' ? spec.requestToCanonical(fast.message) : spec.responseToCanonical(fast.message)) as unknown as M;
    // complete on the wire (and the 2.0.2 copy keeps it so): the required walk would find nothing
    if (!fast.missingRequired && conversionKeepsRequired(wireDesc, canonicalDesc)) return { ok: true, value: { header, message, warnings: [] } };
    const missing = missingRequired(canonicalDesc, message);
    if (missing.length) return { ok: false, issues: missing, rawHeader, header, message };
    return { ok: true, value: { header, message, warnings: [] } };
  }
  const scan = scanWireTypes(wireDesc, payload);
  if (!scan.ok) return { ok: false, issues: scan.issues, rawHeader, header };
  if (scan.cleaned) payload = scan.cleaned;
  let wire: Message;
  try {
    wire = fromBinary(wireDesc, payload);
  } catch (e) {
    return { ok: false, issues: [issue('PROTO_UNDECODABLE_PAYLOAD', '$', `payload is not a valid ${kind}: ${(e as Error).message}`)], rawHeader, header };
  }
  const message = (kind === 'request' ? spec.requestToCanonical(wire) : spec.responseToCanonical(wire)) as unknown as M;
  const missing = missingRequired(kind === 'request' ? RequestSchema : ResponseSchema, message);
  if (missing.length) return { ok: false, issues: missing, rawHeader, header, message };
  return { ok: true, value: { header, message, warnings: scan.warnings } };
}

/** Decodes a whole request frame: header checks, schema variant by version, proto2 required fields. Never throws on data (only on an invalid `maxSize` option). */
export function decodeRequestFrame(bytes: Uint8Array, opts: FrameDecodeOptions = {}): DecodedFrame<Request> {
  return decodeFrame<Request>(bytes, opts, 'request');
}

/** Decodes a whole response frame (see decodeRequestFrame). Never throws. */
export function decodeResponseFrame(bytes: Uint8Array, opts: FrameDecodeOptions = {}): DecodedFrame<Response> {
  return decodeFrame<Response>(bytes, opts, 'response');
}

/** decodeRequestFrame that throws a ProtocolError (code of the first issue, all issues attached). */
export function decodeRequestFrameOrThrow(bytes: Uint8Array, opts: FrameDecodeOptions = {}): Frame<Request> {
  return unwrap(decodeRequestFrame(bytes, opts));
}

/** decodeResponseFrame that throws a ProtocolError (code of the first issue, all issues attached). */
export function decodeResponseFrameOrThrow(bytes: Uint8Array, opts: FrameDecodeOptions = {}): Frame<Response> {
  return unwrap(decodeResponseFrame(bytes, opts));
}
