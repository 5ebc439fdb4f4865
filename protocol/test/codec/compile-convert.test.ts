// The compiled 2.0.2 ↔ canonical copy gives the reflection copy's message (same objects: keys in
// order, isFieldSet, types) for every message type, both directions; with odd values it steps
// aside so convertMessage converts or throws as before; a negative control shows the comparison
// can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { clone, create, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { DateSchema, file_ofd_protocol, MoneySchema, OrgRegInfoSchema, RequestSchema, ResponseSchema } from '../../src/gen/ofd-protocol_pb.js';
import { file_v202_ofd_protocol as file_v202, RequestSchema as Request202Schema, ResponseSchema as Response202Schema } from '../../src/gen/v202/ofd-protocol_pb.js';
import { compileConverter, copyKeepsRequired } from '../../src/codec/compile-convert.js';
import { setCompiledCodec } from '../../src/codec/codec.js';
import { convertMessage } from '../../src/versions/convert.js';
import { message } from '../arbitraries/message.js';
import { differenceOf } from './same-message.js';

const SEED = Number(process.env.FC_SEED ?? 13);
const RUNS = Number(process.env.CODEC_RUNS ?? 25);

function allMessages(list: readonly DescMessage[], out: DescMessage[] = []): DescMessage[] {
  for (const m of list) { out.push(m); allMessages(m.nestedMessages, out); }
  return out;
}
const v202ByName = new Map(allMessages(file_v202.messages).map((d) => [d.typeName.replace('ofd.kkm.v202.', 'ofd.kkm.'), d]));
const pairs: [DescMessage, DescMessage][] = allMessages(file_ofd_protocol.messages).map((d) => [d, v202ByName.get(d.typeName)!]);

function reflectionCopy(m: Message, src: DescMessage, dst: DescMessage, trusted = false): Message {
  setCompiledCodec(false);
  try { return convertMessage(m, src, dst, { trusted }); } finally { setCompiledCodec(true); }
}

test('every canonical type has its 2.0.2 twin and compiled copies both ways', () => {
  for (const [c, v] of pairs) {
    assert.ok(v, c.typeName);
    assert.ok(compileConverter(c, v), `${c.typeName} → 2.0.2`);
    assert.ok(compileConverter(v, c), `${c.typeName} ← 2.0.2`);
  }
});

for (const [label, dir, trusted] of [['canonical → 2.0.2', 0, false], ['2.0.2 → canonical', 1, false], ['2.0.2 → canonical, trusted (decoding)', 1, true]] as const) {
  test(`${label}: the compiled copy is the reflection copy for every message type (${pairs.length} × ${RUNS})`, () => {
    for (const pair of pairs) {
      const [src, dst] = dir === 0 ? pair : [pair[1], pair[0]];
      const convert = compileConverter(src, dst, !trusted)!;
      fc.assert(fc.property(message(src), (m) => {
        const d = differenceOf(dst, convert(m), reflectionCopy(m, src, dst, trusted));
        if (d) throw new Error(`${src.typeName}: ${d}`);
      }), { numRuns: RUNS, seed: SEED, endOnFailure: true });
    }
  });
}

test('unknown fields travel along (a copy of the list), and OrgRegInfo field 6 changes meaning', () => {
  const org = create(OrgRegInfoSchema, { title: 'T', tenantId: 5, addressKz: 'Алматы' });
  org.$unknown = [{ no: 99, wireType: 0, data: Uint8Array.from([1]) }];
  const to202 = pairs.find(([c]) => c === OrgRegInfoSchema)![1];
  const a = compileConverter(OrgRegInfoSchema, to202)!(org);
  assert.is(differenceOf(to202, a, reflectionCopy(org, OrgRegInfoSchema, to202)), null);
  assert.equal(a.$unknown, org.$unknown);
  assert.ok(a.$unknown !== org.$unknown, 'a copy, not the same list');
});

type Outcome = { message: Message } | { error: string };
function outcome(fn: () => Message): Outcome {
  try { return { message: fn() }; } catch (e) { return { error: (e as Error).message }; }
}

const ODD: unknown[] = [undefined, null, 0, -1, 1.5, NaN, 2 ** 32, '7', 'a\ud800b', 5n, -5n, 1n << 64n, true, {}, [], [99], new Uint8Array([1]), 99];

function mutateOnce(desc: DescMessage, m: Message, pick: number, odd: unknown): void {
  const rec = m as unknown as Record<string, unknown>;
  const f: DescField = desc.fields[pick % desc.fields.length]!;
  const v = rec[f.localName];
  if (f.fieldKind === 'message' && v !== undefined && pick % 3 !== 0) { mutateOnce(f.message, v as Message, Math.floor(pick / 7), odd); return; }
  if (f.fieldKind === 'list' && Array.isArray(v) && v.length && pick % 2 === 0) {
    if (f.listKind === 'message') mutateOnce(f.message, v[0] as Message, Math.floor(pick / 5), odd);
    else v[0] = odd;
    return;
  }
  rec[f.localName] = odd;
}

for (const [label, src, dst, trusted] of [['canonical → 2.0.2', RequestSchema, Request202Schema, false], ['2.0.2 → canonical', Request202Schema, RequestSchema, false], ['2.0.2 → canonical, trusted', Request202Schema, RequestSchema, true]] as const) {
  test(`${label} with odd values: convertMessage converts or throws exactly as the reflection copy does`, () => {
    let threw = 0;
    // (trusted copies keep NaN as it is on both sides; equals() cannot compare NaN with itself)
    const odds = trusted ? ODD.filter((x) => !Number.isNaN(x)) : ODD;
    fc.assert(fc.property(message(src), fc.nat(), fc.constantFrom(...odds), (valid, pick, odd) => {
      const m = clone(src as DescMessage, valid as Message); // mutated in place: keep fast-check's value intact for shrinking
      mutateOnce(src, m, pick, odd);
      const before = outcome(() => reflectionCopy(m, src, dst, trusted));
      const after = outcome(() => convertMessage(m, src, dst, { trusted }));
      if ('error' in before) { threw++; assert.equal(after, before); return; }
      if (!('message' in after)) throw new Error(`compiled copy threw: ${after.error}`);
      const d = differenceOf(dst, after.message, before.message);
      if (d) throw new Error(d);
    }), { numRuns: 600, seed: SEED, includeErrorInReport: true });
    if (!trusted) assert.ok(threw > 20, `only ${threw} odd values made the reflection copy throw`);
  });
}

test('copyKeepsRequired: the 2.0.2 copies keep every required field (so decoding skips the walk); a pair that does not is seen', () => {
  assert.ok(copyKeepsRequired(Request202Schema, RequestSchema));
  assert.ok(copyKeepsRequired(Response202Schema, ResponseSchema));
  assert.not.ok(copyKeepsRequired(MoneySchema, DateSchema), 'Date.year is required, Money has no year');
  assert.not.ok(copyKeepsRequired(RequestSchema, ResponseSchema), 'Response.result is required, Request has none');
});

test('negative control: the comparison notices one field dropped from a copy', () => {
  const convert = compileConverter(RequestSchema, Request202Schema)!;
  const result = fc.check(fc.property(message(RequestSchema), (m) => {
    const a = convert(m) as unknown as Record<string, unknown>;
    delete a.command; // a copy that forgot a field
    return differenceOf(Request202Schema, a as unknown as Message, reflectionCopy(m, RequestSchema, Request202Schema)) === null;
  }), { numRuns: 50, seed: SEED });
  assert.ok(result.failed);
});

test.run();
