// The evidence behind one verdict: its cases with their checks, the evidence items, and links to
// each case's trace slice (and to the first failing check in it) and statechart path.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { runHref } from '../data/route.js';
import type { Evidence, RunReport } from '../data/types.js';
import { VERDICT_COLOR, VERDICT_LABEL } from '../lib/verdicts.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-evidence-panel')
export class KkmEvidencePanel extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .case { border-top: 1px solid #e2e6ee; padding: 8px 0; }
    ul { margin: 4px 0; padding-left: 18px; font-size: 13px; }
    li.fail { color: #c53030; }
    details { font-size: 13px; }
  `];

  @property({ attribute: false }) report?: RunReport;
  @property() requirement: string | null = null;
  /** the run's folder under reports/ (links); defaults to the report's runId */
  @property() runId: string | null = null;

  override render() {
    const row = this.report?.requirements.find((r) => r.requirement === this.requirement);
    if (!this.report || !row) return html`<p class="muted">Select a requirement to see its evidence.</p>`;
    const runId = this.runId ?? this.report.runId;
    const cases = this.report.cases.filter((c) => row.cases.includes(c.id) || c.covers.includes(row.requirement));
    return html`
      <h2>Requirement ${row.requirement} <span class="badge" style="background:${VERDICT_COLOR[row.verdict]}">${VERDICT_LABEL[row.verdict]}</span></h2>
      ${row.textEn ? html`<p class="muted">${row.textEn}</p>` : ''}
      ${row.reason ? html`<p>${row.reason}</p>` : ''}
      ${row.expectedFailure ? html`<p class="muted">Expected failure: ${row.expectedFailure}</p>` : ''}
      ${row.attestation ? html`<p>Attested ${row.attestation.verdict} by ${row.attestation.by ?? '?'}${row.attestation.note ? `: ${row.attestation.note}` : ''}</p>` : ''}
      ${row.evidence.length ? html`<h3>Evidence</h3><ul>${row.evidence.map((e) => this._evidence(runId, e))}</ul>` : ''}
      <h3>Cases (${cases.length})</h3>
      ${cases.length === 0 ? html`<p class="muted">No case exercised this requirement.</p>` : ''}
      ${cases.map((c) => {
        const firstFail = c.checks.find((k) => !k.ok);
        return html`<div class="case" data-case=${c.id}>
          <div class="row"><strong>${c.id}</strong>
            <span class="badge" style="background:${VERDICT_COLOR[c.status]}">${VERDICT_LABEL[c.status]}</span>
            <span class="muted">${c.durationMs} ms · trace ${c.traceSlice.from}–${c.traceSlice.to}</span></div>
          ${c.reason ? html`<div class=${c.status === 'pass' ? '' : 'error'}>${c.reason}</div>` : ''}
          <div class="row" style="margin:4px 0">
            <a class="btn trace-slice" href=${runHref(runId, 'trace', { seq: c.traceSlice.from, to: c.traceSlice.to, case: c.id, ...(firstFail?.traceSeq !== undefined ? { at: firstFail.traceSeq } : {}) })}>Open trace slice</a>
            <a class="btn" href=${runHref(runId, 'statechart', { case: c.id })}>Statechart path</a>
          </div>
          <ul>${c.checks.map((k) => html`<li class=${k.ok ? '' : 'fail'}>${k.ok ? '✓' : '✗'} req ${k.requirement}: ${k.message}
            ${k.traceSeq !== undefined ? html` <a href=${runHref(runId, 'trace', { seq: c.traceSlice.from, to: c.traceSlice.to, case: c.id, at: k.traceSeq })}>#${k.traceSeq}</a>` : ''}</li>`)}</ul>
        </div>`;
      })}`;
  }

  private _evidence(runId: string, e: Evidence) {
    return html`<li>${e.kind}: ${e.summary}
      ${e.traceSeq !== undefined ? html` <a href=${runHref(runId, 'trace', { seq: Math.max(0, e.traceSeq - 20), to: e.traceSeq + 20, at: e.traceSeq })}>#${e.traceSeq}</a>` : ''}
      ${e.data !== undefined ? html`<details><summary>data</summary><pre>${JSON.stringify(e.data, null, 2)}</pre></details>` : ''}</li>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-evidence-panel': KkmEvidencePanel } }
