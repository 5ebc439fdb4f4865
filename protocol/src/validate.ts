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
import { compiledCodecEnabled } from './codec/codec.js';

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

// ----- per-descriptor plans ---------------------------------------------------------------------
// Everything about a descriptor that the walk needs is computed once (first use) and kept in a
// WeakMap: field keys, proto2 required flags, enum value sets, range checks, child descriptors and
// the message's own value check. Paths are not built while walking: the walk keeps a stack of path
// segments and joins them only when an issue is reported.

const IMPLICIT = 2; // FeatureSet_FieldPresence.IMPLICIT
const hasOwn = Object.prototype.hasOwnProperty;

const enum Kind { Scalar, Enum, Message, ListMessage, ListScalar, ListEnum, Map }
const enum Range { None, U32, U64 }
const enum Special { None, Money, Date, Time }

interface FieldPlan {
  f: DescField;
  /** `.localName`, the path segment */
  seg: string;
  name: string;
  /** `<Message>.<field_name>` */
  key: string;
  required: boolean;
  explicit: boolean;
  kind: Kind;
  range: Range;
  enumValues: ReadonlySet<number> | null;
  enumName: string;
  child: DescMessage | null;
}

interface MessagePlan {
  typeName: string;
  fields: FieldPlan[];
  special: Special;
  /** some field here or below is proto2 `required` (the walk for decoding skips subtrees without) */
  hasRequired: boolean;
  /** the fields the required-only walk looks at: required ones and those leading to some (lazy) */
  requiredWalk: FieldPlan[] | null;
}

const plans = new WeakMap<DescMessage, MessagePlan>();

function rangeOf(t: ScalarType | undefined): Range {
  if (t === ScalarType.UINT32 || t === ScalarType.FIXED32) return Range.U32;
  if (t === ScalarType.UINT64 || t === ScalarType.FIXED64) return Range.U64;
  return Range.None;
}

function fieldPlan(f: DescField, typeKeyOfParent: string): FieldPlan {
  let kind: Kind;
  let range = Range.None;
  let e: { name: string; values: readonly { number: number }[] } | null = null;
  let child: DescMessage | null = null;
  switch (f.fieldKind) {
    case 'scalar': kind = Kind.Scalar; range = rangeOf(f.scalar); break;
    case 'enum': kind = Kind.Enum; e = f.enum; break;
    case 'message': kind = Kind.Message; child = f.message; break;
    case 'list':
      if (f.listKind === 'message') { kind = Kind.ListMessage; child = f.message; }
      else if (f.listKind === 'enum') { kind = Kind.ListEnum; e = f.enum; }
      else { kind = Kind.ListScalar; range = rangeOf(f.scalar); }
      break;
    default: kind = Kind.Map;
  }
  return {
    f, seg: `.${f.localName}`, name: f.localName, key: `${typeKeyOfParent}.${f.name}`, required: f.presence === LEGACY_REQUIRED,
    explicit: f.presence !== IMPLICIT, kind, range, enumValues: e ? new Set(e.values.map((x) => x.number)) : null, enumName: e ? e.name : '', child,
  };
}

function planOf(desc: DescMessage): MessagePlan {
  let plan = plans.get(desc);
  if (plan) return plan;
  const key = typeKey(desc);
  plan = {
    typeName: desc.typeName,
    fields: desc.fields.map((f) => fieldPlan(f, key)),
    special: key === 'Money' ? Special.Money : key === 'Date' ? Special.Date : key === 'Time' ? Special.Time : Special.None,
    hasRequired: true, // while computing (recursive schemas)
    requiredWalk: null,
  };
  plans.set(desc, plan);
  plan.hasRequired = computeHasRequired(desc, new Set());
  return plan;
}

function computeHasRequired(desc: DescMessage, seen: Set<DescMessage>): boolean {
  if (seen.has(desc)) return false;
  seen.add(desc);
  for (const f of desc.fields) {
    if (f.presence === LEGACY_REQUIRED) return true;
    const child = f.fieldKind === 'message' ? f.message : f.fieldKind === 'list' && f.listKind === 'message' ? f.message : f.fieldKind === 'map' && f.mapKind === 'message' ? f.message : undefined;
    if (child && computeHasRequired(child, seen)) return true;
  }
  return false;
}

