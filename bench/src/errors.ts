// Errors of bench/: one table of stable codes, all prefixed BENCH_. Match on `code`.
// - BenchError: the runner, reports, scenarios, model and property runs;
// - DcpError (BENCH_DCP_*): the bench's DCP client. A DUT's domain refusal carries `reason`
//   (dcp.md reason codes) and maybe `requirement`: an expected outcome that cases inspect.
import type { DcpReason } from './dcp/types.js';

/** Every error code of bench/ with its meaning (README "Errors"). */
export const BENCH_ERROR_CODES = {
  BENCH_BAD_OPTION: 'an option or CLI flag is malformed (the message names it)',
  BENCH_DUT_START: 'the in-process emulator or operator could not start',
  BENCH_DUT_UNREACHABLE: "the DUT's DCP address could not be reached (exit code 3)",
  BENCH_CASE_TIMEOUT: 'a case ran longer than caseTimeoutMs (real time) → verdict error',
  BENCH_BAD_FILE: 'a profile / attestation / expected-failures / trace / scenario file is invalid',
  BENCH_REPLAY_DIVERGED: 'a replay produced a different trace',
  BENCH_UNKNOWN_DEFECT: '--defect names a defect the emulator does not list',
  BENCH_DCP_DOMAIN: 'JSON-RPC -32000: the DUT refused for a domain reason (`reason`)',
  BENCH_DCP_RPC: 'another JSON-RPC error (-32700, -32600, -32601, -32602, …; `rpcCode`)',
  BENCH_DCP_TIMEOUT: 'no DCP answer within the timeout',
  BENCH_DCP_CLOSED: 'the DCP connection closed with the request pending / before sending',
  BENCH_DCP_CONNECT: 'could not connect to the DUT',
  BENCH_DCP_PROTOCOL: 'the DUT sent something that is not JSON-RPC 2.0',
  BENCH_DCP_BAD_OPTION: 'a DCP client option is malformed',
} as const;

export type BenchErrorCode =
  | 'BENCH_BAD_OPTION'
  | 'BENCH_DUT_START'
  | 'BENCH_DUT_UNREACHABLE'
  | 'BENCH_CASE_TIMEOUT'
  | 'BENCH_BAD_FILE'
  | 'BENCH_REPLAY_DIVERGED'
  | 'BENCH_UNKNOWN_DEFECT';

export type DcpErrorCode =
  | 'BENCH_DCP_DOMAIN'
  | 'BENCH_DCP_RPC'
  | 'BENCH_DCP_TIMEOUT'
  | 'BENCH_DCP_CLOSED'
  | 'BENCH_DCP_CONNECT'
  | 'BENCH_DCP_PROTOCOL'
  | 'BENCH_DCP_BAD_OPTION';

export class BenchError extends Error {
  override readonly name = 'BenchError';
  constructor(readonly code: BenchErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export function isBenchError(e: unknown): e is BenchError {
  return e instanceof Error && e.name === 'BenchError' && typeof (e as { code?: unknown }).code === 'string';
}

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
