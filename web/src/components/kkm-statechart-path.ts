// The path a case took through the register's states, drawn from the `state.changed`
// notifications in its trace slice: the distinct states as a graph (edges counted) and the
// path step by step with what triggered each change.
import { Task } from '@lit/task';
import { LitElement, css, html, svg } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { runHref } from '../data/route.js';
import type { TraceStore } from '../data/trace-store.js';
import type { RunReport, TraceMeta } from '../data/types.js';
import { offset } from '../lib/format.js';
import { stateGraph, statePath, type PathStep } from '../lib/state-path.js';
import { baseStyles } from './shared-styles.js';

const NODE_W = 260, NODE_H = 34, GAP_Y = 26;

@customElement('kkm-statechart-path')
export class KkmStatechartPath extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 20px; align-items: start; }
    ol { margin: 0; padding-left: 22px; font-size: 13px; max-height: 70vh; overflow: auto; }
    li { padding: 2px 0; }
    .trigger { color: #6b46c1; }
    svg text { font: 12px 'Liberation Sans', sans-serif; }
  `];

  @property() runId = '';
  @property({ attribute: false }) meta?: TraceMeta;
  @property({ attribute: false }) store?: TraceStore;
  @property() caseId: string | null = null;
  /** the run's model coverage (report.coverage), shown beside the path */
  @property({ attribute: false }) coverage: RunReport['coverage'] | null = null;

  private _steps = new Task(this, {
    task: async ([caseId]) => {
      const c = this.meta?.cases.find((x) => x.id === caseId) ?? null;
      if (!c || !this.store) return null;
      return statePath(await this.store.slice(c.from, c.to));
    },
    args: () => [this.caseId ?? this.meta?.cases[0]?.id ?? null],
  });

  override render() {
    const cases = this.meta?.cases ?? [];
    const current = this.caseId ?? cases[0]?.id ?? null;
    return html`
      <div class="row" style="margin-bottom:10px"><h2 style="margin:0">Statechart path</h2>
        <select aria-label="case" @change=${(e: Event) => { location.hash = runHref(this.runId, 'statechart', { case: (e.target as HTMLSelectElement).value }); }}>
          ${cases.map((c) => html`<option value=${c.id} ?selected=${c.id === current}>${c.id}</option>`)}
        </select>
        ${this.coverage ? html`<span class="muted coverage">model coverage of the run: states ${this.coverage.states.covered}/${this.coverage.states.total},
          transitions ${this.coverage.transitions.covered}/${this.coverage.transitions.total}</span>
          ${this.coverage.uncovered.length ? html`<details class="uncovered"><summary class="muted">${this.coverage.uncovered.length} uncovered</summary>
            <ul>${this.coverage.uncovered.map((u) => html`<li>${u}</li>`)}</ul></details>` : ''}` : ''}</div>
      ${this._steps.render({
        pending: () => html`<p class="muted">Reading the case's trace…</p>`,
        error: (e) => html`<p class="error">${(e as Error).message}</p>`,
        complete: (steps) => (steps === null ? html`<p class="muted">No case selected.</p>`
          : steps.length === 0 ? html`<p class="muted">No state.changed notifications in this case.</p>` : this._draw(steps)),
      })}`;
  }

  private _draw(steps: PathStep[]) {
    const g = stateGraph(steps);
    const pos = new Map(g.nodes.map((n, i) => [n, { x: 30, y: 10 + i * (NODE_H + GAP_Y) }]));
    const height = 20 + g.nodes.length * (NODE_H + GAP_Y);
    const width = NODE_W + 160;
    const t0 = steps[0]!.t;
    return html`<div class="layout">
      <svg width=${width} height=${height} role="img" aria-label="states visited">
        <defs><marker id="ah" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#4a5568"></path></marker></defs>
        ${g.edges.map((e, k) => {
          const a = pos.get(e.from)!, b = pos.get(e.to)!;
          const down = b.y > a.y;
          const x = 30 + NODE_W;
          const y1 = a.y + NODE_H / 2, y2 = b.y + NODE_H / 2;
          const bulge = 24 + (k % 5) * 16 + Math.abs(y2 - y1) / 6;
          return svg`<path d="M${x},${y1} C${x + bulge},${y1} ${x + bulge},${y2} ${x + 2},${y2}" fill="none" stroke=${down ? '#2b6cb0' : '#dd6b20'} stroke-width="1.4" marker-end="url(#ah)"></path>
            <text x=${x + bulge * 0.75 + 4} y=${(y1 + y2) / 2 + 4} fill="#4a5568">${e.count > 1 ? `×${e.count}` : ''}</text>`;
        })}
        ${g.nodes.map((n) => {
          const p = pos.get(n)!;
          const color = n.startsWith('blocked') ? '#fed7d7' : n.includes('autonomous') ? '#fefcbf' : n === 'off' ? '#e2e8f0' : '#e6fffa';
          return svg`<g class="node"><rect x=${p.x} y=${p.y} width=${NODE_W} height=${NODE_H} rx="8" fill=${color} stroke="#4a5568"></rect>
            <text x=${p.x + 10} y=${p.y + NODE_H / 2 + 4}>${n}</text></g>`;
        })}
      </svg>
      <ol class="steps">${steps.map((s) => html`<li data-seq=${s.seq}><strong>${s.label}</strong>
        <span class="muted">${offset(s.t - t0)} · <a href=${runHref(this.runId, 'trace', { seq: s.seq, to: s.seq, at: s.seq })}>#${s.seq}</a></span>
        ${s.trigger ? html` <span class="trigger">← ${s.trigger}</span>` : ''}</li>`)}</ol>
    </div>`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-statechart-path': KkmStatechartPath } }
