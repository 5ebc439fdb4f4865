// DCP over a serial port (115200 8N1 by default): one peer, same line framing as TCP.
import { SerialPort } from 'serialport';
import { EmulatorError } from '../errors.js';
import type { DcpHandler } from './handler.js';
import { DcpHub, DCP_MAX_LINE_BYTES } from './line-session.js';

export interface DcpSerialOptions {
  /** device path, e.g. /dev/ttyUSB0 */
  path: string;
  /** @defaultValue 115200 */
  baudRate?: number;
  /** @defaultValue 1 MiB */
  maxLineBytes?: number;
}

export const DCP_SERIAL_DEFAULTS = { baudRate: 115200, maxLineBytes: DCP_MAX_LINE_BYTES } as const;

export interface DcpSerialServer {
  readonly path: string;
  readonly baudRate: number;
  /** serial:/dev/ttyX@115200 (the form of the device profile's `dcp` field) */
  readonly url: string;
  close(): Promise<void>;
}

export function resolveSerialOptions(o: DcpSerialOptions): Required<DcpSerialOptions> {
  const r = { ...DCP_SERIAL_DEFAULTS, ...o };
  if (typeof r.path !== 'string' || r.path.length === 0) throw new EmulatorError('EMU_BAD_OPTION', 'serial.path must be a non-empty string');
  if (!Number.isInteger(r.baudRate) || r.baudRate <= 0) throw new EmulatorError('EMU_BAD_OPTION', 'serial.baudRate must be a positive integer');
  if (!Number.isInteger(r.maxLineBytes) || r.maxLineBytes < 64) throw new EmulatorError('EMU_BAD_OPTION', 'serial.maxLineBytes must be an integer >= 64');
  return r;
}

export async function serveDcpSerial(handler: DcpHandler, options: DcpSerialOptions): Promise<DcpSerialServer> {
  const o = resolveSerialOptions(options);
  const port = new SerialPort({ path: o.path, baudRate: o.baudRate, dataBits: 8, parity: 'none', stopBits: 1, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(new EmulatorError('EMU_LISTEN', `DCP cannot open serial port ${o.path}: ${err.message}`, { cause: err })) : resolve())),
  );
  const hub = new DcpHub(handler);
  const session = hub.open(
    {
      write: (text) => void port.write(text),
      get open() {
        return port.isOpen;
      },
    },
    o.maxLineBytes,
  );
  port.on('data', (chunk: Buffer) => session.push(chunk));
  port.on('error', () => {}); // the port closes on a fatal error; close() still works
  let closing: Promise<void> | null = null;
  return {
    path: o.path,
    baudRate: o.baudRate,
    url: `serial:${o.path}@${o.baudRate}`,
    close() {
      closing ??= (async () => {
        // no waiting for pending requests: one may wait for virtual time that never comes
        hub.close();
        if (!port.isOpen) return;
        await new Promise<void>((resolve) => port.drain(() => resolve()));
        await new Promise<void>((resolve) => port.close(() => resolve()));
      })();
      return closing;
    },
  };
}
