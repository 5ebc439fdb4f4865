// Formatting helpers: money in integer tiyn, times, durations. No floats for money.

/** 12345 tiyn → "123.45" (negative values keep their sign). */
export function tenge(tiyn: number | null | undefined): string {
  if (tiyn === null || tiyn === undefined || !Number.isFinite(tiyn)) return '—';
  const neg = tiyn < 0;
  const a = Math.abs(Math.trunc(tiyn));
  const whole = Math.trunc(a / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${neg ? '-' : ''}${whole}.${String(a % 100).padStart(2, '0')}`;
}

/** "10.50" / "10,5" / "10" → tiyn, or null when it is not an amount. */
export function parseTenge(text: string): number | null {
  const m = /^\s*(\d{1,12})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
}

/** A duration in ms as "+1 d 02:03:04.005", "+02:03.004" or "+0.120 s". */
export function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  let a = Math.abs(Math.round(ms));
  const d = Math.floor(a / 86_400_000); a -= d * 86_400_000;
  const h = Math.floor(a / 3_600_000); a -= h * 3_600_000;
  const m = Math.floor(a / 60_000); a -= m * 60_000;
  const s = Math.floor(a / 1000); const milli = a - s * 1000;
  const p2 = (n: number) => String(n).padStart(2, '0');
  const p3 = String(milli).padStart(3, '0');
  if (d > 0) return `${sign}${d} d ${p2(h)}:${p2(m)}:${p2(s)}.${p3}`;
  if (h > 0) return `${sign}${p2(h)}:${p2(m)}:${p2(s)}.${p3}`;
  if (m > 0) return `${sign}${p2(m)}:${p2(s)}.${p3}`;
  return `${sign}${s}.${p3} s`;
}

/** A step of time in words: 259260000 → "72 h 1 min". */
export function span(ms: number): string {
  const parts: string[] = [];
  let a = Math.abs(ms);
  const h = Math.floor(a / 3_600_000); a -= h * 3_600_000;
  const m = Math.floor(a / 60_000); a -= m * 60_000;
  const s = a / 1000;
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${+s.toFixed(3)} s`);
  return parts.join(' ');
}

/** ISO time → "2026-11-22 10:15:00" (the register's local time as written). */
export function localTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return iso.slice(0, 19).replace('T', ' ');
}
