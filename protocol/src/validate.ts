// Walks a message against its descriptor and reports every problem with a JSON path:
// missing required fields (proto2 `required` plus the version's own), fields that do not exist
// in the version, and values out of their documented range (section 8 of ofd-protocol.md).
import { isFieldSet, ScalarType, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from './gen/ofd-protocol_pb.js';
import { issue, type Issue, type ProtocolErrorCode } from './errors.js';
import type { ProtocolVersion } from './header.js';
import { versionSpec } from './versions/index.js';
import { CommandTypeEnum } from './gen/ofd-protocol_pb.js';
import { requestBodyField } from './commands.js';

const LEGACY_REQUIRED = 3; // FeatureSet_FieldPresence.LEGACY_REQUIRED
const UINT32_MAX_SIGNED = 0x7fffffff;
const UINT64_MAX_SIGNED = (1n << 63n) - 1n;

export interface WalkOptions {
  /** extra required fields, `<Message>.<field_name>` (the version's) */
  required?: ReadonlySet<string>;
  /** fields that must not be set (absent from the version) */
  absent?: ReadonlySet<string>;
  /** check documented value ranges @defaultValue false */
  values?: boolean;
}

/** `ofd.kkm.TicketRequest.Item` → `TicketRequest.Item` (also strips a variant package like `ofd.kkm.v202.`). */
export function typeKey(desc: DescMessage): string {
  return desc.typeName.replace(/^ofd\.kkm\.(?:v\d+\.)?/, '');
}

const typeKeys = new WeakMap<DescMessage, string>();

function checkValues(desc: DescMessage, msg: Record<string, unknown>, path: string, out: Issue[]): void {
  let key = typeKeys.get(desc);
  if (key === undefined) { key = typeKey(desc); typeKeys.set(desc, key); }
  const v = (n: string) => msg[n] as number;
  const bad = (field: string, m: string) => out.push(issue('PROTO_BAD_VALUE', `${path}.${field}`, m));
  if (key === 'Money' && isFieldSet(msg as Message, desc.field['coins']!) && v('coins') > 99) bad('coins', `coins must be 0..99, got ${v('coins')}`);
  if (key === 'Date') {
    if (v('month') < 1 || v('month') > 12) bad('month', `month must be 1..12, got ${v('month')}`);
    if (v('day') < 1 || v('day') > 31) bad('day', `day must be 1..31, got ${v('day')}`);
    if (v('year') < 1 || v('year') > 9999) bad('year', `year must be 1..9999, got ${v('year')}`);
  }
  if (key === 'Time') {
    if (v('hour') > 23) bad('hour', `hour must be 0..23, got ${v('hour')}`);
    if (v('minute') > 59) bad('minute', `minute must be 0..59, got ${v('minute')}`);
    if (v('second') > 59) bad('second', `second must be 0..59, got ${v('second')}`);
  }
}

function checkScalar(f: DescField, value: unknown, path: string, out: Issue[]): void {
  if (f.fieldKind === 'enum' || (f.fieldKind === 'list' && f.listKind === 'enum')) {
    const e = f.fieldKind === 'enum' ? f.enum : f.fieldKind === 'list' && f.listKind === 'enum' ? f.enum : undefined;
    if (e && !e.values.some((x) => x.number === value)) out.push(issue('PROTO_BAD_VALUE', path, `${String(value)} is not a value of ${e.name}`));
    return;
  }
  const scalar = f.fieldKind === 'scalar' ? f.scalar : f.fieldKind === 'list' && f.listKind === 'scalar' ? f.scalar : undefined;
  if ((scalar === ScalarType.UINT32 || scalar === ScalarType.FIXED32) && typeof value === 'number' && value > UINT32_MAX_SIGNED) {
    out.push(issue('PROTO_BAD_VALUE', path, `${value} exceeds 2^31-1 (unsigned ranges are limited to the signed maximum)`));
  }
  if ((scalar === ScalarType.UINT64 || scalar === ScalarType.FIXED64) && typeof value === 'bigint' && value > UINT64_MAX_SIGNED) {
    out.push(issue('PROTO_BAD_VALUE', path, `${value} exceeds 2^63-1 (unsigned ranges are limited to the signed maximum)`));
  }
}

function undeclaredEnumValue(unknown: readonly { no: number; wireType: number; data: Uint8Array }[], no: number): number | undefined {
  let u: { data: Uint8Array } | undefined;
  for (const x of unknown) if (x.no === no && x.wireType === 0) u = x; // the last one wins, as in proto2
  if (!u) return undefined;
  let v = 0;
  let mul = 1;
  for (const b of u.data) { v += (b & 0x7f) * mul; mul *= 128; if (!(b & 0x80)) break; }
  return v > 0x7fffffff ? v - 2 ** 64 : v; // int32 enums are sign-extended to 64 bits
}

interface FieldInfo { f: DescField; key: string; required: boolean }
const fieldInfos = new WeakMap<DescMessage, FieldInfo[]>();
function infosOf(desc: DescMessage): FieldInfo[] {
  let infos = fieldInfos.get(desc);
  if (!infos) {
    const key = typeKey(desc);
    infos = desc.fields.map((f) => ({ f, key: `${key}.${f.name}`, required: f.presence === LEGACY_REQUIRED }));
    fieldInfos.set(desc, infos);
  }
  return infos;
}

/** Every problem in `msg` (of type `desc`), paths starting at `path`. */
export function walkMessage(desc: DescMessage, msg: Message, path: string, opts: WalkOptions, out: Issue[] = []): Issue[] {
  const rec = msg as unknown as Record<string, unknown>;
  for (const { f, key: fkey, required } of infosOf(desc)) {
    const set = isFieldSet(msg, f);
    if (!set) {
      // proto2 enums are closed: an undeclared value was parsed into the unknown fields.
      const unknownValue = f.fieldKind === 'enum' && msg.$unknown ? undeclaredEnumValue(msg.$unknown, f.number) : undefined;
      if (unknownValue !== undefined && (required || opts.values)) {
        out.push(issue('PROTO_BAD_VALUE', `${path}.${f.localName}`, `${unknownValue} is not a value of ${f.fieldKind === 'enum' ? f.enum.name : ''}`));
        continue;
      }
      if (required || opts.required?.has(fkey)) out.push(issue('PROTO_MISSING_REQUIRED', `${path}.${f.localName}`, `required field ${fkey} is missing`));
      continue;
    }
    if (opts.absent?.has(fkey)) out.push(issue('PROTO_NOT_IN_VERSION', `${path}.${f.localName}`, `field ${fkey} does not exist in this protocol version`));
    const value = rec[f.localName];
    if (f.fieldKind === 'message') {
      walkMessage(f.message, value as Message, `${path}.${f.localName}`, opts, out);
    } else if (f.fieldKind === 'list') {
      if (f.listKind !== 'message' && !opts.values) continue;
      const list = value as unknown[];
      const fpath = `${path}.${f.localName}`;
      for (let i = 0; i < list.length; i++) {
        if (f.listKind === 'message') walkMessage(f.message, list[i] as Message, `${fpath}[${i}]`, opts, out);
        else checkScalar(f, list[i], `${fpath}[${i}]`, out);
      }
    } else if (opts.values) {
      checkScalar(f, value, `${path}.${f.localName}`, out);
    }
  }
  if (opts.values) checkValues(desc, rec, path, out);
  return out;
}

/** proto2 `required` fields missing anywhere in the message. */
export function missingRequired(desc: DescMessage, msg: Message, path = '$'): Issue[] {
  return walkMessage(desc, msg, path, {});
}



/**
 * Every violation of the reference in a request for `version`: required fields (schema and
 * version), the command's sub-message, commands and fields that do not exist in the version,
 * value ranges and the version's own rules. Empty = valid.
 */
export function validateRequest(req: Request, version: ProtocolVersion): Issue[] {
  const spec = versionSpec(version);
  const out = walkMessage(RequestSchema, req, '$', { required: spec.requiredFields, absent: spec.absentFields, values: true });
  if (!spec.commands.has(req.command)) {
    out.push(issue('PROTO_NOT_IN_VERSION', '$.command', `command ${req.command} does not exist in protocol ${spec.label}`));
  }
  const body = requestBodyField(req.command);
  if (body && req[body] === undefined) {
    out.push(issue('PROTO_MISSING_BODY', `$.${body}`, `command ${CommandTypeEnum[req.command] ?? req.command} needs its ${body} sub-message`));
  }
  const push = (code: ProtocolErrorCode, path: string, message: string) => out.push(issue(code, path, message));
  for (const rule of spec.requestRules) rule(req, push);
  return out;
}

/** Every violation of the reference in a response for `version` (see validateRequest). */
export function validateResponse(res: Response, version: ProtocolVersion): Issue[] {
  const spec = versionSpec(version);
  const out = walkMessage(ResponseSchema, res, '$', { required: spec.requiredFields, absent: spec.absentFields, values: true });
  if (!spec.commands.has(res.command)) {
    out.push(issue('PROTO_NOT_IN_VERSION', '$.command', `command ${res.command} does not exist in protocol ${spec.label}`));
  }
  if (res.result && !spec.resultNames.has(res.result.resultCode)) {
    out.push(issue('PROTO_NOT_IN_VERSION', '$.result.resultCode', `result code ${res.result.resultCode} does not exist in protocol ${spec.label}`));
  }
  return out;
}
