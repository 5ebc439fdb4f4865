// The fleet page: the live operator's registers, kept current over server-sent events.
import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api } from '../data/api.js';
import type { LiveMessage } from '../data/types.js';
import type { FleetRegister } from '../data/types.js';
import { baseStyles } from './shared-styles.js';
import './kkm-fleet.js';

@customElement('kkm-fleet-view')
export class KkmFleetView extends LitElement {
  static override styles = [baseStyles, css`:host { display: block; }`];

  @state() private _live: FleetRegister[] | null = null;
  private _stop: (() => void) | null = null;
  private _initial = new Task(this, { task: async (_a, { signal }) => api.fleet(signal), args: () => [] });

  override connectedCallback(): void {
    super.connectedCallback();
    // the server's fleet channel: the live register's operator, or an operator elsewhere (--ofd-control)
    const es = new EventSource('/api/fleet/events');
    es.onmessage = (e: MessageEvent<string>) => { const m = JSON.parse(e.data) as LiveMessage; if (m.type === 'fleet') this._live = m.registers; };
    this._stop = () => es.close();
  }
  override disconnectedCallback(): void {
    this._stop?.();
    super.disconnectedCallback();
  }

  override render() {
    return html`<div class="card"><h2>Fleet — registers on the operator</h2>
      ${this._live ? html`<kkm-fleet .registers=${this._live}></kkm-fleet>` : this._initial.render({
        pending: () => html`<p class="muted">Connecting to the operator…</p>`,
        complete: (regs) => html`<kkm-fleet .registers=${regs}></kkm-fleet>`,
        error: (e) => html`<p class="error">${(e as Error).message}</p>`,
      })}</div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-fleet-view': KkmFleetView } }
