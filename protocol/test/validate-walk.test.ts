// The compiled validation walk (validate.ts, per descriptor and version sets) reports exactly the
// issues of the interpreted walk, in the same order, or the call throws the same: random requests
// and responses of every version with out-of-range and odd values, messages decoded from mutated
// frames (with $unknown), and a negative control showing the comparison can fail.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { clone, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from '../src/gen/ofd-protocol_pb.js';
import { validateRequest, validateResponse, walkMessage } from '../src/validate.js';
import { setCompiledCodec } from '../src/codec/codec.js';
import { decodeRequestFrame, decodeResponseFrame, encodeRequestFrame } from '../src/frame.js';
import { SUPPORTED_VERSIONS, type ProtocolVersion } from '../src/header.js';
import { versionSpec } from '../src/versions/index.js';
import { request } from './arbitraries/request.js';
import { response } from './arbitraries/response.js';

const SEED = Number(process.env.FC_SEED ?? 17);
const RUNS = Number(process.env.VALIDATE_RUNS ?? 500);

type Outcome = { issues: unknown } | { error: string };
function outcome(fn: () => unknown): Outcome {
  try { return { issues: fn() }; } catch (e) { return { error: String((e as Error).message) }; }
}
function bothWays(fn: () => unknown): [Outcome, Outcome] {
  setCompiledCodec(false);
  const before = outcome(fn);
  setCompiledCodec(true);
  return [before, outcome(fn)];
}

const ODD: unknown[] = [undefined, null, 0, -1, 1, 13, 32, 99, 100, 150, 10000, 2 ** 31, 2 ** 32, -0, 1.5, NaN, '', 'x', 5n, (1n << 63n), (1n << 64n) - 1n, -5n, true, {}, [], [7], [1, 2]];

function mutateOnce(desc: DescMessage, m: Message, pick: number, odd: unknown): void {
  const rec = m as unknown as Record<string, unknown>;
  const f: DescField = desc.fields[pick % desc.fields.length]!;
  const v = rec[f.localName];
  const isObj = (x: unknown) => typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Uint8Array);
  if (f.fieldKind === 'message' && isObj(v) && pick % 3 !== 0) { mutateOnce(f.message, v as Message, Math.floor(pick / 7), odd); return; }
  if (f.fieldKind === 'list' && Array.isArray(v) && v.length && pick % 2 === 0) {
    if (f.listKind === 'message') { if (isObj(v[0])) mutateOnce(f.message, v[0] as Message, Math.floor(pick / 5), odd); else v[0] = odd; }
    else v[0] = odd;
    return;
  }
  if (odd === undefined && pick % 2 === 0) delete rec[f.localName];
  else rec[f.localName] = odd;
}

for (const version of SUPPORTED_VERSIONS) {
  test(`validateRequest / validateResponse at ${version}: compiled walk = interpreted walk (same issues, same order) on odd values (${RUNS})`, () => {
    let withIssues = 0;
    fc.assert(fc.property(request(version), response(version), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...ODD)), { maxLength: 3 }), (req0, res0, edits) => {
      const req = clone(RequestSchema, req0) as Request;
      const res = clone(ResponseSchema, res0) as Response;
      for (const [pick, odd] of edits) { mutateOnce(RequestSchema, req, pick, odd); mutateOnce(ResponseSchema, res, pick * 3 + 1, odd); }
      const [a, b] = bothWays(() => validateRequest(req, version));
      assert.equal(b, a);
      const [c, d] = bothWays(() => validateResponse(res, version));
      assert.equal(d, c);
      if ('issues' in a && (a.issues as unknown[]).length) withIssues++;
    }), { numRuns: RUNS, seed: SEED, includeErrorInReport: true });
    assert.ok(withIssues > RUNS / 5, `only ${withIssues} requests had issues: the property shows little`);
  });
}

test('decoded frames carrying $unknown (undeclared enum values, unknown fields) validate the same with the compiled walk on and off', () => {
  const v: ProtocolVersion = 203;
  fc.assert(fc.property(request(v), fc.nat(), fc.integer({ min: 0, max: 255 }), (req, at, byte) => {
    const frame = encodeRequestFrame({ version: v, deviceId: 1, token: 2, reqNum: 3 }, req);
    frame[18 + (at % (frame.length - 18))] = byte;
    for (const decode of [decodeRequestFrame, decodeResponseFrame]) {
      const dd = decode(frame);
      const msg = dd.ok ? dd.value.message : dd.message;
      if (!msg) continue;
      const isReq = msg.$typeName === 'ofd.kkm.Request';
      const [a, b] = bothWays(() => (isReq ? validateRequest(msg as Request, v) : validateResponse(msg as Response, v)));
      assert.equal(b, a);
    }
  }), { numRuns: RUNS, seed: SEED });
});

test('walkMessage with version sets only (no value checks) and with value checks only: same issues', () => {
  const spec = versionSpec(204);
  fc.assert(fc.property(request(204), fc.nat(), fc.constantFrom(...ODD), (req0, pick, odd) => {
    const req = clone(RequestSchema, req0);
    mutateOnce(RequestSchema, req, pick, odd);
    for (const opts of [{ required: spec.requiredFields, absent: spec.absentFields }, { values: true }, { absent: spec.absentFields, values: true }]) {
      const [a, b] = bothWays(() => walkMessage(RequestSchema, req, '$', opts));
      assert.equal(b, a);
    }
  }), { numRuns: RUNS, seed: SEED });
});

test('negative control: comparing against the walk of another version\'s sets fails', () => {
  const s202 = versionSpec(202);
  const s204 = versionSpec(204);
  const result = fc.check(fc.property(request(203), (req) => {
    setCompiledCodec(true);
    const a = walkMessage(RequestSchema, req, '$', { required: s202.requiredFields, absent: s202.absentFields, values: true });
    setCompiledCodec(false);
    const b = walkMessage(RequestSchema, req, '$', { required: s204.requiredFields, absent: s204.absentFields, values: true });
    setCompiledCodec(true);
    return JSON.stringify(a) === JSON.stringify(b);
  }), { numRuns: 200, seed: SEED });
  assert.ok(result.failed, 'the comparison must be able to fail');
});

test.run();
