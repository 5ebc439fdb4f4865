// The border inside emulator/: the register core implements DcpHandler, the DCP server
// (TCP/serial JSON-RPC) calls it. handle() returns the result shapes of dcp.md exactly
// (see ./types.ts) or throws one of the errors below.
import type { DcpReason } from './types.js';

export interface DcpHandler {
  /** Runs one DCP method; resolves to its dcp.md result shape. */
  handle(method: string, params: unknown): Promise<unknown>;
  /** Subscribes to DUT → bench notifications; returns the unsubscribe function. */
  onNotification(cb: (method: string, params: unknown) => void): () => void;
}

/** A refusal for a reason of the domain: JSON-RPC -32000 with `data: { reason, requirement? }`. */
export class DcpDomainError extends Error {
  override readonly name = 'DcpDomainError';
  readonly code = -32000;
  constructor(
    readonly reason: DcpReason,
    message: string,
    readonly requirement?: string,
  ) {
    super(message);
  }
}

/** JSON-RPC -32601. */
export class DcpMethodNotFound extends Error {
  override readonly name = 'DcpMethodNotFound';
  readonly code = -32601;
  constructor(readonly method: string) {
    super(`method not found: ${method}`);
  }
}

/** JSON-RPC -32602; `path` names the offending parameter (e.g. `$.items[0].price`). */
export class DcpInvalidParams extends Error {
  override readonly name = 'DcpInvalidParams';
  readonly code = -32602;
  constructor(
    message: string,
    readonly path?: string,
    /** every problem found, when more than one */
    readonly issues?: readonly { path: string; message: string }[],
  ) {
    super(message);
  }
}
