// The live register page: the front panel, the operator controls beside it, the paper tape of
// printed documents and the fleet row of this register — all kept current over server-sent events.
import { Task } from '@lit/task';
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { api, ApiError, liveEvents } from '../data/api.js';
import type { DcpState, DisplayMessage, Document } from '../data/dcp-types.js';
import type { FleetRegister, OperatorControls } from '../data/types.js';
import type { Lang } from '../lib/panel-i18n.js';
import { baseStyles } from './shared-styles.js';
import './kkm-front-panel.js';
import './kkm-operator-controls.js';
import './kkm-receipt.js';
import './kkm-fleet.js';

@customElement('kkm-panel-view')
export class KkmPanelView extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: auto minmax(300px, 420px) minmax(0, 1fr); gap: 16px; align-items: start; }
    .tape { display: flex; flex-direction: column; gap: 10px; max-height: calc(100vh - 120px); overflow: auto; }
    .log { font-size: 12px; max-height: 180px; overflow: auto; }
    .log div.bad { color: #c53030; }
  `];

  @state() private _state: DcpState | null = null;
  @state() private _docs: Document[] = [];
  @state() private _display: DisplayMessage | null = null;
  @state() private _controls: OperatorControls = { latencyMs: 0, drop: false, dropMode: 'cut', suspended: false };
  @state() private _clock: 'virtual' | 'wall' = 'wall';
  @state() private _lang: Lang = 'ru';
  @state() private _labels: Record<string, { kz: string; ru: string }> = {};
  @state() private _fleet: FleetRegister[] = [];
  @state() private _log: { text: string; ok: boolean }[] = [];
  @state() private _error: { text: string; kind: 'error' } | null = null;
  private _stop: (() => void) | null = null;

  private _status = new Task(this, {
    task: async (_a, { signal }) => {
      const s = await api.liveStatus(signal);
      this._state = s.state; this._docs = s.documents; this._controls = s.controls; this._clock = s.clock;
      this._display = s.display[s.display.length - 1] ?? null;
      this._labels = s.labels ?? {};
      return s;
    },
    args: () => [],
  });

  override connectedCallback(): void {
    super.connectedCallback();
    this._stop = liveEvents((m) => {
      switch (m.type) {
        case 'hello': this._clock = m.clock; break;
        case 'state.changed': this._state = m.state; break;
        case 'document.printed': this._docs = [...this._docs.slice(-99), m.document]; break;
        case 'display.message': this._display = m.message; break;
        case 'fleet': this._fleet = m.registers; break;
        case 'call': this._log = [...this._log.slice(-49), { text: `${m.method} ${m.ok ? '✓' : `✗ ${m.error?.reason ?? m.error?.message ?? ''}`}`, ok: m.ok }]; break;
        default: break;
      }
    });
  }
  override disconnectedCallback(): void {
    this._stop?.();
    super.disconnectedCallback();
  }

  override render() {
    return this._status.render({
      pending: () => html`<p class="muted">Starting the live register…</p>`,
      error: (e) => html`<div class="card"><h2>Live register unavailable</h2><p class="error">${(e as Error).message}</p></div>`,
      complete: (s) => (s.running ? this._view() : html`<div class="card"><h2>Live register unavailable</h2><p class="error">${s.error ?? 'not started'}</p></div>`),
    });
  }

  private _view() {
    const lastReceipt = [...this._docs].reverse().find((d) => d.kind === 'receipt' && d.receipt?.operation === 'sell') ?? null;
    const msg = this._error ?? (this._display ? { text: this._display.text, kind: this._display.kind } : null);
    const mine = this._fleet;
    return html`<div class="layout">
      <div>
        <kkm-front-panel .language=${this._lang} .dcpState=${this._state} .message=${msg?.text ?? ''} .messageKind=${msg?.kind ?? 'info'} .lastReceipt=${lastReceipt} .labels=${this._labels}
          @dcp-call=${this._onCall} @lang-changed=${(e: CustomEvent<{ lang: Lang }>) => { this._lang = e.detail.lang; }}></kkm-front-panel>
        <div class="card log" style="margin-top:12px"><strong>DCP</strong>${this._log.map((l) => html`<div class=${l.ok ? '' : 'bad'}>${l.text}</div>`)}</div>
      </div>
      <div>
        <div class="card"><h2>Operator controls</h2>
          <kkm-operator-controls .controls=${this._controls} .clock=${this._clock} @operator-action=${this._onOperator}></kkm-operator-controls></div>
        <div class="card" style="margin-top:12px"><h3 style="margin-top:0">On the operator</h3><kkm-fleet compact .registers=${mine}></kkm-fleet></div>
      </div>
      <div class="tape" aria-label="printed documents">
        ${this._docs.length === 0 ? html`<p class="muted">Printed documents appear here.</p>` : ''}
        ${[...this._docs].reverse().slice(0, 10).map((d) => html`<kkm-receipt .document=${d}></kkm-receipt>`)}
      </div>
    </div>`;
  }

  private _onCall = async (e: CustomEvent<{ method: string; params: unknown }>) => {
    try {
      this._error = null;
      const { result } = await api.liveCall(e.detail.method, e.detail.params);
      if (e.detail.method === 'session.login' || e.detail.method === 'power.on') this._state = (await api.liveCall('state.get', {})).result as DcpState;
      void result;
    } catch (err) {
      const a = err as ApiError;
      this._error = { text: a.reason ? `${a.reason}: ${a.message}` : a.message, kind: 'error' };
    }
  };

  private _onOperator = async (e: CustomEvent<{ action: string; body: Record<string, unknown> }>) => {
    try {
      this._controls = await api.operator(e.detail.action, e.detail.body);
    } catch (err) {
      this._error = { text: (err as Error).message, kind: 'error' };
    }
  };
}

declare global { interface HTMLElementTagNameMap { 'kkm-panel-view': KkmPanelView } }
