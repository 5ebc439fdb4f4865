// ISO 7816-4 status words used by the applet.
import type { FiscalModuleErrorCode } from './errors.js';

export const SW = {
  OK: 0x9000,
  BYTES_REMAINING: 0x6100, // 61xx: xx more bytes, fetch with GET RESPONSE
  WRONG_PIN: 0x63c0, // 63Cx: x tries left
  MEMORY_FAILURE: 0x6581,
  WRONG_LENGTH: 0x6700,
  LAST_COMMAND_EXPECTED: 0x6883,
  SECURITY_NOT_SATISFIED: 0x6982,
  PIN_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  COMMAND_NOT_ALLOWED: 0x6986,
  WRONG_DATA: 0x6a80,
  FILE_NOT_FOUND: 0x6a82,
  RECORD_NOT_FOUND: 0x6a83,
  NOT_ENOUGH_MEMORY: 0x6a84,
  INCORRECT_P1P2: 0x6a86,
  REF_DATA_NOT_FOUND: 0x6a88,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
  UNKNOWN: 0x6f00,
} as const;

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}

/** The error code a client raises for a status word. */
export function errorCodeForSw(sw: number): FiscalModuleErrorCode {
  switch (sw) {
    case SW.WRONG_LENGTH: return 'FM_WRONG_LENGTH';
    case SW.SECURITY_NOT_SATISFIED: return 'FM_SECURITY';
    case SW.PIN_BLOCKED: return 'FM_PIN_BLOCKED';
    case SW.CONDITIONS_NOT_SATISFIED: return 'FM_CONDITIONS';
    case SW.COMMAND_NOT_ALLOWED: return 'FM_NOT_SELECTED';
    case SW.WRONG_DATA: return 'FM_WRONG_DATA';
    case SW.FILE_NOT_FOUND: return 'FM_APP_NOT_FOUND';
    case SW.RECORD_NOT_FOUND: return 'FM_RECORD_NOT_FOUND';
    case SW.NOT_ENOUGH_MEMORY: return 'FM_MEMORY_FULL';
    case SW.INCORRECT_P1P2: return 'FM_BAD_P1P2';
    case SW.INS_NOT_SUPPORTED: return 'FM_INS_NOT_SUPPORTED';
    case SW.CLA_NOT_SUPPORTED: return 'FM_CLA_NOT_SUPPORTED';
    case SW.UNKNOWN: return 'FM_INTERNAL';
    case SW.MEMORY_FAILURE: return 'FM_IMAGE_IO';
    case SW.REF_DATA_NOT_FOUND: return 'FM_PIN_NOT_SET';
    default: return (sw & 0xfff0) === SW.WRONG_PIN ? 'FM_SECURITY' : 'FM_STATUS';
  }
}
