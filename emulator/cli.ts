// kkm-emulator: the reference register, serving DCP until interrupted.
//   npx kkm-emulator --profile device.json --ofd 127.0.0.1:7777 [--ofd host:port] --dcp 7070
//                    [--serial /dev/ttyX] [--state dir] [--virtual-clock] [--defect NAME]…
// Results (where DCP listens) go to stdout, logs to stderr. Exit codes: 0 ok, 2 usage, 3 environment.
import { listDefects, startEmulator, type RunningEmulator } from './index.js';
import { parseCliArgs, USAGE, UsageError, type CliCommand } from './src/cli-args.js';
import { EmulatorError } from './src/errors.js';

const out = (s: string): void => void process.stdout.write(`${s}\n`);
const log = (s: string): void => void process.stderr.write(`kkm-emulator: ${s}\n`);

let cmd: CliCommand;
try {
  cmd = parseCliArgs(process.argv.slice(2));
} catch (err) {
  log(err instanceof UsageError ? err.message : String(err));
  process.stderr.write(USAGE);
  process.exit(2);
}

if (cmd.kind === 'help') {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (cmd.kind === 'list-defects') {
  for (const d of listDefects()) out(`${d.name} ${d.requirements.join(',')}`);
  process.exit(0);
}

let emu: RunningEmulator;
try {
  emu = await startEmulator(cmd.options);
} catch (err) {
  const usage = err instanceof EmulatorError && (err.code === 'EMU_BAD_OPTION' || err.code === 'EMU_BAD_PROFILE');
  log(err instanceof Error ? err.message : String(err));
  process.exit(usage ? 2 : 3);
}

const o = cmd.options;
out(`dcp ${emu.dcpUrl}`);
if (emu.serialUrl) out(`dcp ${emu.serialUrl}`);
// never the token or the passwords
log(`profile ${cmd.profilePath}: kkmId ${o.profile.registration.kkmId}, RNM ${o.profile.registration.rnm}`);
log(`operator channels: ${o.ofd?.length ? o.ofd.map((c) => `${c.host}:${c.port}`).join(', ') : 'none (set them with settings.set)'}`);
log(`state: ${o.stateDir ?? 'memory only'}; clock: ${o.virtualClock ? 'virtual' : 'wall'}${o.defects?.length ? `; defects: ${o.defects.join(', ')}` : ''}`);

const stop = async (sig: string): Promise<void> => {
  log(`${sig}, closing`);
  await emu.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
