// Errors of the emulator part (prefix EMU_). Callers switch on `code`; a released code keeps its
// meaning. Shared by the register core and the DCP/CLI side: add codes, never change one.
// DCP refusals are not errors of this kind: they are DcpDomainError reasons (src/dcp/handler.ts).
export type EmulatorErrorCode =
  | 'EMU_BAD_OPTION' // an option of startEmulator / the CLI is invalid (message names it)
  | 'EMU_BAD_PROFILE' // the device profile is unreadable or invalid (message names the field)
  | 'EMU_SETTINGS' // the settings file under the state dir is unreadable or invalid
  | 'EMU_TOKEN_DECRYPT' // the stored token cannot be decrypted (wrong device secret or tampered)
  | 'EMU_I18N' // a message key or parameter is missing
  | 'EMU_QR' // the QR payload cannot be built (bad input)
  | 'EMU_LISTEN' // the DCP server cannot listen (TCP port or serial path)
  | 'EMU_INTERNAL'; // a bug

export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
  constructor(
    readonly code: EmulatorErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
