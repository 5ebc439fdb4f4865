// Errors of the bench's DCP client. Match on `code`; a DUT's domain refusal carries `reason`
// (dcp.md reason codes) and maybe `requirement`: an expected outcome that cases inspect.
import type { DcpReason } from './types.js';

export type DcpErrorCode =
  | 'BENCH_DCP_DOMAIN'    // JSON-RPC -32000: the DUT refused for a domain reason (`reason`)
  | 'BENCH_DCP_RPC'       // another JSON-RPC error (-32700, -32600, -32601, -32602, …; `rpcCode`)
  | 'BENCH_DCP_TIMEOUT'   // no answer within the timeout
  | 'BENCH_DCP_CLOSED'    // the connection closed with the request pending / before sending
  | 'BENCH_DCP_CONNECT'   // could not connect
  | 'BENCH_DCP_PROTOCOL'  // the DUT sent something that is not JSON-RPC 2.0
  | 'BENCH_DCP_BAD_OPTION';

export class DcpError extends Error {
  override readonly name = 'DcpError';
  constructor(
    readonly code: DcpErrorCode,
    message: string,
    readonly details: { reason?: DcpReason; requirement?: string; rpcCode?: number; method?: string; data?: unknown } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
  /** the domain reason (code BENCH_DCP_DOMAIN), else undefined */
  get reason(): DcpReason | undefined {
    return this.details.reason;
  }
  get requirement(): string | undefined {
    return this.details.requirement;
  }
  get rpcCode(): number | undefined {
    return this.details.rpcCode;
  }
}

export function isDcpError(e: unknown): e is DcpError {
  return e instanceof Error && (e as { name?: string }).name === 'DcpError' && typeof (e as { code?: unknown }).code === 'string';
}
