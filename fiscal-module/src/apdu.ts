// ISO 7816-4 command/response APDUs: parsing (cases 1-4, short and extended) and building.

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data: Uint8Array;
  /** expected response length (0 = none expected, 256/65536 = maximum for the encoding) */
  le: number;
  extended: boolean;
}

/** Parses a command APDU; returns null when the length fields are inconsistent (→ 6700). */
export function parseCommandApdu(b: Uint8Array): CommandApdu | null {
  const n = b.length;
  if (n < 4) return null;
  const cla = b[0]!, ins = b[1]!, p1 = b[2]!, p2 = b[3]!;
  if (n === 4) return { cla, ins, p1, p2, data: EMPTY, le: 0, extended: false }; // case 1
  const b4 = b[4]!;
  if (n === 5) return { cla, ins, p1, p2, data: EMPTY, le: b4 === 0 ? 256 : b4, extended: false }; // case 2S
  if (b4 !== 0) {
    if (n === 5 + b4) return { cla, ins, p1, p2, data: b.subarray(5, 5 + b4), le: 0, extended: false }; // 3S
    if (n === 6 + b4) { const le = b[5 + b4]!; return { cla, ins, p1, p2, data: b.subarray(5, 5 + b4), le: le === 0 ? 256 : le, extended: false }; } // 4S
    return null;
  }
  // extended: 00 then two bytes
  if (n === 7) {
    const le = (b[5]! << 8) | b[6]!;
    return { cla, ins, p1, p2, data: EMPTY, le: le === 0 ? 65536 : le, extended: true }; // 2E
  }
  if (n < 7) return null;
  const lc = (b[5]! << 8) | b[6]!;
  if (lc === 0) return null;
  if (n === 7 + lc) return { cla, ins, p1, p2, data: b.subarray(7, 7 + lc), le: 0, extended: true }; // 3E
  if (n === 9 + lc) {
    const le = (b[7 + lc]! << 8) | b[8 + lc]!;
    return { cla, ins, p1, p2, data: b.subarray(7, 7 + lc), le: le === 0 ? 65536 : le, extended: true }; // 4E
  }
  return null;
}

const EMPTY = new Uint8Array(0);

/**
 * Builds a command APDU. `le` undefined = no Le field; 0 = "maximum". Uses the short form when
 * data ≤ 255 bytes and le ≤ 256, the extended form otherwise (or when `extended` is forced).
 */
export function buildCommandApdu(cla: number, ins: number, p1: number, p2: number, data: Uint8Array = new Uint8Array(0), le?: number, extended = false): Uint8Array {
  const ext = extended || data.length > 255 || (le !== undefined && le > 256);
  if (data.length > 65535) throw new RangeError('APDU data longer than 65535 bytes');
  const head = [cla & 0xff, ins & 0xff, p1 & 0xff, p2 & 0xff];
  if (!ext) {
    const out = [...head];
    const hasData = data.length > 0;
    const res = new Uint8Array(4 + (hasData ? 1 + data.length : 0) + (le !== undefined ? 1 : 0));
    res.set(out);
    let o = 4;
    if (hasData) { res[o++] = data.length; res.set(data, o); o += data.length; }
    if (le !== undefined) res[o] = le >= 256 ? 0 : le;
    return res;
  }
  const hasData = data.length > 0;
  const res = new Uint8Array(4 + (hasData ? 3 + data.length : 0) + (le !== undefined ? (hasData ? 2 : 3) : 0));
  res.set(head);
  let o = 4;
  if (hasData) { res[o++] = 0; res[o++] = data.length >> 8; res[o++] = data.length & 0xff; res.set(data, o); o += data.length; }
  if (le !== undefined) {
    if (!hasData) res[o++] = 0;
    const l = le >= 65536 ? 0 : le;
    res[o++] = l >> 8; res[o] = l & 0xff;
  }
  return res;
}

export function responseApdu(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}

export function splitResponse(r: Uint8Array): { data: Uint8Array; sw: number } {
  if (r.length < 2) return { data: new Uint8Array(0), sw: -1 };
  return { data: r.subarray(0, r.length - 2), sw: (r[r.length - 2]! << 8) | r[r.length - 1]! };
}
