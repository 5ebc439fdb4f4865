// A PC/SC transport over @pokusew/pcsclite (optional dependency): the same client code reaches the
// virtual card behind pcscd + vpcd and a real card in a real reader.
// pcsclite gotchas (see deps.md): creating the context throws synchronously when pcscd is down;
// pcsc.close() emits 'error' (attach a listener); the process stays alive until every reader is closed.
import { createRequire } from 'node:module';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { FiscalModuleError } from './errors.js';
import type { ApduTransport } from './transport.js';

export interface PcscOptions {
  /** exact reader name, or a RegExp; default: the first reader with a card */
  readerName?: string | RegExp;
  /** wait this long for a matching reader with a card @defaultValue 10000 */
  timeoutMs?: number;
  /** @defaultValue 'shared' */
  shareMode?: 'shared' | 'exclusive';
  /** @defaultValue systemClock */
  clock?: Clock;
}

export interface PcscTransport extends ApduTransport {
  readonly readerName: string;
  readonly atr: Uint8Array;
  /** 1 = T=0, 2 = T=1 */
  readonly protocol: number;
}

export const PCSC_DEFAULTS = { timeoutMs: 10_000, shareMode: 'shared' } as const;

// Minimal local typings of the addon (its own index.d.ts uses `export =`).
interface Reader {
  name: string; state: number; connected: boolean;
  SCARD_SHARE_SHARED: number; SCARD_SHARE_EXCLUSIVE: number; SCARD_PROTOCOL_T0: number; SCARD_PROTOCOL_T1: number;
  SCARD_STATE_PRESENT: number; SCARD_LEAVE_CARD: number;
  on(ev: 'status', cb: (st: { state: number; atr?: Buffer }) => void): void;
  on(ev: 'error' | 'end', cb: (e?: unknown) => void): void;
  connect(o: { share_mode: number; protocol: number }, cb: (err: unknown, protocol: number) => void): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: (err: unknown, res: Buffer) => void): void;
  close(): void;
}
interface Pcsc { on(ev: 'reader', cb: (r: Reader) => void): void; on(ev: 'error', cb: (e: unknown) => void): void; close(): void }

function loadPcsc(): Pcsc {
  const require = createRequire(import.meta.url);
  let factory: () => Pcsc;
  try {
    factory = require('@pokusew/pcsclite') as () => Pcsc;
  } catch (e) {
    throw new FiscalModuleError('FM_PCSC_UNAVAILABLE', `@pokusew/pcsclite is not installed or not built (needs libpcsclite-dev): ${(e as Error).message}`, undefined, { cause: e });
  }
  try {
    return factory();
  } catch (e) {
    throw new FiscalModuleError('FM_PCSC_UNAVAILABLE', `pcscd is not running: ${(e as Error).message}`, undefined, { cause: e });
  }
}

export async function connectPcsc(opts: PcscOptions = {}): Promise<PcscTransport> {
  const timeoutMs = opts.timeoutMs ?? PCSC_DEFAULTS.timeoutMs;
  const shareMode = opts.shareMode ?? PCSC_DEFAULTS.shareMode;
  const clock = opts.clock ?? systemClock;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new FiscalModuleError('FM_BAD_OPTION', 'timeoutMs must be a positive number');
  if (shareMode !== 'shared' && shareMode !== 'exclusive') throw new FiscalModuleError('FM_BAD_OPTION', "shareMode must be 'shared' or 'exclusive'");
  const pcsc = loadPcsc();
  const readers: Reader[] = [];
  let lastError: unknown = null;
  pcsc.on('error', (e) => { lastError = e; });
  const matches = (name: string): boolean =>
    opts.readerName === undefined ? true : typeof opts.readerName === 'string' ? name === opts.readerName : opts.readerName.test(name);
  const shutdown = (): void => {
    for (const r of readers) { try { r.close(); } catch { /* already closed */ } }
    try { pcsc.close(); } catch { /* already closed */ }
  };

  return new Promise<PcscTransport>((resolve, reject) => {
    let done = false;
    const timer = clock.setTimeout(() => {
      if (done) return;
      done = true;
      shutdown();
      const seen = readers.map((r) => r.name).join(', ') || 'none';
      reject(new FiscalModuleError('FM_NO_READER', `no reader with a card matching ${String(opts.readerName ?? 'any')} within ${timeoutMs} ms (readers: ${seen}${lastError ? `; ${String(lastError)}` : ''})`));
    }, timeoutMs);
    pcsc.on('reader', (reader) => {
      readers.push(reader);
      reader.on('error', (e) => { lastError = e; });
      if (!matches(reader.name)) return;
      reader.on('status', (st) => {
        const present = (st.state & reader.SCARD_STATE_PRESENT) !== 0;
        if (done || !present || reader.connected) return;
        const share = shareMode === 'shared' ? reader.SCARD_SHARE_SHARED : reader.SCARD_SHARE_EXCLUSIVE;
        reader.connect({ share_mode: share, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 }, (err, protocol) => {
          if (done) return;
          if (err) { lastError = err; return; }
          done = true;
          clock.clearTimeout(timer);
          resolve(makeTransport(reader, protocol, new Uint8Array(st.atr ?? []), shutdown));
        });
      });
    });
  });
}

function makeTransport(reader: Reader, protocol: number, atr: Uint8Array, shutdown: () => void): PcscTransport {
  let closed = false;
  return {
    readerName: reader.name,
    atr,
    protocol,
    transmit(apdu: Uint8Array): Promise<Uint8Array> {
      if (closed) return Promise.reject(new FiscalModuleError('FM_TRANSPORT', 'transport is closed'));
      return new Promise((resolve, reject) => {
        reader.transmit(Buffer.from(apdu), 65538, protocol, (err, res) => {
          if (err) reject(new FiscalModuleError('FM_TRANSPORT', `SCardTransmit on ${reader.name}: ${String(err)}`, undefined, { cause: err }));
          else resolve(new Uint8Array(res));
        });
      });
    },
    close(): Promise<void> {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise((resolve) => {
        reader.disconnect(reader.SCARD_LEAVE_CARD, () => { shutdown(); resolve(); });
      });
    },
  };
}
