// Errors of the runner, reports, scenarios, model and property runs. Match on `code` (stable).
// The DCP client has its own (bench/src/dcp/errors.ts, BENCH_DCP_*).

export type BenchErrorCode =
  | 'BENCH_BAD_OPTION'       // an option or CLI flag is malformed (names it)
  | 'BENCH_DUT_START'        // the in-process emulator or operator could not start
  | 'BENCH_DUT_UNREACHABLE'  // the DUT's DCP address could not be reached (exit code 3)
  | 'BENCH_CASE_TIMEOUT'     // a case ran longer than caseTimeoutMs (real time) → verdict error
  | 'BENCH_BAD_FILE'         // a profile / attestation / expected-failures / trace / scenario file is invalid
  | 'BENCH_REPLAY_DIVERGED'  // a replay produced a different trace
  | 'BENCH_UNKNOWN_DEFECT';  // --defect names a defect the emulator does not list

export class BenchError extends Error {
  override readonly name = 'BenchError';
  constructor(readonly code: BenchErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export function isBenchError(e: unknown): e is BenchError {
  return e instanceof Error && e.name === 'BenchError' && typeof (e as { code?: unknown }).code === 'string';
}
