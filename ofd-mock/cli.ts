// ofd-mock CLI: runs the operator server (and its control API) until interrupted.
//   npx ofd-mock --port 7777 --port 7778 --control 8787 [--db file] [--seed N] [--auto-register]
// Results (what it listens on, registers that connect) go to stdout; logs to stderr.
// Exit codes: 0 ok, 2 usage error, 3 environment problem (a port could not be bound, bad db file).
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { startOfdMock } from './index.js';
import { isOfdMockError } from './src/errors.js';
import { checkRegistration, type OfdMockOptions, type Registration } from './src/options.js';
import { runDemo } from './src/demo.js';

const USAGE = `usage: ofd-mock [options]

An OFD (fiscal data operator) server for the KKM<->OFD protocol 2.0.2-2.0.4, with fault
injection, operator orders and a ledger.

  --port N             listen on this port; repeat for more channels (default: one free port)
  --host ADDR          address to listen on (default 127.0.0.1)
  --control N          start the HTTP control API on 127.0.0.1:N (0 = a free port)
  --control-token S    token the control API requires (default: random, printed)
  --db FILE            SQLite file for the ledger and register state (survives restarts)
  --seed N             seed for fiscal signs, tokens and faults (default 1)
  --auto-register      accept unknown registers on first contact
  --registration-delay MS   auto-registered registers stay 'pending' this long
  --provision FILE     JSON: a device profile (its "registration"), a registration, or a list; repeatable
  --tolerant           answer requests that break the reference, recording the violations
  --idle-timeout MS    close a connection after MS without a frame (default: never)
  --verbose            log every frame to stderr (register, channel, command, REQNUM, result, faults, violations)
  --demo               run a short scripted register against the server, then exit
  --help               this text
`;

function fail(code: number, msg: string): never {
  process.stderr.write(`ofd-mock: ${msg}\n`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      port: { type: 'string', multiple: true },
      host: { type: 'string' },
      control: { type: 'string' },
      'control-token': { type: 'string' },
      db: { type: 'string' },
      seed: { type: 'string' },
      'auto-register': { type: 'boolean' },
      'registration-delay': { type: 'string' },
      provision: { type: 'string', multiple: true },
      tolerant: { type: 'boolean' },
      'idle-timeout': { type: 'string' },
      demo: { type: 'boolean' },
      verbose: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
} catch (e) {
  fail(2, `${(e as Error).message}\n${USAGE}`);
}
const v = args.values;
if (v.help) { process.stdout.write(USAGE); process.exit(0); }

const int = (name: string, s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s)) fail(2, `--${name} must be a non-negative integer, got ${JSON.stringify(s)}`);
  return Number(s);
};

function loadProvision(file: string): Registration[] {
  let data: unknown;
  try { data = JSON.parse(readFileSync(file, 'utf8')); } catch (e) { fail(2, `--provision ${file}: ${(e as Error).message}`); }
  const list = Array.isArray(data) ? data : [data];
  return list.map((x, i) => {
    const reg = (x && typeof x === 'object' && 'registration' in x ? (x as { registration: unknown }).registration : x) as Registration;
    const errs = checkRegistration(reg);
    if (errs.length) fail(2, `--provision ${file} [${i}]: ${errs.join('; ')}`);
    return reg;
  });
}

const opts: OfdMockOptions = {
  ports: (v.port ?? ['0']).map((p) => { const n = int('port', p)!; if (n > 65535) fail(2, '--port must be at most 65535'); return n; }),
  autoRegister: v['auto-register'] ?? false,
  strict: !v.tolerant,
  provision: (v.provision ?? []).flatMap(loadProvision),
};
if (v.host !== undefined) opts.host = v.host;
if (v.control !== undefined) opts.controlPort = int('control', v.control)!;
if (v['control-token'] !== undefined) opts.controlToken = v['control-token'];
if (v.db !== undefined) opts.dbPath = v.db;
if (v.seed !== undefined) opts.seed = int('seed', v.seed)!;
if (v['idle-timeout'] !== undefined) opts.idleTimeoutMs = int('idle-timeout', v['idle-timeout'])!;
if (v['registration-delay'] !== undefined) opts.registrationDelayMs = int('registration-delay', v['registration-delay'])!;

let mock;
try {
  mock = await startOfdMock(opts);
} catch (e) {
  if (isOfdMockError(e) && e.code === 'OFDM_BAD_OPTION' && !String(e.message).startsWith('dbPath')) fail(2, e.message);
  fail(3, (e as Error).message);
}
const out = (s: string): void => { process.stdout.write(`${s}\n`); };
mock.ports.forEach((p, i) => out(`ofd-mock listening on ${mock.host}:${p} (channel ${i})`));
if (mock.controlUrl) out(`control API ${mock.controlUrl} token ${mock.controlToken}`);
for (const r of mock.registers()) out(`provisioned register ${r.kkmId} RNM ${r.rnm}`);
mock.events.on('register', (e) => {
  if (e.kind === 'first-contact') out(`register ${e.kkmId} connected on channel ${e.channel}`);
  else if (e.kind === 'auto-registered') out(`register ${e.kkmId} auto-registered on channel ${e.channel}`);
});

if (v.verbose) {
  mock.events.on('entry', (e) => {
    const arrow = e.direction === 'to-ofd' ? '→' : '←';
    const parts = [`#${e.seq}`, arrow, `kkm ${e.kkmId ?? '?'}`, `ch ${e.channel}`, e.commandName, `reqnum ${e.reqNum ?? '?'}`];
    if (e.result !== null) parts.push(`result ${e.result}`);
    if (e.retry) parts.push('retry');
    if (e.faults.length) parts.push(`faults ${e.faults.join(',')}`);
    if (e.note) parts.push(`(${e.note})`);
    if (e.violations.length) parts.push(`violations ${e.violations.map((x) => x.code).join(',')}`);
    process.stderr.write(parts.join(' ') + '\n');
  });
}

if (v.demo) {
  try { await runDemo(mock, out); } catch (e) { process.stderr.write(`ofd-mock: demo failed: ${(e as Error).message}\n`); await mock.close(); process.exit(1); }
  await mock.close();
  process.exit(0);
}

const stop = async (sig: string): Promise<void> => {
  process.stderr.write(`ofd-mock: ${sig}, closing\n`);
  await mock.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
