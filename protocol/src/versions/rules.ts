// Semantic rules shared by several versions, used from the version modules.
import { CommandTypeEnum, OperationTypeEnum, type Request } from '../gen/ofd-protocol_pb.js';
import type { VersionSpec } from './version.js';

type Rule = VersionSpec['requestRules'][number];

/** 2.0.3+: a return (BUY_RETURN / SELL_RETURN) must reference its original receipt. */
export const returnNeedsParentTicket: Rule = (req, push) => {
  const t = req.ticket;
  if (req.command !== CommandTypeEnum.COMMAND_TICKET || !t) return;
  const isReturn = t.operation === OperationTypeEnum.OPERATION_BUY_RETURN || t.operation === OperationTypeEnum.OPERATION_SELL_RETURN;
  if (isReturn && !t.parentTicket) push('PROTO_MISSING_REQUIRED', '$.ticket.parentTicket', 'a return must carry parent_ticket (2.0.3+)');
};

const FISCAL = new Set<number>([CommandTypeEnum.COMMAND_TICKET, CommandTypeEnum.COMMAND_CLOSE_SHIFT, CommandTypeEnum.COMMAND_REPORT, CommandTypeEnum.COMMAND_MONEY_PLACEMENT]);

/** 2.0.4: SecurityStats (geo position) is required on TICKET, CLOSE_SHIFT, REPORT and MONEY_PLACEMENT. */
export const fiscalNeedsSecurityStats: Rule = (req: Request, push) => {
  if (FISCAL.has(req.command) && !req.service?.securityStats) push('PROTO_MISSING_REQUIRED', '$.service.securityStats', 'security_stats is required on fiscal commands in 2.0.4');
};

/** 2.0.4: QR_GENERATE needs an amount. */
export const qrGenerateNeedsAmount: Rule = (req, push) => {
  if (req.command === CommandTypeEnum.COMMAND_QR_GENERATE && req.qr && !req.qr.amount) push('PROTO_MISSING_REQUIRED', '$.qr.amount', 'QR_GENERATE needs qr.amount');
};

/** 2.0.4 declares GeoPosition latitude/longitude uint32: negative values cannot be carried. */
export const geoPositionUnsigned: Rule = (req, push) => {
  const g = req.service?.securityStats?.geoPosition;
  if (!g) return;
  if (g.latitude < 0) push('PROTO_BAD_VALUE', '$.service.securityStats.geoPosition.latitude', 'latitude is uint32 in 2.0.4 (no negative values)');
  if (g.longitude < 0) push('PROTO_BAD_VALUE', '$.service.securityStats.geoPosition.longitude', 'longitude is uint32 in 2.0.4 (no negative values)');
};

const UINT32_SIGNED_MAX = 0x7fffffffn;

/** 2.0.2 declares Commodity/StornoCommodity.quantity uint32 (uint64 from 2.0.3). */
export const quantityIsUint32: Rule = (req, push) => {
  req.ticket?.items.forEach((it, i) => {
    for (const [name, c] of [['commodity', it.commodity], ['stornoCommodity', it.stornoCommodity]] as const) {
      if (c && c.quantity > UINT32_SIGNED_MAX) push('PROTO_BAD_VALUE', `$.ticket.items[${i}].${name}.quantity`, `quantity ${c.quantity} does not fit uint32 (2.0.2)`);
    }
  });
};

/** 2.0.3 declares CardPaymentFields.pos_receipt_number uint32 (uint64 in 2.0.4). */
export const posReceiptNumberIsUint32: Rule = (req, push) => {
  req.ticket?.payments.forEach((p, i) => {
    const n = p.cardPaymentFields?.posReceiptNumber;
    if (n !== undefined && n > UINT32_SIGNED_MAX) push('PROTO_BAD_VALUE', `$.ticket.payments[${i}].cardPaymentFields.posReceiptNumber`, `pos_receipt_number ${n} does not fit uint32 (2.0.3)`);
  });
};
