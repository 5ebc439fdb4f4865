// Fetching from the dashboard server (web/server/). Every view loads through these functions,
// wrapped in @lit/task controllers by the elements that show the data.
import type { FleetRegister, LiveMessage, LiveStatus, OperatorControls, RunDocuments, RunReport, RunSummary, TraceMeta, TracePage } from './types.js';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, readonly code: string, message: string, readonly reason?: string) { super(message); }
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init);
  const text = await res.text();
  let body: unknown = null;
  try { body = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const e = (body as { error?: { code?: string; message?: string; reason?: string } } | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'HTTP', e?.message ?? `${res.status} ${res.statusText}`, e?.reason);
  }
  return body as T;
}

const enc = encodeURIComponent;

export const api = {
  runs: (signal?: AbortSignal) => json<RunSummary[]>('/api/runs', { signal }),
  report: (id: string, signal?: AbortSignal) => json<RunReport>(`/api/runs/${enc(id)}/report`, { signal }),
  traceMeta: (id: string, signal?: AbortSignal) => json<TraceMeta>(`/api/runs/${enc(id)}/trace/meta`, { signal }),
  tracePage: (id: string, from: number, limit: number, signal?: AbortSignal) =>
    json<TracePage>(`/api/runs/${enc(id)}/trace?from=${from}&limit=${limit}`, { signal }),
  traceRows: (id: string, hide: string[]) => json<{ rows: number[] }>(`/api/runs/${enc(id)}/trace/rows?hide=${enc(hide.join(','))}`),
  locate: (id: string, seq: number) => json<{ index: number }>(`/api/runs/${enc(id)}/trace/locate?seq=${seq}`),
  documents: (id: string, signal?: AbortSignal) => json<RunDocuments>(`/api/runs/${enc(id)}/documents`, { signal }),
  liveStatus: (signal?: AbortSignal) => json<LiveStatus>('/api/live/status', { signal }),
  liveCall: (method: string, params: unknown) =>
    json<{ result: unknown }>('/api/live/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, params }) }),
  operator: (action: string, body: Record<string, unknown> = {}) =>
    json<OperatorControls>(`/api/live/operator/${enc(action)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  fleet: (signal?: AbortSignal) => json<FleetRegister[]>('/api/fleet', { signal }),
  launch: (body: { requirements?: string; defects?: string[]; model?: boolean; seed?: number }) =>
    json<{ runId: string }>('/api/launch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  launched: (id: string, signal?: AbortSignal) => json<{ runId: string; launched: boolean; running: boolean; events: number }>(`/api/launch/${enc(id)}`, { signal }),
};

/** Subscribes to the live register's server-sent events; returns the unsubscribe function. */
export function liveEvents(onMessage: (m: LiveMessage) => void): () => void {
  const es = new EventSource('/api/live/events');
  es.onmessage = (e: MessageEvent<string>) => onMessage(JSON.parse(e.data) as LiveMessage);
  return () => es.close();
}
