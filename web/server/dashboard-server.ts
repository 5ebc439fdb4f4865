// The dashboard's HTTP server (node:http, loopback): the JSON API over reports/, the live
// register bridge, and the UI (built bundle or Vite dev middleware).
import { createReadStream, existsSync, statSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { buildBundle, bundleFresh, DEFAULT_OUT_DIR, startDevMiddleware, type DevMiddleware } from './bundle.js';
import { DashboardError, HTTP_STATUS } from './errors.js';
import { LiveBridge } from './live.js';
import { RunLauncher } from './launcher.js';
import { OperatorFleet } from './fleet.js';
import { resolveOptions, type DashboardOptions } from './options.js';
import { assertRunId, listRuns, readReport, TraceCache } from './runs.js';

export interface RunningDashboard {
  url: string;
  port: number;
  live: LiveBridge | null;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8', '.xml': 'application/xml; charset=utf-8', '.jsonl': 'application/x-ndjson; charset=utf-8',
};

const RUN_FILES = new Set(['report.json', 'report.html', 'junit.xml', 'trace.jsonl']);
const MAX_PAGE = 5000;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, { 'content-type': MIME['.json']!, 'cache-control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof DashboardError) return sendJson(res, HTTP_STATUS[err.code], { error: { code: err.code, message: err.message } });
  const e = err as Error & { dcp?: { message: string; reason?: string; requirement?: string } };
  if (e.dcp) return sendJson(res, 409, { error: { code: 'DCP_ERROR', ...e.dcp } });
  sendJson(res, 500, { error: { code: 'WEB_INTERNAL', message: e?.message ?? String(err) } });
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) throw new DashboardError('WEB_BAD_REQUEST', 'body too large');
    chunks.push(c as Buffer);
  }
  if (size === 0) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch (err) {
    throw new DashboardError('WEB_BAD_REQUEST', `body is not a JSON object: ${(err as Error).message}`);
  }
}

function intParam(url: URL, name: string, def: number): number {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new DashboardError('WEB_BAD_REQUEST', `${name} must be an integer`);
  return n;
}

