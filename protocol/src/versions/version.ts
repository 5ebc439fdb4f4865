// What distinguishes one protocol version from another, as data. Each version has its own
// module (v202.ts, v203.ts, v204.ts) that fills this in; nothing else in the part branches
// on the version number. Field keys are `<Message>.<field_name>` with the canonical type name
// without package, e.g. `TicketRequest.Domain.type`.
import type { DescMessage, Message } from '@bufbuild/protobuf';
import type { ProtocolVersion } from '../header.js';
import type { Request, Response } from '../gen/ofd-protocol_pb.js';

export interface VersionSpec {
  version: ProtocolVersion;
  /** text version, e.g. "2.0.2" */
  label: string;
  /** schemas of the bytes on the wire for this version */
  wire: { request: DescMessage; response: DescMessage };
  /** wire message → canonical message (identity where the wire schema is the canonical one) */
  requestToCanonical(m: Message): Request;
  responseToCanonical(m: Message): Response;
  /** canonical → wire message for this version (fields absent from the version are dropped) */
  requestFromCanonical(m: Request): Message;
  responseFromCanonical(m: Response): Message;
  /** command codes that exist in this version */
  commands: ReadonlySet<number>;
  /** fields this version's schema declares required beyond the canonical proto2 `required` */
  requiredFields: ReadonlySet<string>;
  /** fields that do not exist (or are reserved) in this version; setting one is PROTO_NOT_IN_VERSION */
  absentFields: ReadonlySet<string>;
  /** result code → name in this version (section 5.3; e.g. 18 differs between 2.0.3 and 2.0.4) */
  resultNames: ReadonlyMap<number, string>;
  /** extra semantic rules of this version: push issues for `req` */
  requestRules: ((req: Request, push: (code: 'PROTO_MISSING_REQUIRED' | 'PROTO_BAD_VALUE' | 'PROTO_NOT_IN_VERSION', path: string, message: string) => void) => void)[];
}

/** Result names common to every supported version (section 5.3). */
export const BASE_RESULT_NAMES: readonly (readonly [number, string])[] = [
  [0, 'OK'], [1, 'UNKNOWN_ID'], [2, 'INVALID_TOKEN'], [3, 'PROTOCOL_ERROR'], [4, 'UNKNOWN_COMMAND'],
  [5, 'UNSUPPORTED_COMMAND'], [6, 'INVALID_CONFIGURATION'], [7, 'SSL_IS_NOT_ALLOWED'],
  [8, 'INVALID_REQUEST_NUMBER'], [9, 'INVALID_RETRY_REQUEST'], [10, 'CANT_CANCEL_TICKET'],
  [11, 'OPEN_SHIFT_TIMEOUT_EXPIRED'], [12, 'INVALID_LOGIN_PASSWORD'], [13, 'INCORRECT_REQUEST_DATA'],
  [14, 'NOT_ENOUGH_CASH'], [15, 'BLOCKED'], [16, 'SHIFT_ALREADY_OPENED'], [17, 'SAME_TAXPAYER_AND_CUSTOMER'],
  [254, 'SERVICE_TEMPORARILY_UNAVAILABLE'], [255, 'UNKNOWN_ERROR'],
];

/** Commands of 2.0.2/2.0.3: SYSTEM..AUTH and RESERVED. */
export const BASE_COMMANDS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 127];
