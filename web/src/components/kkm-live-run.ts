// A run in progress, verdicts filling in as they come. A run started here (the form) is followed
// through the bench CLI's case progress; any other run through its trace (SSE tail), which also
// replays a finished run to its verdicts. Without a run id: the form and the runs to follow.
import { Task } from '@lit/task';
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { api, ApiError } from '../data/api.js';
import { runHref } from '../data/route.js';
import type { TraceEvent } from '../data/types.js';
import { compareRequirementIds, emptyLiveVerdicts, foldLive, foldProgress, VERDICT_COLOR, type LaunchProgress, type LiveVerdicts } from '../lib/verdicts.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-live-run')
export class KkmLiveRun extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .tiles { display: flex; flex-wrap: wrap; gap: 4px; margin: 10px 0; }
    .tile { min-width: 40px; height: 28px; border-radius: 4px; color: #fff; font-size: 12px; font-weight: 600; display: flex; align-items: center; justify-content: center; padding: 0 4px; transition: background .2s; }
    .bar { height: 6px; background: #edf0f4; border-radius: 3px; overflow: hidden; margin: 8px 0; }
    .bar span { display: block; height: 100%; background: #2b6cb0; transition: width .2s; }
    form { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin-bottom: 12px; }
    ul.recent { font-size: 13px; margin: 4px 0; padding-left: 18px; }
  `];

  @property() runId: string | null = null;
  @state() private _v: LiveVerdicts = emptyLiveVerdicts();
  @state() private _events = 0;
  @state() private _done = false;
  @state() private _launched = false;
  @state() private _error: string | null = null;
  @state() private _reqs = '';
  @state() private _defects = '';
  @state() private _model = false;
  private _es: EventSource | null = null;

  private _runs = new Task(this, { task: async ([id], { signal }) => (id ? [] : api.runs(signal)), args: () => [this.runId] });

  override updated(changed: PropertyValues<this>): void {
    if (changed.has('runId')) void this._follow();
  }

  override disconnectedCallback(): void {
    this._es?.close();
    super.disconnectedCallback();
  }

  private async _follow(): Promise<void> {
    this._es?.close();
    this._es = null;
    this._v = emptyLiveVerdicts(); this._events = 0; this._done = false; this._launched = false;
    const id = this.runId;
    if (!id) return;
    const launched = await api.launched(id).then((r) => r.launched, () => false);
    if (id !== this.runId) return;
    this._launched = launched;
    const es = new EventSource(launched ? `/api/launch/${encodeURIComponent(id)}/events` : `/api/runs/${encodeURIComponent(id)}/tail?from=0`);
    es.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as { from: number; events: TraceEvent[] } | { type: string };
      if ('type' in msg) {
        if (msg.type === 'progress') { this._v = foldProgress(this._v, msg as LaunchProgress); this._events++; }
        if (msg.type === 'done') { this._done = true; es.close(); }
      } else {
        this._v = foldLive(this._v, msg.events);
        this._events = msg.from + msg.events.length;
      }
      this.requestUpdate();
    };
    es.addEventListener('done', () => { this._done = true; es.close(); this.requestUpdate(); });
    es.onerror = () => { if (this._launched && !this._done) { /* the stream ended with the run */ this._done = true; es.close(); this.requestUpdate(); } };
    this._es = es;
  }

  private async _start(e: Event): Promise<void> {
    e.preventDefault();
    this._error = null;
    try {
      const { runId } = await api.launch({
        ...(this._reqs.trim() ? { requirements: this._reqs.trim() } : {}),
        defects: this._defects.split(/[\s,]+/).filter(Boolean), model: this._model,
      });
      location.hash = `#/live/${encodeURIComponent(runId)}`;
    } catch (err) {
      this._error = err instanceof ApiError ? err.message : String(err);
    }
  }

  override render() {
    if (!this.runId) {
      return html`<div class="card"><h2>Live run</h2>
        <form @submit=${this._start}>
          <label>requirements <input name="requirements" placeholder="all, or e.g. 29.6,14" .value=${this._reqs} @input=${(e: Event) => { this._reqs = (e.target as HTMLInputElement).value; }} /></label>
          <label>emulator defects <input name="defects" placeholder="e.g. no-offline-block" .value=${this._defects} @input=${(e: Event) => { this._defects = (e.target as HTMLInputElement).value; }} /></label>
          <label><input type="checkbox" name="model" .checked=${this._model} @change=${(e: Event) => { this._model = (e.target as HTMLInputElement).checked; }} /> model-based paths</label>
          <button class="primary" type="submit">Start a run</button>
          ${this._error ? html`<span class="error">${this._error}</span>` : ''}
        </form>
        <p class="muted">Runs the bench against the reference emulator (<code>kkm-bench run --dut emulator</code>); the report lands in reports/. Or follow a run:</p>
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
    const errors = ids.filter((i) => v.verdicts.get(i) === 'error').length;
    const pct = v.casesTotal ? (100 * v.casesDone) / v.casesTotal : this._done ? 100 : 0;
    return html`<div class="card">
      <div class="row" style="justify-content:space-between"><h2>${this._done ? 'Run finished' : 'Run in progress'}: ${this.runId}</h2>
        ${this._done ? html`<a class="btn open-report" href=${runHref(this.runId, 'compliance')}>Open report</a>` : ''}</div>
      ${this._launched ? html`<div class="bar"><span style="width:${pct}%"></span></div>` : ''}
      <div class="row summary">${this._launched ? html`<span class="cases">${v.casesDone}/${v.casesTotal ?? '?'} cases</span>`
        : html`<span>${this._events.toLocaleString('en')} events</span> · <span>${v.casesDone} cases done</span> · <span>${v.checks} checks</span>`}
        · <span class="passed">${ids.length - fails - errors} requirements passing</span> · <span class="failed error">${fails} failing</span>
        ${errors ? html` · <span class="errored" style="color:${VERDICT_COLOR.error}">${errors} in error</span>` : ''}
        ${v.currentCase ? html` · <span class="muted">running ${v.currentCase}</span>` : ''}</div>
      <div class="tiles">${ids.map((id) => html`<div class="tile" data-req=${id} style="background:${VERDICT_COLOR[v.verdicts.get(id)!]}">${id}</div>`)}</div>
      ${v.recent.length ? html`<ul class="recent">${[...v.recent].reverse().map((c) => html`<li><span class="badge" style="background:${VERDICT_COLOR[c.status]}">${c.status}</span> ${c.id}${c.ms ? html` <span class="muted">${c.ms} ms</span>` : ''}</li>`)}</ul>` : ''}
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-live-run': KkmLiveRun } }
