import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile, profileIssues, validateProfile } from '../../src/settings/profile.js';
import { EmulatorError } from '../../src/errors.js';

const REFERENCE = new URL('../../profiles/reference.json', import.meta.url).pathname;

const expectCode = (f: () => unknown, code: string, ...mentions: string[]) => {
  try {
    f();
    assert.unreachable('should throw');
  } catch (e) {
    assert.instance(e, EmulatorError);
    assert.is((e as EmulatorError).code, code);
    for (const m of mentions) assert.ok((e as Error).message.includes(m), `message names ${m}: ${(e as Error).message}`);
  }
};

test('the reference profile loads and matches dcp.md', () => {
  const p = loadProfile(REFERENCE);
  assert.is(p.dcp, 'tcp://127.0.0.1:7070');
  assert.is(p.registration.kkmId, 424242);
  assert.is(p.registration.rnm, '010101234567');
  assert.is(p.passwords.close_shift, '3333');
  assert.is(p.protocolVersion, 203);
});

test('defaults are filled in for dcp and protocolVersion', () => {
  const p = loadProfile(REFERENCE);
  const { dcp: _d, protocolVersion: _v, ...bare } = p;
  const q = validateProfile(bare);
  assert.is(q.dcp, 'tcp://127.0.0.1:7070');
  assert.is(q.protocolVersion, 203);
  assert.is(validateProfile({ ...bare, dcp: 'serial:/dev/ttyUSB0@115200' }).dcp, 'serial:/dev/ttyUSB0@115200');
});

test('every bad field is named', () => {
  const p = loadProfile(REFERENCE);
  const bad = {
    ...p,
    dcp: 'http://x',
    passwords: { ...p.passwords, service: '', root: '0' },
    registration: { ...p.registration, kkmId: -1, token: 'x', rnm: '12345', org: { ...p.registration.org, iin: '12' } },
    protocolVersion: 205,
    notApplicable: { abc: 'x' },
  };
  const paths = profileIssues(bad).map((i) => i.path);
  assert.equal(paths, [
    '$.dcp', '$.passwords.service', '$.passwords.root', '$.registration.kkmId', '$.registration.token',
    '$.registration.rnm', '$.registration.org.iin', '$.protocolVersion', '$.notApplicable.abc',
  ]);
  expectCode(() => validateProfile(bad, 'x.json'), 'EMU_BAD_PROFILE', 'x.json', '$.registration.rnm', 'req 40.2');
});

test('missing sections are named', () => {
  assert.equal(profileIssues({}).map((i) => i.path), ['$.passwords', '$.registration']);
  assert.equal(profileIssues([]).map((i) => i.path), ['$']);
});

test('unreadable file and invalid JSON are EMU_BAD_PROFILE with the path', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emu-profile-'));
  try {
    const f = join(dir, 'p.json');
    writeFileSync(f, '{ nope');
    expectCode(() => loadProfile(f), 'EMU_BAD_PROFILE', f, 'not valid JSON');
    expectCode(() => loadProfile(join(dir, 'missing.json')), 'EMU_BAD_PROFILE', 'missing.json');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
