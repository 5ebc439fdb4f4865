import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCliArgs, UsageError } from '../src/cli-args.js';

const PROFILE = new URL('../profiles/reference.json', import.meta.url).pathname;

const usage = (argv: string[], mention: string) => {
  try {
    parseCliArgs(argv);
    assert.unreachable(argv.join(' '));
  } catch (e) {
    assert.instance(e, UsageError);
    assert.ok((e as Error).message.includes(mention), `${argv.join(' ')} → ${(e as Error).message}`);
  }
};

test('--help and --list-defects need no profile', () => {
  assert.equal(parseCliArgs(['--help']), { kind: 'help' });
  assert.equal(parseCliArgs(['--list-defects']), { kind: 'list-defects' });
});

test('the full command line of the issue', () => {
  const c = parseCliArgs(['--profile', PROFILE, '--ofd', '127.0.0.1:7777', '--ofd', 'ofd2.local:7778', '--dcp', '7070', '--serial', '/dev/ttyX',
    '--state', '/tmp/s', '--virtual-clock', '--defect', 'no-qr', '--defect', 'no-offline-block', '--lang', 'kz', '--seed', '9', '--baud', '9600']);
  assert.is(c.kind, 'run');
  if (c.kind !== 'run') return;
  assert.is(c.profilePath, PROFILE);
  assert.is(c.options.profile.registration.kkmId, 424242);
  assert.equal(c.options.ofd, [{ host: '127.0.0.1', port: 7777 }, { host: 'ofd2.local', port: 7778 }]);
  assert.equal(c.options.dcp, { host: '127.0.0.1', port: 7070 });
  assert.is(c.options.serial, '/dev/ttyX');
  assert.is(c.options.serialBaudRate, 9600);
  assert.is(c.options.stateDir, '/tmp/s');
  assert.is(c.options.virtualClock, true);
  assert.equal(c.options.defects, ['no-qr', 'no-offline-block']);
  assert.is(c.options.lang, 'kz');
  assert.is(c.options.seed, 9);
});

test('defaults: DCP on 127.0.0.1:7070, wall clock, no channels; --dcp host:port', () => {
  const c = parseCliArgs(['--profile', PROFILE]);
  if (c.kind !== 'run') return assert.unreachable();
  assert.equal(c.options.dcp, { host: '127.0.0.1', port: 7070 });
  assert.is(c.options.virtualClock, false);
  assert.equal(c.options.ofd, []);
  const d = parseCliArgs(['--profile', PROFILE, '--dcp', '0.0.0.0:0']);
  if (d.kind !== 'run') return assert.unreachable();
  assert.equal(d.options.dcp, { host: '0.0.0.0', port: 0 });
});

test('usage errors name the flag', () => {
  usage([], '--profile');
  usage(['--profile', '/nonexistent.json'], '/nonexistent.json');
  usage(['--profile', PROFILE, '--ofd', '7777'], '--ofd');
  usage(['--profile', PROFILE, '--ofd', 'h:99999'], '--ofd');
  usage(['--profile', PROFILE, '--dcp', 'x'], '--dcp');
  usage(['--profile', PROFILE, '--seed', '-1'], '--seed');
  usage(['--profile', PROFILE, '--lang', 'en'], '--lang');
  usage(['--profile', PROFILE, '--bogus'], 'bogus');
});

test.run();
