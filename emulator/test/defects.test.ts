// Each seeded defect breaks its rule: the same scenario passes on the clean register and fails
// with the defect on (a few per rule family; the bench's matrix covers them all through DCP).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listDefects, Defects } from '../src/defects.js';
import { rig, onAndLogin, sale, PROFILE } from './register/_harness.js';

const H = 3_600_000;

async function outcome(p: Promise<any>): Promise<{ ok: true; value: any } | { ok: false; reason: string }> {
  try { return { ok: true, value: await p }; } catch (e: any) { return { ok: false, reason: e.reason ?? e.message }; }
}

test('listDefects: unique names, each with requirements and a description; unknown names refused', () => {
  const all = listDefects();
  assert.is(new Set(all.map((d) => d.name)).size, all.length);
  for (const d of all) { assert.ok(d.requirements.length > 0, d.name); assert.ok(d.description.length > 10, d.name); }
  assert.throws(() => new Defects(['no-such-defect']), /unknown defect/);
});

test('dcp.hello names the seeded defects under the defects capability; a clean register has neither', async () => {
  const seeded = await rig({ defects: ['no-offline-block', 'qr-wrong-sum'] });
  const clean = await rig();
  try {
    const h = await seeded.call('dcp.hello');
    assert.ok(h.capabilities.includes('defects'));
    assert.equal(h.defects, ['no-offline-block', 'qr-wrong-sum']);
    const c = await clean.call('dcp.hello');
    assert.not.ok(c.capabilities.includes('defects'));
    assert.is(c.defects, undefined);
  } finally { await seeded.close(); await clean.close(); }
});

async function scenario(defects: string[], run: (r: Awaited<ReturnType<typeof rig>>) => Promise<boolean>): Promise<boolean> {
  const r = await rig({ defects });
  try { return await run(r); } finally { await r.close(); }
}

