// Command codes by name, so that fault matches and ledger filters can say 'TICKET'.
export const COMMAND_CODES: Readonly<Record<string, number>> = {
  SYSTEM: 0, TICKET: 1, CLOSE_SHIFT: 2, REPORT: 3, NOMENCLATURE: 4, INFO: 5, MONEY_PLACEMENT: 6,
  CANCEL_TICKET: 7, AUTH: 8, QR_GENERATE: 100, QR_GET_STATUS: 101, RESERVED: 127,
};

const NAMES = new Map(Object.entries(COMMAND_CODES).map(([k, v]) => [v, k]));

/** 1 | 'TICKET' | 'COMMAND_TICKET' | '1' → 1; null when unknown. */
export function commandCode(c: number | string): number | null {
  if (typeof c === 'number') return Number.isInteger(c) && c >= 0 ? c : null;
  const s = c.trim().toUpperCase().replace(/^COMMAND_/, '');
  if (/^\d+$/.test(s)) return Number(s);
  return COMMAND_CODES[s] ?? null;
}

export function commandName(code: number | null): string {
  if (code === null) return 'UNDECODED';
  return NAMES.get(code) ?? `COMMAND_${code}`;
}
