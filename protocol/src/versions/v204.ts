// Protocol 2.0.4 (header VERSION 204, one provider's "bfd" schema): canonical wire schema,
// stricter `required`, CANCEL_TICKET removed, QR commands added, result 18 = DEREGISTERED.
import type { Message } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from '../gen/ofd-protocol_pb.js';
import { fiscalNeedsSecurityStats, geoPositionUnsigned, qrGenerateNeedsAmount, returnNeedsParentTicket } from './rules.js';
import { BASE_COMMANDS, BASE_RESULT_NAMES, type VersionSpec } from './version.js';

export const v204: VersionSpec = {
  version: 204,
  label: '2.0.4',
  wire: { request: RequestSchema, response: ResponseSchema },
  requestToCanonical: (m: Message) => m as Request,
  responseToCanonical: (m: Message) => m as Response,
  requestFromCanonical: (m: Request) => m,
  responseFromCanonical: (m: Response) => m,
  commands: new Set([...BASE_COMMANDS.filter((c) => c !== 7), 100, 101]),
  requiredFields: new Set([
    'TicketRequest.domain',
    'TicketRequest.Domain.type',
    'TicketRequest.Item.Commodity.measure_unit_code',
    'ServiceRequest.SecurityStats.GeoPosition.source',
    'CloseShiftRequest.z_report',
    'CloseShiftRequest.operator',
    'MoneyPlacementRequest.operator',
    'ReportResponse.zx_report',
    'ZXReport.open_shift_time',
    'ZXReport.TicketOperation.offline_count',
    'PosRegInfo.address_kz', 'PosRegInfo.latitude', 'PosRegInfo.longitude',
    'ServiceResponse.LastDocumentInfo.printed_document_number',
  ]),
  absentFields: new Set([
    'TicketRequest.printed_document_number_old', 'TicketRequest.ad_infos', 'TicketRequest.shift_document_number',
    'TicketRequest.Item.Commodity.excise_stamp', 'TicketRequest.Item.StornoCommodity.excise_stamp',
    'ZXReport.annulled_tickets',
    'ServiceRequest.marker',
    'OrgRegInfo.tenant_id',
  ]),
  resultNames: new Map([
    ...BASE_RESULT_NAMES.filter(([c]) => c !== 10 && c !== 16),
    [18, 'DEREGISTERED'],
    [19, 'DISCONNECTED'],
  ]),
  requestRules: [returnNeedsParentTicket, fiscalNeedsSecurityStats, qrGenerateNeedsAmount, geoPositionUnsigned],
};
