// The independent oracle: Debian's protoc against the same schema files.
//  1. frames we encode → payloads → `protoc --decode` → text → parsed (protobuf-es txtpb) → equal to the original;
//  2. messages as text → `protoc --encode` → payloads → our decode*Frame → equal to the original.
// Messages travel in batches (`repeated Request items = 1`, a wrapper proto written at test time)
// so that one protoc process checks a whole sample. 2.0.2 uses the derived schema/v202 variant.
import { skipUnless } from '../../tools/skip.js';
skipUnless('protocol protoc oracle', 'protoc');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { clone, equals, type DescMessage, type Message } from '@bufbuild/protobuf';
import { fromText, toText } from '@bufbuild/protobuf/txtpb';
import { RequestSchema, ResponseSchema } from '../src/gen/ofd-protocol_pb.js';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from '../src/frame.js';
import { encodeHeader, HEADER_SIZE, SUPPORTED_VERSIONS, type ProtocolVersion } from '../src/header.js';
import { request } from './arbitraries/request.js';
import { response } from './arbitraries/response.js';

const SCHEMA = new URL('../schema/', import.meta.url).pathname;
const SEED = Number(process.env.FC_SEED ?? 777);
const N = 60;
const tmp = mkdtempSync(join(tmpdir(), 'ofd-oracle-'));
writeFileSync(join(tmp, 'oracle.proto'), `syntax = "proto2";
import "ofd-protocol.proto";
import "v202/ofd-protocol.proto";
package oracle;
message RequestBatch { repeated ofd.kkm.Request items = 1; }
message ResponseBatch { repeated ofd.kkm.Response items = 1; }
message Request202Batch { repeated ofd.kkm.v202.Request items = 1; }
message Response202Batch { repeated ofd.kkm.v202.Response items = 1; }
`);

