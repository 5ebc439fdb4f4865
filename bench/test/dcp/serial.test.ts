import { skipUnless } from '../../../tools/skip.js';
skipUnless('bench DCP client over serial', 'socat');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { VirtualClock } from '../../../protocol/index.js';
import { startEmulator } from '../../../emulator/index.js';
import { connectDcp } from '../../src/dcp/client.js';
import { PROFILE } from '../support/live.js';
import { ptyPair } from '../../../tools/pty.js';

test('the DCP client speaks to the reference emulator over a serial line (socat PTY pair)', async () => {
  const pty = await ptyPair();
  const clock = new VirtualClock(Date.UTC(2026, 0, 12, 4));
  const emu = await startEmulator({ profile: PROFILE as never, serial: pty.a, clock, virtualClock: true });
  const dcp = await connectDcp(`serial:${pty.b}@115200`, { requestTimeoutMs: 5000 });
  try {
    const hello = await dcp.call('dcp.hello', {});
    assert.is(hello.dcp, '1');
    assert.ok(hello.capabilities.includes('virtual-clock'));
    const st0 = await dcp.call('state.get', {});
    // no operator channels configured: the power-on self-test has no link to wait for
    if (!st0.powered) await dcp.call('power.on', {});
    const bad = await dcp.call('session.login', { mode: 'registration', password: '0000' }).catch((e: unknown) => e as { code?: string; reason?: string });
    assert.is((bad as { reason?: string }).reason, 'bad_password');
    await dcp.call('session.login', { mode: 'registration', password: PROFILE.passwords.registration });
    const st = await dcp.call('state.get', {});
    assert.is(st.mode, 'registration');
    const t0 = Date.parse((await dcp.call('clock.get', {})).now);
    await dcp.call('clock.advance', { ms: 60_000 });
    assert.is(Date.parse((await dcp.call('clock.get', {})).now) - t0, 60_000);
  } finally {
    await dcp.close();
    await emu.close();
    await pty.close();
  }
});

test.run();
