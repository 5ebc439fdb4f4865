// Registers connected to the operator, with what KASSIKS shows for each: shift open or closed
// and since when, cash in the drawer, documents in the shift, documents not yet sent and the
// number of the first one, autonomous since when, suspended or not.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FleetRegister } from '../data/types.js';
import { localTime, tenge } from '../lib/format.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-fleet')
export class KkmFleet extends LitElement {
  static override styles = [baseStyles, css`:host { display: block; } td.num { text-align: right; font-variant-numeric: tabular-nums; }`];

  @property({ attribute: false }) registers: FleetRegister[] = [];
  /** one register per block of label/value lines (narrow columns) */
  @property({ type: Boolean }) compact = false;

  override render() {
    if (!this.registers.length) return html`<p class="muted">No register has connected to the operator yet.</p>`;
    if (this.compact) return this._compact();
    return html`<table aria-label="fleet">
      <thead><tr><th>register</th><th>shift</th><th class="num">cash</th><th class="num">docs in shift</th><th class="num">unsent</th><th class="num">first unsent №</th><th>autonomous since</th><th>suspended</th><th>last seen</th></tr></thead>
      <tbody>${this.registers.map((r) => html`<tr data-kkm=${r.kkmId}>
        <td><strong>${r.kkmId}</strong>${r.rnm ? html`<br><span class="muted">РНМ ${r.rnm}</span>` : ''}</td>
        <td class="shift">${r.shift.open ? html`<span class="badge" style="background:#1f9d55">open</span>` : html`<span class="badge" style="background:#8a94a6">closed</span>`}
          ${r.shift.number !== undefined ? ` №${r.shift.number}` : ''}<br><span class="muted">${r.shift.since ? `since ${localTime(r.shift.since)}` : ''}</span></td>
        <td class="num">${tenge(r.cash)}</td>
        <td class="num">${r.docsInShift}</td>
        <td class="num unsent">${r.unsent}</td>
        <td class="num">${r.firstUnsent ?? '—'}</td>
        <td class="autonomous">${r.offlineSince ? html`<span class="badge" style="background:#d69e2e">autonomous</span> ${localTime(r.offlineSince)}` : html`<span class="muted">online</span>`}</td>
        <td class="suspended">${r.suspended ? html`<span class="badge" style="background:#c53030">suspended</span> ${r.suspendReason ?? ''}` : 'no'}</td>
        <td>${localTime(r.lastSeen)}</td>
      </tr>`)}</tbody></table>`;
  }

  private _compact() {
    return html`${this.registers.map((r) => html`<table class="compact" data-kkm=${r.kkmId}><tbody>
      <tr><td class="muted">register</td><td><strong>${r.kkmId}</strong>${r.rnm ? ` · РНМ ${r.rnm}` : ''}</td></tr>
      <tr><td class="muted">shift</td><td class="shift">${r.shift.open ? `open №${r.shift.number ?? ''} since ${localTime(r.shift.since)}` : 'closed'}</td></tr>
      <tr><td class="muted">cash</td><td>${tenge(r.cash)}</td></tr>
      <tr><td class="muted">docs in shift</td><td>${r.docsInShift}</td></tr>
      <tr><td class="muted">unsent</td><td class="unsent">${r.unsent}</td></tr>
      <tr><td class="muted">first unsent №</td><td>${r.firstUnsent ?? '—'}</td></tr>
      <tr><td class="muted">autonomous</td><td class="autonomous">${r.offlineSince ? html`<span class="badge" style="background:#d69e2e">autonomous</span> since ${localTime(r.offlineSince)}` : 'no (online)'}</td></tr>
      <tr><td class="muted">suspended</td><td class="suspended">${r.suspended ? html`<span class="badge" style="background:#c53030">suspended</span> ${r.suspendReason ?? ''}` : 'no'}</td></tr>
    </tbody></table>`)}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-fleet': KkmFleet } }
