// A printed document as the customer sees it: the paper tape with its title, lines, fiscal sign
// and QR code (the register's PNG when it sent one, otherwise drawn from the QR payload). Save
// as PNG and print from the browser, as the KASSIKS web cashier does ("Печатать", "Сохранить").
// Dispatches 'receipt-saved' ({ filename, bytes }) after a save, 'receipt-printed' ({ number })
// once the print dialog was handed the page.
import { LitElement, css, html, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { toDataURL } from 'qrcode';
import type { Document } from '../data/dcp-types.js';
import { baseStyles } from './shared-styles.js';

const KIND_TITLE: Record<string, string> = {
  receipt: 'Чек', x_report: 'X-есеп / X-отчёт', z_report: 'Z-есеп / Z-отчёт', cash_in: 'Енгізу / Внесение',
  cash_out: 'Алу / Изъятие', sections_report: 'Бөлімдер / Отчёт по секциям', cashiers_report: 'Кассирлер / Отчёт по кассирам',
  selftest: 'Өзін-өзі тексеру / Самотестирование', ofd_message: 'ОФД хабары / Сообщение ОФД', offline_notice: 'Автономды режим / Автономный режим',
};

export async function qrImageUrl(doc: Document): Promise<string | null> {
  if (!doc.qr) return null;
  if (doc.qr.png) return `data:image/png;base64,${doc.qr.png}`;
  return toDataURL(doc.qr.payload, { margin: 1, width: 168, errorCorrectionLevel: 'M' });
}

@customElement('kkm-receipt')
export class KkmReceipt extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: inline-block; }
    .paper { width: 330px; background: #fffef8; border: 1px solid #e2dcc8; box-shadow: 0 2px 6px rgba(0,0,0,.08); padding: 14px 14px 18px;
      font-family: 'Liberation Mono', ui-monospace, monospace; font-size: 12px; line-height: 1.35; color: #111;
      background-image: linear-gradient(135deg, #fffef8 0 0); position: relative; }
    .paper::after { content: ''; position: absolute; left: 0; right: 0; bottom: -6px; height: 6px;
      background: linear-gradient(-45deg, transparent 4px, #fffef8 0) 0 0 / 8px 8px, linear-gradient(45deg, transparent 4px, #fffef8 0) 0 0 / 8px 8px; }
    .title { text-align: center; font-weight: 700; margin-bottom: 6px; }
    .caption { font-size: 12px; margin-bottom: 4px; }
    .line { white-space: pre-wrap; word-break: break-word; }
    .fiscal { margin-top: 6px; border-top: 1px dashed #999; padding-top: 6px; }
    .autonomous { font-weight: 700; }
    .qr { text-align: center; margin-top: 8px; }
    .qr img { width: 150px; height: 150px; image-rendering: pixelated; }
    .nonfiscal { text-align: center; font-weight: 700; color: #744210; }
    .actions { margin-top: 10px; display: flex; gap: 6px; }
  `];

  @property({ attribute: false }) document: Document | null = null;
  @property({ type: Boolean }) actions = true;
  @state() private _qr: string | null = null;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('document')) {
      this._qr = null;
      const doc = this.document;
      if (doc) void qrImageUrl(doc).then((u) => { if (this.document === doc) this._qr = u; }).catch(() => { this._qr = null; });
    }
  }

  override render() {
    const d = this.document;
    if (!d) return html``;
    return html`
      <div class="caption muted">${KIND_TITLE[d.kind] ?? d.kind} №${d.number} · ауысым/смена ${d.shiftNumber}${d.fiscal?.mode === 'autonomous' ? ' · автономный' : ''}</div>
      <div class="paper" data-number=${d.number}>
        ${d.title ? (d.lines.some((l) => l.includes(d.title!)) ? '' : html`<div class="title">${d.title}</div>`) : html`<div class="nonfiscal">ФИСКАЛДЫҚ ЕМЕС / НЕФИСКАЛЬНЫЙ ДОКУМЕНТ</div>`}
        ${d.lines.map((l) => html`<div class="line">${l}</div>`)}
        ${d.fiscal && !d.lines.some((l) => l.includes(d.fiscal!.sign)) ? html`<div class="fiscal ${d.fiscal.mode === 'autonomous' ? 'autonomous' : ''}">
          ${d.fiscal.mode === 'autonomous' ? 'АВТОНОМДЫ / АВТОНОМНЫЙ ФП' : 'ФБ / ФП'}: ${d.fiscal.sign}</div>` : ''}
        ${d.qr ? html`<div class="qr">${this._qr ? html`<img alt="QR ${d.qr.payload}" src=${this._qr} />` : html`<span class="muted">QR…</span>`}</div>` : ''}
      </div>
      ${this.actions ? html`<div class="actions">
        <button class="save" @click=${() => void this.savePng()}>Сақтау / Сохранить PNG</button>
        <button class="print" @click=${() => void this.print()}>Басып шығару / Печатать</button>
      </div>` : ''}`;
  }

  /** Draws the receipt onto a canvas (thermal-tape look), for PNG export. */
  async toCanvas(scale = 2): Promise<HTMLCanvasElement> {
    const d = this.document!;
    const W = 384, pad = 14, lh = 17;
    const c = document.createElement('canvas');
    const ctx = c.getContext('2d')!;
    const font = "13px 'Liberation Mono', monospace";
    ctx.font = font;
    const wrap = (text: string): string[] => {
      const out: string[] = [];
      let cur = '';
      for (const ch of text) {
        if (ctx.measureText(cur + ch).width > W - 2 * pad) { out.push(cur); cur = ch; } else cur += ch;
      }
      out.push(cur);
      return out;
    };
    const body: { text: string; bold?: boolean; center?: boolean }[] = [];
    if (!d.title) body.push({ text: 'ФИСКАЛДЫҚ ЕМЕС / НЕФИСКАЛЬНЫЙ', bold: true, center: true });
    else if (!d.lines.some((l) => l.includes(d.title!))) body.push({ text: d.title, bold: true, center: true });
    for (const l of d.lines) for (const w of wrap(l)) body.push({ text: w });
    if (d.fiscal && !d.lines.some((l) => l.includes(d.fiscal!.sign))) body.push({ text: `${d.fiscal.mode === 'autonomous' ? 'АВТОНОМНЫЙ ФП' : 'ФП'}: ${d.fiscal.sign}`, bold: d.fiscal.mode === 'autonomous' });
    const qrUrl = await qrImageUrl(d);
    let img: HTMLImageElement | null = null;
    if (qrUrl) { img = new Image(); img.src = qrUrl; await img.decode(); }
    const qrSize = 168;
    const H = pad * 2 + body.length * lh + (img ? qrSize + 12 : 0);
    c.width = W * scale; c.height = H * scale;
    ctx.scale(scale, scale);
    ctx.fillStyle = '#fffef8'; ctx.fillRect(0, 0, W, H);
    ctx.fillStyle = '#111'; ctx.textBaseline = 'top';
    body.forEach((b, i) => {
      ctx.font = `${b.bold ? 'bold ' : ''}${font}`;
      ctx.textAlign = b.center ? 'center' : 'left';
      ctx.fillText(b.text, b.center ? W / 2 : pad, pad + i * lh);
    });
    if (img) { ctx.imageSmoothingEnabled = false; ctx.drawImage(img, (W - qrSize) / 2, pad + body.length * lh + 6, qrSize, qrSize); }
    return c;
  }

  /** Saves the receipt as `receipt-<number>.png`. */
  async savePng(): Promise<{ filename: string; bytes: number }> {
    const c = await this.toCanvas();
    const blob = await new Promise<Blob>((ok, fail) => c.toBlob((b) => (b ? ok(b) : fail(new Error('toBlob failed'))), 'image/png'));
    const filename = `receipt-${this.document!.number}.png`;
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    a.click();
    URL.revokeObjectURL(a.href);
    const detail = { filename, bytes: blob.size };
    this.dispatchEvent(new CustomEvent('receipt-saved', { detail, bubbles: true, composed: true }));
    return detail;
  }

  /** Prints the receipt alone, from a hidden frame. */
  async print(): Promise<void> {
    const c = await this.toCanvas();
    const frame = document.createElement('iframe');
    frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
    document.body.appendChild(frame);
    const doc = frame.contentDocument!;
    doc.open();
    doc.write(`<!doctype html><title>receipt ${this.document!.number}</title><style>@page{margin:0}body{margin:0}img{width:58mm}</style><img src="${c.toDataURL('image/png')}">`);
    doc.close();
    await frame.contentWindow!.document.images[0]!.decode().catch(() => undefined);
    frame.contentWindow!.print();
    frame.remove();
    this.dispatchEvent(new CustomEvent('receipt-printed', { detail: { number: this.document!.number }, bubbles: true, composed: true }));
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-receipt': KkmReceipt } }
