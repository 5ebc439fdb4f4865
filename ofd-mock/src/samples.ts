// Builders of well-formed requests, for tests, the demo, the benchmark and other parts' tests.
import { create, moneyFromTiyn, toOfdDateTime, RequestSchema } from '../../protocol/index.js';
import type { DateTime, Request } from '../../protocol/index.js';
import type { Registration } from './options.js';

export const SAMPLE_REGISTRATION: Registration = {
  kkmId: 424242, token: 777, rnm: '010101234567', serial: 'ZN0001',
  org: { title: 'ТОО «Тест»', iin: '123456789012', address: 'г. Алматы, ул. Абая 1' },
  pos: { title: 'Магазин №1', address: 'г. Алматы, ул. Абая 1' },
};

export interface SampleContext {
  reg: Registration;
  at: number;
  tzOffsetMin?: number;
  offlinePeriod?: { begin: number; end: number };
  /** protocol version the request is for (2.0.3+ adds security_stats, required on fiscal commands in 2.0.4). @defaultValue 203 */
  version?: number;
}

function service(c: SampleContext, extra: Record<string, unknown> = {}) {
  const tz = c.tzOffsetMin ?? 300;
  return {
    regInfo: {
      kkm: { fnsKkmId: c.reg.rnm, serialNumber: c.reg.serial, kkmId: String(c.reg.kkmId) },
      org: { title: c.reg.org.title, address: c.reg.org.address, inn: c.reg.org.iin },
    },
    ...((c.version ?? 203) >= 203 ? { securityStats: { geoPosition: { latitude: 0, longitude: 0, source: 'UNKNOWN' } } } : {}),
    ...(c.offlinePeriod ? { offlinePeriod: { beginTime: toOfdDateTime(c.offlinePeriod.begin, tz), endTime: toOfdDateTime(c.offlinePeriod.end, tz) } } : {}),
    ...extra,
  };
}

const dt = (c: SampleContext): DateTime => toOfdDateTime(c.at, c.tzOffsetMin ?? 300);

export interface SampleTicket {
  /** 0 BUY, 1 BUY_RETURN, 2 SELL (default), 3 SELL_RETURN */
  operation?: number;
  /** line price in tiyn. @defaultValue 100000 (1000 tenge) */
  priceTiyn?: bigint;
  /** quantity in thousandths. @defaultValue 1000 */
  quantity?: number;
  section?: string;
  /** 'cash' (default) or 'card' */
  payment?: 'cash' | 'card';
  /** cash handed over (≥ total); change is computed */
  takenTiyn?: bigint;
  offlineTicketNumber?: number;
  frShiftNumber?: number;
  printedDocumentNumber?: bigint;
  customerIin?: string;
  /** VAT 12 % per item. @defaultValue false */
  vat?: boolean;
}

export function sampleTicket(c: SampleContext, t: SampleTicket = {}): Request {
  const price = t.priceTiyn ?? 100_000n;
  const qty = t.quantity ?? 1000;
  const total = (price * BigInt(qty)) / 1000n;
  const cash = (t.payment ?? 'cash') === 'cash';
  const taken = t.takenTiyn ?? total;
  const operation = t.operation ?? 2;
  return create(RequestSchema, {
    command: 1,
    ticket: {
      operation,
      dateTime: dt(c),
      operator: { code: 1, name: 'Кассир' },
      domain: { type: 0 },
      items: [{
        type: 1,
        commodity: {
          name: 'Товар', sectionCode: t.section ?? '1', quantity: BigInt(qty), price: moneyFromTiyn(price), sum: moneyFromTiyn(total),
          measureUnitCode: '796',
          ...(t.vat ? { taxes: [{ taxType: 100, percent: 12000, sum: moneyFromTiyn((total * 12n) / 112n), isInTotalSum: true }] } : {}),
        },
      }],
      payments: [{ type: cash ? 0 : 1, sum: moneyFromTiyn(cash ? taken : total) }],
      amounts: { total: moneyFromTiyn(total), ...(cash ? { taken: moneyFromTiyn(taken), change: moneyFromTiyn(taken - total) } : {}) },
      ...(t.offlineTicketNumber ? { offlineTicketNumber: t.offlineTicketNumber } : {}),
      ...(t.frShiftNumber ? { frShiftNumber: t.frShiftNumber } : {}),
      ...(t.printedDocumentNumber ? { printedDocumentNumber: t.printedDocumentNumber } : {}),
      ...(t.customerIin ? { extensionOptions: { customerIinOrBin: t.customerIin } } : {}),
      ...(operation === 1 || operation === 3 ? { parentTicket: { parentTicketNumber: '1000000001', parentTicketDataTime: dt(c), kgdKkmId: c.reg.rnm, parentTicketTotal: moneyFromTiyn(total), parentTicketIsOffline: false } } : {}),
    },
    service: service(c),
  } as never);
}

export function sampleInfo(c: SampleContext): Request {
  return create(RequestSchema, { command: 5, service: service(c, { getRegInfo: true }) } as never);
}

export function sampleSystem(c: SampleContext, extra: Record<string, unknown> = {}): Request {
  return create(RequestSchema, { command: 0, service: service(c, extra) } as never);
}

/** The register's own (here: empty) ZX report, which CLOSE_SHIFT and REPORT must carry. */
function ownReport(c: SampleContext, shift: number) {
  return { dateTime: dt(c), shiftNumber: shift, cashSum: moneyFromTiyn(0n), revenue: { sum: moneyFromTiyn(0n), isNegative: false }, openShiftTime: dt(c) };
}

export function sampleCloseShift(c: SampleContext, o: { frShiftNumber?: number; isOffline?: boolean; withdrawMoney?: boolean; printedDocumentNumber?: bigint } = {}): Request {
  return create(RequestSchema, {
    command: 2,
    closeShift: {
      closeTime: dt(c), operator: { code: 1, name: 'Кассир' }, zReport: ownReport(c, o.frShiftNumber ?? 0),
      ...(o.frShiftNumber ? { frShiftNumber: o.frShiftNumber } : {}),
      ...(o.isOffline ? { isOffline: true } : {}),
      ...(o.withdrawMoney ? { withdrawMoney: true } : {}),
      ...(o.printedDocumentNumber ? { printedDocumentNumber: o.printedDocumentNumber } : {}),
    },
    service: service(c),
  } as never);
}

export function sampleReport(c: SampleContext, report: 0 | 1, o: { isOffline?: boolean } = {}): Request {
  return create(RequestSchema, {
    command: 3,
    report: { report, dateTime: dt(c), zxReport: ownReport(c, 0), ...(o.isOffline ? { isOffline: true } : {}) },
    service: service(c),
  } as never);
}

export function sampleMoneyPlacement(c: SampleContext, operation: 0 | 1, sumTiyn: bigint, o: { isOffline?: boolean } = {}): Request {
  return create(RequestSchema, {
    command: 6,
    moneyPlacement: { datetime: dt(c), operation, sum: moneyFromTiyn(sumTiyn), operator: { code: 1, name: 'Кассир' }, ...(o.isOffline ? { isOffline: true } : {}) },
    service: service(c),
  } as never);
}

export function sampleAuth(login: string, password: string): Request {
  return create(RequestSchema, { command: 8, auth: { login, password } } as never);
}

export function sampleNomenclature(c: SampleContext, currentVersion = 0, barcode?: string): Request {
  return create(RequestSchema, { command: 4, nomenclature: { currentVersion, ...(barcode ? { barcode } : {}) }, service: service(c) } as never);
}
