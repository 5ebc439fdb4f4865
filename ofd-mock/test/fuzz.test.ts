// Bad input: random bytes, truncated and mutated valid frames, lying headers — thousands per run
// against a live server. The server must never crash or throw internally, and a register on
// another connection must keep getting answers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { connect } from 'node:net';
import { encodeRequestFrame, encodeHeader, HEADER_SIZE } from '../../protocol/index.js';
import { KkmTestClient } from '../src/kkm-client.js';
import { sampleCloseShift, sampleInfo, sampleMoneyPlacement, sampleSystem, sampleTicket } from '../src/samples.js';
import { mockWith, REG } from './helpers.js';

const T0 = Date.UTC(2026, 0, 10, 5, 0, 0);
const ctx = { reg: REG, at: T0 };
const VALID = [sampleTicket(ctx), sampleInfo(ctx), sampleSystem(ctx), sampleCloseShift(ctx), sampleMoneyPlacement(ctx, 0, 100n)]
  .flatMap((r) => [202, 203, 204].map((v) => encodeRequestFrame({ version: v as 202, deviceId: REG.kkmId, token: REG.token, reqNum: 9 }, r)));

const frameArb = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 300 }),
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([f, n]) => f.subarray(0, n % f.length)),
  fc.tuple(fc.constantFrom(...VALID), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }))
    .map(([f, muts]) => { const b = new Uint8Array(f); for (const [p, v] of muts) b[p % b.length] = v; return b; }),
  fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffff }), fc.uint8Array({ maxLength: 100 }), fc.constantFrom(202, 203, 204, 125, 999))
    .map(([id, rq, payload, version]) => {
      const b = new Uint8Array(HEADER_SIZE + payload.length);
      encodeHeader({ version: version as 202, size: b.length, deviceId: id, token: 1, reqNum: rq }, b);
      b.set(payload, HEADER_SIZE);
      return b;
    }),
  fc.tuple(fc.constantFrom(...VALID), fc.integer({ min: 0, max: 0xffffffff })).map(([f, size]) => { const b = new Uint8Array(f); new DataView(b.buffer).setUint32(4, size, true); return b; }),
);

/** Opens a connection, writes the frames (coalesced), half-closes, resolves when the server closes. */
function blast(port: number, frames: Uint8Array[]): Promise<void> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' }, () => {
      for (const f of frames) s.write(f);
      s.end();
    });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => resolve());
  });
}

test('thousands of random, truncated and mutated frames: no crash, no internal error, the other register is undisturbed', async () => {
  // the witness is another register: fuzz frames (valid ones rotate REG's token) never name it
  const W = { ...REG, kkmId: 31_000_001, token: 4242 };
  const mock = await mockWith({ ledgerLimit: 1000, provision: [REG, W] });
  const internal: string[] = [];
  mock.events.on('entry', (e) => { for (const v of e.violations) if (v.code === 'OFDM_INTERNAL') internal.push(v.message); });
  const witness = await KkmTestClient.connect(mock.ports[0]!);
  let reqNum = 100;
  const witnessOk = async (): Promise<boolean> => {
    const a = await witness.request({ version: 203, deviceId: W.kkmId, token: W.token, reqNum: ++reqNum }, sampleSystem({ reg: W, at: T0 }), 5000);
    assert.is(a.message.result!.resultCode, 0, a.message.result!.resultText);
    return true;
  };
  try {
    let runs = 0;
    await fc.assert(fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 4 }), async (frames) => {
      runs++;
      await blast(mock.ports[0]!, frames);
      if (runs % 250 === 0) assert.ok(await witnessOk(), 'witness answered during the fuzz run');
      return internal.length === 0;
    }), { numRuns: 3000, seed: 20261122 });
    assert.is(runs, 3000);
    assert.equal(internal, []);
    assert.ok(await witnessOk(), 'witness still answered after the run');
    await new Promise((r) => setImmediate(r));
    assert.is(mock.connectionCount(), 1, 'every fuzz connection was closed');
  } finally {
    witness.destroy();
    await mock.close();
  }
});

test('tolerant, auto-registering, with faults on the path: still no internal error', async () => {
  const mock = await mockWith({ strict: false, autoRegister: true, ledgerLimit: 1000 });
  mock.faults.add({ name: 'l0', kind: 'latency', attrs: { ms: 0 } });
  mock.faults.add({ name: 'c', kind: 'corrupt', direction: 'to-ofd', probability: 0.2, attrs: { mode: 'payload', flips: 2 } });
  const internal: string[] = [];
  mock.events.on('entry', (e) => { for (const v of e.violations) if (v.code === 'OFDM_INTERNAL') internal.push(v.message); });
  try {
    await fc.assert(fc.asyncProperty(fc.array(frameArb, { minLength: 1, maxLength: 3 }), async (frames) => {
      await blast(mock.ports[0]!, frames);
      return internal.length === 0;
    }), { numRuns: 1500, seed: 7 });
    assert.equal(internal, []);
  } finally { await mock.close(); }
});

