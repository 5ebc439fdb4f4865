// startEmulator bound to the register core's Register.
import { Register } from './register/register.js';
import { startEmulatorWith, type EmulatorOptions, type RunningEmulator } from './start.js';

/** Starts the reference register and serves DCP (TCP, and serial when `serial` is set). */
export function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  return startEmulatorWith((o) => Register.create(o), options);
}
