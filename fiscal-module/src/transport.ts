// The one interface every path to the module implements: in-process, PC/SC (virtual or real card).
import type { FiscalApplet } from './applet.js';
import { FiscalModuleError } from './errors.js';

export interface ApduTransport {
  /** sends one command APDU, resolves with the response APDU (data ‖ SW1 SW2) */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Calls the applet directly (the fast path for virtual-time runs). */
export class InProcessTransport implements ApduTransport {
  private closed = false;
  /** every APDU exchanged, when a tracer is attached (bench traces) */
  onExchange: ((command: Uint8Array, response: Uint8Array) => void) | null = null;
  constructor(readonly applet: FiscalApplet) {}
  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(new FiscalModuleError('FM_TRANSPORT', 'transport is closed'));
    const r = this.applet.process(apdu);
    if (this.onExchange) this.onExchange(apdu, r);
    return Promise.resolve(r);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}
