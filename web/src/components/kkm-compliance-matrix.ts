// The compliance matrix of a run: every requirement and sub-item as a tile (grouped by its
// parent) and as a table row, filterable by verdict and text. A click dispatches
// 'requirement-selected' with the requirement id.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RunReport, Verdict, VerdictRow } from '../data/types.js';
import { compareRequirementIds, parentOf, VERDICT_COLOR, VERDICT_LABEL, VERDICTS } from '../lib/verdicts.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-compliance-matrix')
export class KkmComplianceMatrix extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .filters { margin-bottom: 10px; }
    .matrix { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px; margin-bottom: 14px; align-items: start; }
    .group { display: flex; flex-wrap: wrap; gap: 3px; padding: 4px; border: 1px solid #e2e6ee; border-radius: 6px; background: #fafbfc; }
    .tile { min-width: 34px; height: 26px; border-radius: 4px; color: #fff; font-size: 11px; font-weight: 600; border: 2px solid transparent; padding: 0 4px; cursor: pointer; }
    .tile.parent { min-width: 40px; }
    .tile.dim { opacity: .22; }
    .tile[aria-selected='true'] { border-color: #1d2330; }
    .counts { font-size: 13px; }
    tr[aria-selected='true'] td { background: #e6f0fb; }
    td.id { font-weight: 600; white-space: nowrap; }
    td.cases { font-size: 12px; white-space: nowrap; }
    td.text { max-width: 420px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #4a5568; }
  `];

  @property({ attribute: false }) report?: RunReport;
  @property() selected: string | null = null;
  @state() private _only: Verdict | 'all' = 'all';
  @state() private _text = '';

  private _rows(): VerdictRow[] {
    return [...(this.report?.requirements ?? [])].sort((a, b) => compareRequirementIds(a.requirement, b.requirement));
  }

  private _matches(r: VerdictRow): boolean {
    if (this._only !== 'all' && r.verdict !== this._only) return false;
    if (!this._text) return true;
    const t = this._text.toLowerCase();
    const text = r.textEn ?? '';
    return r.requirement.startsWith(t) || (r.reason ?? '').toLowerCase().includes(t) || r.cases.some((c) => c.toLowerCase().includes(t)) || text.toLowerCase().includes(t);
  }

  override render() {
    const rows = this._rows();
    if (!this.report) return html`<p class="muted">No report.</p>`;
    const counts = new Map<Verdict, number>();
    for (const r of rows) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
    const groups = new Map<string, VerdictRow[]>();
    for (const r of rows) { const p = parentOf(r.requirement); (groups.get(p) ?? groups.set(p, []).get(p)!).push(r); }
    const shown = rows.filter((r) => this._matches(r));
    return html`
      <div class="row filters">
        <button aria-pressed=${this._only === 'all'} @click=${() => { this._only = 'all'; }}>all ${rows.length}</button>
        ${VERDICTS.map((v) => html`<button data-verdict=${v} aria-pressed=${this._only === v} @click=${() => { this._only = v; }}>
          <span class="badge" style="background:${VERDICT_COLOR[v]}">${VERDICT_LABEL[v]}</span> ${counts.get(v) ?? 0}</button>`)}
        <input type="search" placeholder="filter: id, case, reason" .value=${this._text} @input=${(e: Event) => { this._text = (e.target as HTMLInputElement).value.trim(); }} />
      </div>
      <div class="matrix" role="grid" aria-label="compliance matrix">
        ${[...groups.entries()].map(([p, rs]) => html`<div class="group">${rs.map((r) => html`<button class="tile ${r.requirement === p ? 'parent' : ''} ${this._matches(r) ? '' : 'dim'}"
            style="background:${VERDICT_COLOR[r.verdict]}" title="${r.requirement}: ${VERDICT_LABEL[r.verdict]}${r.reason ? ' — ' + r.reason : ''}"
            data-req=${r.requirement} aria-selected=${this.selected === r.requirement} @click=${() => this._select(r.requirement)}>${r.requirement}</button>`)}</div>`)}
      </div>
      <table aria-label="verdicts">
        <thead><tr><th>req</th><th>requirement</th><th>verdict</th><th>cases</th><th>evidence</th><th>reason</th></tr></thead>
        <tbody>${shown.map((r) => html`<tr class="clickable" data-req=${r.requirement} aria-selected=${this.selected === r.requirement} @click=${() => this._select(r.requirement)}>
          <td class="id">${r.requirement}</td>
          <td class="text" title=${r.textEn ?? ''}>${r.textEn ?? html`<span class="muted">—</span>`}</td>
          <td><span class="badge" style="background:${VERDICT_COLOR[r.verdict]}">${VERDICT_LABEL[r.verdict]}</span>${r.expectedFailure ? html` <span class="muted">expected</span>` : ''}${r.unexpectedPass ? html` <span class="error">unexpected pass</span>` : ''}</td>
          <td class="cases">${r.cases.length ? r.cases.map((c) => html`<div>${c}</div>`) : html`<span class="muted">—</span>`}</td>
          <td>${r.evidence.length}</td>
          <td>${r.reason ?? ''}</td>
        </tr>`)}</tbody>
      </table>`;
  }

  private _select(requirement: string) {
    this.selected = requirement;
    this.dispatchEvent(new CustomEvent('requirement-selected', { detail: { requirement }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-compliance-matrix': KkmComplianceMatrix } }
