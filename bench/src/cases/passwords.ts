// Requirements 1 (1.1–1.3) and 10: modes protected by passwords, and programmable modes.
import type { TestCase, CaseContext } from '../case.js';
import { MODES, type Mode } from '../dcp/types.js';
import { enter, expectOk, expectRefused, logout, password, prepare, saleReceipt, sell, state, stateEvidence, zReport } from '../context/dut.js';
import { ledgerMark, requests, frameEvidence } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { setClock, isoWithOffset, offsetMinOf } from '../context/flows.js';

/** A password that differs from `pw` in its last character. */
export function wrongPassword(pw: string): string {
  const last = pw.charCodeAt(pw.length - 1);
  const next = /\d/.test(pw[pw.length - 1]!) ? String((Number(pw[pw.length - 1]) + 1) % 10) : String.fromCharCode(last + 1);
  return pw.slice(0, -1) + next;
}

async function loginWith(ctx: CaseContext, mode: Mode, pw: string): Promise<unknown> {
  await logout(ctx);
  return ctx.dcp.call('session.login', { mode, password: pw });
}

const passwordLength: TestCase = {
  id: 'req-1-password-min-four-digits',
  title: 'Every mode password has at least four characters; a shortened one is refused',
  covers: ['1'],
  async run(ctx) {
    await prepare(ctx);
    for (const mode of MODES) {
      const pw = password(ctx, mode);
      ctx.check(pw.length >= 4, '1', `${mode}: the profile password has ${pw.length} characters (≥ 4 required)`);
      await expectRefused(ctx, '1', `login ${mode} with the first 3 characters of its password`, loginWith(ctx, mode, pw.slice(0, 3)), 'bad_password');
      await expectRefused(ctx, '1', `login ${mode} with an empty password`, loginWith(ctx, mode, ''), 'bad_password');
      await expectOk(ctx, '1', `login ${mode} with its password`, loginWith(ctx, mode, pw));
      const s = await state(ctx);
      ctx.check(s.mode === mode, '1', `after login the DUT is in mode ${mode} (state.mode = ${s.mode})`, stateEvidence(s));
    }
    await logout(ctx);
  },
};

const registrationPassword: TestCase = {
  id: 'req-1.1-registration-mode-password',
  title: 'Sales need the registration password: no sale without login or with a wrong password',
  covers: ['1.1'],
  async run(ctx) {
    await prepare(ctx);
    await logout(ctx);
    const mark = ledgerMark(ctx);
    const printed0 = ctx.notifications.printed().length;
    await expectRefused(ctx, '1.1', 'receipt.create without any login', ctx.dcp.call('receipt.create', saleReceipt(ctx)), ['wrong_mode', 'bad_password']);
    await expectRefused(ctx, '1.1', 'login registration with a wrong password', loginWith(ctx, 'registration', wrongPassword(password(ctx, 'registration'))), 'bad_password');
    await expectRefused(ctx, '1.1', 'receipt.create after the failed login', ctx.dcp.call('receipt.create', saleReceipt(ctx)), ['wrong_mode', 'bad_password']);
    await expectOk(ctx, '1.1', 'login programming', loginWith(ctx, 'programming', password(ctx, 'programming')));
    await expectRefused(ctx, '1.1', 'receipt.create in programming mode', ctx.dcp.call('receipt.create', saleReceipt(ctx)), ['wrong_mode', 'bad_password']);
    const sent = requests(ctx, 'TICKET', mark);
    ctx.check(sent.length === 0, '1.1', `no TICKET reached the operator for the refused sales (${sent.length} did)`, sent.map((f) => frameEvidence(f)));
    const printed = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
    ctx.check(printed.length === 0, '1.1', `no receipt was printed for the refused sales (${printed.length} were)`, printed.map((d) => docEvidence(d)));
    const doc = await sell(ctx, '1.1');
    ctx.check(doc.kind === 'receipt' && requests(ctx, 'TICKET', mark).length === 1, '1.1', 'with the registration password the sale goes through and reaches the operator', docEvidence(doc));
  },
};

const programmingPassword: TestCase = {
  id: 'req-1.2-programming-mode-password',
  title: 'Settings and the clock need the programming password',
  covers: ['1.2'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await enter(ctx, 'programming', '1.2');
    const before = await ctx.dcp.call('settings.get', {});
    await logout(ctx);
    await expectRefused(ctx, '1.2', 'settings.set without a login', ctx.dcp.call('settings.set', { channels: before.channels }), ['wrong_mode', 'bad_password']);
    await expectRefused(ctx, '1.2', 'login programming with a wrong password', loginWith(ctx, 'programming', wrongPassword(password(ctx, 'programming'))), 'bad_password');
    await expectRefused(ctx, '1.2', 'settings.set after the failed login', ctx.dcp.call('settings.set', { channels: before.channels }), ['wrong_mode', 'bad_password']);
    await expectOk(ctx, '1.2', 'login registration', loginWith(ctx, 'registration', password(ctx, 'registration')));
    await expectRefused(ctx, '1.2', 'settings.set in registration mode', ctx.dcp.call('settings.set', { channels: before.channels }), ['wrong_mode', 'bad_password']);
    const now = (await ctx.dcp.call('clock.get', {})).now;
    const later = isoWithOffset(Date.parse(now) + 60_000, offsetMinOf(now));
    await expectOk(ctx, '1.2', 'login programming', loginWith(ctx, 'programming', password(ctx, 'programming')));
    await expectRefused(ctx, '1.2', 'clock.set with a wrong password', ctx.dcp.call('clock.set', { now: later, password: wrongPassword(password(ctx, 'programming')) }), 'bad_password');
    const after = await ctx.dcp.call('clock.get', {});
    ctx.check(Math.abs(Date.parse(after.now) - Date.parse(now)) < 30_000, '1.2', `the clock was not changed by the refused clock.set (${now} → ${after.now})`);
    const set = await expectOk(ctx, '1.2', 'settings.set with the programming password', ctx.dcp.call('settings.set', { channels: before.channels }));
    ctx.check(Array.isArray(set.channels) && set.channels.length === before.channels.length, '1.2', 'with the programming password settings.set is accepted');
    await logout(ctx);
  },
};

