// Micro-benchmark of protocol's frame codec: protobuf-es (reflection; the compiled codec switched
// off) against the compiled codec of src/codec/ (and the interpreted vs compiled validation walk,
// same switch), on the frames an operator server and a register
// exchange most: a TICKET request with reg info and three items and its response, an INFO request
// and its answer with reg info, a SYSTEM request. CPU time per operation (process.cpuUsage, so
// other load on the machine counts less), median of rounds.
//
//   npm run bench:codec [-- --ms 2000 --out reports/bench/codec.json]
//
// Prints one line per operation and writes the figures as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fromBinary, toBinary, type DescMessage, type Message } from '@bufbuild/protobuf';
import {
  create, decodeRequestFrame, decodeResponseFrame, systemClock, validateRequest, validateResponse, encodeRequestFrame, encodeResponseFrame, moneyFromTiyn, HEADER_SIZE,
  RequestSchema, ResponseSchema, type ProtocolVersion, type Request, type Response,
} from '../index.js';
import { RequestSchema as Request202Schema, ResponseSchema as Response202Schema } from '../src/gen/v202/ofd-protocol_pb.js';
import { fastDecode, fastToBinary, setCompiledCodec } from '../src/codec/codec.js';

const { values: args } = parseArgs({ options: { ms: { type: 'string', default: '2000' }, out: { type: 'string', default: 'reports/bench/codec.json' }, help: { type: 'boolean' } } });
if (args.help) {
  process.stdout.write('usage: npm run bench:codec [-- --ms N (per measurement, default 2000) --out FILE (default reports/bench/codec.json)]\n');
  process.exit(0);
}
const ROUNDS = 5;
const ROUND_MS = Number(args.ms) / ROUNDS;
if (!Number.isFinite(ROUND_MS) || ROUND_MS <= 0) { process.stderr.write('--ms must be a positive number\n'); process.exit(2); }

const money = moneyFromTiyn;
const dateTime = { date: { year: 2026, month: 11, day: 22 }, time: { hour: 16, minute: 5, second: 7 } };
const service = {
  regInfo: { kkm: { fnsKkmId: '010101234567', serialNumber: 'ZN0001', kkmId: '424242' }, org: { title: 'ТОО «Тест»', address: 'г. Алматы, ул. Абая 1', inn: '123456789012' } },
  securityStats: { geoPosition: { latitude: 0, longitude: 0, source: 'UNKNOWN' } },
};
const item = (name: string, priceTiyn: bigint, qty: bigint) => ({
  type: 1,
  commodity: {
    name, sectionCode: '1', quantity: qty, price: money(priceTiyn), sum: money((priceTiyn * qty) / 1000n), measureUnitCode: '796',
    taxes: [{ taxType: 100, percent: 12000, sum: money((priceTiyn * qty) / 1000n * 12n / 112n), isInTotalSum: true }],
  },
});
const ticket: Request = create(RequestSchema, {
  command: 1,
  service,
  ticket: {
    operation: 2, dateTime, operator: { code: 1, name: 'Кассир' }, domain: { type: 0 },
    items: [item('Хлеб белый', 25_000n, 2000n), item('Молоко 3,2 %', 62_000n, 1000n), item('Sugar 1 kg', 79_900n, 1000n)],
    payments: [{ type: 1, sum: money(191_900n) }],
    amounts: { total: money(191_900n) },
    frShiftNumber: 12,
    printedDocumentNumber: 345n,
  },
} as never);
const ticketResponse: Response = create(ResponseSchema, {
  command: 1, result: { resultCode: 0 }, reqNum: 1,
  ticket: { ticketNumber: '1234567890123', qrCode: new TextEncoder().encode('https://consumer.oofd.kz/?i=1234567890123&f=010101234567&s=1919.00&t=20261122T160507') },
} as never);
const info: Request = create(RequestSchema, { command: 5, service: { ...service, getRegInfo: true } } as never);
const infoResponse: Response = create(ResponseSchema, {
  command: 5, result: { resultCode: 0 },
  service: { regInfo: { kkm: { fnsKkmId: '010101234567', serialNumber: 'ZN0001', kkmId: '424242', pointOfPaymentNumber: '1', terminalNumber: '1' }, pos: { title: 'Магазин №1', address: 'г. Алматы, ул. Абая 1' }, org: { title: 'ТОО «Тест»', address: 'г. Алматы, ул. Абая 1', inn: '123456789012', okved: '47190' } } },
} as never);
const system: Request = create(RequestSchema, { command: 0, service } as never);


/** CPU ns per call of fn: median of ROUNDS rounds after a warm-up round. */
function nsPerOp(fn: () => unknown): number {
  const rates: number[] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    let n = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    while (performance.now() - t0 < ROUND_MS) { for (let i = 0; i < 100; i++) fn(); n += 100; }
    const c = process.cpuUsage(c0);
    if (r > 0) rates.push(((c.user + c.system) * 1000) / n);
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[Math.floor(ROUNDS / 2)]!);
}