/**
 * With no version sets and no value checks, only proto2 `required` fields can report (missing, or
 * an undeclared enum value): the walk visits those and the message fields that lead to some.
 */
function requiredWalkOf(plan: MessagePlan): FieldPlan[] {
  return plan.fields.filter((fp) => fp.required || (fp.child !== null && (fp.kind === Kind.Message || fp.kind === Kind.ListMessage) && computeHasRequired(fp.child, new Set())));
}

/** The walk's state: options, output and the current path as segments (joined only on an issue). */
interface Walk { opts: WalkOptions; out: Issue[]; root: string; segs: (string | number)[]; requiredOnly: boolean }

function pathOf(w: Walk, last?: string): string {
  let p = w.root;
  for (const s of w.segs) p += typeof s === 'number' ? `[${s}]` : s;
  return last === undefined ? p : p + last;
}

function isSet(fp: FieldPlan, msg: Record<string, unknown>, value: unknown): boolean {
  if (fp.explicit) return value !== undefined && hasOwn.call(msg, fp.name);
  if (fp.kind === Kind.ListMessage || fp.kind === Kind.ListScalar || fp.kind === Kind.ListEnum) return (value as unknown[]).length > 0;
  return isFieldSet(msg as unknown as Message, fp.f);
}

function checkScalar(w: Walk, fp: FieldPlan, value: unknown, seg: string | undefined): void {
  if (fp.enumValues) {
    if (!fp.enumValues.has(value as number)) w.out.push(issue('PROTO_BAD_VALUE', pathOf(w, seg), `${String(value)} is not a value of ${fp.enumName}`));
    return;
  }
  if (fp.range === Range.U32) {
    if (typeof value === 'number' && value > UINT32_MAX_SIGNED) w.out.push(issue('PROTO_BAD_VALUE', pathOf(w, seg), `${value} exceeds 2^31-1 (unsigned ranges are limited to the signed maximum)`));
  } else if (fp.range === Range.U64) {
    if (typeof value === 'bigint' && value > UINT64_MAX_SIGNED) w.out.push(issue('PROTO_BAD_VALUE', pathOf(w, seg), `${value} exceeds 2^63-1 (unsigned ranges are limited to the signed maximum)`));
  }
}

function badValue(w: Walk, seg: string, m: string): void { w.out.push(issue('PROTO_BAD_VALUE', pathOf(w, seg), m)); }

