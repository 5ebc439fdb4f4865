// DCP over TCP: the DUT listens, the bench connects. Any number of clients; every client gets
// every notification.
import { createServer, type Server, type Socket } from 'node:net';
import { EmulatorError } from '../errors.js';
import type { DcpHandler } from './handler.js';
import { DcpHub, DCP_MAX_LINE_BYTES } from './line-session.js';

export interface DcpTcpOptions {
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue 7070; 0 picks a free port */
  port?: number;
  /** @defaultValue 1 MiB */
  maxLineBytes?: number;
}

export const DCP_TCP_DEFAULTS = { host: '127.0.0.1', port: 7070, maxLineBytes: DCP_MAX_LINE_BYTES } as const;

export interface DcpTcpServer {
  readonly host: string;
  readonly port: number;
  /** tcp://host:port */
  readonly url: string;
  /** number of connected clients */
  connections(): number;
  close(): Promise<void>;
}

export function resolveTcpOptions(o: DcpTcpOptions = {}): Required<DcpTcpOptions> {
  const r = { ...DCP_TCP_DEFAULTS, ...o };
  if (typeof r.host !== 'string' || r.host.length === 0) throw new EmulatorError('EMU_BAD_OPTION', 'dcp.host must be a non-empty string');
  if (!Number.isInteger(r.port) || r.port < 0 || r.port > 65535) throw new EmulatorError('EMU_BAD_OPTION', 'dcp.port must be an integer 0..65535');
  if (!Number.isInteger(r.maxLineBytes) || r.maxLineBytes < 64) throw new EmulatorError('EMU_BAD_OPTION', 'dcp.maxLineBytes must be an integer >= 64');
  return r;
}

export async function serveDcpTcp(handler: DcpHandler, options: DcpTcpOptions = {}): Promise<DcpTcpServer> {
  const o = resolveTcpOptions(options);
  const hub = new DcpHub(handler);
  const sockets = new Set<Socket>();
  // allowHalfOpen: a client may send its requests, shut down its sending side and still read
  // every answer (nc/socat scripts); we end our side once its requests are answered.
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    // the lines written in one turn of the event loop (a document.printed, state.changed and the
    // answer that follow one request; answers of pipelined requests) go out in one write call
    // instead of one syscall each; the bytes and their order are unchanged
    let corked = false;
    const uncork = (): void => {
      corked = false;
      socket.uncork();
    };
    const session = hub.open(
      {
        write: (text) => {
          if (!corked) {
            corked = true;
            socket.cork();
            setImmediate(uncork);
          }
          socket.write(text);
        },
        get open() {
          return !socket.destroyed && socket.writable;
        },
      },
      o.maxLineBytes,
    );
    socket.on('data', (chunk) => session.push(chunk));
    socket.on('end', () => {
      session.push('\n'); // a last line without its newline still counts
      void session.idle().then(() => socket.end());
    });
    socket.on('error', () => {}); // a peer reset is that peer's business; 'close' follows
    socket.on('close', () => {
      hub.drop(session);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(new EmulatorError('EMU_LISTEN', `DCP cannot listen on ${o.host}:${o.port}: ${err.message}`, { cause: err }));
    server.once('error', onError);
    server.listen(o.port, o.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : o.port;
  const host = o.host;
  let closing: Promise<void> | null = null;
  return {
    host,
    port,
    url: `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`,
    connections: () => hub.size,
    close() {
      closing ??= new Promise<void>((resolve) => {
        hub.close();
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      return closing;
    },
  };
}
