// `npm run dashboard`: serves the dashboard on 127.0.0.1 and prints its URL.
//   npm run dashboard -- [--port 7080] [--reports reports] [--dev] [--rebuild] [--no-live] [--virtual-clock]
import { parseArgs } from 'node:util';
import { startDashboard } from './server/dashboard-server.js';

const USAGE = `usage: npm run dashboard -- [options]
  --port N          port on 127.0.0.1 (default 7080; 0 = any free port)
  --host H          address to listen on (default 127.0.0.1)
  --reports DIR     the runs folder (default reports)
  --dev             Vite dev server with hot reload instead of the built bundle
  --rebuild         rebuild the bundle (dist-web/) even if it is up to date
  --no-live         do not start the live register (front panel, fleet)
  --virtual-clock   the live register runs on virtual time, advanced from the panel
  --register-lang L the live register's display language: ru (default) or kz
  --ofd-control URL the fleet of an operator running elsewhere (ofd-mock control API)
  --ofd-token T     its control token (with --ofd-control)
  -h, --help        this help
`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', default: '7080' }, host: { type: 'string', default: '127.0.0.1' },
      reports: { type: 'string', default: 'reports' }, dev: { type: 'boolean', default: false },
      rebuild: { type: 'boolean', default: false }, 'no-live': { type: 'boolean', default: false },
      'virtual-clock': { type: 'boolean', default: false }, 'register-lang': { type: 'string', default: 'ru' },
      'ofd-control': { type: 'string' }, 'ofd-token': { type: 'string' }, help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if ((values['ofd-control'] === undefined) !== (values['ofd-token'] === undefined)) {
  process.stderr.write(`--ofd-control and --ofd-token go together\n${USAGE}`);
  process.exit(2);
}
if (values['register-lang'] !== 'ru' && values['register-lang'] !== 'kz') {
  process.stderr.write(`--register-lang must be ru or kz\n${USAGE}`);
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be an integer 0..65535\n${USAGE}`);
  process.exit(2);
}
try {
  const d = await startDashboard({
    host: values.host, port, reportsDir: values.reports, ui: values.dev ? 'dev' : 'bundle', rebuild: values.rebuild,
    live: !values['no-live'], liveClock: values['virtual-clock'] ? 'virtual' : 'wall', liveLang: values['register-lang'] as 'ru' | 'kz',
    ...(values['ofd-control'] ? { operator: { url: values['ofd-control'], token: values['ofd-token']! } } : {}),
  });
  process.stdout.write(`dashboard: ${d.url}\n`);
  const stop = () => { void d.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  process.stderr.write(`dashboard: ${(err as Error).message}\n`);
  process.exit(3);
}