function protoc(mode: 'decode' | 'encode', type: string, input: Uint8Array | string): Buffer {
  const r = spawnSync('protoc', [`--${mode}=oracle.${type}`, `-I${SCHEMA}`, `-I${tmp}`, 'oracle.proto'], { input, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`protoc --${mode} ${type} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
  out.push(n);
  return out;
}

/** payloads → bytes of a batch message (field 1, length-delimited, repeated) */
function batch(payloads: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(payloads.map((p) => Buffer.concat([Buffer.from([0x0a, ...varint(p.length)]), p]))));
}

/** bytes of a batch message → payloads */
function unbatch(b: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < b.length) {
    assert.is(b[pos++], 0x0a);
    let len = 0; let shift = 0; let byte: number;
    do { byte = b[pos++]!; len += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    out.push(b.subarray(pos, pos + len));
    pos += len;
  }
  return out;
}

/** protoc's text of a batch → the text of each item */
function splitItems(text: string): string[] {
  const items: string[] = [];
  let cur: string[] | null = null;
  for (const line of text.split('\n')) {
    if (line === 'items {') cur = [];
    else if (line === '}' && cur) { items.push(cur.join('\n')); cur = null; }
    else if (cur) cur.push(line);
  }
  return items;
}

/** 2.0.2 has no OrgRegInfo.address_kz (its field 6 is tenantId). */
function for202<T extends Message>(desc: DescMessage, m: T): T {
  const c = clone(desc, m) as unknown as { service?: { regInfo?: { org?: { addressKz?: string } } } };
  if (c.service?.regInfo?.org) delete c.service.regInfo.org.addressKz;
  return c as unknown as T;
}

const kinds = [
  { name: 'Request', desc: RequestSchema, arb: request, encode: encodeRequestFrame, decode: decodeRequestFrame },
  { name: 'Response', desc: ResponseSchema, arb: response, encode: encodeResponseFrame, decode: decodeResponseFrame },
] as const;

for (const version of SUPPORTED_VERSIONS) {
  for (const k of kinds) {
    const batchType = `${k.name}${version === 202 ? '202' : ''}Batch`;
    const sample = () => fc.sample(k.arb(version as ProtocolVersion) as fc.Arbitrary<Message>, { seed: SEED + version, numRuns: N })
      .map((m) => (version === 202 ? for202(k.desc, m) : m));

    test(`${version} ${k.name}: ${N} frames we encode decode under protoc --decode to the same values`, () => {
      const msgs = sample();
      const meta = { version: version as ProtocolVersion, deviceId: 1, token: 2, reqNum: 3 };
      const payloads = msgs.map((m) => (k.encode as (a: typeof meta, b: Message) => Uint8Array)(meta, m).subarray(HEADER_SIZE));
      const items = splitItems(protoc('decode', batchType, batch(payloads)).toString('utf8'));
      assert.is(items.length, msgs.length);
      items.forEach((text, i) => {
        const theirs = fromText(k.desc, text);
        if (!equals(k.desc, theirs as never, msgs[i] as never)) {
          assert.unreachable(`item ${i} differs.\nprotoc read:\n${text}\nwe encoded:\n${toText(k.desc, msgs[i] as never)}`);
        }
      });
    });

    test(`${version} ${k.name}: ${N} messages protoc --encodes decode with us to the same values`, () => {
      const msgs = sample();
      const text = msgs.map((m) => `items {\n${toText(k.desc, m as never)}\n}\n`).join('');
      const payloads = unbatch(protoc('encode', batchType, text));
      assert.is(payloads.length, msgs.length);
      payloads.forEach((p, i) => {
        const frame = new Uint8Array(HEADER_SIZE + p.length);
        encodeHeader({ version, size: frame.length, deviceId: 1, token: 2, reqNum: i }, frame);
        frame.set(p, HEADER_SIZE);
        const d = k.decode(frame);
        if (!d.ok) assert.unreachable(`item ${i}: ${JSON.stringify(d.issues)}`);
        if (d.ok && !equals(k.desc, d.value.message as never, msgs[i] as never)) {
          assert.unreachable(`item ${i} differs.\nwe read:\n${toText(k.desc, d.value.message as never)}\nprotoc encoded:\n${toText(k.desc, msgs[i] as never)}`);
        }
      });
    });
  }
}

test('synthetic vectors: protoc --encode of their protobuf_text gives exactly the payload bytes, and we decode them', () => {
  const file = JSON.parse(readFileSync(new URL('./fixtures/ofd-vectors.json', import.meta.url), 'utf8')) as { vectors: { id: string; frame_hex?: string; protobuf_text?: string }[] };
  const synthetic = file.vectors.filter((v) => v.protobuf_text && v.frame_hex);
  assert.ok(synthetic.length >= 2);
  for (const v of synthetic) {
    const [payload] = unbatch(protoc('encode', 'RequestBatch', `items {\n${v.protobuf_text}\n}\n`));
    const frame = Buffer.from(v.frame_hex!, 'hex');
    assert.equal([...payload!], [...frame.subarray(HEADER_SIZE)], v.id);
    const d = decodeRequestFrame(Uint8Array.from(frame));
    assert.ok(d.ok && equals(RequestSchema, d.value.message, fromText(RequestSchema, v.protobuf_text!)), v.id);
  }
});

test('the captured 2.0.2 INFO response: protoc with the v202 schema reads field 6 as tenant_id like we do', () => {
  const file = JSON.parse(readFileSync(new URL('./fixtures/ofd-vectors.json', import.meta.url), 'utf8')) as { vectors: { id: string; frame_hex?: string }[] };
  const frame = Buffer.from(file.vectors.find((v) => v.id === 'info-response-202')!.frame_hex!, 'hex');
  const [text] = splitItems(protoc('decode', 'Response202Batch', batch([Uint8Array.from(frame.subarray(HEADER_SIZE))])).toString('utf8'));
  assert.match(text!, /tenant_id: 1/);
  const ours = decodeResponseFrame(Uint8Array.from(frame));
  assert.ok(ours.ok && equals(ResponseSchema, ours.value.message, fromText(ResponseSchema, text!)));
});

test.after(() => rmSync(tmp, { recursive: true, force: true }));
test.run();
