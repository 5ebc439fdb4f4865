// One trace event in detail. An OFD frame shows its 18-byte header decoded from the raw bytes,
// the decoded protobuf message as JSON and a hex dump; other events show their fields.
import { LitElement, css, html } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { TraceEvent } from '../data/types.js';
import { offset } from '../lib/format.js';
import { decodeFrameHeader, hexDump } from '../lib/frame-header.js';
import { baseStyles } from './shared-styles.js';

@customElement('kkm-frame-detail')
export class KkmFrameDetail extends LitElement {
  static override styles = [baseStyles, css`
    :host { display: block; font-size: 13px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0; }
    dt { color: #718096; } dd { margin: 0; font-family: 'Liberation Mono', monospace; }
    .issues { color: #c53030; }
    pre.wrap { white-space: pre-wrap; word-break: break-word; }
  `];

  @property({ attribute: false }) event: TraceEvent | null = null;
  @property({ attribute: false }) firstT: number | null = null;

  override render() {
    const ev = this.event;
    if (!ev) return html``;
    const { v: _v, seq, t, kind, rawHex, decoded, ...rest } = ev;
    void _v;
    const hdr = kind === 'ofd.frame' && rawHex ? decodeFrameHeader(rawHex) : null;
    return html`
      <h3 data-kind=${kind}>${kind === 'ofd.frame' ? `OFD frame ${(ev as { commandName?: string }).commandName ?? ev.command ?? ''}` : kind} <span class="muted">#${seq}</span></h3>
      <dl>
        <dt>time</dt><dd>${this.firstT !== null ? offset(t - this.firstT) : ''} (${new Date(t).toISOString()})</dd>
        ${ev.case ? html`<dt>case</dt><dd>${ev.case}</dd>` : ''}
        ${ev.direction ? html`<dt>direction</dt><dd>${ev.direction}</dd>` : ''}
        ${ev.channel !== undefined ? html`<dt>channel</dt><dd>${ev.channel}</dd>` : ''}
        ${ev.kkmId !== undefined ? html`<dt>kkmId</dt><dd>${ev.kkmId}</dd>` : ''}
        ${kind === 'check' ? html`<dt>requirement</dt><dd>${ev.requirement}</dd><dt>outcome</dt><dd class=${ev.ok === false ? 'issues' : ''}>${ev.ok === false ? 'FAILED' : 'ok'}</dd><dt>message</dt><dd>${ev.message}</dd>` : ''}
      </dl>
      ${hdr ? hdr.ok ? html`<h3>Header</h3><dl class="header">
          <dt>APPCODE</dt><dd>0x${hdr.header.appCode.toString(16).toUpperCase()}</dd>
          <dt>VERSION</dt><dd>${hdr.header.version}</dd>
          <dt>SIZE</dt><dd>${hdr.header.size} (payload ${hdr.payloadBytes} bytes)</dd>
          <dt>ID</dt><dd>${hdr.header.deviceId}</dd>
          <dt>TOKEN</dt><dd>${hdr.header.token}</dd>
          <dt>REQNUM</dt><dd>${hdr.header.reqNum}</dd>
        </dl>${hdr.issues.length ? html`<ul class="issues">${hdr.issues.map((i) => html`<li>${i}</li>`)}</ul>` : ''}`
        : html`<p class="issues">${hdr.issues.join('; ')}</p>` : ''}
      ${decoded !== undefined ? html`<h3>Decoded</h3><pre class="decoded">${JSON.stringify(decoded, null, 2)}</pre>` : ''}
      ${Object.keys(rest).length ? html`<h3>Fields</h3><pre class="wrap">${JSON.stringify(rest, null, 2)}</pre>` : ''}
      ${rawHex ? html`<h3>Raw (${rawHex.length / 2} bytes)</h3><pre>${hexDump(rawHex)}</pre>` : ''}`;
  }
}

declare global { interface HTMLElementTagNameMap { 'kkm-frame-detail': KkmFrameDetail } }
