// The runs page: loads the list through a Task and shows it.
import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement } from 'lit/decorators.js';
import { api } from '../data/api.js';
import { baseStyles } from './shared-styles.js';
import './kkm-runs-list.js';

@customElement('kkm-runs-view')
export class KkmRunsView extends LitElement {
  static override styles = [baseStyles, css`:host { display: block; }`];

  private _runs = new Task(this, { task: async (_args, { signal }) => api.runs(signal), args: () => [] });

  override render() {
    return html`<div class="card">
      <div class="row" style="justify-content:space-between"><h2>Runs</h2><button @click=${() => this._runs.run()}>Refresh</button></div>
      ${this._runs.render({
        pending: () => html`<p class="muted">Loading…</p>`,
        complete: (runs) => html`<kkm-runs-list .runs=${runs} @run-selected=${this._go}></kkm-runs-list>`,
        error: (e) => html`<p class="error">${(e as Error).message}</p>`,
      })}
    </div>`;
  }

  private _go = (e: CustomEvent<{ runId: string; inProgress: boolean }>) => {
    location.hash = e.detail.inProgress ? `#/live/${encodeURIComponent(e.detail.runId)}` : `#/run/${encodeURIComponent(e.detail.runId)}/compliance`;
  };
}

declare global { interface HTMLElementTagNameMap { 'kkm-runs-view': KkmRunsView } }
