// The register's front panel: a display and a keyboard with marks in Kazakh and Russian (req 11,
// toggled with the language switch). Keys collect a number; function keys turn it into DCP calls
// dispatched as 'dcp-call' ({ method, params }) — log in with a mode password, sell (cash or
// card), return the last receipt, cash in/out, X and Z reports. 'lang-changed' on the toggle.
import { LitElement, css, html } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { DCP_MODES, type DcpState, type Document, type ReceiptItem } from '../data/dcp-types.js';
import { parseTenge, tenge } from '../lib/format.js';
import { label, modeName, STATUS_TEXT, type Lang, type PanelKey, type RegisterLabels } from '../lib/panel-i18n.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-front-panel')
export class KkmFrontPanel extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: inline-block; }
    .body { background: #2d3748; border-radius: 14px; padding: 14px; width: 380px; box-shadow: 0 4px 14px rgba(0,0,0,.25); }
    .display { background: #9ae6b4; color: #132a1b; font-family: 'Liberation Mono', monospace; border-radius: 6px; padding: 8px 10px; min-height: 84px; font-size: 14px; box-shadow: inset 0 2px 6px rgba(0,0,0,.35); }
    .display div { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    .display .warn { color: #7b341e; font-weight: 700; }
    .display .err { color: #9b2c2c; font-weight: 700; }
    .lang { display: flex; justify-content: flex-end; gap: 4px; margin: 8px 0; }
    .lang button { padding: 2px 8px; font-size: 12px; }
    .keys { display: grid; grid-template-columns: repeat(4, 1fr); gap: 6px; }
    .keys button { height: 42px; font-weight: 700; font-size: 13px; background: #edf2f7; border-color: #a0aec0; padding: 0 2px; }
    .keys button.fn { background: #bee3f8; font-size: 11px; }
    .keys button.pay { background: #c6f6d5; font-size: 11px; }
    .keys button.warnk { background: #feebc8; font-size: 11px; }
    .keys button:active { transform: translateY(1px); }
  `];

  @property() language: Lang = 'ru';
  @property({ attribute: false }) dcpState: DcpState | null = null;
  /** the last display message from the register */
  @property() message = '';
  @property() messageKind: 'info' | 'warning' | 'error' | 'ofd' = 'info';
  /** the last receipt printed (for the return key) */
  @property({ attribute: false }) lastReceipt: Document | null = null;
  /** the register's own key labels and mode names (req 11), preferred over the dashboard's */
  @property({ attribute: false }) labels: RegisterLabels = {};
  @state() private _buffer = '';
  @state() private _modeIdx = 0;
  @state() private _password = false;
  @state() private _cart: ReceiptItem[] = [];

  override render() {
    const L = this.language;
    const s = this.dcpState;
    const status = !s ? '…' : !s.powered ? STATUS_TEXT.off[L] : s.blocked ? `${STATUS_TEXT.blocked[L]}: ${s.blocked.reason}`
      : `${s.mode ? modeName(s.mode, L, this.labels) : STATUS_TEXT.noMode[L]} · ${s.shift.open ? STATUS_TEXT.shiftOpen[L] : STATUS_TEXT.shiftClosed[L]} №${s.shift.number}`;
    const total = this._cart.reduce((a, i) => a + Math.round((i.price * i.quantity) / 1000), 0);
    const entry = this._password ? `${modeName(DCP_MODES[this._modeIdx]!, L, this.labels)} · ${STATUS_TEXT.password[L]}: ${'*'.repeat(this._buffer.length)}` : this._buffer || '0';
    const key = (k: PanelKey, cls = '') => html`<button class=${cls} data-key=${k} @click=${() => this._fn(k)}>${label(k, L, this.labels)}</button>`;
    const digit = (d: string) => html`<button data-key=${'d' + d} @click=${() => this._type(d)}>${d}</button>`;
    return html`<div class="body">
      <div class="display" role="status" aria-live="polite">
        <div class="status">${status}</div>
        ${s?.offline.since ? html`<div class="warn autonomous">${STATUS_TEXT.autonomous[L]} · ${s.offline.queued} ${STATUS_TEXT.queued[L]}</div>` : ''}
        <div class="entry">${entry}</div>
        ${this._cart.length ? html`<div>${STATUS_TEXT.total[L]}: ${tenge(total)} (${this._cart.length})</div>` : ''}
        ${this.message ? html`<div class="message ${this.messageKind === 'error' ? 'err' : this.messageKind === 'warning' || this.messageKind === 'ofd' ? 'warn' : ''}">${this.message}</div>` : ''}
      </div>
      <div class="lang" role="group" aria-label="language">
        <button data-lang="kz" aria-pressed=${L === 'kz'} @click=${() => this._setLang('kz')}>ҚАЗ</button>
        <button data-lang="ru" aria-pressed=${L === 'ru'} @click=${() => this._setLang('ru')}>РУС</button>
      </div>
      <div class="keys">
        ${key('power', 'fn')}${key('mode', 'fn')}${key('login', 'fn')}${key('logout', 'fn')}
        ${digit('7')}${digit('8')}${digit('9')}${key('price', 'fn')}
        ${digit('4')}${digit('5')}${digit('6')}${key('sellReturn', 'warnk')}
        ${digit('1')}${digit('2')}${digit('3')}${key('cashIn', 'fn')}
        ${digit('0')}${digit('00')}${html`<button data-key="dot" @click=${() => this._type('.')}>.</button>`}${key('cashOut', 'fn')}
        ${key('clear', 'warnk')}${key('xReport', 'fn')}${key('zReport', 'fn')}${key('card', 'pay')}
        <span></span><span></span><span></span>${key('cash', 'pay')}
      </div>
    </div>`;
  }

  private _setLang(l: Lang) {
    this.language = l;
    this.dispatchEvent(new CustomEvent('lang-changed', { detail: { lang: l }, bubbles: true, composed: true }));
  }

  private _type(d: string) {
    if (d === '.' && (this._buffer.includes('.') || this._password)) return;
    if (this._buffer.length < 16) this._buffer += d;
  }

  private _call(method: string, params: unknown = {}) {
    this.dispatchEvent(new CustomEvent('dcp-call', { detail: { method, params }, bubbles: true, composed: true }));
  }

  private _amount(): number | null {
    return this._buffer ? parseTenge(this._buffer) : null;
  }

  private _fn(k: PanelKey) {
    switch (k) {
      case 'clear': this._buffer = ''; this._password = false; this._cart = []; return;
      case 'power': this._call('power.on'); return;
      case 'mode':
        if (this._password) this._modeIdx = (this._modeIdx + 1) % DCP_MODES.length;
        this._password = true; this._buffer = '';
        return;
      case 'login':
        this._call('session.login', { mode: DCP_MODES[this._modeIdx], password: this._buffer });
        this._buffer = ''; this._password = false;
        return;
      case 'logout': this._call('session.logout'); return;
      case 'price': {
        const p = this._amount();
        if (p === null || p <= 0) return;
        this._cart = [...this._cart, { name: this.language === 'kz' ? 'Тауар' : 'Товар', price: p, quantity: 1000 }];
        this._buffer = '';
        return;
      }
      case 'cash': case 'card': {
        let items = this._cart;
        if (!items.length) { const p = this._amount(); if (p === null || p <= 0) return; items = [{ name: this.language === 'kz' ? 'Тауар' : 'Товар', price: p, quantity: 1000 }]; }
        const sum = items.reduce((a, i) => a + Math.round((i.price * i.quantity) / 1000), 0);
        this._call('receipt.create', { operation: 'sell', items, payments: [{ type: k, sum }] });
        this._cart = []; this._buffer = '';
        return;
      }
      case 'sellReturn': {
        const r = this.lastReceipt?.receipt;
        if (!r || !this.lastReceipt) return;
        const parent = this._buffer ? Number(this._buffer) : this.lastReceipt.number;
        this._call('receipt.create', { operation: 'sell_return', items: r.items, payments: r.payments, parentNumber: parent });
        this._buffer = '';
        return;
      }
      case 'cashIn': case 'cashOut': {
        const sum = this._amount();
        if (sum === null || sum <= 0) return;
        this._call(k === 'cashIn' ? 'cash.deposit' : 'cash.withdraw', { sum });
        this._buffer = '';
        return;
      }
      case 'xReport': this._call('report.x'); return;
      case 'zReport': this._call('report.z'); return;
    }
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-front-panel': KkmFrontPanel } }
