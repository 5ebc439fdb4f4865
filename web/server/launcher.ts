// Runs started from the dashboard: the bench CLI (`bench/cli.ts run`, a separate process — the
// dashboard imports nothing of the bench but its types) writes reports/<run-id>/ at the end;
// while it runs, its progress lines on stderr are parsed and pushed to the live-run view, each
// case mapped to the requirements it covers (from `kkm-bench list --json`).
import { spawn, type ChildProcess } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DashboardError } from './errors.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH_CLI = join(REPO_ROOT, 'bench', 'cli.ts');

export interface LaunchOptions {
  /** `--requirements` filter, e.g. "29.6,14" (omit = all) */
  requirements?: string;
  /** seeded emulator defects (`--defect`) */
  defects?: string[];
  /** include the model-based paths @defaultValue false (they take most of the time) */
  model?: boolean;
  seed?: number;
}

export type LaunchEvent =
  | { type: 'start'; runId: string; args: string[] }
  | { type: 'progress'; status: 'pass' | 'fail' | 'error' | 'not_run'; case: string; ms: number; index: number; total: number; covers: string[] }
  | { type: 'log'; line: string }
  | { type: 'done'; code: number | null; report: boolean };

export interface LaunchedRun { runId: string; events: LaunchEvent[]; running: boolean; child: ChildProcess | null; clients: Set<ServerResponse> }

const PROGRESS = /^(pass|fail|error|not_run)\s+(\S+) \((\d+) ms\) \[(\d+)\/(\d+)\]\s*$/;
const REQ_LIST = /^(\d{1,2}(\.\d)?)(,\d{1,2}(\.\d)?)*$/;
const DEFECT = /^[a-z][a-z0-9-]{0,63}$/;

/** Parses one progress line of the bench CLI. */
export function parseProgress(line: string, covers: (caseId: string) => string[]): LaunchEvent | null {
  const m = PROGRESS.exec(line.replace(/\r/g, '').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim());
  if (!m) return null;
  return { type: 'progress', status: m[1] as 'pass', case: m[2]!, ms: Number(m[3]), index: Number(m[4]), total: Number(m[5]), covers: covers(m[2]!) };
}

function runProcess(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((ok) => {
    const c = spawn(process.execPath, ['--import', 'tsx', BENCH_CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    c.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    c.on('close', (code) => ok({ code, stdout }));
    c.on('error', () => ok({ code: -1, stdout }));
  });
}

export class RunLauncher {
  private runs = new Map<string, LaunchedRun>();
  private coverMap: Promise<Map<string, string[]>> | null = null;
  private counter = 0;

  constructor(private readonly reportsDir: string, private readonly now: () => Date = () => new Date()) {}

  /** case id → requirement ids, from the catalogue (`kkm-bench list --json`). */
  private covers(): Promise<Map<string, string[]>> {
    this.coverMap ??= runProcess(['list', '--json']).then(({ stdout }) => {
      const map = new Map<string, string[]>();
      try {
        for (const r of JSON.parse(stdout) as { id: string; cases?: string[] }[]) for (const c of r.cases ?? []) map.set(c, [...(map.get(c) ?? []), r.id]);
      } catch { /* the catalogue is unavailable: cases still show, without requirements */ }
      return map;
    });
    return this.coverMap;
  }

  get(runId: string): LaunchedRun | undefined { return this.runs.get(runId); }

  /** Runs in progress (for the runs list). */
  active(): string[] { return [...this.runs.values()].filter((r) => r.running).map((r) => r.runId); }

  async start(o: LaunchOptions = {}): Promise<{ runId: string }> {
    if (o.requirements !== undefined && o.requirements !== '' && !REQ_LIST.test(o.requirements)) throw new DashboardError('WEB_BAD_REQUEST', 'requirements must look like "29.6,14"');
    for (const d of o.defects ?? []) if (!DEFECT.test(d)) throw new DashboardError('WEB_BAD_REQUEST', `bad defect name ${JSON.stringify(d)}`);
    if (o.seed !== undefined && !Number.isInteger(o.seed)) throw new DashboardError('WEB_BAD_REQUEST', 'seed must be an integer');
    // the catalogue is read while the run starts; progress lines wait for it, in order
    const coversP = this.covers();
    const stamp = this.now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
    const runId = `dash-${stamp}-${++this.counter}`;
    // a shrunk property failure is kept with the run, not written into the repository's scenarios/
    const args = ['run', '--dut', 'emulator', '--out', join(this.reportsDir, runId), '--save-scenarios', join(this.reportsDir, runId, 'scenarios')];
    if (o.requirements) args.push('--requirements', o.requirements);
    for (const d of o.defects ?? []) args.push('--defect', d);
    if (!o.model) args.push('--no-model');
    if (o.seed !== undefined) args.push('--seed', String(o.seed));
    const child = spawn(process.execPath, ['--import', 'tsx', BENCH_CLI, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CI: 'true' } });
    const run: LaunchedRun = { runId, events: [], running: true, child, clients: new Set() };
    this.runs.set(runId, run);
    this.push(run, { type: 'start', runId, args });
    let buf = '';
    child.stderr!.on('data', (d: Buffer) => {
      buf += d.toString();
      let k: number;
      while ((k = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, k);
        buf = buf.slice(k + 1);
        void coversP.then((covers) => {
          const ev = parseProgress(line, (c) => covers.get(c) ?? []);
          this.push(run, ev ?? { type: 'log', line: line.slice(0, 500) });
        });
      }
    });
    child.on('close', (code) => void coversP.then(() => {
      run.running = false;
      run.child = null;
      this.push(run, { type: 'done', code, report: true });
      for (const c of run.clients) c.end();
      run.clients.clear();
    }));
    return { runId };
  }

  private push(run: LaunchedRun, ev: LaunchEvent): void {
    run.events.push(ev);
    for (const c of run.clients) c.write(`data: ${JSON.stringify(ev)}\n\n`);
  }

  /** Server-sent events of a launched run: everything so far, then as it comes. */
  subscribe(runId: string, res: ServerResponse): void {
    const run = this.runs.get(runId);
    if (!run) throw new DashboardError('WEB_NOT_FOUND', `no run ${runId} was started here`);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    for (const ev of run.events) res.write(`data: ${JSON.stringify(ev)}\n\n`);
    if (!run.running) { res.end(); return; }
    run.clients.add(res);
    res.on('close', () => run.clients.delete(res));
  }

  async close(): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const r of this.runs.values()) {
      for (const c of r.clients) c.end();
      if (r.child) {
        const child = r.child;
        waits.push(new Promise((ok) => child.once('close', () => ok())));
        child.kill('SIGTERM');
      }
    }
    await Promise.all(waits);
  }
}
