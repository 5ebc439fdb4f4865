// The face of web/: the dashboard server for programmatic use (the CLI is serve.ts,
// `npm run dashboard`). The browser code lives in src/ and is bundled by Vite.
export { startDashboard, type RunningDashboard } from './server/dashboard-server.js';
export { DEFAULT_DASHBOARD_OPTIONS, resolveOptions, type DashboardOptions } from './server/options.js';
export { DashboardError, HTTP_STATUS, type DashboardErrorCode } from './server/errors.js';
export { buildBundle, bundleFresh, DEFAULT_OUT_DIR } from './server/bundle.js';
export { listRuns, readReport, TraceIndex } from './server/runs.js';
export { DEMO_PROFILE, toFleetRegister } from './server/live.js';
export { parseProgress, RunLauncher, type LaunchOptions, type LaunchEvent } from './server/launcher.js';
export type {
  RunSummary, TracePage, TraceMark, TraceMeta, RunDocuments, FleetRegister, LiveMessage, LiveStatus, OperatorControls,
} from './src/data/types.js';
