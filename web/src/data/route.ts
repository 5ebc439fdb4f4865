// Hash routes of the dashboard: #/runs, #/run/<id>[/<tab>][?query], #/fleet, #/panel, #/live[/<id>].

export type Tab = 'compliance' | 'trace' | 'statechart' | 'receipts';
export type Route =
  | { view: 'runs' }
  | { view: 'run'; runId: string; tab: Tab; query: URLSearchParams }
  | { view: 'fleet' }
  | { view: 'panel' }
  | { view: 'live'; runId: string | null };

const TABS: Tab[] = ['compliance', 'trace', 'statechart', 'receipts'];

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path = '', qs = ''] = h.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const query = new URLSearchParams(qs);
  switch (parts[0]) {
    case 'run':
      if (parts[1]) return { view: 'run', runId: parts[1], tab: TABS.includes(parts[2] as Tab) ? (parts[2] as Tab) : 'compliance', query };
      return { view: 'runs' };
    case 'fleet': return { view: 'fleet' };
    case 'panel': return { view: 'panel' };
    case 'live': return { view: 'live', runId: parts[1] ?? null };
    default: return { view: 'runs' };
  }
}

export function runHref(runId: string, tab: Tab = 'compliance', query?: Record<string, string | number>): string {
  const q = query ? '?' + new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString() : '';
  return `#/run/${encodeURIComponent(runId)}/${tab}${q}`;
}
