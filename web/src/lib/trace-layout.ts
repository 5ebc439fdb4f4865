// How a trace event becomes a row of the sequence diagram: which lanes it joins, its label,
// colour and style. Lanes: the bench (or cashier), the register, the operator, the card.
import type { TraceEvent } from '../data/types.js';
import { span } from './format.js';

export const LANES = ['bench / cashier', 'register', 'operator (OFD)', 'card'] as const;
export type Lane = 0 | 1 | 2 | 3;

export type RowShape =
  | { type: 'arrow'; from: Lane; to: Lane; label: string; color: string; dashed: boolean }
  | { type: 'band'; label: string; color: string }   // full-width: clock jumps, case boundaries
  | { type: 'mark'; lane: Lane; label: string; color: string }; // a dot on one lane: faults, checks

export const COLORS = {
  dcp: '#2b6cb0', response: '#4a5568', error: '#c53030', notify: '#6b46c1', ofd: '#2f855a', ofdBad: '#c53030',
  apdu: '#975a16', clock: '#d69e2e', clockSmall: '#c8a95a', fault: '#e53e3e', faultOff: '#a0aec0', case: '#718096', pass: '#38a169', fail: '#e53e3e',
};

/** A clock step at least this long is drawn (and marked) as a jump. */
export const CLOCK_JUMP_MS = 60_000;

function short(v: unknown, max = 60): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