const cases: { defect: string; req: string; run: (r: Awaited<ReturnType<typeof rig>>) => Promise<boolean> }[] = [
  {
    defect: 'no-offline-block', req: '29.6',
    run: async (r) => {
      await onAndLogin(r);
      r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
      await r.call('receipt.create', sale());
      await r.advance(72 * H + 1000);
      const o = await outcome(r.call('receipt.create', sale()));
      return !o.ok && o.reason === 'offline_too_long';
    },
  },
  {
    defect: 'shift-not-limited', req: '14',
    run: async (r) => {
      await onAndLogin(r);
      await r.call('receipt.create', sale());
      r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
      await r.advance(24 * H + 1000);
      const o = await outcome(r.call('receipt.create', sale()));
      return !o.ok && o.reason === 'shift_expired';
    },
  },
  {
    defect: 'time-before-last-document', req: '42',
    run: async (r) => {
      await onAndLogin(r);
      const d = (await r.call('receipt.create', sale())).document;
      await r.call('session.login', { mode: 'close_shift', password: '3333' });
      await r.call('report.z');
      await r.call('session.login', { mode: 'programming', password: '2222' });
      const o = await outcome(r.call('clock.set', { now: new Date(Date.parse(d.printedAt) - 60_000).toISOString(), password: '2222' }));
      return !o.ok && o.reason === 'time_before_last_document';
    },
  },
  {
    defect: 'title-without-sign', req: '43.3',
    run: async (r) => {
      await onAndLogin(r, 'reports');
      const x = (await r.call('report.x')).document;
      return x.title === null && x.fiscal === null;
    },
  },
  {
    defect: 'suspension-ignored', req: '16',
    run: async (r) => {
      await onAndLogin(r);
      r.ofd.suspend(PROFILE.registration.kkmId, 'КГД');
      const o = await outcome(r.call('receipt.create', sale()));
      return !o.ok && o.reason === 'suspended_by_ofd';
    },
  },
  {
    defect: 'tamper-undetected', req: '2.3',
    run: async (r) => {
      await onAndLogin(r);
      const d = (await r.call('receipt.create', sale())).document;
      await r.call('journal.tamper', { number: d.number, patch: { totals: { total: 1 } } });
      return (await r.call('selftest.run')).ok === false;
    },
  },
  {
    defect: 'no-autonomous-after-5s', req: '29',
    run: async (r) => {
      await onAndLogin(r);
      r.ofd.faults.add({ name: 'bh', kind: 'blackhole', direction: 'to-kkm', attrs: {} } as never);
      const t0 = r.clock.now();
      const d = (await r.callAdvancing('receipt.create', sale(), 40_000, 500)).document;
      return d.fiscal.mode === 'autonomous' && r.clock.now() - t0 <= 7_000;
    },
  },
  {
    defect: 'token-not-rotated', req: '20',
    run: async (r) => {
      await onAndLogin(r);
      await r.call('receipt.create', sale());
      const o = await outcome(r.call('receipt.create', sale()));
      return o.ok;
    },
  },
  {
    defect: 'qr-wrong-sum', req: '35',
    run: async (r) => {
      await onAndLogin(r);
      const d = (await r.call('receipt.create', sale(150_00))).document;
      return d.qr.payload.includes('&s=150.00&');
    },
  },
  {
    defect: 'queue-out-of-order', req: '30.2',
    run: async (r) => {
      await onAndLogin(r);
      r.ofd.faults.add({ name: 'down', kind: 'refuse', direction: 'to-ofd', attrs: { mode: 'reset' } } as never);
      const signs: string[] = [];
      for (let i = 0; i < 3; i++) { signs.push((await r.call('receipt.create', sale())).document.fiscal.sign); await r.advance(1000); }
      r.ofd.faults.reset();
      await r.advance(61_000);
      const sent = r.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd' && e.commandName === 'TICKET' && (e.decoded as any)?.ticket?.offlineTicketNumber);
      const got = sent.map((e) => Number((e.decoded as any).ticket.offlineTicketNumber));
      return JSON.stringify(got.slice(0, 3)) === JSON.stringify(signs.map((s) => Number(s.slice(0, 10))));
    },
  },
  {
    defect: 'display-transliterated', req: '11',
    run: async (r) => {
      await onAndLogin(r);
      await r.call('session.login', { mode: 'registration', password: 'wrong' }).catch(() => undefined);
      const msgs = r.notes.filter((n) => n.method === 'display.message').map((n) => n.params.text as string);
      return msgs.length >= 2 && msgs.every((t) => /[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]/.test(t));
    },
  },
  {
    defect: 'software-check-skipped', req: '2.2',
    run: async (r) => {
      await onAndLogin(r);
      const st = await r.call('selftest.run');
      return st.checks.some((c: { name: string; ok: boolean }) => c.name === 'software' && c.ok);
    },
  },
  {
    // russian-only keeps 11 (Russian is allowed on the display) and breaks 32 (both on the receipt)
    defect: 'russian-only', req: '32',
    run: async (r) => {
      await onAndLogin(r);
      const lines: string[] = (await r.call('receipt.create', sale())).document.lines;
      const msgs = r.notes.filter((n) => n.method === 'display.message');
      assert.ok(msgs.every((n) => /[А-Яа-я]/.test(n.params.text)), 'display stays Cyrillic (req 11 kept)');
      return lines.some((l) => /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/.test(l));
    },
  },
];

test('defect mappings: russian-only does not claim 11, unsigned-firmware does not claim 2.2, and each of them has an honest defect', () => {
  const by = new Map(listDefects().map((d) => [d.name, d.requirements]));
  assert.not.ok(by.get('russian-only')!.includes('11'));
  assert.not.ok(by.get('unsigned-firmware')!.includes('2.2'));
  assert.ok(by.get('display-transliterated')!.includes('11'));
  assert.ok(by.get('software-check-skipped')!.includes('2.2'));
});

for (const c of cases) {
  test(`req ${c.req}: defect ${c.defect} breaks the rule that the clean register keeps`, async () => {
    assert.ok(await scenario([], c.run), `clean register fails the ${c.req} scenario`);
    assert.not.ok(await scenario([c.defect], c.run), `defect ${c.defect} not detected by the ${c.req} scenario`);
  });
}

test.run();
