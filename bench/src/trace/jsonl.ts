// Trace lines: canonical JSON (insertion key order, bigint as decimal string, bytes as hex), one
// per line. The same events always serialise to the same bytes, which is what makes "same seed,
// same trace" checkable with a byte comparison.

/** Current trace format version (the `v` of every line). */
export const TRACE_VERSION = 1 as const;

/** Turns any value into plain JSON data: bigint → string, bytes → hex, undefined dropped, Map → object. */
export function toPlain(value: unknown): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'string':
    case 'boolean':
      return value;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    default:
      break;
  }
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (value instanceof ArrayBuffer) return bytesToHex(new Uint8Array(value));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map((v) => { const p = toPlain(v); return p === undefined ? null : p; });
  if (value instanceof Map) return toPlain(Object.fromEntries(value));
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown; data?: unknown };
    return toPlain({ name: e.name, code: e.code, message: e.message, data: e.data });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const p = toPlain(v);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** Canonical single-line JSON of a value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(toPlain(value));
}

export function bytesToHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || /[^0-9a-fA-F]/.test(hex)) throw new RangeError('hexToBytes: not a hex string');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const SECRET_KEYS = new Set(['password', 'oldPassword', 'newPassword', 'pin', 'token']);

/**
 * Replaces secrets (DCP passwords, the write-only token) by "***" so that a trace or a report can
 * be shared. Passwords never appear in reports or traces (dcp.md, device profile).
 * Numeric OFD `token`s in operator frames are kept: they are part of the wire evidence (req 40.4
 * is about the DUT never *returning* its token over DCP), so only DCP payloads are redacted.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = SECRET_KEYS.has(k) && v !== undefined && v !== null ? '***' : redactSecrets(v);
    }
    return out;
  }
  return value;
}

/** Parses JSONL text into objects; blank lines are skipped; a bad line throws with its number. */
export function parseJsonl(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch (err) {
      throw new SyntaxError(`line ${i + 1}: ${(err as Error).message}`);
    }
  }
  return out;
}