export function rowShape(ev: TraceEvent): RowShape {
  switch (ev.kind) {
    case 'dcp.request':
      return { type: 'arrow', from: 0, to: 1, label: `${ev.method ?? '?'} ${ev.params && Object.keys(ev.params as object).length ? short(ev.params, 48) : ''}`.trim(), color: COLORS.dcp, dashed: false };
    case 'dcp.response': {
      if (ev.error) {
        const e = ev.error as { message?: string; data?: { reason?: string }; reason?: string };
        return { type: 'arrow', from: 1, to: 0, label: `✗ ${ev.method ?? ''} ${e.data?.reason ?? e.reason ?? e.message ?? ''}`.trim(), color: COLORS.error, dashed: true };
      }
      return { type: 'arrow', from: 1, to: 0, label: `✓ ${ev.method ?? ''}`.trim(), color: COLORS.response, dashed: true };
    }
    case 'dcp.notification': {
      const p = (ev.params ?? {}) as Record<string, unknown>;
      let label = ev.method ?? 'notification';
      if (ev.method === 'document.printed') {
        const d = p.document as { kind?: string; number?: number; fiscal?: { mode?: string } | null } | undefined;
        label = `▤ ${d?.kind ?? 'document'} №${d?.number ?? '?'}${d?.fiscal?.mode === 'autonomous' ? ' (autonomous)' : ''}`;
      } else if (ev.method === 'display.message') label = `» ${short(p.text, 50)}`;
      else if (ev.method === 'state.changed') label = `state ${p.offline && (p.offline as { since?: unknown }).since ? 'autonomous' : ''}${p.blocked ? ' blocked' : ''}${(p.shift as { open?: boolean } | undefined)?.open ? ' shift open' : ' shift closed'}`.replace(/\s+/g, ' ');
      return { type: 'arrow', from: 1, to: 0, label, color: COLORS.notify, dashed: false };
    }
    case 'ofd.frame': {
      const e = ev as TraceEvent & { commandName?: string; result?: number; violations?: unknown[]; faults?: unknown[]; faultApplied?: unknown };
      const toOfd = ev.direction !== 'to-kkm';
      const bad = Boolean(e.violations?.length) || Boolean(e.faults?.length) || Boolean(e.faultApplied);
      const res = typeof e.result === 'number' ? e.result : (ev.decoded as { result?: { resultCode?: number } } | undefined)?.result?.resultCode;
      const code = res ? ` result ${res}` : '';
      const name = e.commandName ?? (typeof ev.command === 'string' ? ev.command : ev.command !== undefined ? `command ${String(ev.command)}` : 'frame');
      const f0 = e.faults?.[0] as string | { kind?: string; name?: string } | undefined;
      const extra = e.violations?.length ? ` ✗ ${(e.violations[0] as { code?: string }).code ?? 'violation'}`
        : f0 !== undefined ? ` ⚡ ${typeof f0 === 'string' ? f0 : f0.name ?? f0.kind ?? 'fault'}` : '';
      return { type: 'arrow', from: toOfd ? 1 : 2, to: toOfd ? 2 : 1, label: `${name}${ev.channel ? ` ch${ev.channel}` : ''}${code}${extra}`, color: bad || code ? COLORS.ofdBad : COLORS.ofd, dashed: !toOfd };
    }
    case 'apdu': {
      // bench/src/trace/apdu.ts: the command (to-card, lossless hex) and its status word (from-card)
      const a = ev as TraceEvent & { ins?: string; sw?: string };
      const toCard = ev.direction === 'to-card';
      const label = toCard ? `APDU ${(ev.rawHex ?? '').slice(0, 8).toUpperCase()}` : `SW ${(a.sw ?? '').toUpperCase()}`;
      return { type: 'arrow', from: toCard ? 1 : 3, to: toCard ? 3 : 1, label, color: COLORS.apdu, dashed: !toCard };
    }
    case 'clock': {
      const op = (ev as { op?: string }).op;
      const ms = ev.ms ?? 0;
      if (op === 'advanced') return { type: 'mark', lane: 1, label: `clock advanced +${span(ms)}`, color: COLORS.clockSmall };
      if (ms >= CLOCK_JUMP_MS) return { type: 'band', label: `◷ clock +${span(ms)}`, color: COLORS.clock };
      return { type: 'mark', lane: 0, label: `clock +${span(ms)}`, color: COLORS.clockSmall };
    }
    case 'fault': {
      const e = ev as TraceEvent & { op?: string; name?: string; spec?: { name?: string; kind?: string; direction?: string } };
      const f = (e.spec ?? ev.fault ?? {}) as { name?: string; kind?: string; direction?: string };
      if (e.op === 'remove') return { type: 'mark', lane: 2, label: `fault removed ${e.name ?? f.name ?? ''}`.trim(), color: COLORS.faultOff };
      if (e.op === 'reset') return { type: 'mark', lane: 2, label: 'faults reset', color: COLORS.faultOff };
      return { type: 'mark', lane: 2, label: `⚡ fault ${f.kind ?? ''} ${f.name ?? ''}${f.direction ? ` (${f.direction})` : ''}`.replace(/\s+/g, ' ').trim(), color: COLORS.fault };
    }
    case 'ofd.order': {
      const e = ev as TraceEvent & { order?: string; args?: unknown[] };
      return { type: 'mark', lane: 2, label: `order ${e.order ?? ''} ${short((e.args ?? []).slice(1).join(' '), 50)}`.trim(), color: COLORS.notify };
    }
    case 'note':
      return { type: 'mark', lane: 0, label: `note ${short((ev as { text?: string }).text ?? ev.message ?? '', 80)}`, color: COLORS.case };
    case 'run.start':
    case 'run.end':
      return { type: 'band', label: ev.kind === 'run.start' ? '▶ run start' : '■ run end', color: COLORS.case };
    case 'case.start':
      return { type: 'band', label: `▶ ${ev.case ?? 'case'}`, color: COLORS.case };
    case 'case.end': {
      const st = (ev as { status?: string }).status;
      return { type: 'band', label: `■ end ${ev.case ?? ''}${st ? ` — ${st}` : ''}`.trim(), color: st && st !== 'pass' ? COLORS.fail : COLORS.case };
    }
    case 'check':
      return { type: 'mark', lane: 0, label: `${ev.ok === false ? '✗' : '✓'} req ${ev.requirement ?? '?'} ${short(ev.message ?? '', 60)}`, color: ev.ok === false ? COLORS.fail : COLORS.pass };
    default:
      return { type: 'mark', lane: 1, label: `${ev.kind}`, color: COLORS.case };
  }
}
