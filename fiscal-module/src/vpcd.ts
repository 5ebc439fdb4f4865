// The applet as a virtual card behind pcscd: connects to the vpcd driver of vsmartcard-vpcd over
// TCP and speaks its vpicc protocol — every message is a 2-byte big-endian length + payload; a
// 1-byte payload from vpcd is a control byte (00 power off, 01 power on, 02 reset: no reply;
// 04 get ATR: reply with the ATR); anything longer is a C-APDU, answered with the R-APDU.
// pcscd polls 04 several times a second to see that the card is still there.
import { connect, type Socket } from 'node:net';
import type { FiscalApplet } from './applet.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import { FiscalModuleError } from './errors.js';
import { createApplet } from './in-process.js';
import type { ModuleOptions } from './options.js';

/** T=1, no historical bytes: the minimal ATR that pcscd + vpcd accepted on this machine. */
export const VIRTUAL_CARD_ATR = Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01);

export interface VirtualCardOptions extends ModuleOptions {
  vpcd: { host?: string; port: number };
  /** use this applet instead of opening one from `imagePath` */
  applet?: FiscalApplet;
  /** keep trying to (re)connect to vpcd (pcscd not up yet, restarted) @defaultValue true */
  reconnect?: boolean;
  /** give up the first connection after this long @defaultValue 10000 */
  connectTimeoutMs?: number;
  /** called with each exchanged APDU (traces, logs) */
  onApdu?: (command: Uint8Array, response: Uint8Array) => void;
  /** called when vpcd closes the connection (pcscd stopped: the card was "removed") */
  onRemoved?: () => void;
  log?: (line: string) => void;
}

export interface VirtualCard {
  applet: FiscalApplet;
  /** resolves when connected to vpcd (the card is "inserted") */
  readonly connected: boolean;
  /** APDUs processed so far */
  readonly apduCount: number;
  /** removes the card (closes the socket) and closes the applet if it opened it */
  close(): Promise<void>;
}

export const VIRTUAL_CARD_DEFAULTS = { host: '127.0.0.1', reconnect: true, connectTimeoutMs: 10_000 } as const;

export async function startVirtualCard(opts: VirtualCardOptions): Promise<VirtualCard> {
  if (!opts?.vpcd || !Number.isInteger(opts.vpcd.port) || opts.vpcd.port < 1 || opts.vpcd.port > 65535) {
    throw new FiscalModuleError('FM_BAD_OPTION', 'vpcd.port must be an integer 1..65535');
  }
  const host = opts.vpcd.host ?? VIRTUAL_CARD_DEFAULTS.host;
  const port = opts.vpcd.port;
  const clock: Clock = opts.clock ?? systemClock;
  const reconnect = opts.reconnect ?? VIRTUAL_CARD_DEFAULTS.reconnect;
  const timeoutMs = opts.connectTimeoutMs ?? VIRTUAL_CARD_DEFAULTS.connectTimeoutMs;
  const log = opts.log ?? (() => {});
  const ownApplet = !opts.applet;
  const applet = opts.applet ?? createApplet(opts);
  let sock: Socket | null = null;
  let closed = false;
  let connected = false;
  let apduCount = 0;
  let retryTimer: unknown = null;

  const attach = (s: Socket): void => {
    let buf: Buffer = Buffer.alloc(0);
    const send = (p: Uint8Array): void => {
      const h = Buffer.alloc(2);
      h.writeUInt16BE(p.length);
      s.write(Buffer.concat([h, p]));
    };
    s.setNoDelay(true);
    s.on('data', (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      while (buf.length >= 2) {
        const len = buf.readUInt16BE(0);
        if (buf.length < 2 + len) break;
        const msg = new Uint8Array(buf.buffer, buf.byteOffset + 2, len);
        buf = buf.subarray(2 + len);
        if (len === 1) {
          const ctl = msg[0];
          if (ctl === 0x04) send(VIRTUAL_CARD_ATR);
          else if (ctl === 0x00 || ctl === 0x01 || ctl === 0x02) applet.reset();
        } else if (len > 1) {
          const cmd = new Uint8Array(msg);
          const res = applet.process(cmd);
          apduCount++;
          opts.onApdu?.(cmd, res);
          send(res);
        }
      }
    });
  };

  const dial = (): Promise<Socket> => new Promise((resolve, reject) => {
    const s = connect({ host, port });
    s.once('connect', () => { s.removeAllListeners('error'); resolve(s); });
    s.once('error', reject);
  });

  const started = clock.now();
  const connectLoop = async (first: boolean): Promise<void> => {
    for (;;) {
      if (closed) return;
      try {
        const s = await dial();
        if (closed) { s.destroy(); return; }
        sock = s;
        connected = true;
        log(`virtual card inserted: connected to vpcd ${host}:${port}`);
        attach(s);
        s.on('error', () => {});
        s.on('close', () => {
          connected = false;
          sock = null;
          applet.reset();
          if (closed) return;
          log('vpcd closed the connection (card removed)');
          opts.onRemoved?.();
          if (reconnect) retryTimer = clock.setTimeout(() => { void connectLoop(false); }, 200);
        });
        return;
      } catch (e) {
        if (!reconnect || (first && clock.now() - started > timeoutMs)) {
          throw new FiscalModuleError('FM_VPCD_CONNECT', `cannot connect to vpcd at ${host}:${port}: ${(e as Error).message} (is pcscd running with the vpcd driver?)`, undefined, { cause: e });
        }
        await new Promise<void>((r) => { retryTimer = clock.setTimeout(r, 100); });
      }
    }
  };

  try {
    await connectLoop(true);
  } catch (e) {
    if (ownApplet) applet.close();
    throw e;
  }

  return {
    applet,
    get connected() { return connected; },
    get apduCount() { return apduCount; },
    async close() {
      if (closed) return;
      closed = true;
      if (retryTimer !== null) clock.clearTimeout(retryTimer);
      const s = sock;
      if (s) await new Promise<void>((r) => { s.once('close', () => r()); s.destroy(); });
      if (ownApplet) applet.close();
    },
  };
}