/** Structure-aware payloads: a Request-like tree of random fields (right or wrong wire types). */
type PbField = { num: number; v: { varint: number } | { bytes: Uint8Array } | { msg: PbField[] } };
const { BinaryWriter, WireType } = await import('@bufbuild/protobuf/wire');
function writeFields(w: InstanceType<typeof BinaryWriter>, fields: PbField[]): void {
  for (const f of fields) {
    if ('varint' in f.v) w.tag(f.num, WireType.Varint).uint32(f.v.varint);
    else if ('bytes' in f.v) w.tag(f.num, WireType.LengthDelimited).bytes(f.v.bytes);
    else { w.tag(f.num, WireType.LengthDelimited).fork(); writeFields(w, f.v.msg); w.join(); }
  }
}
const fieldArb: fc.Memo<PbField> = fc.memo((depth) => fc.record({
  num: fc.integer({ min: 1, max: 18 }),
  v: depth <= 1
    ? fc.oneof(fc.record({ varint: fc.nat({ max: 3000 }) }), fc.record({ bytes: fc.uint8Array({ maxLength: 12 }) }))
    : fc.oneof(fc.record({ varint: fc.nat({ max: 3000 }) }), fc.record({ bytes: fc.uint8Array({ maxLength: 12 }) }), fc.record({ msg: fc.array(fieldArb(depth - 1), { maxLength: 6 }) })),
}));
const structuredArb = fc.tuple(fc.integer({ min: 0, max: 9 }), fc.array(fieldArb(4), { maxLength: 8 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom(202, 203, 204))
  .map(([command, fields, id, version]) => {
    const w = new BinaryWriter();
    w.tag(1, WireType.Varint).int32(command);
    writeFields(w, fields.map((f) => ({ ...f, num: Math.min(f.num, 9) })));
    const payload = w.finish();
    const b = new Uint8Array(HEADER_SIZE + payload.length);
    encodeHeader({ version: version as 202, size: b.length, deviceId: 9000 + id, token: 77, reqNum: 1 + (payload.length % 1000) }, b);
    b.set(payload, HEADER_SIZE);
    return b;
  });

for (const strict of [true, false]) {
  test(`structure-aware requests (random sub-messages and fields), ${strict ? 'strict' : 'tolerant'}: no internal error`, async () => {
    const mock = await mockWith({ strict, autoRegister: true, ledgerLimit: 1000 });
    const internal: string[] = [];
    mock.events.on('entry', (e) => { for (const v of e.violations) if (v.code === 'OFDM_INTERNAL') internal.push(v.message); });
    try {
      await fc.assert(fc.asyncProperty(fc.array(structuredArb, { minLength: 1, maxLength: 3 }), async (frames) => {
        await blast(mock.ports[0]!, frames);
        return internal.length === 0;
      }), { numRuns: 1500, seed: strict ? 11 : 12 });
      assert.equal(internal, []);
    } finally { await mock.close(); }
  });
}

for (const [strict, version] of [[false, 203], [true, 203], [false, 202], [false, 204]] as const) test(`operator (${strict ? 'strict' : 'tolerant'}, ${version}): requests with random fields deleted (any depth) never make it throw`, async () => {
  const { Operator } = await import('../src/operator.js');
  const { resolveOptions } = await import('../src/options.js');
  const { createRng } = await import('../src/rng.js');
  const { clone, RequestSchema, missingRequired, VirtualClock } = await import('../../protocol/index.js');
  const clock = new VirtualClock(T0);
  const op = new Operator(resolveOptions({ strict }), clock, createRng(1), { register() {}, changed() {} });
  op.provision(REG);
  const vctx = { ...ctx, version };
  const bases = [sampleTicket(vctx), sampleTicket(vctx, { operation: 3, vat: true }), sampleCloseShift(vctx, { frShiftNumber: 1 }), sampleMoneyPlacement(vctx, 1, 10n), sampleInfo(vctx), sampleSystem(vctx)];
  /** every (object, key) pair in the message tree */
  const slots = (o: unknown, out: [Record<string, unknown>, string][] = []): [Record<string, unknown>, string][] => {
    if (!o || typeof o !== 'object' || o instanceof Uint8Array) return out;
    for (const k of Object.keys(o)) {
      if (k === '$typeName') continue;
      out.push([o as Record<string, unknown>, k]);
      const v = (o as Record<string, unknown>)[k];
      if (Array.isArray(v)) v.forEach((x) => slots(x, out)); else slots(v, out);
    }
    return out;
  };
  let reqNum = 0;
  const r = fc.check(fc.property(fc.nat({ max: bases.length - 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), (bi, picks) => {
    const m = clone(RequestSchema, bases[bi]!);
    for (const p of picks) {
      const all = slots(m);
      if (all.length === 0) break;
      const [obj, key] = all[p % all.length]!;
      // what a decoder can produce: an unset field, or an empty repeated field
      if (Array.isArray(obj[key])) (obj[key] as unknown[]).length = 0; else delete obj[key];
    }
    const issues = (() => { try { return missingRequired(RequestSchema, m); } catch { return []; } })();
    const st = op.registers.get(REG.kkmId)!;
    try {
      const out = op.handle({ header: { appCode: 0x81a2, version, size: 0, deviceId: REG.kkmId, token: st.token, reqNum: ++reqNum & 0xffff }, message: m, decodeIssues: issues, channel: 0 });
      if (!(typeof out.result === 'number' && out.answer.length >= 18)) throw new Error(`bad output ${out.result} ${out.answer.length}`);
      return true;
    } catch (e) {
      throw new Error(`${(e as Error).stack}\nrequest: ${JSON.stringify(m, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    }
  }), { numRuns: 1000, seed: 99 });
  assert.ok(!r.failed, r.failed ? `seed 99, ${strict} ${version}, counterexample ${JSON.stringify(r.counterexample)}: ${String(r.errorInstance).slice(0, 2000)}` : '');
});

test.run();
