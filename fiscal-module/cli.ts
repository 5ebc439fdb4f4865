// fiscal-module CLI: the applet as a virtual smart card behind pcscd (vsmartcard-vpcd), or an
// offline look into an image.
//   npx fiscal-module --vpcd 127.0.0.1:35963 --image fm.img [--personalize FM-0001]
//   npx fiscal-module --start-pcscd --image fm.img        (private pcscd + card, for a quick try)
//   npx fiscal-module --inspect --image fm.img            (info + self-test as JSON)
// Results go to stdout (one JSON line when the card is inserted); logs to stderr.
// Exit codes: 0 ok, 1 self-test failed (--inspect), 2 usage error, 3 environment problem
// (vpcd/pcscd unreachable, image cannot be opened).
import { parseArgs } from 'node:util';
import { FiscalModuleClient } from './src/client.js';
import { FiscalModuleError } from './src/errors.js';
import { createApplet } from './src/in-process.js';
import { startPcscd, type PcscdHandle } from './src/pcscd.js';
import { InProcessTransport } from './src/transport.js';
import { startVirtualCard } from './src/vpcd.js';
import { hex } from './src/tlv.js';

const USAGE = `usage: fiscal-module [options]

The KKM fiscal memory module (Java Card-style applet, ISO 7816-4 APDUs) as a virtual smart card.

  --vpcd HOST:PORT     connect to the vpcd driver of pcscd (vsmartcard-vpcd; Debian default 127.0.0.1:35963)
  --image FILE         the module's persistent image (created when missing); default: memory only
  --personalize ID     personalise a blank module with this id before inserting it
  --start-pcscd        start a private pcscd (own reader.conf.d, free vpcd port) and insert the card there
  --no-reconnect       exit when vpcd closes the connection instead of waiting for it again
  --inspect            print the image's info and self-test as JSON and exit (1 if the self-test fails)
  --quiet              no logs on stderr
  --help               this text

Exit codes: 0 ok, 1 self-test failed (--inspect), 2 usage error, 3 environment problem.
`;

function fail(code: number, msg: string): never {
  process.stderr.write(`fiscal-module: ${msg}\n`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      vpcd: { type: 'string' },
      image: { type: 'string' },
      personalize: { type: 'string' },
      'start-pcscd': { type: 'boolean' },
      'no-reconnect': { type: 'boolean' },
      inspect: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
} catch (e) {
  fail(2, `${(e as Error).message}\n${USAGE}`);
}
const v = args.values;
if (v.help) { process.stdout.write(USAGE); process.exit(0); }
const log = v.quiet ? () => {} : (s: string) => process.stderr.write(`fiscal-module: ${s}\n`);

function parseHostPort(s: string): { host: string; port: number } {
  const m = /^(.+):(\d{1,5})$/.exec(s);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port < 1 || port > 65535) fail(2, `--vpcd must be HOST:PORT, got ${s}`);
  return { host: m[1]!, port };
}

if (!v.inspect && !v.vpcd && !v['start-pcscd']) fail(2, `one of --vpcd, --start-pcscd or --inspect is required\n${USAGE}`);
if (v.vpcd && v['start-pcscd']) fail(2, '--vpcd and --start-pcscd exclude each other');
if (v.inspect && !v.image) fail(2, '--inspect needs --image');

function openApplet(): ReturnType<typeof createApplet> {
  try {
    return createApplet(v.image ? { imagePath: v.image } : {});
  } catch (e) {
    return fail(3, `cannot open image ${v.image}: ${(e as Error).message}`);
  }
}

const applet = openApplet();
const client = new FiscalModuleClient(new InProcessTransport(applet));

try {
  await client.select();
  if (v.personalize) {
    const info = await client.info();
    if (info.state === 'blank') {
      const p = await client.personalize(v.personalize);
      log(`personalised ${p.moduleId}; public key ${hex(p.publicKey)}`);
    } else if (info.moduleId !== v.personalize) {
      log(`module is already personalised as ${info.moduleId}; --personalize ignored`);
    }
  }
  if (v.inspect) {
    const info = await client.info();
    const st = await client.selfTest();
    process.stdout.write(JSON.stringify({ ...info, publicKey: hex(info.publicKey), selfTest: st }) + '\n');
    applet.close();
    process.exit(st.ok ? 0 : 1);
  }
} catch (e) {
  applet.close();
  fail(e instanceof FiscalModuleError && e.code === 'FM_BAD_OPTION' ? 2 : 3, (e as Error).message);
}
applet.reset();

let pcscd: PcscdHandle | null = null;
let vpcd: { host: string; port: number };
if (v['start-pcscd']) {
  try {
    pcscd = await startPcscd({ log });
  } catch (e) {
    applet.close();
    fail(3, (e as Error).message);
  }
  vpcd = { host: '127.0.0.1', port: pcscd.vpcdPort };
} else {
  vpcd = parseHostPort(v.vpcd!);
}

let card: Awaited<ReturnType<typeof startVirtualCard>> | undefined;
try {
  card = await startVirtualCard({ vpcd, applet, reconnect: !v['no-reconnect'], log, onRemoved: () => { if (v['no-reconnect']) void stop(3); } });
} catch (e) {
  applet.close();
  await pcscd?.stop();
  fail(3, (e as Error).message);
}
const info = await client.info();
process.stdout.write(JSON.stringify({ event: 'inserted', vpcd: `${vpcd.host}:${vpcd.port}`, reader: pcscd?.readerName ?? null, image: v.image ?? null, moduleId: info.moduleId, state: info.state, records: info.recordCount }) + '\n');

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await card?.close();
  applet.close();
  await pcscd?.stop();
  log(`stopped after ${card?.apduCount ?? 0} APDUs`);
  process.exit(code);
}
process.on('SIGINT', () => { void stop(0); });
process.on('SIGTERM', () => { void stop(0); });
