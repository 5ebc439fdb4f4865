// The runs under reports/, newest first, with their totals. A click dispatches 'run-selected'.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunSummary } from '../data/types.js';
import { VERDICT_COLOR } from '../lib/verdicts.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-runs-list')
export class KkmRunsList extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .bar { display: flex; height: 8px; border-radius: 4px; overflow: hidden; min-width: 160px; background: #edf0f4; }
    .bar span { display: block; height: 100%; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
  `];

  @property({ attribute: false }) runs: RunSummary[] = [];

  override render() {
    if (this.runs.length === 0) return html`<p class="muted">No runs under reports/ yet. Run <code>npm start</code> to make one.</p>`;
    return html`<table>
      <thead><tr><th>run</th><th>started</th><th>register</th><th>verdicts</th><th class="num">pass</th><th class="num">fail</th><th class="num">error</th><th class="num">manual</th><th class="num">n/a</th><th class="num">not run</th><th class="num">cases</th></tr></thead>
      <tbody>${this.runs.map((r) => {
        const t = r.totals;
        const bar = t ? ([['pass', t.pass], ['fail', t.fail], ['error', t.error], ['manual', t.manual], ['not_applicable', t.notApplicable], ['not_run', t.notRun]] as const) : [];
        const sum = bar.reduce((a, [, n]) => a + n, 0) || 1;
        return html`<tr class="clickable" data-run=${r.id} @click=${() => this._select(r)}>
          <td><a href=${r.inProgress ? `#/live/${encodeURIComponent(r.id)}` : `#/run/${encodeURIComponent(r.id)}/compliance`}>${r.id}</a>
            ${r.inProgress ? html` <span class="badge" style="background:#d69e2e">in progress</span>` : ''}</td>
          <td>${r.startedAt ? r.startedAt.replace('T', ' ').slice(0, 19) : html`<span class="muted">—</span>`}</td>
          <td>${r.dut ? `${r.dut.vendor} ${r.dut.model} ${r.dut.firmware}` : '—'}</td>
          <td><div class="bar" title="verdicts">${bar.map(([v, n]) => html`<span style="width:${(100 * n) / sum}%;background:${VERDICT_COLOR[v]}"></span>`)}</div></td>
          <td class="num">${t?.pass ?? '—'}</td><td class="num">${t?.fail ?? '—'}</td><td class="num">${t?.error ?? '—'}</td>
          <td class="num">${t?.manual ?? '—'}</td><td class="num">${t?.notApplicable ?? '—'}</td><td class="num">${t?.notRun ?? '—'}</td>
          <td class="num">${t ? `${t.casesPassed}/${t.cases}` : '—'}</td>
        </tr>`;
      })}</tbody></table>`;
  }

  private _select(r: RunSummary) {
    this.dispatchEvent(new CustomEvent('run-selected', { detail: { runId: r.id, inProgress: r.inProgress }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-runs-list': KkmRunsList } }
