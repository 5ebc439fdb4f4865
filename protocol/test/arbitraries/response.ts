// A Response whose sub-message fits its command (TICKET → ticket, REPORT/CLOSE_SHIFT/INFO → report…).
import fc from 'fast-check';
import { create } from '@bufbuild/protobuf';
import {
  AuthResponseSchema, CommandTypeEnum, NomenclatureResponseSchema, QRResponseSchema, ReportResponseSchema,
  ResponseSchema, ServiceResponseSchema, TicketResponseSchema, type Response, type ServiceResponse,
} from '../../src/gen/ofd-protocol_pb.js';
import type { ProtocolVersion } from '../../src/header.js';
import { commandInVersion, versionSpec } from '../../src/versions/index.js';
import { message } from './message.js';

const BODIES = {
  [CommandTypeEnum.COMMAND_TICKET]: ['ticket', TicketResponseSchema],
  [CommandTypeEnum.COMMAND_CLOSE_SHIFT]: ['report', ReportResponseSchema],
  [CommandTypeEnum.COMMAND_REPORT]: ['report', ReportResponseSchema],
  [CommandTypeEnum.COMMAND_INFO]: ['report', ReportResponseSchema],
  [CommandTypeEnum.COMMAND_NOMENCLATURE]: ['nomenclature', NomenclatureResponseSchema],
  [CommandTypeEnum.COMMAND_AUTH]: ['auth', AuthResponseSchema],
  [CommandTypeEnum.COMMAND_QR_GENERATE]: ['qr', QRResponseSchema],
  [CommandTypeEnum.COMMAND_QR_GET_STATUS]: ['qr', QRResponseSchema],
} as const;

const ALL_COMMANDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 100, 101, 127];

export function response(version: ProtocolVersion = 203): fc.Arbitrary<Response> {
  const commands = ALL_COMMANDS.filter((c) => commandInVersion(c, version));
  const results = [...versionSpec(version).resultNames.keys()];
  return fc.constantFrom(...commands).chain((command) => {
    const body = BODIES[command as keyof typeof BODIES];
    return fc.record({
      resultCode: fc.constantFrom(...results),
      resultText: fc.option(fc.string({ unit: 'grapheme', maxLength: 20 }), { nil: undefined }),
      body: body ? message(body[1]) : fc.constant(undefined),
      service: fc.option(message<ServiceResponse>(ServiceResponseSchema), { nil: undefined }),
    }).map(({ resultCode, resultText, body: b, service }) => {
      const res = create(ResponseSchema, { command, result: resultText === undefined ? { resultCode } : { resultCode, resultText } });
      if (body && b) (res as unknown as Record<string, unknown>)[body[0]] = b;
      if (service) res.service = service;
      return res;
    });
  });
}
