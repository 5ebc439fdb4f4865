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
  apdu: '#975a16', clock: '#d69e2e', fault: '#e53e3e', case: '#718096', pass: '#38a169', fail: '#e53e3e',
};

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
      const toOfd = ev.direction !== 'to-kkm';
      const bad = Boolean((ev as { violations?: unknown[] }).violations?.length) || Boolean((ev as { faultApplied?: unknown }).faultApplied);
      const res = (ev.decoded as { result?: { resultCode?: number } } | undefined)?.result;
      const code = res && res.resultCode ? ` result ${res.resultCode}` : '';
      return { type: 'arrow', from: toOfd ? 1 : 2, to: toOfd ? 2 : 1, label: `${ev.command ?? 'frame'}${ev.channel ? ` ch${ev.channel}` : ''}${code}`, color: bad || code ? COLORS.ofdBad : COLORS.ofd, dashed: !toOfd };
    }
    case 'apdu': {
      const toCard = ev.direction !== 'from-dut';
      const hex = ev.rawHex ?? '';
      const label = toCard ? `APDU ${hex.slice(0, 8).toUpperCase()}` : `SW ${hex.slice(-4).toUpperCase()}`;
      return { type: 'arrow', from: toCard ? 1 : 3, to: toCard ? 3 : 1, label, color: COLORS.apdu, dashed: !toCard };
    }
    case 'clock':
      return { type: 'band', label: `◷ clock +${span(ev.ms ?? 0)}`, color: COLORS.clock };
    case 'fault': {
      const f = (ev.fault ?? {}) as { name?: string; kind?: string };
      return { type: 'mark', lane: 2, label: `⚡ fault ${f.kind ?? ''} ${f.name ?? ''}`.trim(), color: COLORS.fault };
    }
    case 'case.start':
      return { type: 'band', label: `▶ ${ev.case ?? 'case'}`, color: COLORS.case };
    case 'case.end':
      return { type: 'band', label: `■ end ${ev.case ?? ''}`.trim(), color: COLORS.case };
    case 'check':
      return { type: 'mark', lane: 0, label: `${ev.ok === false ? '✗' : '✓'} req ${ev.requirement ?? '?'} ${short(ev.message ?? '', 60)}`, color: ev.ok === false ? COLORS.fail : COLORS.pass };
    default:
      return { type: 'mark', lane: 1, label: `${ev.kind}`, color: COLORS.case };
  }
}
