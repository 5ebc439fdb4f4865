// Every frame in ofd-vectors.json (copied to test/fixtures/) decodes to the values listed there.
// `decoded_summary` / `expected` use the proto field names with a few conventions, read here:
//   "COMMAND_INFO (5)" enum with number · "REPORT_Z" enum name · "2023-11-20 14:07:08" DateTime ·
//   "result.result_code" dotted path · "<field>_utf8" bytes as UTF-8 text ·
//   "field_N_varint" field N of the version's wire schema · "unknown_field_N" an unknown field.
// Synthetic vectors carry `protobuf_text`, compared with protobuf-es's text-format parser.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { equals, isFieldSet, type DescMessage, type Message } from '@bufbuild/protobuf';
import { fromText } from '@bufbuild/protobuf/txtpb';
import { RequestSchema, ResponseSchema } from '../src/gen/ofd-protocol_pb.js';
import { decodeRequestFrame, decodeResponseFrame } from '../src/frame.js';
import { readRawHeader } from '../src/header.js';
import { formatOfdDateTime } from '../src/time.js';
import { versionSpec } from '../src/versions/index.js';
import type { ProtocolVersion } from '../src/header.js';

interface Vector {
  id: string; kind: string; direction: 'server->client' | 'client->server';
  header?: { app_code: string; version: number; size: number; device_id: number; token: number; req_num: number };
  frame_hex?: string; header_hex?: string;
  decoded_summary?: Record<string, unknown>; expected?: Record<string, unknown>; protobuf_text?: string;
}
const file = JSON.parse(readFileSync(new URL('./fixtures/ofd-vectors.json', import.meta.url), 'utf8')) as { vectors: Vector[] };

/** Compares `summary` with `msg` field by field; returns mismatch descriptions. */
function compare(desc: DescMessage, msg: Message, summary: Record<string, unknown>, path: string, wire: DescMessage, out: string[]): string[] {
  const rec = msg as unknown as Record<string, unknown>;
  for (const [rawKey, want] of Object.entries(summary)) {
    if (rawKey.includes('.')) {
      const [head, ...rest] = rawKey.split('.');
      compare(desc, msg, { [head!]: { [rest.join('.')]: want } }, path, wire, out);
      continue;
    }
    const unknown = /^unknown_field_(\d+)$/.exec(rawKey);
    if (unknown) {
      const no = Number(unknown[1]);
      const u = (msg.$unknown ?? []).find((x) => x.no === no);
      const m = /^length-delimited, (\d+) bytes$/.exec(String(want));
      if (!u) out.push(`${path}: unknown field ${no} not kept`);
      else if (m && (u.wireType !== 2 || u.data.length < Number(m[1]))) out.push(`${path}: unknown field ${no} is not ${want}`);
      continue;
    }
    const varint = /^field_(\d+)_varint$/.exec(rawKey);
    const utf8 = rawKey.endsWith('_utf8');
    let key = utf8 ? rawKey.slice(0, -5) : rawKey;
    if (varint) {
      const wf = wire.fields.find((f) => f.number === Number(varint[1]));
      if (!wf || wf.fieldKind !== 'scalar') { out.push(`${path}.${rawKey}: the wire schema has no varint field ${varint[1]}`); continue; }
      key = wf.name;
    }
    const f = desc.fields.find((x) => x.name === key);
    if (!f) { out.push(`${path}.${rawKey}: no such field in ${desc.typeName}`); continue; }
    const p = `${path}.${f.localName}`;
    if (!isFieldSet(msg, f)) { out.push(`${p}: not set`); continue; }
    const got = rec[f.localName];
    if (f.fieldKind === 'message') {
      if (typeof want === 'string') {
        const s = formatOfdDateTime(got as never);
        if (s !== want) out.push(`${p}: ${s} != ${want}`);
      } else compare(f.message, got as Message, want as Record<string, unknown>, p, wire, out);
    } else if (f.fieldKind === 'list') {
      const list = got as unknown[];
      const wantList = want as unknown[];
      if (list.length !== wantList.length) { out.push(`${p}: ${list.length} items, want ${wantList.length}`); continue; }
      wantList.forEach((w, i) => {
        if (f.listKind === 'message') compare(f.message, list[i] as Message, w as Record<string, unknown>, `${p}[${i}]`, wire, out);
        else if (String(list[i]) !== String(w)) out.push(`${p}[${i}]: ${String(list[i])} != ${String(w)}`);
      });
    } else if (f.fieldKind === 'enum') {
      const m = /^(\w+)(?: \((\d+)\))?$/.exec(String(want));
      const byName = f.enum.values.find((v) => v.name === m?.[1]);
      const wantNo = typeof want === 'number' ? want : m?.[2] !== undefined ? Number(m[2]) : byName?.number;
      if (m?.[2] !== undefined && byName && byName.number !== Number(m[2])) out.push(`${p}: vector says ${want} but the schema numbers ${m[1]} as ${byName.number}`);
      if (got !== wantNo) out.push(`${p}: ${String(got)} != ${String(want)}`);
    } else if (utf8) {
      const s = new TextDecoder().decode(got as Uint8Array);
      if (s !== want) out.push(`${p}: ${s} != ${String(want)}`);
    } else if (String(got) !== String(want)) {
      out.push(`${p}: ${String(got)} != ${String(want)}`);
    }
  }
  return out;
}