interface Case { name: string; desc: DescMessage; message: Message; kind: 'request' | 'response'; version: ProtocolVersion }
const cases: Case[] = [
  { name: 'ticket request', desc: RequestSchema, message: ticket, kind: 'request', version: 203 },
  { name: 'ticket response', desc: ResponseSchema, message: ticketResponse, kind: 'response', version: 203 },
  { name: 'info request', desc: RequestSchema, message: info, kind: 'request', version: 203 },
  { name: 'info response', desc: ResponseSchema, message: infoResponse, kind: 'response', version: 203 },
  { name: 'system request', desc: RequestSchema, message: system, kind: 'request', version: 203 },
  // 2.0.2: the frame carries the v202 schema variant; the message is converted to/from the canonical one
  { name: 'ticket req @202', desc: Request202Schema, message: ticket, kind: 'request', version: 202 },
  { name: 'ticket res @202', desc: Response202Schema, message: ticketResponse, kind: 'response', version: 202 },
];

type Row = { case: string; op: string; bytes: number; offNs: number; compiledNs: number; speedup: number };
const rows: Row[] = [];
function measure(c: Case, op: string, bytes: number, fn: () => unknown): void {
  setCompiledCodec(false);
  const before = nsPerOp(fn);
  setCompiledCodec(true);
  const after = nsPerOp(fn);
  const row = { case: c.name, op, bytes, offNs: before, compiledNs: after, speedup: Math.round((before / after) * 100) / 100 };
  rows.push(row);
  process.stdout.write(`${c.name.padEnd(16)} ${op.padEnd(20)} ${String(bytes).padStart(5)} B  off ${String(before).padStart(6)} ns  compiled ${String(after).padStart(6)} ns  ×${row.speedup}\n`);
}

const loadAtStart = loadavg()[0]!;
process.stdout.write('CPU ns per operation; off = protobuf-es and the interpreted validation walk (the code before src/codec/), compiled = src/codec/ and the compiled walk\n');
for (const c of cases) {
  const META = { version: c.version, deviceId: 424242, token: 777, reqNum: 1 };
  const frame = c.kind === 'request' ? encodeRequestFrame(META, c.message as Request) : encodeResponseFrame(META, c.message as Response);
  const payload = frame.subarray(HEADER_SIZE);
  const wire = fromBinary(c.desc, payload); // the message in the frame's own schema variant
  // the two paths must agree before they are timed
  const viaEs = toBinary(c.desc, wire);
  const viaCompiled = fastToBinary(c.desc, wire);
  if (!viaCompiled || Buffer.compare(viaEs, viaCompiled) !== 0) throw new Error(`${c.name}: compiled encoding differs from toBinary`);
  if (!fastDecode(c.desc, payload)) throw new Error(`${c.name}: the compiled decoder does not take the sample`);
  if (c.kind === 'request') {
    measure(c, 'decodeRequestFrame', frame.length, () => decodeRequestFrame(frame));
    measure(c, 'encodeRequestFrame', frame.length, () => encodeRequestFrame(META, c.message as Request));
  } else {
    measure(c, 'decodeResponseFrame', frame.length, () => decodeResponseFrame(frame));
    measure(c, 'encodeResponseFrame', frame.length, () => encodeResponseFrame(META, c.message as Response));
  }
  if (c.kind === 'request') {
    const req = decodeRequestFrame(frame);
    if (!req.ok) throw new Error(`${c.name}: does not decode`);
    measure(c, 'validateRequest', frame.length, () => validateRequest(req.value.message, c.version));
  } else {
    const res = decodeResponseFrame(frame);
    if (!res.ok) throw new Error(`${c.name}: does not decode`);
    measure(c, 'validateResponse', frame.length, () => validateResponse(res.value.message, c.version));
  }
  measure(c, 'payload decode', payload.length, () => { const d = fastDecode(c.desc, payload); return d ? d.message : fromBinary(c.desc, payload); });
  measure(c, 'payload encode', payload.length, () => fastToBinary(c.desc, wire) ?? toBinary(c.desc, wire));
}

const report = {
  schema: 'kkm-bench/codec-bench@1',
  at: new Date(systemClock.now()).toISOString(),
  unit: 'CPU ns per operation (process.cpuUsage), median of 5 rounds after a warm-up round',
  columns: { offNs: 'compiled codec off: protobuf-es fromBinary/toBinary with the wire-type scan, the reflection 2.0.2 copy, the interpreted validation walk', compiledNs: 'src/codec/ compiled decoder/encoder/copy and the compiled validation walk' },
  roundMs: ROUND_MS,
  protobufEs: '@bufbuild/protobuf 2.13.0 (reflection; protocol/src/fast-reflect.ts applied)',
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAvgAtStart: loadAtStart, loadAvgAtEnd: loadavg()[0]! },
  rows,
};
mkdirSync(dirname(args.out!), { recursive: true });
writeFileSync(args.out!, JSON.stringify(report, null, 2) + '\n');
process.stderr.write(`wrote ${args.out}\n`);
