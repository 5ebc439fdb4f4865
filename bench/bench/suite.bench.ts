// npm run bench:suite — the full run against the reference emulator in virtual time (24 h and
// 72 h rules included), timed; writes reports/bench/suite.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runBench } from '../src/runner/run.js';
import { hrtimeMs } from '../src/runner/wall.js';

const t0 = hrtimeMs();
const r = await runBench({ seed: 1, model: true });
const wallSeconds = (hrtimeMs() - t0) / 1000;
const t = r.report.totals;
const slowest = [...r.report.cases].sort((a, b) => b.durationMs - a.durationMs).slice(0, 5).map((c) => ({ id: c.id, ms: c.durationMs }));
const out = {
  wallSeconds: Number(wallSeconds.toFixed(3)),
  targetSeconds: 10,
  subItems: t.subItems,
  passed: t.pass,
  failed: t.fail,
  errors: t.error,
  manual: t.manual,
  notApplicable: t.notApplicable,
  notRun: t.notRun,
  cases: t.cases,
  casesPassed: t.casesPassed,
  traceEvents: r.trace.events().length,
  coverage: r.report.coverage,
  slowestCases: slowest,
  failing: r.report.requirements.filter((x) => x.verdict === 'fail' || x.verdict === 'error').map((x) => `${x.requirement}: ${x.reason ?? x.verdict}`),
};
mkdirSync(join('reports', 'bench'), { recursive: true });
writeFileSync(join('reports', 'bench', 'suite.json'), JSON.stringify(out, null, 2) + '\n');
process.stdout.write(`suite: ${out.wallSeconds} s wall (target < ${out.targetSeconds} s), ${t.cases} cases, ${t.subItems} sub-items: pass ${t.pass}, fail ${t.fail}, error ${t.error}, manual ${t.manual}, n/a ${t.notApplicable}, not run ${t.notRun}\n`);
process.stdout.write(`slowest: ${slowest.map((s) => `${s.id} ${s.ms} ms`).join(', ')}\n`);
if (out.failing.length) process.stdout.write(`not passing:\n  ${out.failing.join('\n  ')}\n`);
process.stdout.write('wrote reports/bench/suite.json\n');
