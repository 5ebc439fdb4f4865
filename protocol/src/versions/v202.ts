// Protocol 2.0.2 (header VERSION 202): the official 2021 baseline. On the wire it differs from
// the canonical schema in OrgRegInfo field 6 (varint tenantId), so it uses the derived schema
// protocol/schema/v202/ofd-protocol.proto and converts to and from the canonical messages.
import type { Message } from '@bufbuild/protobuf';
import { RequestSchema, ResponseSchema, type Request, type Response } from '../gen/ofd-protocol_pb.js';
import { RequestSchema as Request202Schema, ResponseSchema as Response202Schema } from '../gen/v202/ofd-protocol_pb.js';
import { convertMessage } from './convert.js';
import { quantityIsUint32 } from './rules.js';
import { BASE_COMMANDS, BASE_RESULT_NAMES, type VersionSpec } from './version.js';

export const v202: VersionSpec = {
  version: 202,
  label: '2.0.2',
  wire: { request: Request202Schema, response: Response202Schema },
  requestToCanonical: (m: Message) => convertMessage<Request>(m, Request202Schema, RequestSchema, { trusted: true }),
  responseToCanonical: (m: Message) => convertMessage<Response>(m, Response202Schema, ResponseSchema, { trusted: true }),
  requestFromCanonical: (m: Request) => convertMessage(m, RequestSchema, Request202Schema),
  responseFromCanonical: (m: Response) => convertMessage(m, ResponseSchema, Response202Schema),
  commands: new Set(BASE_COMMANDS),
  requiredFields: new Set([
    'NomenclatureRequest.current_version', // optional only since 2.0.3
    'NomenclatureResponse.Item.purchase_price',
    'NomenclatureResponse.Item.sell_price',
  ]),
  absentFields: new Set([
    'Request.qr', 'Response.qr',
    'TicketRequest.parent_ticket',
    'TicketRequest.Item.Commodity.list_excise_stamp', 'TicketRequest.Item.Commodity.ntin', 'TicketRequest.Item.Commodity.commodity_type',
    'TicketRequest.Item.StornoCommodity.list_excise_stamp', 'TicketRequest.Item.StornoCommodity.ntin', 'TicketRequest.Item.StornoCommodity.commodity_type',
    'TicketRequest.Payment.card_payment_fields', 'TicketRequest.Payment.mobile_payment_fields',
    'ServiceRequest.SecurityStats.GeoPosition.source',
    'PosRegInfo.address_kz', 'PosRegInfo.latitude', 'PosRegInfo.longitude',
    'OrgRegInfo.address_kz',
    'NomenclatureRequest.barcode',
    'NomenclatureResponse.Element.title_kk',
    'NomenclatureResponse.Item.ntin', 'NomenclatureResponse.Item.is_markedeac', 'NomenclatureResponse.Item.is_social',
    'ServiceResponse.RegInfo.ofd',
  ]),
  resultNames: new Map(BASE_RESULT_NAMES),
  requestRules: [quantityIsUint32],
};
