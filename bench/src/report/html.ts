// report.html: one self-contained page (inline CSS and a few lines of inline JS, no external
// assets), readable offline: the compliance matrix, the evidence of every verdict, and the
// trace slice of every failed or errored case.
import type { CaseResult, RunReport, TraceEvent, Verdict, VerdictRow } from './types.js';

export interface HtmlOptions {
  /** the run's trace events, for the failure slices (omit: slices are not shown) */
  trace?: readonly TraceEvent[];
  /** requirement id → short text (English), shown in the matrix */
  texts?: Readonly<Record<string, string>>;
  /** max trace lines per failure slice @defaultValue 400 */
  maxSliceLines?: number;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const COLORS: Record<Verdict, string> = {
  pass: '#1a7f37', fail: '#cf222e', error: '#9a6700', manual: '#0969da', not_applicable: '#6e7781', not_run: '#8250df',
};

function badge(v: Verdict | CaseResult['status'], extra = ''): string {
  return `<span class="b" style="background:${COLORS[v as Verdict] ?? '#555'}">${escapeHtml(v)}${extra}</span>`;
}

function short(value: unknown, max = 300): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  if (s === undefined) return '';
  return s.length > max ? s.slice(0, max) + '…' : s;
}

function traceLine(e: TraceEvent): string {
  const { v: _v, seq, t, kind, ...rest } = e as TraceEvent & Record<string, unknown>;
  void _v;
  return `<tr class="k-${escapeHtml(kind.replace(/\./g, '-'))}"><td>${seq}</td><td>${t}</td><td>${escapeHtml(kind)}</td><td><code>${escapeHtml(short(rest, 600))}</code></td></tr>`;
}

function rowHtml(r: VerdictRow, texts?: Readonly<Record<string, string>>): string {
  const text = r.textEn ?? texts?.[r.requirement] ?? '';
  const extra = r.unexpectedPass ? ' (unexpected)' : r.expectedFailure !== undefined && r.verdict === 'fail' ? ' (expected)' : '';
  return `<tr data-v="${r.verdict}" id="m-${escapeHtml(r.requirement)}"><td><a href="#req-${escapeHtml(r.requirement)}">${escapeHtml(r.requirement)}</a></td><td>${badge(r.verdict, extra)}</td><td>${escapeHtml(short(text, 160))}</td><td>${r.cases.map((c) => `<a href="#case-${escapeHtml(c)}">${escapeHtml(c)}</a>`).join(' ')}</td><td>${escapeHtml(r.reason ?? '')}</td></tr>`;
}

function detailHtml(r: VerdictRow): string {
  const ev = r.evidence.length
    ? `<ul>${r.evidence.map((e) => `<li><b>${escapeHtml(e.kind)}</b> ${escapeHtml(e.summary)}${e.traceSeq !== undefined ? ` <a href="#t-${e.traceSeq}">#${e.traceSeq}</a>` : ''}${e.data !== undefined ? `<details><summary>data</summary><pre>${escapeHtml(JSON.stringify(e.data, null, 2) ?? '')}</pre></details>` : ''}</li>`).join('')}</ul>`
    : '<p class="muted">no evidence recorded</p>';
  const notes = [
    r.expectedFailure !== undefined ? `<p>Declared expected failure: ${escapeHtml(r.expectedFailure)}</p>` : '',
    r.attestation ? `<p>Attestation: ${escapeHtml(r.attestation.verdict)} ${escapeHtml(r.attestation.by ?? '')} ${escapeHtml(r.attestation.note ?? '')}</p>` : '',
  ].join('');
  return `<section class="req" id="req-${escapeHtml(r.requirement)}" data-v="${r.verdict}"><h3>${escapeHtml(r.requirement)} ${badge(r.verdict)}</h3>${r.reason ? `<p>${escapeHtml(r.reason)}</p>` : ''}${notes}${ev}</section>`;
}

function caseHtml(c: CaseResult, trace: readonly TraceEvent[] | undefined, maxLines: number): string {
  const checks = c.checks.length
    ? `<ul>${c.checks.map((k) => `<li class="${k.ok ? 'ok' : 'ko'}">${k.ok ? '✓' : '✗'} <b>${escapeHtml(k.requirement)}</b> ${escapeHtml(k.message)}${k.traceSeq !== undefined ? ` <a href="#t-${k.traceSeq}">#${k.traceSeq}</a>` : ''}</li>`).join('')}</ul>`
    : '';
  let slice = '';
  if (trace && (c.status === 'fail' || c.status === 'error')) {
    const events = trace.filter((e) => e.seq >= c.traceSlice.from && e.seq <= c.traceSlice.to);
    // a long slice: the window that leads up to the first failing check (and a little after)
    const failSeq = c.checks.find((k) => !k.ok)?.traceSeq ?? c.traceSlice.to;
    let shown = events;
    if (events.length > maxLines) {
      const at = Math.max(0, events.findIndex((e) => e.seq >= failSeq));
      const start = Math.max(0, Math.min(at - Math.floor(maxLines * 0.75), events.length - maxLines));
      shown = events.slice(start, start + maxLines);
    }
    slice = `<details open><summary>trace slice #${c.traceSlice.from}–#${c.traceSlice.to} (${events.length} events${shown.length < events.length ? `, #${shown[0]!.seq}–#${shown[shown.length - 1]!.seq} shown: up to and around the first failing check` : ''})</summary><table class="trace">${shown.map((e) => traceLine(e).replace('<tr ', `<tr id="t-${e.seq}" `)).join('')}</table></details>`;
  }
  return `<section class="case" id="case-${escapeHtml(c.id)}"><h3>${escapeHtml(c.id)} ${badge(c.status)}</h3><p>${escapeHtml(c.title ?? '')} — covers ${escapeHtml(c.covers.join(', '))} — ${c.durationMs} ms</p>${c.reason ? `<p>${escapeHtml(c.reason)}</p>` : ''}${checks}${slice}</section>`;
}

