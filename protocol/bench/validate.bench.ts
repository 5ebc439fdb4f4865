// Micro-benchmark of the hot path an operator server runs per request: frame decode
// (header + wire-type scan + protobuf-es parse + proto2 required walk), validateRequest and
// encodeResponseFrame. Not an npm script (not a target of an issue); run it directly:
//
//   node --import tsx protocol/bench/validate.bench.ts [--ms 1500]
//
// Prints ops/s per step as JSON on stdout (median of 5 rounds).
import { parseArgs } from 'node:util';
import {
  create, decodeRequestFrame, encodeRequestFrame, encodeResponseFrame, moneyFromTiyn, validateRequest,
  RequestSchema, ResponseSchema, type Request,
} from '../index.js';

const { values: args } = parseArgs({ options: { ms: { type: 'string', default: '1500' }, help: { type: 'boolean' } } });
if (args.help) { process.stdout.write('usage: node --import tsx protocol/bench/validate.bench.ts [--ms N]\n'); process.exit(0); }
const ROUND_MS = Number(args.ms) / 5;

const money = moneyFromTiyn;
const ticket: Request = create(RequestSchema, {
  command: 1,
  service: {
    regInfo: { kkm: { fnsKkmId: '010101234567', serialNumber: 'ZN0001', kkmId: '424242' }, org: { title: 'ТОО «Тест»', address: 'г. Алматы', inn: '123456789012' } },
    securityStats: { geoPosition: { latitude: 0, longitude: 0, source: 'UNKNOWN' } },
  },
  ticket: {
    operation: 2,
    dateTime: { date: { year: 2026, month: 1, day: 10 }, time: { hour: 10, minute: 0, second: 0 } },
    operator: { code: 1, name: 'Кассир' },
    domain: { type: 0 },
    items: [{ type: 1, commodity: { name: 'Товар', sectionCode: '1', quantity: 1000n, price: money(100_000n), sum: money(100_000n), measureUnitCode: '796' } }],
    payments: [{ type: 1, sum: money(100_000n) }],
    amounts: { total: money(100_000n) },
    frShiftNumber: 1,
    printedDocumentNumber: 5n,
  },
});
const frame = encodeRequestFrame({ version: 203, deviceId: 424242, token: 777, reqNum: 1 }, ticket);
const response = create(ResponseSchema, { command: 1, result: { resultCode: 0 }, ticket: { ticketNumber: '1234567890', qrCode: new TextEncoder().encode('https://x/?i=1') } });

function opsPerSecond(fn: () => unknown): number {
  const rates: number[] = [];
  for (let r = 0; r < 6; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (t - t0 < ROUND_MS) { for (let i = 0; i < 200; i++) fn(); n += 200; t = performance.now(); }
    if (r > 0) rates.push(n / ((t - t0) / 1000)); // round 0 is warm-up
  }
  rates.sort((a, b) => a - b);
  return Math.round(rates[2]!);
}

const d = decodeRequestFrame(frame);
if (!d.ok) throw new Error('sample frame does not decode');
const decoded = d.value.message;
if (validateRequest(decoded, 203).length) throw new Error(`sample ticket is not valid: ${JSON.stringify(validateRequest(decoded, 203))}`);
const result = {
  frameBytes: frame.length,
  decodeRequestFrame: opsPerSecond(() => decodeRequestFrame(frame)),
  validateRequest: opsPerSecond(() => validateRequest(decoded, 203)),
  decodeAndValidate: opsPerSecond(() => { const x = decodeRequestFrame(frame); if (x.ok) validateRequest(x.value.message, 203); }),
  encodeResponseFrame: opsPerSecond(() => encodeResponseFrame({ version: 203, deviceId: 424242, token: 778, reqNum: 1 }, response)),
};
process.stdout.write(JSON.stringify(result) + '\n');
