// Operator controls beside the front panel: latency on the operator's answers, dropping the
// register's frames (blackhole), suspend/resume the register, send it a notification, and —
// when the live register runs on virtual time — advance the clock. Dispatches
// 'operator-action' ({ action, body }).
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { OperatorControls } from '../data/types.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-operator-controls')
export class KkmOperatorControls extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    fieldset { border: 1px solid #dde2ea; border-radius: 8px; margin: 0 0 10px; padding: 8px 10px; }
    legend { font-size: 12px; color: #4a5568; font-weight: 600; }
    input[type='number'] { width: 90px; }
    input.text { width: 220px; }
  `];

  @property({ attribute: false }) controls: OperatorControls = { latencyMs: 0, drop: false, dropMode: 'cut', suspended: false };
  @state() private _dropMode: 'cut' | 'silent' = 'cut';
  @property() clock: 'virtual' | 'wall' = 'wall';
  @state() private _latency = '2000';
  @state() private _text = 'Проверка связи / Байланысты тексеру';

  override render() {
    const c = this.controls;
    return html`
      <fieldset><legend>Network</legend><div class="row">
        <input type="number" min="0" step="100" aria-label="latency ms" .value=${this._latency} @input=${(e: Event) => { this._latency = (e.target as HTMLInputElement).value; }} /> ms
        <button data-action="latency" @click=${() => this._act('latency', { ms: Number(this._latency) || 0 })}>Set latency</button>
        ${c.latencyMs ? html`<button @click=${() => this._act('latency', { ms: 0 })}>No latency</button>` : ''}
        <span class="muted">now ${c.latencyMs} ms</span>
      </div><div class="row" style="margin-top:6px">
        <button data-action="drop" class=${c.drop ? 'danger' : ''} aria-pressed=${c.drop} @click=${() => this._act('drop', { on: !c.drop, mode: this._dropMode })}>${c.drop ? 'Link down — restore' : 'Drop the link'}</button>
        <select aria-label="drop mode" .value=${this._dropMode} ?disabled=${c.drop} @change=${(e: Event) => { this._dropMode = (e.target as HTMLSelectElement).value as 'cut' | 'silent'; }}>
          <option value="cut">cut (reset + refuse)</option><option value="silent">silent (frames vanish)</option>
        </select>
      </div></fieldset>
      <fieldset><legend>Register</legend><div class="row">
        ${c.suspended ? html`<button data-action="resume" @click=${() => this._act('resume')}>Resume</button>`
          : html`<button data-action="suspend" class="danger" @click=${() => this._act('suspend', { reason: 'suspended by the operator' })}>Suspend</button>`}
      </div><div class="row" style="margin-top:6px">
        <input class="text" aria-label="notification text" .value=${this._text} @input=${(e: Event) => { this._text = (e.target as HTMLInputElement).value; }} />
        <button data-action="notify" @click=${() => this._act('notify', { text: this._text })}>Notify</button>
      </div></fieldset>
      ${this.clock === 'virtual' ? html`<fieldset><legend>Virtual clock</legend><div class="row">
        ${([['+1 min', 60_000], ['+10 min', 600_000], ['+1 h', 3_600_000], ['+24 h', 86_400_000], ['+72 h', 259_200_000]] as const).map(([l, ms]) =>
          html`<button data-advance=${ms} @click=${() => this._act('advance', { ms })}>${l}</button>`)}
      </div></fieldset>` : ''}`;
  }

  private _act(action: string, body: Record<string, unknown> = {}) {
    this.dispatchEvent(new CustomEvent('operator-action', { detail: { action, body }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-operator-controls': KkmOperatorControls } }
