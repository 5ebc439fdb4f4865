// Argument parsing of `kkm-emulator` (emulator/cli.ts), kept free of side effects for tests.
import { parseArgs } from 'node:util';
import { EmulatorError } from './errors.js';
import { loadProfile } from './settings/profile.js';
import type { EmulatorOptions } from './start.js';

export const USAGE = `usage: kkm-emulator --profile device.json [options]

The reference online cash register (KKM): every rule of the requirements as statecharts, talking
to an operator (OFD) over the real protocol and controlled through DCP (JSON-RPC 2.0 lines).

  --profile FILE       device profile (dcp.md): passwords, registration, token  (required)
  --ofd HOST:PORT      operator channel; repeat for a second channel (first = highest priority)
  --dcp [HOST:]PORT    serve DCP over TCP here (default: the profile's "dcp" when it is
                       tcp://HOST:PORT, else 127.0.0.1:7070; 0 = a free port)
  --serial PATH        also serve DCP on this serial port (115200 8N1); default: the
                       profile's "dcp" when it is serial:PATH@BAUD (and --dcp is not given)
  --baud N             serial speed (default 115200)
  --state DIR          keep the module image and settings here (default: memory only)
  --virtual-clock      time moves only through DCP clock.advance
  --defect NAME        seed a defect (repeatable); see --list-defects
  --lang ru|kz         display language (default ru)
  --seed N             seed (default 1)
  --list-defects       print the defects, one per line: NAME REQ[,REQ...]
  --help               this text

Prints where DCP listens on stdout; logs go to stderr. Runs until SIGINT/SIGTERM.
Exit codes: 0 ok, 2 usage error (bad argument or profile), 3 environment (cannot listen, bad state dir).
`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'list-defects' }
  | { kind: 'run'; profilePath: string; options: EmulatorOptions };

/** A usage error: the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const hostPort = (flag: string, s: string, portOnlyOk: boolean): { host?: string; port: number } => {
  const m = /^(?:(.+):)?(\d{1,5})$/.exec(s);
  if (!m || (!portOnlyOk && m[1] === undefined)) throw new UsageError(`--${flag} must be ${portOnlyOk ? '[HOST:]PORT' : 'HOST:PORT'}, got ${JSON.stringify(s)}`);
  const port = Number(m[2]);
  if (port > 65535) throw new UsageError(`--${flag}: port must be at most 65535, got ${port}`);
  const host = m[1]?.replace(/^\[(.*)\]$/, '$1');
  return host === undefined ? { port } : { host, port };
};

const int = (flag: string, s: string): number => {
  if (!/^\d+$/.test(s)) throw new UsageError(`--${flag} must be a non-negative integer, got ${JSON.stringify(s)}`);
  return Number(s);
};

/** Parses the command line; loads and checks the profile. Throws UsageError. */
export function parseCliArgs(argv: string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        profile: { type: 'string' },
        ofd: { type: 'string', multiple: true },
        dcp: { type: 'string' },
        serial: { type: 'string' },
        baud: { type: 'string' },
        state: { type: 'string' },
        'virtual-clock': { type: 'boolean' },
        defect: { type: 'string', multiple: true },
        lang: { type: 'string' },
        seed: { type: 'string' },
        'list-defects': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) return { kind: 'help' };
  if (v['list-defects']) return { kind: 'list-defects' };
  if (v.profile === undefined) throw new UsageError('--profile is required');
  let profile;
  try {
    profile = loadProfile(v.profile);
  } catch (err) {
    throw new UsageError(err instanceof EmulatorError ? err.message : String(err));
  }
  // Without --dcp / --serial, the profile's own `dcp` says where to listen (the emulator takes
  // the same file as the bench): tcp://host:port → TCP there; serial:/dev/x@baud → that port too.
  const fromProfile = /^tcp:\/\/(.+)$/.exec(profile.dcp)?.[1];
  const serialFromProfile = /^serial:([^@]+)(?:@(\d+))?$/.exec(profile.dcp);
  const dcp = hostPort('dcp', v.dcp ?? fromProfile ?? '7070', true);
  const options: EmulatorOptions = {
    profile,
    ofd: (v.ofd ?? []).map((s) => hostPort('ofd', s, false) as { host: string; port: number }),
    dcp: { host: dcp.host ?? '127.0.0.1', port: dcp.port },
    virtualClock: v['virtual-clock'] ?? false,
    defects: v.defect ?? [],
  };
  for (const [i, c] of options.ofd!.entries()) if (c.port === 0) throw new UsageError(`--ofd #${i + 1}: port must be 1..65535`);
  if (v.serial !== undefined) options.serial = v.serial;
  else if (serialFromProfile && v.dcp === undefined) {
    options.serial = serialFromProfile[1]!;
    if (serialFromProfile[2] !== undefined) options.serialBaudRate = Number(serialFromProfile[2]);
  }
  if (v.baud !== undefined) options.serialBaudRate = int('baud', v.baud);
  if (v.state !== undefined) options.stateDir = v.state;
  if (v.seed !== undefined) options.seed = int('seed', v.seed);
  if (v.lang !== undefined) {
    if (v.lang !== 'ru' && v.lang !== 'kz') throw new UsageError(`--lang must be ru or kz, got ${JSON.stringify(v.lang)}`);
    options.lang = v.lang;
  }
  return { kind: 'run', profilePath: v.profile, options };
}
