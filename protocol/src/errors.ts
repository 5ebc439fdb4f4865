// Typed errors and issues of the protocol part. Every code is stable once released; callers
// switch on `code` (see README.md for the table). Decoders return issues instead of throwing;
// only functions named for throwing (`…OrThrow`) and the encoders throw `ProtocolError`.

export type ProtocolErrorCode =
  /** fewer than 18 bytes where a header was expected */
  | 'PROTO_HEADER_SHORT'
  /** APPCODE is not 0x81A2 (stream cannot be resynchronised) */
  | 'PROTO_BAD_APPCODE'
  /** VERSION is not one of SUPPORTED_VERSIONS */
  | 'PROTO_UNSUPPORTED_VERSION'
  /** SIZE below 18 (the header alone) */
  | 'PROTO_SIZE_TOO_SMALL'
  /** SIZE above the configured maximum (default 1 MiB) */
  | 'PROTO_SIZE_TOO_LARGE'
  /** fewer bytes than SIZE announced (stream ended or buffer cut short) */
  | 'PROTO_TRUNCATED'
  /** more bytes than SIZE announced in a whole-frame buffer */
  | 'PROTO_SIZE_MISMATCH'
  /** the payload is not a valid protobuf encoding of the expected message */
  | 'PROTO_UNDECODABLE_PAYLOAD'
  /** a field arrived with a wire type the schema does not declare (skipped, like protoc) */
  | 'PROTO_WIRE_TYPE_MISMATCH'
  /** a field required by the schema (proto2 `required`) or by the version is missing */
  | 'PROTO_MISSING_REQUIRED'
  /** a command-specific sub-message is missing for the command (e.g. TICKET without ticket) */
  | 'PROTO_MISSING_BODY'
  /** a field or command that does not exist in the header's protocol version */
  | 'PROTO_NOT_IN_VERSION'
  /** a value outside its documented range (coins > 99, month 13, unknown enum value…) */
  | 'PROTO_BAD_VALUE'
  /** a header field out of range when encoding (deviceId > 2^32-1, …) */
  | 'PROTO_BAD_HEADER_FIELD'
  /** a QR check URL that does not follow section 10 */
  | 'PROTO_BAD_QR_URL'
  /** an option passed to this part is invalid (message names the option) */
  | 'PROTO_BAD_OPTION'
  /** encoding failed (e.g. a message that cannot be serialised) */
  | 'PROTO_ENCODE_FAILED';

/** One problem found in a frame or message. `path` is a JSON path: `$.header.size`, `$.ticket.items[0].commodity.price`. */
export interface Issue {
  code: ProtocolErrorCode;
  path: string;
  message: string;
}

/** Result of a decoder or validator: a value, or every issue found (never just the first). */
export type Decoded<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
    readonly issues: Issue[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function issue(code: ProtocolErrorCode, path: string, message: string): Issue {
  return { code, path, message };
}

/** Throws a ProtocolError carrying all issues when `d` failed; returns the value otherwise. */
export function unwrap<T>(d: Decoded<T>): T {
  if (d.ok) return d.value;
  const first = d.issues[0];
  throw new ProtocolError(first?.code ?? 'PROTO_UNDECODABLE_PAYLOAD', d.issues.map((i) => `${i.path}: ${i.message}`).join('; '), d.issues);
}
