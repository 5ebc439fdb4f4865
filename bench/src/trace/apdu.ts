// Card APDUs in the trace. When the bench hosts the DUT's simulated fiscal module (the reference
// emulator started in-process), every command/response exchange with the card reaches the bench
// through the emulator's `apduLog` (dcp.md: "for a simulated card, the card's APDU log").
//
// One exchange becomes two trace events, as an ISO 7816-4 analyser shows it:
//   { kind: 'apdu', direction: 'to-card',   at, cla, ins, p1, p2, rawHex }   the command, lossless
//   { kind: 'apdu', direction: 'from-card', at, ins, sw, dataLength }        the status word
// Two deliberate gaps, both documented in bench/README.md:
// - PIN data (ISO VERIFY 0x20, CHANGE REFERENCE DATA 0x24, the applet's SET PIN 0xE2) is replaced
//   by "**" per byte: a trace is shared, passwords never appear in it (as for DCP payloads).
// - Response data is not kept, only its length and the status word: it carries the module's ECDSA
//   signatures and public key, which are randomised, and the trace must be the same bytes for the
//   same seed. What the card answered is judged through what the register printed and sent.

/** What the emulator's `apduLog` reports for one exchange. */
export interface ApduExchange {
  /** the register's clock when the exchange happened */
  at: number;
  command: Uint8Array;
  response: Uint8Array;
}

/** Instructions whose command data is a PIN. */
export const PIN_INS: ReadonlySet<number> = new Set([0x20, 0x24, 0xe2]);

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

function hex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += hex2(b);
  return s;
}

/** The command as hex; for PIN instructions the data field (after Lc) is masked. */
export function commandHex(command: Uint8Array): { rawHex: string; redacted: boolean } {
  const ins = command[1];
  if (ins === undefined || !PIN_INS.has(ins) || command.length <= 5) return { rawHex: hex(command), redacted: false };
  // short APDU: CLA INS P1 P2 Lc data [Le]; keep the header and Lc, mask the data
  const lc = command[4]!;
  const end = Math.min(command.length, 5 + lc);
  return { rawHex: hex(command.subarray(0, 5)) + '**'.repeat(end - 5) + hex(command.subarray(end)), redacted: true };
}

/** The two trace events (fields after kind) of one exchange. */
export function apduTraceEvents(e: ApduExchange): [Record<string, unknown>, Record<string, unknown>] {
  const c = e.command;
  const { rawHex, redacted } = commandHex(c);
  const r = e.response;
  const sw = r.length >= 2 ? hex(r.subarray(r.length - 2)) : hex(r);
  const ins = c.length > 1 ? hex2(c[1]!) : '';
  return [
    {
      direction: 'to-card', at: e.at,
      cla: c.length > 0 ? hex2(c[0]!) : '', ins, p1: c.length > 2 ? hex2(c[2]!) : '', p2: c.length > 3 ? hex2(c[3]!) : '',
      rawHex, ...(redacted ? { redacted: true } : {}),
    },
    { direction: 'from-card', at: e.at, ins, sw, dataLength: Math.max(0, r.length - 2) },
  ];
}
