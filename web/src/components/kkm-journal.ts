// Receipts & journal of a run: every printed document (from the trace's document.printed
// notifications), filterable by kind, one shown as the customer sees it; CSV export.
import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../data/api.js';
import type { Document } from '../data/dcp-types.js';
import { journalCsv } from '../lib/csv.js';
import { localTime, tenge } from '../lib/format.js';
import { baseStyles } from './shared-styles.js';
import './kkm-receipt.js';

@customElement('kkm-journal')
export class KkmJournal extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: minmax(0, 1fr) 380px; gap: 14px; align-items: start; }
    .list { max-height: calc(100vh - 200px); overflow: auto; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    tr[aria-selected='true'] td { background: #e6f0fb; }
  `];

  /** a run's documents are fetched; or pass `documents` directly (the live panel's tape) */
  @property() runId: string | null = null;
  @property({ attribute: false }) documents: Document[] | null = null;
  @state() private _kind = 'all';
  @state() private _selected: number | null = null;

  private _docs = new Task(this, {
    task: async ([runId, docs], { signal }): Promise<Document[]> => (docs ? (docs as Document[]) : runId ? (await api.documents(runId as string, signal)).documents.map((d) => d.document) : []),
    args: () => [this.runId, this.documents],
  });

  override render() {
    return this._docs.render({
      pending: () => html`<p class="muted">Collecting printed documents…</p>`,
      error: (e) => html`<p class="error">${(e as Error).message}</p>`,
      complete: (docs) => this._view(docs),
    });
  }

  private _view(all: Document[]) {
    const kinds = [...new Set(all.map((d) => d.kind))];
    const docs = this._kind === 'all' ? all : all.filter((d) => d.kind === this._kind);
    const sel = docs.find((d) => d.number === this._selected) ?? docs[docs.length - 1] ?? null;
    return html`<div class="layout">
      <div class="card">
        <div class="row" style="justify-content:space-between"><h2>Journal (${docs.length} documents)</h2>
          <div class="row">
            <select aria-label="kind" @change=${(e: Event) => { this._kind = (e.target as HTMLSelectElement).value; }}>
              <option value="all">all kinds</option>${kinds.map((k) => html`<option value=${k} ?selected=${k === this._kind}>${k}</option>`)}
            </select>
            <button class="csv" @click=${() => this._csv(docs)}>Export CSV</button>
          </div></div>
        <div class="list"><table>
          <thead><tr><th>№</th><th>kind</th><th>shift</th><th>printed</th><th>mode</th><th>fiscal sign</th><th class="num">total</th></tr></thead>
          <tbody>${docs.slice(-2000).map((d) => html`<tr class="clickable" data-number=${d.number} aria-selected=${sel?.number === d.number} @click=${() => { this._selected = d.number; }}>
            <td>${d.number}</td><td>${d.kind}</td><td>${d.shiftNumber}</td><td>${localTime(d.printedAt)}</td>
            <td>${d.fiscal?.mode === 'autonomous' ? html`<span class="badge" style="background:#d69e2e">autonomous</span>` : d.fiscal?.mode ?? '—'}</td>
            <td><code>${d.fiscal?.sign ?? ''}</code></td><td class="num">${d.totals ? tenge(d.totals.total) : ''}</td></tr>`)}</tbody>
        </table>${docs.length > 2000 ? html`<p class="muted">Showing the last 2,000; the CSV has all ${docs.length}.</p>` : ''}</div>
      </div>
      <div>${sel ? html`<kkm-receipt .document=${sel}></kkm-receipt>` : html`<p class="muted">No documents were printed.</p>`}</div>
    </div>`;
  }

  private _csv(docs: Document[]) {
    const blob = new Blob(['\ufeff' + journalCsv(docs)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `journal-${this.runId ?? 'live'}.csv`;
    a.click();
    URL.revokeObjectURL(a.href);
    this.dispatchEvent(new CustomEvent('journal-exported', { detail: { rows: docs.length, filename: a.download }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-journal': KkmJournal } }
