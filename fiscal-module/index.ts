// The fiscal module's public face. Nothing of the other parts is imported here.
export type { Clock } from './src/clock.js';
export { systemClock } from './src/clock.js';
export { FiscalModuleError, type FiscalModuleErrorCode } from './src/errors.js';
export { SW, swHex, errorCodeForSw } from './src/status-words.js';
export {
  FiscalApplet, FISCAL_AID, APPLET_VERSION, APPLET_DEFAULTS, INS, TAG, PIN_ROLES, KIND_ROLE, decodeZControl,
  type PinRole, type AppletOptions, type SelfTestCheck, type ZControl,
} from './src/applet.js';
export {
  FiscalModuleClient,
  type ModuleInfo, type PinStatus, type AppendReceipt, type CloseShiftResult, type SelfTestResult, type AutonomousSign, type FiscalModuleClientOptions,
} from './src/client.js';
export type { ApduTransport } from './src/transport.js';
export { InProcessTransport } from './src/transport.js';
export { openInProcessModule, createApplet, type InProcessModule } from './src/in-process.js';
export { MODULE_DEFAULTS, type ModuleOptions } from './src/options.js';
export { tamperImage, type TamperTarget } from './src/tamper.js';
export { verifyModuleSignature } from './src/crypto.js';
export {
  RECORD_KINDS, canonicalRecord, recordHash, genesisHash, receiptSignedData, autonomousSignedData, printableSign,
  type RecordKind, type FiscalRecord,
} from './src/record.js';
export type { LifeState } from './src/image.js';
export { buildCommandApdu, parseCommandApdu, splitResponse, type CommandApdu } from './src/apdu.js';
export { verifyChain, type ChainVerdict } from './src/verify.js';
export { startVirtualCard, VIRTUAL_CARD_ATR, VIRTUAL_CARD_DEFAULTS, type VirtualCard, type VirtualCardOptions } from './src/vpcd.js';
export { connectPcsc, PCSC_DEFAULTS, type PcscOptions, type PcscTransport } from './src/pcsc.js';
export { startPcscd, type PcscdHandle, type PcscdOptions } from './src/pcscd.js';
