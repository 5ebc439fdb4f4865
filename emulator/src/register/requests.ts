// OFD requests built from the register's documents (ofd-protocol.md §6, §7, §9): reg info on
// every fiscal request, offline marks (offline_ticket_number / is_offline) and the offline
// period on every queued document (reqs 20–22, 27, 30.1–30.3).
import {
  create, moneyFromTiyn, toOfdDateTime, zxChecksum, RequestSchema, ZXReportSchema,
  type Request, type DateTime, type MessageInitShape,
} from '../../../protocol/index.js';
import type { Operation, PaymentType, Receipt } from '../dcp/types.js';
import { itemSum, receiptTotal } from './render.js';
import { OPS, revenue, type ShiftTotals } from './totals.js';

export const OP_CODE: Record<Operation, number> = { buy: 0, buy_return: 1, sell: 2, sell_return: 3 };
export const PAY_CODE: Record<PaymentType, number> = { cash: 0, card: 1, mobile: 4 };

export const CMD = { SYSTEM: 0, TICKET: 1, CLOSE_SHIFT: 2, REPORT: 3, INFO: 5, MONEY_PLACEMENT: 6 } as const;

export interface RegContext {
  rnm: string;
  serial: string;
  kkmId: number;
  org: { title: string; iin: string; address: string };
  tzOffsetMin: number;
  /** versions of the ad texts the register already has (so the operator sends only new ones) */
  adInfos: { type: number; version: bigint }[];
  /** a seeded defect: leave reg_info out */
  omitRegInfo?: boolean;
}

export interface OfflinePeriod { begin: number; end: number }

type ServiceInit = MessageInitShape<typeof RequestSchema>['service'];

export function service(c: RegContext, opts: { offlinePeriod?: OfflinePeriod | undefined; getRegInfo?: boolean } = {}): ServiceInit {
  const dt = (ms: number) => toOfdDateTime(ms, c.tzOffsetMin);
  return {
    ...(c.omitRegInfo ? {} : {
      regInfo: {
        kkm: { fnsKkmId: c.rnm, serialNumber: c.serial, kkmId: String(c.kkmId) },
        org: { title: c.org.title, address: c.org.address, inn: c.org.iin },
      },
    }),
    ...(opts.offlinePeriod ? { offlinePeriod: { beginTime: dt(opts.offlinePeriod.begin), endTime: dt(opts.offlinePeriod.end) } } : {}),
    ...(opts.getRegInfo ? { getRegInfo: true } : {}),
    ...(c.adInfos.length ? { ticketAdInfos: c.adInfos.map((a) => ({ type: a.type, version: a.version })) } : {}),
  } as ServiceInit;
}

const OPERATOR = { code: 1, name: 'Кассир' };

export function infoRequest(c: RegContext): Request {
  return create(RequestSchema, { command: CMD.INFO, service: service(c, { getRegInfo: true }) } as never);
}

export function systemRequest(c: RegContext, offlinePeriod?: OfflinePeriod): Request {
  return create(RequestSchema, { command: CMD.SYSTEM, service: service(c, { offlinePeriod }) } as never);
}

export interface ParentInfo { sign: string; at: number; total: number; offline: boolean; rnm: string }

export interface TicketInput {
  receipt: Receipt;
  at: number;
  number: number;
  shiftNumber: number;
  offlineNumber?: number;
  offlinePeriod?: OfflinePeriod;
  parent?: ParentInfo;
  printed?: string;
  /** defects */
  dropMarking?: boolean;
  dropCustomerIin?: boolean;
  returnAsSale?: boolean;
}

export function ticketRequest(c: RegContext, t: TicketInput): Request {
  const r = t.receipt;
  const dt = toOfdDateTime(t.at, c.tzOffsetMin);
  const total = receiptTotal(r);
  const paid = r.payments.reduce((a, p) => a + p.sum, 0);
  const cash = r.payments.filter((p) => p.type === 'cash').reduce((a, p) => a + p.sum, 0);
  const byType = new Map<number, number>();
  for (const p of r.payments) byType.set(PAY_CODE[p.type], (byType.get(PAY_CODE[p.type]) ?? 0) + p.sum);
  let operation = OP_CODE[r.operation];
  if (t.returnAsSale && (r.operation === 'sell_return' || r.operation === 'buy_return')) operation = r.operation === 'sell_return' ? OP_CODE.sell : OP_CODE.buy;
  const isReturn = operation === OP_CODE.sell_return || operation === OP_CODE.buy_return;
  return create(RequestSchema, {
    command: CMD.TICKET,
    ticket: {
      operation,
      dateTime: dt,
      operator: OPERATOR,
      domain: { type: 0 },
      items: r.items.map((it) => ({
        type: 1,
        commodity: {
          name: it.name,
          sectionCode: String(it.section ?? 1),
          quantity: BigInt(it.quantity),
          price: moneyFromTiyn(BigInt(it.price)),
          sum: moneyFromTiyn(BigInt(itemSum(it))),
          measureUnitCode: '796',
          ...(it.taxPercent ? { taxes: [{ taxType: 100, percent: Math.round(it.taxPercent * 1000), sum: moneyFromTiyn(BigInt(Math.round((itemSum(it) * it.taxPercent) / (100 + it.taxPercent)))), isInTotalSum: true }] } : {}),
          ...(it.markingCode && !t.dropMarking ? { listExciseStamp: [it.markingCode] } : {}),
        },
      })),
      payments: [...byType].map(([type, sum]) => ({ type, sum: moneyFromTiyn(BigInt(sum)) })),
      amounts: {
        total: moneyFromTiyn(BigInt(total)),
        ...(cash > 0 ? { taken: moneyFromTiyn(BigInt(cash)), change: moneyFromTiyn(BigInt(Math.max(0, paid - total))) } : {}),
      },
      frShiftNumber: t.shiftNumber,
      printedDocumentNumber: BigInt(t.number),
      ...(t.offlineNumber !== undefined ? { offlineTicketNumber: t.offlineNumber } : {}),
      ...(r.customerIin && !t.dropCustomerIin ? { extensionOptions: { customerIinOrBin: r.customerIin } } : {}),
      ...(isReturn && t.parent ? {
        parentTicket: {
          parentTicketNumber: t.parent.sign,
          parentTicketDataTime: toOfdDateTime(t.parent.at, c.tzOffsetMin),
          kgdKkmId: t.parent.rnm,
          parentTicketTotal: moneyFromTiyn(BigInt(t.parent.total)),
          parentTicketIsOffline: t.parent.offline,
        },
      } : {}),
      ...(t.printed ? { printedTicket: t.printed } : {}),
    },
    service: service(c, { offlinePeriod: t.offlinePeriod }),
  } as never);
}