const closeShiftPassword: TestCase = {
  id: 'req-1.3-close-shift-mode-password',
  title: 'Closing the shift (Z) needs the close_shift password',
  covers: ['1.3'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '1.3');
    await logout(ctx);
    const mark = ledgerMark(ctx);
    const printed0 = ctx.notifications.printed().length;
    await expectRefused(ctx, '1.3', 'report.z without a login', ctx.dcp.call('report.z', {}), ['wrong_mode', 'bad_password']);
    await expectRefused(ctx, '1.3', 'login close_shift with a wrong password', loginWith(ctx, 'close_shift', wrongPassword(password(ctx, 'close_shift'))), 'bad_password');
    await expectRefused(ctx, '1.3', 'report.z after the failed login', ctx.dcp.call('report.z', {}), ['wrong_mode', 'bad_password']);
    await expectOk(ctx, '1.3', 'login registration', loginWith(ctx, 'registration', password(ctx, 'registration')));
    await expectRefused(ctx, '1.3', 'report.z in registration mode', ctx.dcp.call('report.z', {}), ['wrong_mode', 'bad_password']);
    const s = await state(ctx);
    ctx.check(s.shift.open, '1.3', 'the shift is still open after the refused Z reports', stateEvidence(s));
    const sent = requests(ctx, 'CLOSE_SHIFT', mark);
    ctx.check(sent.length === 0, '1.3', `no CLOSE_SHIFT reached the operator (${sent.length} did)`, sent.map((f) => frameEvidence(f)));
    const zs = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'z_report');
    ctx.check(zs.length === 0, '1.3', `no Z report was printed (${zs.length} were)`, zs.map((d) => docEvidence(d)));
    const z = await zReport(ctx, '1.3');
    ctx.check(z.kind === 'z_report', '1.3', 'with the close_shift password the Z report is taken', docEvidence(z));
  },
};

const modesProgrammable: TestCase = {
  id: 'req-10-modes-programmable',
  title: 'Registration, reports, close-shift, programming and service modes each work with their password',
  covers: ['10'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const sale = await sell(ctx, '10');
    ctx.check(sale.kind === 'receipt', '10', 'registration mode: a sale');
    const ret = await expectOk(ctx, '10', 'sell_return', ctx.dcp.call('receipt.create', saleReceipt(ctx, sale.totals?.total ?? 150_00, { operation: 'sell_return', parentNumber: sale.number })));
    ctx.check(ret.document.kind === 'receipt', '10', 'registration mode: a return', docEvidence(ret.document));
    await enter(ctx, 'reports', '10');
    const x = await expectOk(ctx, '10', 'report.x', ctx.dcp.call('report.x', {}));
    ctx.check(x.document.kind === 'x_report', '10', 'reports mode: an X report', docEvidence(x.document));
    const z = await zReport(ctx, '10');
    ctx.check(z.kind === 'z_report', '10', 'close_shift mode: a Z report', docEvidence(z));
    await enter(ctx, 'programming', '10');
    const st = await expectOk(ctx, '10', 'settings.get', ctx.dcp.call('settings.get', {}));
    await expectOk(ctx, '10', 'settings.set', ctx.dcp.call('settings.set', { channels: st.channels }));
    ctx.check(true, '10', 'programming mode: settings viewed and changed');
    const now = (await ctx.dcp.call('clock.get', {})).now;
    const r = await setClock(ctx, isoWithOffset(Date.parse(now) + 60_000, offsetMinOf(now))).catch((e: unknown) => e);
    ctx.check(!(r instanceof Error), '10', `additional modes: the clock can be set${r instanceof Error ? ` (refused: ${r.message})` : ''}`);
    await enter(ctx, 'reports', '10');
    await expectRefused(ctx, '10', 'receipt.create in reports mode', ctx.dcp.call('receipt.create', saleReceipt(ctx)), ['wrong_mode']);
    await expectRefused(ctx, '10', 'settings.set in reports mode', ctx.dcp.call('settings.set', { channels: st.channels }), ['wrong_mode']);
    await enter(ctx, 'service', '10');
    const t = await expectOk(ctx, '10', 'selftest.run', ctx.dcp.call('selftest.run', {}));
    ctx.check(typeof t.ok === 'boolean' && Array.isArray(t.checks), '10', 'service mode: the self-test runs', { kind: 'selftest', summary: `ok=${t.ok}`, data: t });
    await logout(ctx);
  },
};

export const PASSWORD_CASES: TestCase[] = [passwordLength, registrationPassword, programmingPassword, closeShiftPassword, modesProgrammable];
