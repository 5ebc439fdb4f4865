// Typed errors of the operator mock. Callers switch on `code`; a released code keeps its meaning.
// Expected protocol outcomes (result codes, violations) are values, never errors.

export type OfdMockErrorCode =
  | 'OFDM_BAD_OPTION'          // an option failed validation; the message names it
  | 'OFDM_BAD_FAULT'           // a FaultSpec failed validation (unknown kind, bad attrs, bad match)
  | 'OFDM_FAULT_EXISTS'        // a fault with this name is already installed
  | 'OFDM_FAULT_NOT_FOUND'     // no fault with this name
  | 'OFDM_REGISTER_NOT_FOUND'  // no register with this id
  | 'OFDM_BAD_REGISTRATION'    // a Registration object failed validation
  | 'OFDM_UNAUTHORIZED'        // control API: missing or wrong token
  | 'OFDM_BAD_REQUEST'         // control API: malformed body or parameters
  | 'OFDM_NOT_FOUND'           // control API: no such route
  | 'OFDM_LISTEN_FAILED'       // a port could not be bound
  | 'OFDM_CLOSED'              // the mock was closed
  | 'OFDM_HTTP';               // control client: unexpected HTTP answer

/** HTTP status for each code, as the control API answers it. */
export const HTTP_STATUS: Record<OfdMockErrorCode, number> = {
  OFDM_BAD_OPTION: 400,
  OFDM_BAD_FAULT: 400,
  OFDM_FAULT_EXISTS: 409,
  OFDM_FAULT_NOT_FOUND: 404,
  OFDM_REGISTER_NOT_FOUND: 404,
  OFDM_BAD_REGISTRATION: 400,
  OFDM_UNAUTHORIZED: 401,
  OFDM_BAD_REQUEST: 400,
  OFDM_NOT_FOUND: 404,
  OFDM_LISTEN_FAILED: 500,
  OFDM_CLOSED: 503,
  OFDM_HTTP: 502,
};

export class OfdMockError extends Error {
  override readonly name = 'OfdMockError';
  constructor(readonly code: OfdMockErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

export function isOfdMockError(e: unknown): e is OfdMockError {
  return e instanceof Error && (e as { name?: string }).name === 'OfdMockError' && typeof (e as { code?: unknown }).code === 'string';
}
