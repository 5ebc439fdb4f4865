// A run in progress: its trace is followed over server-sent events and every requirement's
// verdict fills in as the checks arrive (fail on any failed check). Without a run id it lists
// the runs in progress (and the latest runs, which replay to their final verdicts).
import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api } from '../data/api.js';
import { runHref } from '../data/route.js';
import type { TraceEvent } from '../data/types.js';
import { compareRequirementIds, emptyLiveVerdicts, foldLive, VERDICT_COLOR, type LiveVerdicts } from '../lib/verdicts.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-live-run')
export class KkmLiveRun extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .tiles { display: flex; flex-wrap: wrap; gap: 4px; margin: 10px 0; }
    .tile { min-width: 40px; height: 28px; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 600; display: flex; align-items: center; justify-content: center; padding: 0 4px; transition: background .2s; }
    .tile.pending { background: #e2e8f0; color: #718096; }
  `];

  @property() runId: string | null = null;
  @state() private _v: LiveVerdicts = emptyLiveVerdicts();
  @state() private _events = 0;
  @state() private _done = false;
  private _es: EventSource | null = null;

  private _runs = new Task(this, { task: async ([id], { signal }) => (id ? [] : api.runs(signal)), args: () => [this.runId] });

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('runId')) this._follow();
  }

  override disconnectedCallback(): void {
    this._es?.close();
    super.disconnectedCallback();
  }

  private _follow(): void {
    this._es?.close();
    this._es = null;
    this._v = emptyLiveVerdicts(); this._events = 0; this._done = false;
    if (!this.runId) return;
    const es = new EventSource(`/api/runs/${encodeURIComponent(this.runId)}/tail?from=0`);
    es.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { from: number; events: TraceEvent[] };
      this._v = foldLive(this._v, msg.events);
      this._events = msg.from + msg.events.length;
      this.requestUpdate();
    };
    es.addEventListener('done', () => { this._done = true; es.close(); });
    this._es = es;
  }

  override render() {
    if (!this.runId) {
      return html`<div class="card"><h2>Live run</h2><p class="muted">Pick a run to follow (runs in progress first). Start one with <code>npm start</code>.</p>
        ${this._runs.render({
          pending: () => html`<p class="muted">Loading…</p>`,
          error: (e) => html`<p class="error">${(e as Error).message}</p>`,
          complete: (runs) => html`<ul>${[...runs].sort((a, b) => Number(b.inProgress) - Number(a.inProgress)).slice(0, 20).map((r) =>
            html`<li><a href="#/live/${encodeURIComponent(r.id)}">${r.id}</a> ${r.inProgress ? html`<span class="badge" style="background:#d69e2e">in progress</span>` : ''}</li>`)}</ul>`,
        })}</div>`;
    }
    const v = this._v;
    const ids = [...v.verdicts.keys()].sort(compareRequirementIds);
    const fails = ids.filter((i) => v.verdicts.get(i) === 'fail').length;
    return html`<div class="card">
      <div class="row" style="justify-content:space-between"><h2>${this._done ? 'Run finished' : 'Run in progress'}: ${this.runId}</h2>
        ${this._done ? html`<a class="btn" href=${runHref(this.runId, 'compliance')}>Open report</a>` : ''}</div>
      <div class="row summary"><span>${this._events.toLocaleString('en')} events</span> · <span>${v.casesDone} cases done</span> ·
        <span>${v.checks} checks</span> · <span class="passed">${ids.length - fails} requirements passing</span> · <span class="failed error">${fails} failing</span>
        ${v.currentCase ? html` · <span class="muted">running ${v.currentCase}</span>` : ''}</div>
      <div class="tiles">${ids.map((id) => html`<div class="tile" data-req=${id} style="background:${VERDICT_COLOR[v.verdicts.get(id)!]}">${id}</div>`)}</div>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-live-run': KkmLiveRun } }
