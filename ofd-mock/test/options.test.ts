import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OFD_MOCK_DEFAULTS, resolveOptions, checkRegistration } from '../src/options.js';
import { OfdMockError } from '../src/errors.js';
import { startOfdMock } from '../index.js';
import { REG } from './helpers.js';

const bad = (o: object): string => { try { resolveOptions(o as never); return 'ok'; } catch (e) { assert.is((e as OfdMockError).code, 'OFDM_BAD_OPTION'); return (e as Error).message; } };

test('defaults are one exported constant', () => {
  const r = resolveOptions();
  assert.is(r.host, OFD_MOCK_DEFAULTS.host);
  assert.equal(r.ports, [0]);
  assert.is(r.strict, true);
  assert.is(r.seed, 1);
  assert.is(r.shiftLimitMs, 24 * 3600_000);
});

test('each bad option is named in the message', () => {
  assert.match(bad({ ports: [70000] }), /^ports/);
  assert.match(bad({ ports: [] }), /^ports/);
  assert.match(bad({ controlPort: -1 }), /^controlPort/);
  assert.match(bad({ seed: 1.5 }), /^seed/);
  assert.match(bad({ strict: 'yes' }), /^strict/);
  assert.match(bad({ maxFrameSize: 10 }), /^maxFrameSize/);
  assert.match(bad({ clock: {} }), /^clock/);
  assert.match(bad({ qrBaseUrl: 'nope' }), /^qrBaseUrl/);
  assert.match(bad({ provision: [{ kkmId: 1 }] }), /^provision\[0\]/);
  assert.match(bad({ tzOffsetMin: 2000 }), /^tzOffsetMin/);
});

test('registration check lists every problem', () => {
  assert.equal(checkRegistration(REG), []);
  assert.is(checkRegistration({ kkmId: -1, token: 'x', org: {} }).length >= 5, true);
});

test('startOfdMock rejects bad options before listening', async () => {
  try { await startOfdMock({ ports: [1, 99999] }); assert.unreachable(); }
  catch (e) { assert.is((e as OfdMockError).code, 'OFDM_BAD_OPTION'); }
});

test.run();
