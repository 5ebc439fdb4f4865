// The HTTP JSON control API, bound to loopback and guarded by a token. Resources as Toxiproxy
// presents them: `GET|POST /faults`, `GET|PATCH|DELETE /faults/:name`, `POST /reset`, plus
// registers (provisioning and orders) and the ledger. Errors: `{ error: { code, message } }`
// with the HTTP status of the code (errors.ts).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HTTP_STATUS, OfdMockError, isOfdMockError } from './errors.js';
import type { OfdMock } from './server.js';
import { plainEntry, type LedgerEntry, type LedgerFilter } from './ledger.js';
import type { FaultSpec } from './faults/fault.js';
import type { Registration } from './options.js';
import type { RegistrationState } from './registers.js';
import { commandCode } from './commands.js';

export interface ControlApi { url: string; token: string; close(): Promise<void> }

const MAX_BODY = 1024 * 1024;

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let n = 0;
    req.on('data', (c: Buffer) => {
      n += c.length;
      if (n > MAX_BODY) { reject(new OfdMockError('OFDM_BAD_REQUEST', 'body larger than 1 MiB')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => {
      const s = Buffer.concat(chunks).toString('utf8').trim();
      if (s === '') { resolve(undefined); return; }
      try { resolve(JSON.parse(s)); } catch { reject(new OfdMockError('OFDM_BAD_REQUEST', 'body is not valid JSON')); }
    });
    req.on('error', reject);
  });
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  const s = JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(s) });
  res.end(s);
};

const obj = (b: unknown, what: string): Record<string, unknown> => {
  if (!b || typeof b !== 'object' || Array.isArray(b)) throw new OfdMockError('OFDM_BAD_REQUEST', `body must be a JSON object (${what})`);
  return b as Record<string, unknown>;
};

