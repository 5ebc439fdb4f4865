// A Request whose sub-message matches its command (the common, valid shape), for a version.
import fc from 'fast-check';
import { create } from '@bufbuild/protobuf';
import {
  AuthRequestSchema, CloseShiftRequestSchema, CommandTypeEnum, MoneyPlacementRequestSchema, NomenclatureRequestSchema,
  QRRequestSchema, ReportRequestSchema, RequestSchema, ServiceRequestSchema, TicketRequestSchema, type Request, type ServiceRequest,
} from '../../src/gen/ofd-protocol_pb.js';
import type { ProtocolVersion } from '../../src/header.js';
import { commandInVersion } from '../../src/versions/index.js';
import { message } from './message.js';

const BODIES = {
  [CommandTypeEnum.COMMAND_TICKET]: ['ticket', TicketRequestSchema],
  [CommandTypeEnum.COMMAND_CLOSE_SHIFT]: ['closeShift', CloseShiftRequestSchema],
  [CommandTypeEnum.COMMAND_REPORT]: ['report', ReportRequestSchema],
  [CommandTypeEnum.COMMAND_NOMENCLATURE]: ['nomenclature', NomenclatureRequestSchema],
  [CommandTypeEnum.COMMAND_MONEY_PLACEMENT]: ['moneyPlacement', MoneyPlacementRequestSchema],
  [CommandTypeEnum.COMMAND_AUTH]: ['auth', AuthRequestSchema],
  [CommandTypeEnum.COMMAND_QR_GENERATE]: ['qr', QRRequestSchema],
  [CommandTypeEnum.COMMAND_QR_GET_STATUS]: ['qr', QRRequestSchema],
} as const;

const ALL_COMMANDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 100, 101, 127];

export function request(version: ProtocolVersion = 203): fc.Arbitrary<Request> {
  const commands = ALL_COMMANDS.filter((c) => commandInVersion(c, version));
  return fc.constantFrom(...commands).chain((command) => {
    const body = BODIES[command as keyof typeof BODIES];
    return fc.record({
      body: body ? message(body[1]) : fc.constant(undefined),
      service: fc.option(message<ServiceRequest>(ServiceRequestSchema), { nil: undefined }),
    }).map(({ body: b, service }) => {
      const req = create(RequestSchema, { command });
      if (body && b) (req as unknown as Record<string, unknown>)[body[0]] = b;
      if (service) req.service = service;
      return req;
    });
  });
}
