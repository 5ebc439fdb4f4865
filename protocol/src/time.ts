// DateTime on the wire is the register's local wall time without a zone. Registers in
// Kazakhstan work in Asia/Almaty time, UTC+5 (300 minutes), which is the default here.
import { create } from '@bufbuild/protobuf';
import { DateTimeSchema, type DateTime } from './gen/ofd-protocol_pb.js';
import { ProtocolError } from './errors.js';

/** Asia/Almaty, UTC+5. */
export const DEFAULT_TZ_OFFSET_MIN = 300;

/** epoch ms → local DateTime at `tzOffsetMin` east of UTC (seconds included, ms dropped). */
export function toOfdDateTime(epochMs: number, tzOffsetMin = DEFAULT_TZ_OFFSET_MIN): DateTime {
  if (!Number.isFinite(epochMs)) throw new ProtocolError('PROTO_BAD_VALUE', `epochMs must be a finite number, got ${epochMs}`);
  const d = new globalThis.Date(epochMs + tzOffsetMin * 60_000);
  return create(DateTimeSchema, {
    date: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() },
    time: { hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() },
  });
}

/** local DateTime at `tzOffsetMin` → epoch ms. A missing `second` counts as 0. */
export function fromOfdDateTime(dt: DateTime, tzOffsetMin = DEFAULT_TZ_OFFSET_MIN): number {
  const { date, time } = dt;
  if (!date || !time) throw new ProtocolError('PROTO_MISSING_REQUIRED', 'DateTime needs date and time');
  const utc = globalThis.Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second ?? 0);
  return utc - tzOffsetMin * 60_000;
}

/** "2024-10-31 23:00:00" (for logs and receipt text). */
export function formatOfdDateTime(dt: DateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const d = dt.date;
  const t = dt.time;
  return `${p(d?.year ?? 0, 4)}-${p(d?.month ?? 0)}-${p(d?.day ?? 0)} ${p(t?.hour ?? 0)}:${p(t?.minute ?? 0)}:${p(t?.second ?? 0)}`;
}
