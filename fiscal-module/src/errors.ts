// Typed errors with stable codes (prefix FM_). Status words are values inside the applet; the
// client turns a non-9000 status word into a FiscalModuleError carrying `sw`.

export type FiscalModuleErrorCode =
  | 'FM_BAD_OPTION'          // an option is missing or invalid (message names it)
  | 'FM_STATUS'              // the card answered a status word not mapped to a more specific code
  | 'FM_WRONG_LENGTH'        // 6700
  | 'FM_SECURITY'            // 6982: the PIN of the mode is not verified
  | 'FM_PIN_BLOCKED'         // 6983: retry counter exhausted
  | 'FM_PIN_NOT_SET'         // 6A88: no PIN was set for that role
  | 'FM_CONDITIONS'          // 6985: wrong life-cycle state (not personalised, already personalised, locked…)
  | 'FM_WRONG_DATA'          // 6A80: data field invalid
  | 'FM_APP_NOT_FOUND'       // 6A82: SELECT of an unknown AID
  | 'FM_RECORD_NOT_FOUND'    // 6A83: no record with that index
  | 'FM_MEMORY_FULL'         // 6A84: image capacity reached
  | 'FM_BAD_P1P2'            // 6A86
  | 'FM_INS_NOT_SUPPORTED'   // 6D00
  | 'FM_CLA_NOT_SUPPORTED'   // 6E00
  | 'FM_NOT_SELECTED'        // 6986: applet not selected
  | 'FM_INTERNAL'            // 6F00
  | 'FM_BAD_RESPONSE'        // the response could not be parsed (transport or card bug)
  | 'FM_IMAGE_CORRUPT'       // the persistent image cannot be opened (bad magic / structure)
  | 'FM_IMAGE_IO'            // reading or writing the image failed
  | 'FM_IMAGE_LOCKED'        // the image is open in another module (this or another live process)
  | 'FM_TRANSPORT'           // the APDU transport failed (closed, reader gone)
  | 'FM_PCSC_UNAVAILABLE'    // pcsclite addon missing or pcscd not running
  | 'FM_NO_READER'           // no reader / no card found in time
  | 'FM_VPCD_CONNECT';       // the virtual card could not connect to vpcd

export class FiscalModuleError extends Error {
  override readonly name = 'FiscalModuleError';
  constructor(
    readonly code: FiscalModuleErrorCode,
    message: string,
    /** the status word when the error comes from a card answer */
    readonly sw?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
