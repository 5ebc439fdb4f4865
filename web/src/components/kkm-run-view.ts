// One run: tabs for the compliance matrix (with evidence), the trace, the statechart path of a
// case and the receipts & journal. Loads through Tasks from web/src/data/.
import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../data/api.js';
import { runHref, type Tab } from '../data/route.js';
import { TraceStore } from '../data/trace-store.js';
import type { TraceMeta } from '../data/types.js';
import { baseStyles } from './shared-styles.js';
import './kkm-compliance-matrix.js';
import './kkm-evidence-panel.js';
import './kkm-trace-view.js';
import './kkm-statechart-path.js';
import './kkm-journal.js';

@customElement('kkm-run-view')
export class KkmRunView extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: flex; flex-direction: column; height: 100%; }
    .tabs { display: flex; gap: 4px; align-items: center; padding: 8px 0; flex: none; }
    .tabs a { padding: 6px 12px; border-radius: 6px; text-decoration: none; color: #2d3748; font-size: 14px; }
    .tabs a[aria-current='page'] { background: #1d2330; color: #fff; }
    .tabs .title { font-weight: 600; margin-right: 12px; }
    .content { flex: 1; min-height: 0; }
    .split { display: grid; grid-template-columns: minmax(0, 1fr) 420px; gap: 14px; align-items: start; }
    .split > .card:last-child { position: sticky; top: 0; max-height: calc(100vh - 140px); overflow: auto; }
    :host([tab='trace']) .tabs { padding: 8px 18px; }
    .trace { height: 100%; border-top: 1px solid #e2e6ee; }
  `];

  @property() runId = '';
  @property({ reflect: true }) tab: Tab = 'compliance';
  @property({ attribute: false }) query: URLSearchParams = new URLSearchParams();
  @state() private _selectedReq: string | null = null;
  private _store: TraceStore | null = null;

  private _report = new Task(this, { task: async ([id], { signal }) => api.report(id as string, signal), args: () => [this.runId] });
  private _meta = new Task(this, {
    task: async ([id, tab], { signal }) => (tab === 'compliance' ? null : api.traceMeta(id as string, signal)),
    args: () => [this.runId, this.tab === 'compliance' ? 'compliance' : 'trace'],
  });
  /** seq → line index for the trace tab's focus (the slice and the selected event) */
  private _focus = new Task(this, {
    task: async ([id, tab, seq, to, at]) => {
      if (tab !== 'trace' || seq === null) return null;
      const [a, b, c] = await Promise.all([api.locate(id as string, Number(seq)), to !== null ? api.locate(id as string, Number(to)) : null, at !== null ? api.locate(id as string, Number(at)) : null]);
      return { from: a.index, to: b?.index ?? a.index, at: c?.index ?? null };
    },
    args: () => [this.runId, this.tab, this.query.get('seq'), this.query.get('to'), this.query.get('at')],
  });

  private _storeFor(meta: TraceMeta): TraceStore {
    if (!this._store || this._store.runId !== this.runId) this._store = new TraceStore(this.runId, meta.total);
    return this._store;
  }

  override render() {
    const tabs: [Tab, string][] = [['compliance', 'Compliance'], ['trace', 'Trace'], ['statechart', 'Statechart'], ['receipts', 'Receipts & journal']];
    return html`
      <div class="tabs"><span class="title">${this.runId}</span>
        ${tabs.map(([t, label]) => html`<a href=${runHref(this.runId, t)} aria-current=${this.tab === t ? 'page' : 'false'}>${label}</a>`)}
        <a href="/api/runs/${encodeURIComponent(this.runId)}/files/report.html" target="_blank">report.html</a>
      </div>
      <div class="content">${this._tab()}</div>`;
  }

  private _tab() {
    switch (this.tab) {
      case 'compliance':
        return this._report.render({
          pending: () => html`<p class="muted">Loading report…</p>`,
          error: (e) => html`<p class="error">${(e as Error).message}</p>`,
          complete: (report) => html`<div class="split">
            <div class="card"><kkm-compliance-matrix .report=${report} .selected=${this._selectedReq} @requirement-selected=${(e: CustomEvent<{ requirement: string }>) => { this._selectedReq = e.detail.requirement; }}></kkm-compliance-matrix></div>
            <div class="card"><kkm-evidence-panel .report=${report} .runId=${this.runId} .requirement=${this._selectedReq}></kkm-evidence-panel></div>
          </div>`,
        });
      case 'trace':
        return this._meta.render({
          pending: () => html`<p class="muted" style="padding:0 18px">Indexing trace…</p>`,
          error: (e) => html`<p class="error" style="padding:0 18px">${(e as Error).message}</p>`,
          complete: (meta) => {
            if (!meta) return html``;
            const f = this._focus.value;
            return html`<div class="trace"><kkm-trace-view .runId=${this.runId} .meta=${meta} .store=${this._storeFor(meta)}
              .focusRange=${f ? { from: f.from, to: f.to } : null} .at=${f?.at ?? null}></kkm-trace-view></div>`;
          },
        });
      case 'statechart':
        return this._meta.render({
          pending: () => html`<p class="muted">Loading…</p>`,
          error: (e) => html`<p class="error">${(e as Error).message}</p>`,
          complete: (meta) => meta ? html`<div class="card"><kkm-statechart-path .runId=${this.runId} .meta=${meta} .store=${this._storeFor(meta)} .caseId=${this.query.get('case')} .coverage=${this._report.value?.coverage ?? null}></kkm-statechart-path></div>` : html``,
        });
      case 'receipts':
        return html`<kkm-journal .runId=${this.runId}></kkm-journal>`;
    }
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-run-view': KkmRunView } }
