import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

test("without --dcp the profile's dcp says where to listen (tcp or serial)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
  try {
    const base = JSON.parse(readFileSync(PROFILE, 'utf8'));
    const tcp = join(dir, 'tcp.json');
    writeFileSync(tcp, JSON.stringify({ ...base, dcp: 'tcp://127.0.0.2:7171' }));
    const a = parseCliArgs(['--profile', tcp]);
    if (a.kind !== 'run') return assert.unreachable();
    assert.equal(a.options.dcp, { host: '127.0.0.2', port: 7171 });
    assert.is(a.options.serial, undefined);
    const ser = join(dir, 'serial.json');
    writeFileSync(ser, JSON.stringify({ ...base, dcp: 'serial:/dev/ttyS9@9600' }));
    const b = parseCliArgs(['--profile', ser]);
    if (b.kind !== 'run') return assert.unreachable();
    assert.is(b.options.serial, '/dev/ttyS9');
    assert.is(b.options.serialBaudRate, 9600);
    assert.equal(b.options.dcp, { host: '127.0.0.1', port: 7070 });
    const c = parseCliArgs(['--profile', ser, '--dcp', '0']);
    if (c.kind !== 'run') return assert.unreachable();
    assert.is(c.options.serial, undefined, '--dcp given: the profile does not add a serial port');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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
