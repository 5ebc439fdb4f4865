// X and Z reports computed by the operator from the documents it received (req 31.4, 31.5).
import { create, toBinary, moneyFromTiyn, toOfdDateTime, ZXReportSchema } from '../../protocol/index.js';
import type { DateTime, ZXReport } from '../../protocol/index.js';
import { clearField, clone } from '@bufbuild/protobuf';
import { OPS, type LifetimeCounters, type OpCounter, type ShiftCounters } from './counters.js';

/** Largest sum a Money can carry (bills ≤ 2^63−1, reference §8), so that absurd totals still encode. */
const MAX_TIYN = ((1n << 63n) - 1n) * 100n + 99n;
const money = (t: bigint) => moneyFromTiyn(t < 0n ? 0n : t > MAX_TIYN ? MAX_TIYN : t);
const opRows = (rows: OpCounter[]) => OPS.map((op) => ({ operation: op, count: Math.max(0, rows[op]!.count), sum: money(rows[op]!.sum) }));

export interface ReportInput {
  shift: ShiftCounters;
  lifetime: LifetimeCounters;
  cash: bigint;
  shiftNumber: number;
  at: DateTime;
  openedAt: DateTime | null;
  closedAt: DateTime | null;
}

/** The ZXReport of a shift. For a Z report pass `closedAt`; the checksum is then filled in. */
export function buildZxReport(i: ReportInput): ZXReport {
  const s = i.shift;
  const revenue = s.totalResult[2]!.sum - s.totalResult[3]!.sum - s.totalResult[0]!.sum + s.totalResult[1]!.sum;
  const r = create(ZXReportSchema, {
    dateTime: i.at,
    shiftNumber: i.shiftNumber,
    sections: [...s.sections.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([code, rows]) => ({ sectionCode: code, operations: opRows(rows) })),
    operations: opRows(s.operations),
    discounts: opRows(s.discounts),
    markups: opRows(s.markups),
    totalResult: opRows(s.totalResult),
    taxes: [...s.taxes.values()].map((t) => ({
      taxType: t.taxType, percent: t.percent,
      operations: OPS.map((op) => ({ operation: op, turnover: money(t.ops[op]!.turnover), sum: money(t.ops[op]!.sum), turnoverWithoutTax: money(t.ops[op]!.turnoverWithoutTax) })),
    })),
    startShiftNonNullableSums: OPS.map((op) => ({ operation: op, sum: money(s.startNonNullable[op]!) })),
    ticketOperations: OPS.map((op) => {
      const t = s.tickets[op]!;
      return {
        operation: op, ticketsTotalCount: Math.max(0, i.lifetime.ticketsTotal[op]!), ticketsCount: Math.max(0, t.count), ticketsSum: money(t.sum),
        payments: [...t.payments.entries()].sort(([a], [b]) => a - b).map(([p, c]) => ({ payment: p, sum: money(c.sum), count: Math.max(0, c.count) })),
        offlineCount: Math.max(0, t.offlineCount), discountSum: money(t.discountSum), markupSum: money(t.markupSum), changeSum: money(t.changeSum),
      };
    }),
    moneyPlacements: [0, 1].map((op) => ({
      operation: op, operationsTotalCount: i.lifetime.placementsTotal[op]!, operationsCount: s.placements[op]!.count,
      operationsSum: money(s.placements[op]!.sum), offlineCount: s.placements[op]!.offlineCount,
    })),
    cashSum: money(i.cash),
    revenue: { sum: money(revenue < 0n ? -revenue : revenue), isNegative: revenue < 0n },
    nonNullableSums: OPS.map((op) => ({ operation: op, sum: money(i.lifetime.nonNullable[op]!) })),
    openShiftTime: i.openedAt ?? i.at,
    ...(i.closedAt ? { closeShiftTime: i.closedAt } : {}),
  });
  if (i.closedAt) r.checksum = zxChecksum(r);
  return r;
}

/** An empty Z report with shift 0 (no Z report exists yet). */
export function emptyZReport(at: DateTime): ZXReport {
  return create(ZXReportSchema, {
    dateTime: at, shiftNumber: 0, cashSum: money(0n), revenue: { sum: money(0n), isNegative: false }, openShiftTime: at,
  });
}

let CRC_TABLE: Uint32Array | null = null;
export function crc32(bytes: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** 8 uppercase hex digits of CRC-32 over the serialized report without field 18 (reference §13.1). */
export function zxChecksum(r: ZXReport): string {
  const copy = clone(ZXReportSchema, r);
  clearField(copy, ZXReportSchema.field.checksum);
  return crc32(toBinary(ZXReportSchema, copy)).toString(16).toUpperCase().padStart(8, '0');
}