const intParam = (q: URLSearchParams, k: string): number | undefined => {
  const v = q.get(k);
  if (v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new OfdMockError('OFDM_BAD_REQUEST', `query parameter ${k} must be an integer`);
  return n;
};

export async function startControlApi(mock: OfdMock, o: { host: string; port: number; token: string | undefined }): Promise<ControlApi> {
  const token = o.token ?? randomBytes(16).toString('hex');
  const expected = Buffer.from(`Bearer ${token}`);

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) throw new OfdMockError('OFDM_UNAUTHORIZED', 'missing or wrong control token (Authorization: Bearer …)');
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const m = req.method ?? 'GET';
    const body = m === 'POST' || m === 'PATCH' || m === 'PUT' ? await readBody(req) : undefined;
    const [a, b, c] = parts;

    if (a === 'health' && parts.length === 1 && m === 'GET') return json(res, 200, { ok: true, ports: mock.ports, connections: mock.connectionCount() });
    if (a === 'reset' && parts.length === 1 && m === 'POST') { mock.faults.reset(); return json(res, 200, { ok: true }); }
    if (a === 'faults') {
      if (parts.length === 1 && m === 'GET') return json(res, 200, mock.faults.list());
      if (parts.length === 1 && m === 'POST') return json(res, 201, mock.faults.add(obj(body, 'a FaultSpec') as unknown as FaultSpec));
      if (parts.length === 2 && m === 'GET') return json(res, 200, mock.faults.get(b!));
      if (parts.length === 2 && (m === 'PATCH' || m === 'POST')) return json(res, 200, mock.faults.update(b!, obj(body, 'a partial FaultSpec') as Partial<FaultSpec>));
      if (parts.length === 2 && m === 'DELETE') return json(res, 200, mock.faults.remove(b!));
    }
    if (a === 'registers') {
      if (parts.length === 1 && m === 'GET') return json(res, 200, mock.registers());
      if (parts.length === 1 && m === 'POST') {
        const list = Array.isArray(body) ? body : [body];
        return json(res, 201, list.map((r) => mock.provision(r as Registration)));
      }
      const id = Number(b);
      if (!Number.isInteger(id)) throw new OfdMockError('OFDM_BAD_REQUEST', 'register id must be an integer');
      if (parts.length === 2 && m === 'GET') {
        const v = mock.register(id);
        if (!v) throw new OfdMockError('OFDM_REGISTER_NOT_FOUND', `no register ${id}`);
        return json(res, 200, v);
      }
      if (parts.length === 3 && m === 'POST') {
        const p = (body === undefined ? {} : obj(body, c!)) as Record<string, unknown>;
        const str = (k: string, required: boolean): string | undefined => {
          const v = p[k];
          if (v === undefined && !required) return undefined;
          if (typeof v !== 'string' || (required && v === '')) throw new OfdMockError('OFDM_BAD_REQUEST', `${k} must be a ${required ? 'non-empty ' : ''}string`);
          return v;
        };
        switch (c) {
          case 'suspend': return json(res, 200, mock.suspend(id, str('reason', true)!, p.notify === false ? { notify: false } : {}));
          case 'resume': return json(res, 200, mock.resume(id));
          case 'notify': return json(res, 200, mock.notify(id, str('text', true)!));
          case 'deregister': return json(res, 200, mock.deregister(id, str('reason', false)));
          case 'registration': {
            const state = str('state', true) as RegistrationState;
            const opts: { reason?: string; delayMs?: number } = {};
            const reason = str('reason', false); if (reason !== undefined) opts.reason = reason;
            if (p.delayMs !== undefined) { if (typeof p.delayMs !== 'number') throw new OfdMockError('OFDM_BAD_REQUEST', 'delayMs must be a number'); opts.delayMs = p.delayMs; }
            return json(res, 200, mock.setRegistrationState(id, state, opts));
          }
          case 'token': {
            if (typeof p.token !== 'number') throw new OfdMockError('OFDM_BAD_REQUEST', 'token must be a number');
            return json(res, 200, mock.resetToken(id, p.token));
          }
        }
      }
    }
    if (a === 'events' && parts.length === 1 && m === 'GET') {
      // a live stream: one JSON object per line: { type: 'hello', ports }, { type: 'entry', ...LedgerEntry },
      // { type: 'connection', event: 'open' | 'close', connectionId, channel, remote }, { type: 'register', kind, kkmId, channel? }
      res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache' });
      const line = (type: string, e: object): void => { res.write(JSON.stringify({ type, ...e }, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)) + '\n'); };
      const onEntry = (e: LedgerEntry): void => line('entry', plainEntry(e));
      const onConn = (e: { type: string }): void => { const { type: event, ...rest } = e; line('connection', { event, ...rest }); };
      const onReg = (e: object): void => line('register', e);
      mock.events.on('entry', onEntry);
      mock.events.on('connection', onConn);
      mock.events.on('register', onReg);
      res.on('close', () => { mock.events.off('entry', onEntry); mock.events.off('connection', onConn); mock.events.off('register', onReg); });
      res.write(JSON.stringify({ type: 'hello', ports: mock.ports }) + '\n');
      return;
    }
    if (a === 'ledger' && parts.length === 1 && m === 'GET') {
      const q = url.searchParams;
      const f: LedgerFilter = {};
      const kkmId = intParam(q, 'kkmId'); if (kkmId !== undefined) f.kkmId = kkmId;
      const channel = intParam(q, 'channel'); if (channel !== undefined) f.channel = channel;
      const afterSeq = intParam(q, 'afterSeq'); if (afterSeq !== undefined) f.afterSeq = afterSeq;
      const limit = intParam(q, 'limit'); if (limit !== undefined) f.limit = limit;
      const from = intParam(q, 'from'); if (from !== undefined) f.from = from;
      const until = intParam(q, 'until'); if (until !== undefined) f.until = until;
      const dir = q.get('direction');
      if (dir !== null) { if (dir !== 'to-ofd' && dir !== 'to-kkm') throw new OfdMockError('OFDM_BAD_REQUEST', 'direction must be to-ofd or to-kkm'); f.direction = dir; }
      const cmd = q.get('command');
      if (cmd !== null) { const code = commandCode(cmd); if (code === null) throw new OfdMockError('OFDM_BAD_REQUEST', `unknown command ${cmd}`); f.command = code; }
      return json(res, 200, mock.ledger.entries(f));
    }
    throw new OfdMockError('OFDM_NOT_FOUND', `no route ${m} ${url.pathname}`);
  };

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      const err = isOfdMockError(e) ? e : new OfdMockError('OFDM_BAD_REQUEST', (e as Error)?.message ?? String(e));
      if (!res.headersSent) json(res, HTTP_STATUS[err.code] ?? 500, { error: { code: err.code, message: err.message } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => reject(new OfdMockError('OFDM_LISTEN_FAILED', `control API cannot listen on ${o.host}:${o.port}: ${e.message}`, { cause: e })));
    server.listen({ host: o.host, port: o.port }, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://${o.host}:${port}`,
    token,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
