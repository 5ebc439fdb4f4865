// OfdControlClient: the control API over HTTP with the same types as the programmatic API.
// Errors come back as OfdMockError with the server's code (OFDM_HTTP when the answer is not ours).
import { OfdMockError, type OfdMockErrorCode } from './errors.js';
import type { FaultSpec, FaultView } from './faults/fault.js';
import type { LedgerEntry, LedgerFilter } from './ledger.js';
import type { Registration } from './options.js';
import type { RegisterView, RegistrationState } from './registers.js';

export class OfdControlClient {
  private readonly base: string;

  /** `url` as in `OfdMock.controlUrl`, `token` as in `OfdMock.controlToken`. */
  constructor(url: string, private readonly token: string) {
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new OfdMockError('OFDM_BAD_OPTION', 'url must be an http(s) URL');
    if (typeof token !== 'string' || token === '') throw new OfdMockError('OFDM_BAD_OPTION', 'token must be a non-empty string');
    this.base = url.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (e) {
      throw new OfdMockError('OFDM_HTTP', `${method} ${path}: ${(e as Error).message}`, { cause: e });
    }
    const text = await res.text();
    let data: unknown;
    try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
    if (!res.ok) {
      const err = (data as { error?: { code?: string; message?: string } } | undefined)?.error;
      if (err?.code?.startsWith('OFDM_')) throw new OfdMockError(err.code as OfdMockErrorCode, err.message ?? `HTTP ${res.status}`);
      throw new OfdMockError('OFDM_HTTP', `${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    }
    return data as T;
  }

  health(): Promise<{ ok: boolean; ports: number[]; connections: number }> { return this.call('GET', '/health'); }

  addFault(spec: FaultSpec): Promise<FaultView> { return this.call('POST', '/faults', spec); }
  listFaults(): Promise<FaultView[]> { return this.call('GET', '/faults'); }
  getFault(name: string): Promise<FaultView> { return this.call('GET', `/faults/${encodeURIComponent(name)}`); }
  updateFault(name: string, patch: Partial<FaultSpec>): Promise<FaultView> { return this.call('PATCH', `/faults/${encodeURIComponent(name)}`, patch); }
  removeFault(name: string): Promise<FaultView> { return this.call('DELETE', `/faults/${encodeURIComponent(name)}`); }
  /** removes every fault */
  reset(): Promise<{ ok: boolean }> { return this.call('POST', '/reset'); }

  provision(reg: Registration | Registration[]): Promise<RegisterView[]> { return this.call('POST', '/registers', reg); }
  registers(): Promise<RegisterView[]> { return this.call('GET', '/registers'); }
  register(kkmId: number): Promise<RegisterView> { return this.call('GET', `/registers/${kkmId}`); }
  suspend(kkmId: number, reason: string, opts: { notify?: boolean } = {}): Promise<RegisterView> { return this.call('POST', `/registers/${kkmId}/suspend`, { reason, ...opts }); }
  resume(kkmId: number): Promise<RegisterView> { return this.call('POST', `/registers/${kkmId}/resume`, {}); }
  notify(kkmId: number, text: string): Promise<{ version: string }> { return this.call('POST', `/registers/${kkmId}/notify`, { text }); }
  deregister(kkmId: number, reason?: string): Promise<RegisterView> { return this.call('POST', `/registers/${kkmId}/deregister`, reason !== undefined ? { reason } : {}); }
  setRegistrationState(kkmId: number, state: RegistrationState, opts: { reason?: string; delayMs?: number } = {}): Promise<RegisterView> {
    return this.call('POST', `/registers/${kkmId}/registration`, { state, ...opts });
  }
  resetToken(kkmId: number, token: number): Promise<RegisterView> { return this.call('POST', `/registers/${kkmId}/token`, { token }); }

  /**
   * Follows the live event stream (`GET /events`): calls `onEvent` for each event until the
   * returned `stop()` is called. Resolves once the stream is open.
   */
  async follow(onEvent: (e: { type: 'hello' | 'entry' | 'connection' | 'register'; [k: string]: unknown }) => void): Promise<{ stop(): void }> {
    const ac = new AbortController();
    let res: Response;
    try {
      res = await fetch(`${this.base}/events`, { headers: { authorization: `Bearer ${this.token}` }, signal: ac.signal });
    } catch (e) {
      throw new OfdMockError('OFDM_HTTP', `GET /events: ${(e as Error).message}`, { cause: e });
    }
    if (!res.ok || !res.body) {
      const text = await res.text();
      const err = (() => { try { return (JSON.parse(text) as { error?: { code?: string; message?: string } }).error; } catch { return undefined; } })();
      if (err?.code?.startsWith('OFDM_')) throw new OfdMockError(err.code as OfdMockErrorCode, err.message ?? `HTTP ${res.status}`);
      throw new OfdMockError('OFDM_HTTP', `GET /events: HTTP ${res.status}`);
    }
    const reader = res.body.getReader();
    const dec = new TextDecoder();
    let buf = '';
    void (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const l = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (l) onEvent(JSON.parse(l));
          }
        }
      } catch { /* stopped */ }
    })();
    return { stop: () => ac.abort() };
  }

  ledger(filter: LedgerFilter = {}): Promise<LedgerEntry[]> {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(filter)) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return this.call('GET', `/ledger${s ? `?${s}` : ''}`);
  }
}
