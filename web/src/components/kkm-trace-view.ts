// A run's trace as a sequence diagram over time: one row per event, lanes for the bench (or
// cashier), the register, the operator and the card; faults and clock jumps marked (also in the
// overview strip on the right); zoomable (buttons, Ctrl+wheel). Rendering is virtualised: a
// canvas draws only the rows in view and pages are fetched as they scroll in, so 100,000 events
// scroll smoothly. A click on a row selects it (the OFD frame or event is decoded beside it);
// 'event-selected' is dispatched with the event.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { api } from '../data/api.js';
import { TraceStore } from '../data/trace-store.js';
import type { TraceEvent, TraceMark, TraceMeta } from '../data/types.js';
import { offset } from '../lib/format.js';
import { COLORS, LANES, rowShape } from '../lib/trace-layout.js';
import { baseStyles } from './shared-styles.js';
import './kkm-frame-detail.js';

const HEADER = 30;
const GUTTER = 168;
const LANE_POS = [0.08, 0.36, 0.66, 0.92];
const MIN_ROW = 3;
const MAX_ROW = 48;
const MARK_COLOR: Record<TraceMark['kind'], string> = { fault: COLORS.fault, clock: COLORS.clock, fail: '#9b2c2c', case: '#a0aec0' };

@customElement('kkm-trace-view')
export class KkmTraceView extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: flex; height: 100%; min-height: 320px; background: #fff; }
    .main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
    .toolbar { display: flex; gap: 6px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #e2e6ee; flex-wrap: wrap; font-size: 13px; }
    .area { flex: 1; min-height: 0; display: flex; }
    .viewport { position: relative; flex: 1; min-width: 0; }
    canvas.view { position: absolute; left: 0; top: 0; pointer-events: none; }
    .scroller { position: absolute; inset: 0; overflow-y: scroll; overflow-x: hidden; cursor: pointer; }
    .spacer { width: 1px; }
    canvas.overview { width: 16px; flex: none; cursor: pointer; border-left: 1px solid #e2e6ee; }
    aside { width: 400px; flex: none; border-left: 1px solid #e2e6ee; overflow: auto; padding: 10px 12px; }
    .legend span { margin-right: 8px; white-space: nowrap; }
    details.kinds { position: relative; }
    details.kinds summary { cursor: pointer; padding: 4px 8px; border: 1px solid #c5ccd8; border-radius: 6px; background: #fff; }
    .kindlist { position: absolute; z-index: 5; background: #fff; border: 1px solid #c5ccd8; border-radius: 6px; padding: 6px 10px; box-shadow: 0 4px 12px rgba(0,0,0,.12); display: grid; gap: 3px; min-width: 220px; }
    .legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 3px; vertical-align: -1px; }
  `];

  @property() runId = '';
  @property({ attribute: false }) meta?: TraceMeta;
  @property({ attribute: false }) store?: TraceStore;
  /** rows (line indices) to shade, e.g. a case's slice */
  @property({ attribute: false }) focusRange: { from: number; to: number } | null = null;
  /** a row to select and scroll to */
  @property({ type: Number }) at: number | null = null;
  @state() private _rowH = 22;
  @state() private _selected: number | null = null;
  @state() private _selectedEvent: TraceEvent | null = null;
  /** kinds hidden by the filter, and the line index of each shown row (null = every line) */
  @state() private _hidden = new Set<string>();
  @state() private _rows: number[] | null = null;

  @query('.scroller') private _scroller!: HTMLDivElement;
  @query('canvas.view') private _canvas!: HTMLCanvasElement;
  @query('canvas.overview') private _overview!: HTMLCanvasElement;

  /** frames drawn and time spent drawing (read by the browser tests) */
  frames = 0;
  drawMs = 0;
  maxDrawMs = 0;
  private _raf = 0;
  private _ro: ResizeObserver | null = null;
  private _unsub: (() => void) | null = null;
  private _ownStore = false;

  get total(): number { return this.store?.total ?? this.meta?.total ?? 0; }
  /** rows on screen: every line, or those the kind filter keeps */
  get rowCount(): number { return this._rows ? this._rows.length : this.total; }
  private _line(r: number): number { return this._rows ? this._rows[r]! : r; }
  /** the row showing `line`, or the first row after it when the filter hides it */
  private _rowOf(line: number): number {
    const rows = this._rows;
    if (!rows) return line;
    let lo = 0, hi = rows.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (rows[mid]! < line) lo = mid + 1; else hi = mid; }
    return Math.min(lo, Math.max(0, rows.length - 1));
  }

  override render() {
    return html`
      <div class="main">
        <div class="toolbar">
          <button title="zoom out" @click=${() => this._zoom(1 / 1.5)}>−</button>
          <button title="zoom in" @click=${() => this._zoom(1.5)}>+</button>
          <span class="muted">${this._rows ? `${this._rows.length.toLocaleString('en')} of ` : ''}${this.total.toLocaleString('en')} events · row ${this._rowH}px</span>
          <details class="kinds"><summary>kinds${this._hidden.size ? ` (${this._hidden.size} hidden)` : ''}</summary><div class="kindlist">
            ${Object.entries(this.meta?.kinds ?? {}).sort((a, b) => b[1] - a[1]).map(([k, n]) => html`<label><input type="checkbox" data-kind=${k} .checked=${!this._hidden.has(k)}
              @change=${(e: Event) => this._toggleKind(k, (e.target as HTMLInputElement).checked)} /> ${k} <span class="muted">${n.toLocaleString('en')}</span></label>`)}
          </div></details>
          <button @click=${() => this._jump('fail', 1)} title="next failed check">next fail</button>
          <button @click=${() => this._jump('fault', 1)} title="next fault">next fault</button>
          <button @click=${() => this._jump('clock', 1)} title="next clock jump">next clock</button>
          ${this.focusRange ? html`<button @click=${() => this.scrollToIndex(this.focusRange!.from)}>slice start</button>` : ''}
          <span class="legend">${([['DCP', COLORS.dcp], ['notification', COLORS.notify], ['OFD', COLORS.ofd], ['APDU', COLORS.apdu], ['clock', COLORS.clock], ['fault/fail', COLORS.fault]] as const)
            .map(([n, c]) => html`<span><i style="background:${c}"></i>${n}</span>`)}</span>
        </div>
        <div class="area">
          <div class="viewport">
            <canvas class="view"></canvas>
            <div class="scroller" @click=${this._click} @wheel=${this._wheel}><div class="spacer" style="height:${HEADER + this.rowCount * this._rowH}px"></div></div>
          </div>
          <canvas class="overview" @click=${this._overviewClick}></canvas>
        </div>
      </div>
      <aside>
        ${this._selectedEvent ? html`<kkm-frame-detail .event=${this._selectedEvent} .firstT=${this.meta?.firstT ?? null}></kkm-frame-detail>`
          : html`<p class="muted">Click a row to see the event; OFD frames are decoded.</p>`}
      </aside>`;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this._ro = new ResizeObserver(() => this._schedule());
  }

  override disconnectedCallback(): void {
    this._ro?.disconnect();
    this._unsub?.();
    if (this._raf) cancelAnimationFrame(this._raf);
    super.disconnectedCallback();
  }

  override firstUpdated(): void {
    this._ro?.observe(this._scroller);
    this._scroller.addEventListener('scroll', () => this._schedule(), { passive: true });
  }

  override updated(changed: PropertyValues<this>): void {
    if ((changed.has('meta') || changed.has('runId')) && this.meta && !this.store) {
      this.store = new TraceStore(this.runId, this.meta.total);
      this._ownStore = true;
    }
    if (changed.has('store')) {
      this._unsub?.();
      this._unsub = this.store?.onLoad(() => { this._refreshSelected(); this._schedule(); }) ?? null;
    }
    if (changed.has('at') && this.at !== null && this.at >= 0) this.select(this.at, true);
    else if (changed.has('focusRange') && this.focusRange && this.at === null) this.scrollToIndex(this.focusRange.from);
    this._schedule();
    void this._ownStore;
  }

  /** Selects a row (and scrolls it into view). */
  select(i: number, scroll = false): void {
    this._selected = i;
    this._refreshSelected();
    if (scroll) this.scrollToIndex(i);
    if (!this._selectedEvent) void this.store?.ensure(i, i);
  }

  scrollToIndex(i: number): void {
    const sc = this._scroller;
    if (!sc) { void this.updateComplete.then(() => this.scrollToIndex(i)); return; }
    sc.scrollTop = Math.max(0, this._rowOf(i) * this._rowH - sc.clientHeight / 3);
    this._schedule();
  }

  private _refreshSelected(): void {
    const ev = this._selected === null ? null : this.store?.get(this._selected) ?? null;
    if (ev !== this._selectedEvent) {
      this._selectedEvent = ev;
      if (ev) this.dispatchEvent(new CustomEvent('event-selected', { detail: { index: this._selected, event: ev }, bubbles: true, composed: true }));
    }
  }

  private _schedule(): void {
    if (this._raf) return;
    this._raf = requestAnimationFrame(() => { this._raf = 0; this._draw(); });
  }

  private _zoom(f: number, anchorY?: number): void {
    const sc = this._scroller;
    const y = anchorY ?? sc.clientHeight / 2;
    const row = (sc.scrollTop + y - HEADER) / this._rowH;
    const h = Math.max(MIN_ROW, Math.min(MAX_ROW, Math.round(this._rowH * f)));
    if (h === this._rowH) return;
    this._rowH = h;
    void this.updateComplete.then(() => { sc.scrollTop = Math.max(0, row * h + HEADER - y); this._schedule(); });
  }

  private _wheel = (e: WheelEvent) => {
    if (!e.ctrlKey) return;
    e.preventDefault();
    const rect = this._scroller.getBoundingClientRect();
    this._zoom(e.deltaY < 0 ? 1.25 : 0.8, e.clientY - rect.top);
  };

  private _click = (e: MouseEvent) => {
    const rect = this._scroller.getBoundingClientRect();
    const y = e.clientY - rect.top;
    if (y < HEADER) return;
    const r = Math.floor((this._scroller.scrollTop + y - HEADER) / this._rowH);
    if (r >= 0 && r < this.rowCount) { this.select(this._line(r)); this._schedule(); }
  };

  private _overviewClick = (e: MouseEvent) => {
    const rect = this._overview.getBoundingClientRect();
    this.scrollToIndex(Math.floor(((e.clientY - rect.top) / rect.height) * this.total)); // a line index
  };

  private async _toggleKind(kind: string, shown: boolean): Promise<void> {
    const hidden = new Set(this._hidden);
    if (shown) hidden.delete(kind); else hidden.add(kind);
    const sc = this._scroller;
    const topLine = this.rowCount ? this._line(Math.min(this.rowCount - 1, Math.floor(sc.scrollTop / this._rowH))) : 0;
    this._rows = hidden.size === 0 ? null : (await api.traceRows(this.runId, [...hidden])).rows;
    this._hidden = hidden;
    await this.updateComplete;
    sc.scrollTop = this._rowOf(topLine) * this._rowH;
    this._schedule();
  }

  private _jump(kind: TraceMark['kind'], dir: 1 | -1): void {
    const marks = this.meta?.marks.filter((m) => m.kind === kind) ?? [];
    if (!marks.length) return;
    const cur = this._selected ?? this._line(Math.min(this.rowCount - 1, Math.floor(this._scroller.scrollTop / this._rowH)));
    const next = dir > 0 ? marks.find((m) => m.i > cur) ?? marks[0]! : [...marks].reverse().find((m) => m.i < cur) ?? marks[marks.length - 1]!;
    this.select(next.i, true);
  }

  private _draw(): void {
    const sc = this._scroller, cv = this._canvas;
    if (!sc || !cv || !this.store) return;
    const t0 = performance.now();
    const dpr = window.devicePixelRatio || 1;
    const w = sc.clientWidth, h = sc.clientHeight;
    if (cv.width !== Math.round(w * dpr) || cv.height !== Math.round(h * dpr)) {
      cv.width = Math.round(w * dpr); cv.height = Math.round(h * dpr);
      cv.style.width = `${w}px`; cv.style.height = `${h}px`;
    }
    const ctx = cv.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const rowH = this._rowH;
    const top = sc.scrollTop;
    const count = this.rowCount;
    const first = Math.max(0, Math.floor(top / rowH));
    const last = Math.min(count - 1, Math.floor((top + h - HEADER) / rowH));
    if (count > 0) {
      if (!this._rows) { if (!this.store.get(first) || !this.store.get(last)) void this.store.ensure(first, last).catch(() => undefined); }
      else {
        const missing: number[] = [];
        for (let r = first; r <= last; r++) if (!this.store.get(this._rows[r]!)) missing.push(this._rows[r]!);
        if (missing.length) void this.store.ensureLines(missing).catch(() => undefined);
      }
    }
    const laneX = LANE_POS.map((p) => Math.round(GUTTER + (w - GUTTER - 8) * p) + 0.5);
    const firstT = this.meta?.firstT ?? null;
    const labels = rowH >= 13;
    const font = `${Math.min(12, rowH - 3)}px 'Liberation Sans', sans-serif`;
    ctx.font = font;
    ctx.textBaseline = 'middle';
    // lifelines
    ctx.strokeStyle = '#d5dbe5'; ctx.lineWidth = 1; ctx.setLineDash([]);
    ctx.beginPath();
    for (const x of laneX) { ctx.moveTo(x, HEADER); ctx.lineTo(x, h); }
    ctx.stroke();
    const focus = this.focusRange;
    for (let r = first; r <= last; r++) {
      const li = this._line(r);
      const y = HEADER + r * rowH - top;
      const mid = Math.round(y + rowH / 2) + 0.5;
      if (focus && li >= focus.from && li <= focus.to) { ctx.fillStyle = 'rgba(250, 240, 137, 0.28)'; ctx.fillRect(0, y, w, rowH); }
      if (li === this._selected) { ctx.fillStyle = 'rgba(99, 179, 237, 0.35)'; ctx.fillRect(0, y, w, rowH); }
      const ev = this.store.get(li);
      if (!ev) { ctx.fillStyle = '#edf0f4'; ctx.fillRect(GUTTER, y + 2, w - GUTTER - 8, Math.max(1, rowH - 4)); continue; }
      if (labels) {
        ctx.fillStyle = '#718096';
        ctx.textAlign = 'left';
        ctx.fillText(`#${ev.seq}`, 6, mid);
        ctx.fillText(firstT !== null ? offset(ev.t - firstT) : String(ev.t), 62, mid);
      }
      const s = rowShape(ev);
      if (s.type === 'arrow') {
        const x1 = laneX[s.from]!, x2 = laneX[s.to]!;
        ctx.strokeStyle = s.color; ctx.fillStyle = s.color; ctx.lineWidth = rowH >= 8 ? 1.5 : 1;
        ctx.setLineDash(s.dashed ? [4, 3] : []);
        ctx.beginPath(); ctx.moveTo(x1, mid); ctx.lineTo(x2, mid); ctx.stroke();
        ctx.setLineDash([]);
        const d = x2 > x1 ? -1 : 1, ah = Math.min(6, rowH / 2);
        ctx.beginPath(); ctx.moveTo(x2, mid); ctx.lineTo(x2 + d * ah * 1.4, mid - ah); ctx.lineTo(x2 + d * ah * 1.4, mid + ah); ctx.closePath(); ctx.fill();
        if (labels) {
          ctx.textAlign = 'left';
          const lx = Math.min(x1, x2) + 8;
          ctx.fillStyle = '#fff';
          const tw = Math.min(ctx.measureText(s.label).width, Math.abs(x2 - x1) + 160);
          ctx.fillRect(lx - 2, mid - rowH / 2 + 1, tw + 4, rowH - 2);
          ctx.fillStyle = s.color;
          ctx.fillText(s.label, lx, mid, Math.abs(x2 - x1) + 160);
        }
      } else if (s.type === 'band') {
        ctx.fillStyle = s.color;
        ctx.globalAlpha = 0.18; ctx.fillRect(GUTTER, y, w - GUTTER, rowH); ctx.globalAlpha = 1;
        ctx.fillRect(GUTTER, mid - 1, w - GUTTER, 2);
        if (labels) { ctx.textAlign = 'left'; ctx.fillStyle = '#fff'; const tw = ctx.measureText(s.label).width; ctx.fillRect(GUTTER + 4, y + 1, tw + 8, rowH - 2); ctx.fillStyle = '#1d2330'; ctx.fillText(s.label, GUTTER + 8, mid); }
      } else {
        const x = laneX[s.lane]!;
        ctx.fillStyle = s.color;
        ctx.beginPath(); ctx.arc(x, mid, Math.max(2, Math.min(6, rowH / 2 - 1)), 0, Math.PI * 2); ctx.fill();
        if (labels) { ctx.textAlign = 'left'; ctx.fillText(s.label, x + 10, mid); }
      }
    }
    // lane header
    ctx.fillStyle = '#f7f8fa'; ctx.fillRect(0, 0, w, HEADER);
    ctx.strokeStyle = '#dde2ea'; ctx.beginPath(); ctx.moveTo(0, HEADER - 0.5); ctx.lineTo(w, HEADER - 0.5); ctx.stroke();
    ctx.font = `600 12px 'Liberation Sans', sans-serif`; ctx.fillStyle = '#2d3748'; ctx.textAlign = 'center';
    LANES.forEach((name, k) => ctx.fillText(name, laneX[k]!, HEADER / 2));
    ctx.textAlign = 'left'; ctx.fillText('seq      time', 6, HEADER / 2);
    this._drawOverview(this._line(Math.max(0, first)), this._line(Math.max(0, last)));
    const ms = performance.now() - t0;
    this.frames++; this.drawMs += ms; this.maxDrawMs = Math.max(this.maxDrawMs, ms);
  }

  private _drawOverview(first: number, last: number): void {
    const ov = this._overview;
    if (!ov) return;
    const h = ov.clientHeight, w = ov.clientWidth;
    if (ov.width !== w || ov.height !== h) { ov.width = w; ov.height = h; }
    const ctx = ov.getContext('2d')!;
    ctx.clearRect(0, 0, w, h);
    const total = Math.max(1, this.total);
    for (const m of this.meta?.marks ?? []) {
      if (m.kind === 'case') continue;
      ctx.fillStyle = MARK_COLOR[m.kind];
      ctx.fillRect(m.kind === 'clock' ? 0 : w / 2, Math.floor((m.i / total) * h), w / 2, 2);
    }
    ctx.strokeStyle = '#2b6cb0'; ctx.lineWidth = 1;
    ctx.strokeRect(0.5, Math.floor((first / total) * h) + 0.5, w - 1, Math.max(3, ((last - first + 1) / total) * h));
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-trace-view': KkmTraceView } }
