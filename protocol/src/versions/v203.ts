// Protocol 2.0.3 (header VERSION 203, Kazakhtelecom schema): the canonical schema as is.
import type { Message } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from '../gen/ofd-protocol_pb.js';
import { posReceiptNumberIsUint32, returnNeedsParentTicket } from './rules.js';
import { BASE_COMMANDS, BASE_RESULT_NAMES, type VersionSpec } from './version.js';

export const v203: VersionSpec = {
  version: 203,
  label: '2.0.3',
  wire: { request: RequestSchema, response: ResponseSchema },
  requestToCanonical: (m: Message) => m as Request,
  responseToCanonical: (m: Message) => m as Response,
  requestFromCanonical: (m: Request) => m,
  responseFromCanonical: (m: Response) => m,
  commands: new Set(BASE_COMMANDS),
  requiredFields: new Set([
    'TicketRequest.Domain.type',
    'ServiceRequest.SecurityStats.GeoPosition.source',
    'ReportResponse.zx_report',
  ]),
  absentFields: new Set([
    'Request.qr', 'Response.qr',
    'TicketRequest.Item.Commodity.commodity_type', 'TicketRequest.Item.StornoCommodity.commodity_type',
    'ServiceResponse.RegInfo.ofd',
  ]),
  resultNames: new Map([...BASE_RESULT_NAMES, [18, 'ELEMENT_NOT_FOUND_BY_BARCODE']]),
  requestRules: [returnNeedsParentTicket, posReceiptNumberIsUint32],
};