const framed = file.vectors.filter((v) => v.frame_hex);

test('the fixture (a copy of shared/docs/ofd-vectors.json) has real, derived and synthetic frames', () => {
  assert.ok(framed.length >= 5);
  assert.equal([...new Set(framed.map((v) => v.kind))].sort(), ['derived', 'real', 'synthetic']);
});

for (const v of framed) {
  test(`vector ${v.id} (${v.kind}) decodes to the listed values`, () => {
    const bytes = Uint8Array.from(Buffer.from(v.frame_hex!, 'hex'));
    const response = v.direction === 'server->client';
    const d = response ? decodeResponseFrame(bytes) : decodeRequestFrame(bytes);
    if (!d.ok) assert.unreachable(JSON.stringify(d.issues));
    if (!d.ok) return;
    const h = v.header!;
    assert.equal(d.value.header, { appCode: Number(h.app_code), version: h.version, size: h.size, deviceId: h.device_id, token: h.token, reqNum: h.req_num });
    assert.equal(d.value.warnings, []);
    const desc = response ? ResponseSchema : RequestSchema;
    const spec = versionSpec(h.version as ProtocolVersion);
    const wire = response ? spec.wire.response : spec.wire.request;
    const summary = v.decoded_summary ?? v.expected;
    if (summary) {
      const wireOrg = wire.file.messages.find((m) => m.name === 'OrgRegInfo')!;
      const mismatches = compare(desc, d.value.message, summary, '$', wireOrg, []);
      assert.equal(mismatches, []);
    }
    if (v.protobuf_text) {
      const want = fromText(desc, v.protobuf_text);
      assert.ok(equals(desc, d.value.message as never, want as never), 'protobuf_text differs from the decoded frame');
    }
  });
}

test('info-response-202: OrgRegInfo field 6 (2.0.2 varint tenantId) lands in tenantId, not in address_kz', () => {
  const v = framed.find((x) => x.id === 'info-response-202')!;
  const d = decodeResponseFrame(Uint8Array.from(Buffer.from(v.frame_hex!, 'hex')));
  assert.ok(d.ok);
  if (!d.ok) return;
  const org = d.value.message.service!.regInfo!.org!;
  assert.is(org.tenantId, 1);
  assert.is(org.addressKz, '');
  assert.is(d.value.message.service!.ticketAds[0]!.info!.version, 588n);
  assert.equal(d.value.message.service!.auxiliary.map((a) => [a.key, a.value]), [['validation_policy', '65535']]);
});

test('info-response-202 relabelled as 2.0.3: the varint field 6 is skipped with a warning, as protoc does', () => {
  const v = framed.find((x) => x.id === 'info-response-202')!;
  const bytes = Uint8Array.from(Buffer.from(v.frame_hex!, 'hex'));
  bytes[2] = 203;
  const d = decodeResponseFrame(bytes);
  assert.ok(d.ok);
  if (!d.ok) return;
  assert.equal(d.value.warnings.map((w) => [w.code, w.path]), [['PROTO_WIRE_TYPE_MISMATCH', '$.service.regInfo.org.addressKz']]);
  assert.is(d.value.message.service!.regInfo!.org!.addressKz, '');
  assert.is(d.value.message.service!.regInfo!.org!.inn, '960624350642');
});

test('the as-published 2.0.3 ticket response keeps its undeclared field 11 as an unknown field', () => {
  const v = framed.find((x) => x.id === 'ticket-response-203-as-published')!;
  const d = decodeResponseFrame(Uint8Array.from(Buffer.from(v.frame_hex!, 'hex')));
  assert.ok(d.ok);
  if (!d.ok) return;
  const u = d.value.message.$unknown?.find((x) => x.no === 11);
  assert.ok(u && u.wireType === 2);
});

test('request-header-202 (header only) reads as listed', () => {
  const v = file.vectors.find((x) => x.id === 'request-header-202')!;
  const h = readRawHeader(Uint8Array.from(Buffer.from(v.header_hex!, 'hex')))!;
  assert.equal([h.version, h.deviceId, h.token, h.reqNum, h.size], [202, 200956, 2704817126, 14, 0]);
});

test.run();
