// Per-command facts of sections 4.2 and 5 of ofd-protocol.md that both sides need.
import { CommandTypeEnum } from './gen/ofd-protocol_pb.js';

/** Whether the server may put a new token in the answer header (§4.2). */
export type TokenRotation = 'may-rotate' | 'never' | 'unspecified';

const ROTATION: ReadonlyMap<number, TokenRotation> = new Map([
  [CommandTypeEnum.COMMAND_TICKET, 'may-rotate'],
  [CommandTypeEnum.COMMAND_CLOSE_SHIFT, 'may-rotate'],
  [CommandTypeEnum.COMMAND_MONEY_PLACEMENT, 'may-rotate'],
  [CommandTypeEnum.COMMAND_CANCEL_TICKET, 'may-rotate'],
  [CommandTypeEnum.COMMAND_RESERVED, 'may-rotate'],
  [CommandTypeEnum.COMMAND_SYSTEM, 'never'],
  [CommandTypeEnum.COMMAND_REPORT, 'never'],
  [CommandTypeEnum.COMMAND_AUTH, 'never'],
  [CommandTypeEnum.COMMAND_INFO, 'unspecified'],
  [CommandTypeEnum.COMMAND_NOMENCLATURE, 'unspecified'],
] as [number, TokenRotation][]);

/** §4.2: TICKET, CLOSE_SHIFT, MONEY_PLACEMENT, CANCEL_TICKET, RESERVED may rotate; SYSTEM, REPORT, AUTH never; INFO, NOMENCLATURE (and the 2.0.4 QR commands) are unspecified. */
export function tokenRotation(command: number): TokenRotation {
  return ROTATION.get(command) ?? 'unspecified';
}

/** The Request field that carries the command's data (§5.1), or undefined for commands without data. */
export function requestBodyField(command: number): 'ticket' | 'closeShift' | 'report' | 'nomenclature' | 'moneyPlacement' | 'auth' | 'qr' | undefined {
  switch (command) {
    case CommandTypeEnum.COMMAND_TICKET: return 'ticket';
    case CommandTypeEnum.COMMAND_CLOSE_SHIFT: return 'closeShift';
    case CommandTypeEnum.COMMAND_REPORT: return 'report';
    case CommandTypeEnum.COMMAND_NOMENCLATURE: return 'nomenclature';
    case CommandTypeEnum.COMMAND_MONEY_PLACEMENT: return 'moneyPlacement';
    case CommandTypeEnum.COMMAND_AUTH: return 'auth';
    case CommandTypeEnum.COMMAND_QR_GENERATE: case CommandTypeEnum.COMMAND_QR_GET_STATUS: return 'qr';
    default: return undefined;
  }
}

/** The Response field that answers the command (§5.2): REPORT, CLOSE_SHIFT and INFO all answer with `report`. */
export function responseBodyField(command: number): 'ticket' | 'report' | 'nomenclature' | 'auth' | 'qr' | undefined {
  switch (command) {
    case CommandTypeEnum.COMMAND_TICKET: return 'ticket';
    case CommandTypeEnum.COMMAND_REPORT: case CommandTypeEnum.COMMAND_CLOSE_SHIFT: case CommandTypeEnum.COMMAND_INFO: return 'report';
    case CommandTypeEnum.COMMAND_NOMENCLATURE: return 'nomenclature';
    case CommandTypeEnum.COMMAND_AUTH: return 'auth';
    case CommandTypeEnum.COMMAND_QR_GENERATE: case CommandTypeEnum.COMMAND_QR_GET_STATUS: return 'qr';
    default: return undefined;
  }
}
