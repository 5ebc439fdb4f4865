// Big payloads over short APDUs: command chaining (ISO 7816-4 CLA bit b5, 0x10) for data longer
// than 255 bytes, and 61xx + GET RESPONSE for answers longer than Le. Extended-length APDUs
// carry up to 65535 bytes in one command and 65536 in one answer.
import { SW } from './status-words.js';

export const COMMAND_CHAIN_BIT = 0x10;

/** Splits an answer at Le: the chunk to send now, the rest for GET RESPONSE and the status word. */
export function buildResponseChunk(data: Uint8Array, le: number, extended: boolean): { chunk: Uint8Array; rest: Uint8Array | null; sw: number } {
  const max = le === 0 ? (extended ? 65536 : 256) : le;
  if (data.length <= max) return { chunk: data, rest: null, sw: SW.OK };
  const rest = data.subarray(max);
  return { chunk: data.subarray(0, max), rest, sw: SW.BYTES_REMAINING | (rest.length >= 256 ? 0 : rest.length) };
}
