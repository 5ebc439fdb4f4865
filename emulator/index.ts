// The face of emulator/: the reference register behind DCP. Other parts import only from here.

// start the emulator (register + DCP servers)
export { startEmulator } from './src/start-register.js';
export { startEmulatorWith, resolveEmulatorOptions, EMULATOR_DEFAULTS, VIRTUAL_CLOCK_FILE } from './src/start.js';
export type { EmulatorOptions, RunningEmulator, RegisterFactory, RegisterLike } from './src/start.js';

// the register core
export { Register } from './src/register/register.js';
export type { RegisterOptions, RegisterPersistence, PersistedRegister, ApduExchange } from './src/register/options.js';
export { memoryPersistence } from './src/register/options.js';
export { listDefects, isDefectName } from './src/defects.js';
export type { DefectInfo, DefectName } from './src/defects.js';

// DCP: handler border, servers, JSON-RPC mapping, shapes
export { DcpDomainError, DcpMethodNotFound, DcpInvalidParams } from './src/dcp/handler.js';
export type { DcpHandler } from './src/dcp/handler.js';
export { serveDcpTcp, DCP_TCP_DEFAULTS } from './src/dcp/tcp.js';
export type { DcpTcpOptions, DcpTcpServer } from './src/dcp/tcp.js';
export { serveDcpSerial, DCP_SERIAL_DEFAULTS } from './src/dcp/serial.js';
export type { DcpSerialOptions, DcpSerialServer } from './src/dcp/serial.js';
export { dispatchLine, errorFor, DCP_DOMAIN_ERROR, JSONRPC_PARSE_ERROR, JSONRPC_INVALID_REQUEST, JSONRPC_METHOD_NOT_FOUND, JSONRPC_INVALID_PARAMS, JSONRPC_INTERNAL_ERROR } from './src/dcp/jsonrpc.js';
export { paramIssues, PARAM_SHAPES } from './src/dcp/validate.js';
export type { ParamIssue } from './src/dcp/validate.js';
export { DCP_METHODS, DCP_NOTIFICATIONS, DCP_REASONS, REASON_REQUIREMENT, CAPABILITIES, MODES, OPERATIONS, PAYMENT_TYPES, DOCUMENT_KINDS } from './src/dcp/types.js';
export type {
  DeviceProfile, Registration, Receipt, ReceiptItem, Payment, Document, DocumentKind, DocumentFiscal, DocumentQr,
  DocumentTotals, State, Settings, Channel, SelfTestResult, SelfTestCheck, Capability, DcpReason, DcpMethod,
  DcpMethods, DcpParams, DcpResult, DcpNotification, DcpNotifications, DisplayKind, HelloResult, Mode,
  Operation, PaymentType,
} from './src/dcp/types.js';

// settings: profile, settings file, token at rest
export { loadProfile, validateProfile, profileIssues, PROFILE_DEFAULTS } from './src/settings/profile.js';
export type { ProfileIssue } from './src/settings/profile.js';
export { fileSettingsPersistence, SETTINGS_FILE, DEVICE_SECRET_FILE, MODULE_IMAGE_FILE } from './src/settings/settings-file.js';

// QR and languages
export { qrPayload, qrTime, qrSum, DEFAULT_QR_BASE_URL } from './src/qr/payload.js';
export type { QrPayloadInput } from './src/qr/payload.js';
export { qrPng } from './src/qr/png.js';
export type { QrPngOptions } from './src/qr/png.js';
export { message, bilingual } from './src/i18n/message.js';
export { MESSAGES, LANGUAGES } from './src/i18n/messages.js';
export type { MessageKey, Lang } from './src/i18n/messages.js';

// errors
export { EmulatorError } from './src/errors.js';
export type { EmulatorErrorCode } from './src/errors.js';