export function reportToHtml(report: RunReport, opts: HtmlOptions = {}): string {
  const t = report.totals;
  const maxLines = opts.maxSliceLines ?? 400;
  const cov = report.coverage;
  const bad = report.cases.filter((c) => c.status === 'fail' || c.status === 'error');
  const props = report.props
    ? `<h2>Property-based run</h2><p>seed ${report.props.seed}, ${report.props.numRuns} runs, ${report.props.failed ? `<b>failed</b>: ${escapeHtml(report.props.counterexample ?? '')} — replayPath <code>${escapeHtml(report.props.replayPath ?? '')}</code>${report.props.scenario ? `, saved as <code>${escapeHtml(report.props.scenario)}</code>` : ''}` : 'no counterexample'}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kkm-bench report ${escapeHtml(report.runId)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1f2328}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
.b{color:#fff;border-radius:8px;padding:1px 7px;font-size:12px;white-space:nowrap}
.muted{color:#6e7781}.ok{color:#1a7f37}.ko{color:#cf222e}
.trace td{font:11px monospace;border-bottom:1px solid #eee}.trace code{word-break:break-all}
section{border-top:1px solid #d0d7de;margin-top:.5em}.filters button{margin-right:4px}
h3{margin:.4em 0}
</style></head><body>
<h1>KKM conformance report</h1>
<p>Run <b>${escapeHtml(report.runId)}</b> · started ${escapeHtml(report.startedAt)} · seed ${report.seed} · clock ${escapeHtml(report.dut.clock)}</p>
<p>DUT: ${escapeHtml(report.dut.vendor)} ${escapeHtml(report.dut.model)} firmware ${escapeHtml(report.dut.firmware)} · capabilities: ${escapeHtml(report.dut.capabilities.join(', '))}${report.dut.defects?.length ? ` · <b>seeded defects: ${escapeHtml(report.dut.defects.join(', '))}</b>` : ''}</p>
<p>${t.subItems} requirements and sub-items: ${badge('pass')} ${t.pass} ${badge('fail')} ${t.fail} ${badge('error')} ${t.error} ${badge('manual')} ${t.manual} ${badge('not_applicable')} ${t.notApplicable} ${badge('not_run')} ${t.notRun} · cases ${t.cases} (${t.casesPassed} passed, ${t.casesFailed} failed, ${t.casesError} errors, ${t.casesNotRun} not run)</p>
<p>Model coverage: states ${cov.states.covered}/${cov.states.total}, transitions ${cov.transitions.covered}/${cov.transitions.total}, requirements ${cov.requirements.covered}/${cov.requirements.total} automatically verified sub-items${cov.modelRequirements ? ` (${cov.modelRequirements.covered}/${cov.modelRequirements.total} of those the model names)` : ''}${cov.paths ? ` · paths ${cov.paths.passed}/${cov.paths.total} passed` : ''}${cov.uncovered.length ? '' : ' · nothing uncovered'}</p>
${cov.uncovered.length ? `<details open><summary>Not covered by the model (${cov.uncovered.length})</summary><ul class="uncovered">${cov.uncovered.map((u) => `<li>${escapeHtml(u)}</li>`).join('')}</ul></details>` : ''}
${props}
<h2>Compliance matrix</h2>
<div class="filters">${['all', 'pass', 'fail', 'error', 'manual', 'not_applicable', 'not_run'].map((v) => `<button data-f="${v}">${v}</button>`).join('')}</div>
<table id="matrix"><thead><tr><th>Req.</th><th>Verdict</th><th>Text</th><th>Cases</th><th>Reason</th></tr></thead><tbody>
${report.requirements.map((r) => rowHtml(r, opts.texts)).join('\n')}
</tbody></table>
<h2>Failures (${bad.length})</h2>
${bad.map((c) => caseHtml(c, opts.trace, maxLines)).join('\n') || '<p class="muted">none</p>'}
<h2>Evidence per verdict</h2>
${report.requirements.map(detailHtml).join('\n')}
<h2>All cases</h2>
${report.cases.filter((c) => c.status !== 'fail' && c.status !== 'error').map((c) => caseHtml(c, undefined, maxLines)).join('\n')}
<script>
for (const b of document.querySelectorAll('.filters button')) b.addEventListener('click', () => {
  const f = b.getAttribute('data-f');
  for (const tr of document.querySelectorAll('#matrix tbody tr')) tr.style.display = f === 'all' || tr.getAttribute('data-v') === f ? '' : 'none';
});
</script>
</body></html>
`;
}