/** Starts the dashboard server; resolves once it listens. */
export async function startDashboard(input: Partial<DashboardOptions> = {}): Promise<RunningDashboard> {
  const o = resolveOptions(input);
  const reportsDir = resolve(o.reportsDir);
  const traces = new TraceCache(reportsDir);
  const launcher = new RunLauncher(reportsDir, () => new Date(o.now()));
  const operatorFleet = o.operator ? new OperatorFleet({ url: o.operator.url, token: o.operator.token, pollMs: o.operator.pollMs ?? 1000 }) : null;
  const live = o.live ? new LiveBridge(o.liveClock, o.log, o.liveLoaders, o.liveLang) : null;
  const bundleDir = resolve(o.bundleDir ?? DEFAULT_OUT_DIR);
  let dev: DevMiddleware | null = null;
  if (o.ui === 'bundle' && (o.rebuild || !bundleFresh(bundleDir))) {
    o.log(`[dashboard] building the bundle into ${bundleDir}`);
    await buildBundle(bundleDir);
  }
  if (o.ui === 'dev') dev = await startDevMiddleware();
  const watchers = new Set<FSWatcher>();
  const tails = new Set<ServerResponse>();

  async function api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // ['api', ...]
    const method = req.method ?? 'GET';
    if (parts[1] === 'runs' && parts.length === 2 && method === 'GET') {
      const runs = listRuns(reportsDir);
      for (const id of launcher.active()) {
        if (!runs.some((r) => r.id === id)) runs.unshift({ id, startedAt: null, finishedAt: null, dut: null, totals: null, inProgress: true, hasTrace: false, mtime: o.now() });
      }
      return sendJson(res, 200, runs);
    }
    if (parts[1] === 'launch') {
      if (parts.length === 2 && method === 'POST') {
        const b = await readBody(req);
        return sendJson(res, 200, await launcher.start({
          ...(typeof b.requirements === 'string' ? { requirements: b.requirements.replace(/\s+/g, '') } : {}),
          ...(Array.isArray(b.defects) ? { defects: b.defects.map(String).filter(Boolean) } : {}),
          ...(typeof b.model === 'boolean' ? { model: b.model } : {}),
          ...(b.seed !== undefined ? { seed: Number(b.seed) } : {}),
        }));
      }
      if (parts.length === 4 && parts[3] === 'events' && method === 'GET') { launcher.subscribe(parts[2]!, res); return; }
      if (parts.length === 3 && method === 'GET') {
        // 200 either way: "not started here" is an answer (the live view then follows the trace)
        const r = launcher.get(parts[2]!);
        return sendJson(res, 200, r ? { runId: r.runId, launched: true, running: r.running, events: r.events.length } : { runId: parts[2], launched: false, running: false, events: 0 });
      }
    }
    if (parts[1] === 'runs' && parts.length >= 4 && method === 'GET') {
      const id = parts[2]!;
      assertRunId(id);
      const rest = parts.slice(3).join('/');
      switch (rest) {
        case 'report': return sendJson(res, 200, readReport(reportsDir, id));
        case 'trace': {
          const from = Math.max(0, intParam(url, 'from', 0));
          const limit = Math.min(MAX_PAGE, Math.max(0, intParam(url, 'limit', 1000)));
          return sendJson(res, 200, traces.get(id).pageJson(from, limit));
        }
        case 'trace/meta': return sendJson(res, 200, traces.get(id).meta());
        case 'trace/rows': {
          const hidden = new Set((url.searchParams.get('hide') ?? '').split(',').filter(Boolean));
          return sendJson(res, 200, `{"rows":[${traces.get(id).rows(hidden).join(',')}]}`);
        }
        case 'trace/locate': return sendJson(res, 200, { index: traces.get(id).locate(intParam(url, 'seq', 0)) });
        case 'documents': return sendJson(res, 200, traces.get(id).documents());
        case 'tail': return tail(id, res, Math.max(0, intParam(url, 'from', 0)));
        default: {
          if (parts[3] === 'files' && parts.length === 5 && RUN_FILES.has(parts[4]!)) {
            const p = join(reportsDir, id, parts[4]!);
            if (!existsSync(p)) throw new DashboardError('WEB_NOT_FOUND', `run ${id} has no ${parts[4]}`);
            res.writeHead(200, { 'content-type': MIME[extname(p)] ?? 'application/octet-stream' });
            createReadStream(p).pipe(res);
            return;
          }
        }
      }
    }
    if (parts[1] === 'fleet' && operatorFleet) {
      if (parts.length === 2 && method === 'GET') return sendJson(res, 200, await operatorFleet.registers());
      if (parts.length === 3 && parts[2] === 'events' && method === 'GET') { await operatorFleet.subscribe(res); return; }
    }
    if (parts[1] === 'fleet' && parts[2] === 'events' && parts.length === 3 && method === 'GET' && live) {
      live.start().catch(() => undefined);
      live.subscribe(res);
      return;
    }
    if (parts[1] === 'live' || parts[1] === 'fleet') {
      if (!live) throw new DashboardError('WEB_LIVE_UNAVAILABLE', 'the live register is disabled (--no-live)');
      if (parts[1] === 'fleet' && method === 'GET') { await live.start(); return sendJson(res, 200, live.fleet()); }
      const what = parts[2];
      if (what === 'status' && method === 'GET') {
        await live.start().catch(() => undefined);
        return sendJson(res, 200, live.status());
      }
      if (what === 'events' && method === 'GET') {
        live.start().catch(() => undefined);
        live.subscribe(res);
        return;
      }
      if (what === 'call' && method === 'POST') {
        const body = await readBody(req);
        if (typeof body.method !== 'string') throw new DashboardError('WEB_BAD_REQUEST', 'call: method must be a string');
        return sendJson(res, 200, { result: await live.call(body.method, body.params ?? {}) });
      }
      if (what === 'operator' && parts.length === 4 && method === 'POST') {
        return sendJson(res, 200, await live.operator(parts[3]!, await readBody(req)));
      }
    }
    throw new DashboardError('WEB_NOT_FOUND', `no route ${method} ${url.pathname}`);
  }

  /** Server-sent events of a run's trace as it grows (the live-run view). */
  function tail(id: string, res: ServerResponse, from: number): void {
    const idx = traces.get(id);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    tails.add(res);
    let sent = from;
    const push = () => {
      try { idx.refresh(); } catch { return; }
      while (sent < idx.total) {
        const lines = idx.rawLines(sent, 2000);
        res.write(`data: {"from":${sent},"events":[${lines.join(',')}]}\n\n`);
        sent += lines.length;
      }
      if (existsSync(join(reportsDir, id, 'report.json'))) res.write('event: done\ndata: {}\n\n');
    };
    push();
    const w = watch(join(reportsDir, id), () => push());
    watchers.add(w);
    res.on('close', () => { w.close(); watchers.delete(w); tails.delete(res); });
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (o.ui === 'none') return sendJson(res, 404, { error: { code: 'WEB_NOT_FOUND', message: 'no UI (ui: none)' } });
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let p = join(bundleDir, rel);
    if (!p.startsWith(bundleDir + sep) && p !== bundleDir) return sendJson(res, 400, { error: { code: 'WEB_BAD_REQUEST', message: 'bad path' } });
    if (!existsSync(p) || statSync(p).isDirectory()) p = join(bundleDir, 'index.html');
    res.writeHead(200, { 'content-type': MIME[extname(p)] ?? 'application/octet-stream', 'cache-control': rel.startsWith('assets/') ? 'max-age=3600' : 'no-cache' });
    createReadStream(p).pipe(res);
    void req;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      api(req, res, url).catch((err: unknown) => { if (!res.headersSent) sendError(res, err); else res.end(); });
      return;
    }
    if (dev) return dev.handle(req, res, () => sendJson(res, 404, { error: { code: 'WEB_NOT_FOUND', message: url.pathname } }));
    serveStatic(req, res, url);
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(o.port, o.host, () => ok()); });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${o.host}:${port}/`;
  return {
    url, port, live,
    async close() {
      for (const w of watchers) w.close();
      for (const t of tails) t.end();
      await launcher.close();
      operatorFleet?.close();
      await live?.close();
      await dev?.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