function checkValues(w: Walk, plan: MessagePlan, msg: Record<string, unknown>, sameType: boolean): void {
  switch (plan.special) {
    case Special.Money: {
      const coins = msg['coins'] as number;
      if (sameType && coins !== undefined && hasOwn.call(msg, 'coins') && coins > 99) badValue(w, '.coins', `coins must be 0..99, got ${coins}`);
      return;
    }
    case Special.Date: {
      const month = msg['month'] as number, day = msg['day'] as number, year = msg['year'] as number;
      if (month < 1 || month > 12) badValue(w, '.month', `month must be 1..12, got ${month}`);
      if (day < 1 || day > 31) badValue(w, '.day', `day must be 1..31, got ${day}`);
      if (year < 1 || year > 9999) badValue(w, '.year', `year must be 1..9999, got ${year}`);
      return;
    }
    case Special.Time: {
      const hour = msg['hour'] as number, minute = msg['minute'] as number, second = msg['second'] as number;
      if (hour > 23) badValue(w, '.hour', `hour must be 0..23, got ${hour}`);
      if (minute > 59) badValue(w, '.minute', `minute must be 0..59, got ${minute}`);
      if (second > 59) badValue(w, '.second', `second must be 0..59, got ${second}`);
      return;
    }
    default:
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

function walk(w: Walk, plan: MessagePlan, msg: Message): void {
  const rec = msg as unknown as Record<string, unknown>;
  const { opts, out } = w;
  const values = opts.values === true;
  const sameType = msg.$typeName == plan.typeName; // as isFieldSet: another message type has no field set
  const fields = w.requiredOnly ? (plan.requiredWalk ??= requiredWalkOf(plan)) : plan.fields;
  for (let k = 0; k < fields.length; k++) {
    const fp = fields[k]!;
    const value = rec[fp.name];
    if (!sameType || !isSet(fp, rec, value)) {
      // proto2 enums are closed: an undeclared value was parsed into the unknown fields.
      if (fp.kind === Kind.Enum && msg.$unknown && (fp.required || values)) {
        const unknownValue = undeclaredEnumValue(msg.$unknown, fp.f.number);
        if (unknownValue !== undefined) {
          out.push(issue('PROTO_BAD_VALUE', pathOf(w, fp.seg), `${unknownValue} is not a value of ${fp.enumName}`));
          continue;
        }
      }
      if (fp.required || opts.required?.has(fp.key)) out.push(issue('PROTO_MISSING_REQUIRED', pathOf(w, fp.seg), `required field ${fp.key} is missing`));
      continue;
    }
    if (opts.absent?.has(fp.key)) out.push(issue('PROTO_NOT_IN_VERSION', pathOf(w, fp.seg), `field ${fp.key} does not exist in this protocol version`));
    switch (fp.kind) {
      case Kind.Message: {
        const child = planOf(fp.child!);
        if (w.requiredOnly && !child.hasRequired) break;
        w.segs.push(fp.seg);
        walk(w, child, value as Message);
        w.segs.pop();
        break;
      }
      case Kind.ListMessage: {
        const child = planOf(fp.child!);
        if (w.requiredOnly && !child.hasRequired) break;
        const list = value as Message[];
        w.segs.push(fp.seg, 0);
        const at = w.segs.length - 1;
        for (let i = 0; i < list.length; i++) { w.segs[at] = i; walk(w, child, list[i]!); }
        w.segs.length -= 2;
        break;
      }
      case Kind.ListScalar:
      case Kind.ListEnum: {
        if (!values) break;
        const list = value as unknown[];
        w.segs.push(fp.seg, 0);
        const at = w.segs.length - 1;
        for (let i = 0; i < list.length; i++) { w.segs[at] = i; checkScalar(w, fp, list[i], undefined); }
        w.segs.length -= 2;
        break;
      }
      case Kind.Map:
        break;
      default:
        if (values) checkScalar(w, fp, value, fp.seg);
    }
  }
  if (values && plan.special !== Special.None) checkValues(w, plan, rec, sameType);
}

// ----- the same walk, compiled ------------------------------------------------------------------
// For validation with version sets and value checks (validateRequest/Response, the per-request
// call of a server) the walk above is also generated as JS per (descriptor, version sets, values)
// — property names, required/absent flags of the version, enum sets and messages as literals — and
// pushes the same issues in the same order. It throws BAIL on a message of another type or one
// carrying `$unknown` (undeclared enum values live there), and any exception (odd values) discards
// its output: walkMessage then runs the walk above, which answers (or throws) as it always did.

type CompiledWalk = (msg: Message, out: Issue[], root: string, segs: (string | number)[]) => void;
const NO_SET: ReadonlySet<string> = new Set();
const compiledWalks = new WeakMap<DescMessage, WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, [CompiledWalk | null, CompiledWalk | null]>>>();

function compiledWalkOf(desc: DescMessage, opts: WalkOptions): CompiledWalk | null {
  const req = opts.required ?? NO_SET;
  const abs = opts.absent ?? NO_SET;
  let a = compiledWalks.get(desc);
  if (!a) { a = new WeakMap(); compiledWalks.set(desc, a); }
  let b = a.get(req);
  if (!b) { b = new WeakMap(); a.set(req, b); }
  let pair = b.get(abs);
  if (!pair) { pair = [undefined as unknown as null, undefined as unknown as null]; b.set(abs, pair); }
  const k = opts.values === true ? 0 : 1;
  if (pair[k] === undefined) {
    try { pair[k] = compileWalk(desc, req, abs, opts.values === true); } catch { pair[k] = null; }
  }
  return pair[k];
}

function compileWalk(root: DescMessage, req: ReadonlySet<string>, abs: ReadonlySet<string>, values: boolean): CompiledWalk {
  const index = new Map<DescMessage, number>();
  const order: DescMessage[] = [];
  const consts: unknown[] = [];
  const c = (v: unknown): string => { consts.push(v); return `K[${consts.length - 1}]`; };
  const idx = (d: DescMessage): number => {
    let i = index.get(d);
    if (i === undefined) { i = order.length; index.set(d, i); order.push(d); }
    return i;
  };
  idx(root);
  const fns: string[] = [];
  const scalarCheck = (fp: FieldPlan, x: string, last: string): string => {
    if (fp.enumValues) {
      // a contiguous enum as a range test (same answer as Set.has: SameValueZero on int32 numbers)
      const nums = [...fp.enumValues].sort((a, b) => a - b);
      const contiguous = nums.length > 0 && nums[nums.length - 1]! - nums[0]! + 1 === nums.length;
      const notIn = contiguous ? `!(typeof ${x} === "number" && ${x} >= ${nums[0]} && ${x} <= ${nums[nums.length - 1]} && (${x} | 0) === ${x})` : `!${c(fp.enumValues)}.has(${x})`;
      return `if (${notIn}) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ${last}), \`\${String(${x})} is not a value of \${${c(fp.enumName)}}\`));`;
    }
    if (fp.enumValues) return `if (!${c(fp.enumValues)}.has(${x})) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ${last}), \`\${String(${x})} is not a value of \${${c(fp.enumName)}}\`));`;
    if (fp.range === Range.U32) return `if (typeof ${x} === "number" && ${x} > ${UINT32_MAX_SIGNED}) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ${last}), \`\${${x}} exceeds 2^31-1 (unsigned ranges are limited to the signed maximum)\`));`;
    if (fp.range === Range.U64) return `if (typeof ${x} === "bigint" && ${x} > ${c(UINT64_MAX_SIGNED)}) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ${last}), \`\${${x}} exceeds 2^63-1 (unsigned ranges are limited to the signed maximum)\`));`;
    return '';
  };
  for (let i = 0; i < order.length; i++) {
    const desc = order[i]!;
    const plan = planOf(desc);
    const body: string[] = [];
    for (const fp of plan.fields) {
      const name = JSON.stringify(fp.name);
      const seg = c(fp.seg);
      const list = fp.kind === Kind.ListMessage || fp.kind === Kind.ListScalar || fp.kind === Kind.ListEnum;
      if (fp.kind === Kind.Map || !(fp.f.presence !== IMPLICIT || list)) throw new Error('not compiled');
      const isSet = list ? `(v = m[${name}]).length > 0` : `(v = m[${name}]) !== undefined && hasOwn.call(m, ${name})`;
      const missing = fp.required || req.has(fp.key) ? `out.push(issue("PROTO_MISSING_REQUIRED", pathOf(root, S, ${seg}), ${c(`required field ${fp.key} is missing`)}));` : '';
      let present = abs.has(fp.key) ? `out.push(issue("PROTO_NOT_IN_VERSION", pathOf(root, S, ${seg}), ${c(`field ${fp.key} does not exist in this protocol version`)}));` : '';
      switch (fp.kind) {
        case Kind.Message:
          present += ` S.push(${seg}); w${idx(fp.child!)}(v, out, root, S); S.pop();`;
          break;
        case Kind.ListMessage:
          present += ` S.push(${seg}, 0); { const at = S.length - 1; for (let i = 0; i < v.length; i++) { S[at] = i; w${idx(fp.child!)}(v[i], out, root, S); } } S.length -= 2;`;
          break;
        case Kind.ListScalar:
        case Kind.ListEnum: {
          const chk = values ? scalarCheck(fp, 'x', 'undefined') : '';
          if (chk) present += ` S.push(${seg}, 0); { const at = S.length - 1; for (let i = 0; i < v.length; i++) { S[at] = i; const x = v[i]; ${chk} } } S.length -= 2;`;
          break;
        }
        default:
          if (values) present += ` ${scalarCheck(fp, 'v', seg)}`;
      }
      body.push(`if (${isSet}) { ${present} } else { ${missing} }`);
    }
    if (values) {
      if (plan.special === Special.Money) body.push('{ const coins = m["coins"]; if (coins !== undefined && hasOwn.call(m, "coins") && coins > 99) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ".coins"), `coins must be 0..99, got ${coins}`)); }');
      if (plan.special === Special.Date) body.push('{ const month = m["month"], day = m["day"], year = m["year"]; if (month < 1 || month > 12) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ".month"), `month must be 1..12, got ${month}`)); if (day < 1 || day > 31) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ".day"), `day must be 1..31, got ${day}`)); if (year < 1 || year > 9999) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ".year"), `year must be 1..9999, got ${year}`)); }');
      if (plan.special === Special.Time) body.push('{ const hour = m["hour"], minute = m["minute"], second = m["second"]; if (hour > 23) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ".hour"), `hour must be 0..23, got ${hour}`)); if (minute > 59) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ".minute"), `minute must be 0..59, got ${minute}`)); if (second > 59) out.push(issue("PROTO_BAD_VALUE", pathOf(root, S, ".second"), `second must be 0..59, got ${second}`)); }');
    }
    fns.push(`function w${i}(m, out, root, S) {\n  if (m.$typeName !== ${c(plan.typeName)} || m.$unknown) throw BAIL;\n  let v;\n  ${body.join('\n  ')}\n}`);
  }
  const src = `"use strict";\nconst hasOwn = Object.prototype.hasOwnProperty;\n${fns.join('\n')}\nreturn w0;`;
  return new Function('K', 'issue', 'pathOf', 'BAIL', src)(consts, issue, compiledPathOf, WALK_BAIL) as CompiledWalk;
}

const WALK_BAIL = Object.freeze({ bail: true });

function compiledPathOf(root: string, segs: readonly (string | number)[], last: string | undefined): string {
  let p = root;
  for (const s of segs) p += typeof s === 'number' ? `[${s}]` : s;
  return last === undefined ? p : p + last;
}

/** Every problem in `msg` (of type `desc`), paths starting at `path`. */
export function walkMessage(desc: DescMessage, msg: Message, path: string, opts: WalkOptions, out: Issue[] = []): Issue[] {
  const requiredOnly = !opts.values && !opts.required?.size && !opts.absent?.size;
  const plan = planOf(desc);
  if (requiredOnly && !plan.hasRequired) return out;
  if (!requiredOnly && compiledCodecEnabled()) {
    const compiled = compiledWalkOf(desc, opts);
    if (compiled) {
      const found: Issue[] = [];
      try {
        compiled(msg, found, path, []);
        for (const i of found) out.push(i);
        return out;
      } catch {
        // another message type, $unknown, or an odd value: the walk below answers
      }
    }
  }
  walk({ opts, out, root: path, segs: [], requiredOnly }, plan, msg);
  return out;
}

/** proto2 `required` fields missing anywhere in the message. */
export function missingRequired(desc: DescMessage, msg: Message, path = '$'): Issue[] {
  return walkMessage(desc, msg, path, {});
}



// The rules' `push`, made once (not a closure per call): rules run synchronously into ruleSink.
const NO_ISSUES: Issue[] = [];
let ruleSink: Issue[] = NO_ISSUES;
function pushToRuleSink(code: ProtocolErrorCode, path: string, message: string): void {
  ruleSink.push(issue(code, path, message));
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
  ruleSink = out;
  try {
    for (const rule of spec.requestRules) rule(req, pushToRuleSink);
  } finally {
    ruleSink = NO_ISSUES;
  }
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
