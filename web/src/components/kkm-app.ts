// The dashboard shell: navigation and hash routing between the views.
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { parseRoute, type Route } from '../data/route.js';
import { baseStyles } from './shared-styles.js';
import './kkm-runs-view.js';
import './kkm-run-view.js';
import './kkm-fleet-view.js';
import './kkm-panel-view.js';
import './kkm-live-run.js';

@customElement('kkm-app')
export class KkmApp extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: flex; flex-direction: column; height: 100vh; }
    header { display: flex; align-items: center; gap: 18px; padding: 0 18px; height: 48px; background: #1d2330; color: #fff; flex: none; }
    header .brand { font-weight: 700; letter-spacing: .3px; }
    nav a { color: #cbd5e0; text-decoration: none; padding: 14px 10px; font-size: 14px; }
    nav a[aria-current='page'] { color: #fff; border-bottom: 3px solid #63b3ed; }
    main { flex: 1; min-height: 0; overflow: auto; padding: 16px 18px; }
    main.full { padding: 0; overflow: hidden; }
  `];

  @state() private _route: Route = parseRoute(location.hash);
  private _onHash = () => { this._route = parseRoute(location.hash); };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this._onHash);
  }
  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this._onHash);
    super.disconnectedCallback();
  }

  override render() {
    const r = this._route;
    const cur = (v: string) => (r.view === v || (v === 'runs' && r.view === 'run') ? 'page' : 'false');
    return html`
      <header>
        <span class="brand">KKM bench</span>
        <nav>
          <a href="#/runs" aria-current=${cur('runs')}>Runs</a>
          <a href="#/live" aria-current=${cur('live')}>Live run</a>
          <a href="#/panel" aria-current=${cur('panel')}>Front panel</a>
          <a href="#/fleet" aria-current=${cur('fleet')}>Fleet</a>
        </nav>
      </header>
      <main class=${r.view === 'run' && r.tab === 'trace' ? 'full' : ''}>${this._view(r)}</main>
    `;
  }

  private _view(r: Route) {
    switch (r.view) {
      case 'runs': return html`<kkm-runs-view></kkm-runs-view>`;
      case 'run': return html`<kkm-run-view .runId=${r.runId} .tab=${r.tab} .query=${r.query}></kkm-run-view>`;
      case 'fleet': return html`<kkm-fleet-view></kkm-fleet-view>`;
      case 'panel': return html`<kkm-panel-view></kkm-panel-view>`;
      case 'live': return html`<kkm-live-run .runId=${r.runId}></kkm-live-run>`;
    }
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-app': KkmApp } }
