// Matchers of scenario expectations: dotted paths into observed JSON, compared with plain values
// (deep equality) or $-operators. Returns every mismatch, each naming its path.

/** Value at a dotted path ('document.fiscal.mode', 'channels.0.port'); undefined if absent. */
export function getPath(value: unknown, path: string): unknown {
  if (path === '' || path === '$') return value;
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)];
    else if (typeof cur === 'object') cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'bigint' || typeof b === 'bigint') return String(a) === String(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const OPS = new Set(['$exists', '$ne', '$gt', '$gte', '$lt', '$lte', '$regex', '$contains', '$len']);

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}

/** Checks one value against a matcher; returns null when it matches, else why not. */
export function matchValue(actual: unknown, matcher: unknown): string | null {
  if (matcher && typeof matcher === 'object' && !Array.isArray(matcher)) {
    const keys = Object.keys(matcher);
    if (keys.length > 0 && keys.every((k) => OPS.has(k))) {
      for (const op of keys) {
        const arg = (matcher as Record<string, unknown>)[op];
        const a = num(actual);
        const b = num(arg);
        let ok: boolean;
        switch (op) {
          case '$exists': ok = (actual !== undefined && actual !== null) === Boolean(arg); break;
          case '$ne': ok = !deepEqual(actual, arg); break;
          case '$gt': ok = a !== undefined && b !== undefined && a > b; break;
          case '$gte': ok = a !== undefined && b !== undefined && a >= b; break;
          case '$lt': ok = a !== undefined && b !== undefined && a < b; break;
          case '$lte': ok = a !== undefined && b !== undefined && a <= b; break;
          case '$regex': ok = typeof actual === 'string' && new RegExp(String(arg)).test(actual); break;
          case '$contains':
            ok = typeof actual === 'string' ? actual.includes(String(arg)) : Array.isArray(actual) ? actual.some((x) => deepEqual(x, arg) || (typeof x === 'string' && typeof arg === 'string' && x.includes(arg))) : false;
            break;
          case '$len': ok = (typeof actual === 'string' || Array.isArray(actual)) && matchValue(actual.length, arg) === null; break;
          default: ok = false;
        }
        if (!ok) return `expected ${op} ${JSON.stringify(arg)}, got ${short(actual)}`;
      }
      return null;
    }
  }
  return deepEqual(actual, matcher) ? null : `expected ${short(matcher)}, got ${short(actual)}`;
}

function short(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x));
  return s.length > 160 ? s.slice(0, 160) + '…' : s;
}

/** Every mismatch of `spec` (path → matcher) against `actual`. */
export function matchSpec(actual: unknown, spec: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [path, m] of Object.entries(spec)) {
    const why = matchValue(getPath(actual, path), m);
    if (why) out.push(`${path}: ${why}`);
  }
  return out;
}

/** Replaces "$password.<mode>" and "$ref.<name>.<path>" strings inside params. */
export function resolveParams(value: unknown, passwords: Readonly<Record<string, string>>, refs: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === 'string') {
    const pw = /^\$password\.([a-z_]+)$/.exec(value);
    if (pw) {
      const p = passwords[pw[1]!];
      if (p === undefined) throw new Error(`scenario: no password for mode "${pw[1]}" in the profile`);
      return p;
    }
    const ref = /^\$ref\.([A-Za-z_][A-Za-z0-9_]*)(?:\.(.+))?$/.exec(value);
    if (ref) {
      if (!refs.has(ref[1]!)) throw new Error(`scenario: "${value}" refers to an unknown result "${ref[1]}"`);
      return getPath(refs.get(ref[1]!), ref[2] ?? '');
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveParams(v, passwords, refs));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveParams(v, passwords, refs);
    return out;
  }
  return value;
}
