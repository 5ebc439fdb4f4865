// Errors of the dashboard server. Callers switch on `code`; the HTTP layer maps each to a status.

export type DashboardErrorCode =
  | 'WEB_BAD_OPTION'        // an option of startDashboard / the CLI is invalid
  | 'WEB_NOT_FOUND'         // no such run, file or route
  | 'WEB_BAD_REQUEST'       // a malformed query or body
  | 'WEB_LIVE_UNAVAILABLE'  // the live register could not be started (emulator or ofd-mock missing)
  | 'WEB_BUILD_FAILED';     // the Vite build of the bundle failed

export const HTTP_STATUS: Record<DashboardErrorCode, number> = {
  WEB_BAD_OPTION: 500,
  WEB_NOT_FOUND: 404,
  WEB_BAD_REQUEST: 400,
  WEB_LIVE_UNAVAILABLE: 503,
  WEB_BUILD_FAILED: 500,
};

export class DashboardError extends Error {
  override readonly name = 'DashboardError';
  constructor(readonly code: DashboardErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
