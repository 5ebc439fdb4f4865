// The face of bench/: the conformance bench's public API. web/ imports only the report and trace
// types from here; other tools may drive runs programmatically.

// report, verdict and trace types (shared with web/)
export type {
  RunReport, VerdictRow, CaseResult, CaseStatus, Verdict, Evidence, Check, DutInfo, RunTotals,
  PropertyRunSummary, Capability, RequirementId, Verification, TraceEvent, TraceKind,
} from './src/report/types.js';

// catalogue and cases
export { CATALOGUE, getRequirement, subItems, selectRequirements } from './src/catalogue/catalogue.js';
export type { Requirement } from './src/catalogue/types.js';
export { CaseAbort } from './src/case.js';
export type { TestCase, CaseContext, CaseClock, CaseOperator } from './src/case.js';

// errors (one table, BENCH_ prefix)
export { BenchError, isBenchError, DcpError, isDcpError, BENCH_ERROR_CODES } from './src/errors.js';
export type { BenchErrorCode, DcpErrorCode } from './src/errors.js';

// DCP client
export { connectDcp } from './src/dcp/client.js';
export type { DcpClient, DeviceProfile, DcpHello, DcpDocument, DcpState } from './src/dcp/types.js';

// runs
export { runBench, loadBuiltInCases, plannedCases } from './src/runner/run.js';
export type { RunResult } from './src/runner/run.js';
export { RUN_DEFAULTS, EMULATOR_PROFILE, resolveRunOptions } from './src/runner/options.js';
export type { RunOptions, DutChoice, ProgressEvent } from './src/runner/options.js';
export { aggregateVerdicts, computeTotals, runOutcome } from './src/runner/verdicts.js';
export type { Attestation, RunOutcome } from './src/runner/verdicts.js';
export { loadProfile, loadAttestations, loadExpectedFailures } from './src/runner/files.js';
export { parseRequirementFilter, parseShard, requirementSelected } from './src/runner/select.js';
export type { Shard } from './src/runner/select.js';
export { mergeReports } from './src/report/merge.js';

// reports
export { reportToJson, parseReport, REPORT_SCHEMA } from './src/report/json.js';
export { reportToJunit } from './src/report/junit.js';
export { reportToHtml } from './src/report/html.js';
export { writeReportDir, REPORT_FILES } from './src/report/write.js';

// traces and replay
export { TraceRecorder } from './src/trace/recorder.js';
export type { TraceLine } from './src/trace/recorder.js';
export { TRACE_VERSION, canonicalJson, parseJsonl } from './src/trace/jsonl.js';
export { replay } from './src/trace/replay.js';
export type { ReplayResult } from './src/trace/replay.js';

// scenarios
export { loadScenario, validateScenario } from './src/scenario/validate.js';
export { runScenario, scenarioCase } from './src/scenario/run.js';
export { SCENARIO_SCHEMA } from './src/scenario/types.js';
export type { Scenario, ScenarioStep } from './src/scenario/types.js';

// model-based and property-based runs
export { registerModelMachine, MODEL_EVENTS } from './src/model/register-model-machine.js';
export { generatePaths, modelStates, modelTransitions, modelRequirements } from './src/model/paths.js';
export type { ModelPath } from './src/model/paths.js';
export { modelCases, modelCoverage } from './src/model/cases.js';
export { runProperties } from './src/props/run.js';