export interface PlacementInput { kind: 'cash_in' | 'cash_out'; sum: number; at: number; number: number; shiftNumber: number; offline: boolean; offlinePeriod?: OfflinePeriod }

export function moneyPlacementRequest(c: RegContext, p: PlacementInput): Request {
  return create(RequestSchema, {
    command: CMD.MONEY_PLACEMENT,
    moneyPlacement: {
      datetime: toOfdDateTime(p.at, c.tzOffsetMin),
      operation: p.kind === 'cash_in' ? 0 : 1,
      sum: moneyFromTiyn(BigInt(p.sum)),
      operator: OPERATOR,
      frShiftNumber: p.shiftNumber,
      printedDocumentNumber: BigInt(p.number),
      ...(p.offline ? { isOffline: true } : {}),
    },
    service: service(c, { offlinePeriod: p.offlinePeriod }),
  } as never);
}

/** The register's own ZX report from its counters. */
export function zxReport(t: ShiftTotals, at: number, tz: number, kind: "x" | "z", lifetimeCount: Record<Operation, number>): Record<string, unknown> {
  const dt = (ms: number): DateTime => toOfdDateTime(ms, tz);
  const m = (n: number) => moneyFromTiyn(BigInt(n));
  const rev = revenue(t);
  const base: Record<string, unknown> = {
    dateTime: dt(at),
    shiftNumber: t.shiftNumber,
    operations: OPS.map((op) => ({ operation: OP_CODE[op], count: t.ops[op].count, sum: m(t.ops[op].sum) })),
    sections: Object.entries(t.sections).map(([code, ops]) => ({
      sectionCode: code,
      operations: OPS.map((op) => ({ operation: OP_CODE[op], count: ops[op].count, sum: m(ops[op].sum) })),
    })),
    ticketOperations: OPS.map((op) => ({
      operation: OP_CODE[op],
      ticketsTotalCount: lifetimeCount[op],
      ticketsCount: t.ops[op].count,
      ticketsSum: m(t.ops[op].sum),
      payments: (['cash', 'card', 'mobile'] as const).filter((p) => t.ops[op].byPayment[p].count > 0)
        .map((p) => ({ payment: PAY_CODE[p], sum: m(t.ops[op].byPayment[p].sum), count: t.ops[op].byPayment[p].count })),
      offlineCount: t.ops[op].offlineCount,
      discountSum: m(0),
      markupSum: m(0),
      changeSum: m(0),
    })),
    moneyPlacements: [
      { operation: 0, operationsTotalCount: t.deposits.count, operationsCount: t.deposits.count, operationsSum: m(t.deposits.sum), offlineCount: t.deposits.offlineCount },
      { operation: 1, operationsTotalCount: t.withdrawals.count, operationsCount: t.withdrawals.count, operationsSum: m(t.withdrawals.sum), offlineCount: t.withdrawals.offlineCount },
    ],
    cashSum: m(Math.max(0, t.cash)),
    revenue: { sum: m(Math.abs(rev)), isNegative: rev < 0 },
    ...(t.openedAt !== null ? { openShiftTime: dt(t.openedAt) } : {}),
    ...(kind === 'z' ? { closeShiftTime: dt(at) } : {}),
  };
  // the checksum both sides use (protocol's zxChecksum: CRC-32 of the serialized report without field 18),
  // so the operator recomputing it over what it received gets the same value
  if (kind === 'z') base['checksum'] = zxChecksum(create(ZXReportSchema, base as never));
  return base as never;
}

export function closeShiftRequest(c: RegContext, z: { totals: ShiftTotals; at: number; number: number; offline: boolean; offlinePeriod?: OfflinePeriod; lifetime: Record<Operation, number> }): Request {
  return create(RequestSchema, {
    command: CMD.CLOSE_SHIFT,
    closeShift: {
      closeTime: toOfdDateTime(z.at, c.tzOffsetMin),
      operator: OPERATOR,
      zReport: zxReport(z.totals, z.at, c.tzOffsetMin, 'z', z.lifetime),
      frShiftNumber: z.totals.shiftNumber,
      printedDocumentNumber: BigInt(z.number),
      ...(z.offline ? { isOffline: true } : {}),
    },
    service: service(c, { offlinePeriod: z.offlinePeriod }),
  } as never);
}

export function reportRequest(c: RegContext, x: { totals: ShiftTotals; at: number; lifetime: Record<Operation, number> }): Request {
  return create(RequestSchema, {
    command: CMD.REPORT,
    report: { report: 1, dateTime: toOfdDateTime(x.at, c.tzOffsetMin), zxReport: zxReport(x.totals, x.at, c.tzOffsetMin, 'x', x.lifetime) },
    service: service(c),
  } as never);
}
