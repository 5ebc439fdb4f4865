// The face of ofd-mock/: an OFD (fiscal data operator) server for the KKM↔OFD protocol with
// fault injection, operator orders, a ledger and an HTTP control API. Other parts import only this.
export { startOfdMock } from './src/server.js';
export type { OfdMock, OfdMockEvents, FaultsApi, ConnectionEvent, RegisterEvent, DelayEvent } from './src/server.js';
export { OFD_MOCK_DEFAULTS, resolveOptions, checkRegistration } from './src/options.js';
export { preciseSystemClock, PRECISE_LEAD_MS } from './src/clock.js';
export type { OfdMockOptions, ResolvedOfdMockOptions, Registration, Cashier, Clock } from './src/options.js';
export type { RegisterView, RegistrationState, OfflinePeriodRecord } from './src/registers.js';
export type { LedgerEntry, LedgerFilter } from './src/ledger.js';
export { plainEntry } from './src/ledger.js';
export type { Violation } from './src/validation.js';
export { RESULT } from './src/operator.js';
export { FAULT_KINDS, FaultRegistry } from './src/faults/registry.js';
export type { FaultSpec, FaultView, FaultMatch, FaultDirection, FaultKindName, FaultKind, Fault, FaultFrame, FrameAction, FaultContext } from './src/faults/fault.js';
export { OfdControlClient } from './src/client.js';
export { OfdMockError, isOfdMockError, HTTP_STATUS } from './src/errors.js';
export type { OfdMockErrorCode } from './src/errors.js';
export { COMMAND_CODES, commandCode, commandName } from './src/commands.js';
export { buildZxReport, emptyZReport, zxChecksum, crc32 } from './src/reports.js';
export { KkmTestClient, requestOnce } from './src/kkm-client.js';
export type { KkmAnswer, KkmFrame } from './src/kkm-client.js';
export { SAMPLE_REGISTRATION, sampleTicket, sampleInfo, sampleSystem, sampleCloseShift, sampleReport, sampleMoneyPlacement, sampleAuth, sampleNomenclature } from './src/samples.js';
export type { SampleContext, SampleTicket } from './src/samples.js';
