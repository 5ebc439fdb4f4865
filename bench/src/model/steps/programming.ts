// Modes and passwords, programming the registration data and the token, and setting the clock:
// refused with a shift open, refused before the last document, accepted otherwise.
import type { CaseContext } from '../../case.js';
import { MODES, type Mode } from '../../dcp/types.js';
import { advanceUntilSettled, enter, expectOk, expectRefused, logout, password, reconnectAndFlush, saleReceipt, state, stateEvidence } from '../../context/dut.js';
import { answerTo, frameEvidence, frames, ledgerMark, requests } from '../../context/operator.js';
import { docEvidence, isoMs } from '../../context/documents.js';
import { isoWithOffset, offsetMinOf, setClock } from '../../context/flows.js';
import { wrongPassword } from '../../cases/passwords.js';
import { memoryOf, r, remember, tags, type Executor } from './memory.js';

async function loginWith(ctx: CaseContext, mode: Mode, pw: string): Promise<unknown> {
  await logout(ctx);
  return ctx.dcp.call('session.login', { mode, password: pw });
}

/** Wrong and short passwords for every mode, and operations outside their mode (reqs 1, 1.1–1.3, 10). */
const wrongPasswords: Executor = async (ctx, step) => {
  const mark = ledgerMark(ctx);
  const printed0 = ctx.notifications.printed().length;
  const modeReq: Partial<Record<Mode, string>> = { registration: '1.1', programming: '1.2', close_shift: '1.3' };
  for (const mode of MODES) {
    const pw = password(ctx, mode);
    const sub = modeReq[mode];
    ctx.check(pw.length >= 4, r('1'), `${mode}: the password has ${pw.length} characters (≥ 4)`);
    await expectRefused(ctx, r('1'), `login ${mode} with the first 3 characters of its password`, loginWith(ctx, mode, pw.slice(0, 3)), 'bad_password');
    await expectRefused(ctx, r(sub && tags(step, sub) ? sub : '1'), `login ${mode} with a wrong password`, loginWith(ctx, mode, wrongPassword(pw)), 'bad_password');
    await expectOk(ctx, r('10'), `login ${mode} with its password`, loginWith(ctx, mode, pw));
    const s = await state(ctx);
    ctx.check(s.mode === mode, r('10'), `with its own password the DUT enters mode ${mode} (state.mode = ${s.mode})`, stateEvidence(s));
  }
  await logout(ctx);
  // sales only in registration mode (1.1)
  await expectRefused(ctx, r('1.1'), 'receipt.create without any login', ctx.dcp.call('receipt.create', saleReceipt(ctx)), ['wrong_mode', 'bad_password']);
  await expectOk(ctx, r('10'), 'login programming', loginWith(ctx, 'programming', password(ctx, 'programming')));
  await expectRefused(ctx, r('1.1'), 'receipt.create in programming mode', ctx.dcp.call('receipt.create', saleReceipt(ctx)), ['wrong_mode', 'bad_password']);
  // reports mode allows neither sales nor settings (10)
  await expectOk(ctx, r('10'), 'login reports', loginWith(ctx, 'reports', password(ctx, 'reports')));
  await expectRefused(ctx, r('10'), 'receipt.create in reports mode', ctx.dcp.call('receipt.create', saleReceipt(ctx)), ['wrong_mode']);
  const channels = (await ctx.dcp.call('settings.get', {}).catch(() => ({ channels: [] }))).channels;
  await expectRefused(ctx, r('10'), 'settings.set in reports mode', ctx.dcp.call('settings.set', { channels }), ['wrong_mode', 'shift_open']);
  if (tags(step, '1.2')) {
    await logout(ctx);
    await expectRefused(ctx, r('1.2'), 'settings.set without a login', ctx.dcp.call('settings.set', { channels }), ['wrong_mode', 'bad_password']);
    await expectOk(ctx, r('10'), 'login registration', loginWith(ctx, 'registration', password(ctx, 'registration')));
    await expectRefused(ctx, r('1.2'), 'settings.set in registration mode', ctx.dcp.call('settings.set', { channels }), ['wrong_mode', 'bad_password']);
    const now = (await ctx.dcp.call('clock.get', {})).now;
    await expectOk(ctx, r('10'), 'login programming', loginWith(ctx, 'programming', password(ctx, 'programming')));
    await expectRefused(ctx, r('1.2'), 'clock.set with a wrong password', ctx.dcp.call('clock.set', { now: isoWithOffset(Date.parse(now) + 60_000, offsetMinOf(now)), password: wrongPassword(password(ctx, 'programming')) }), 'bad_password');
    const after = (await ctx.dcp.call('clock.get', {})).now;
    ctx.check(Math.abs(Date.parse(after) - Date.parse(now)) < 30_000, r('1.2'), `the clock was not changed by the refused clock.set (${now} → ${after})`);
  }
  if (tags(step, '1.3')) {
    await logout(ctx);
    await expectRefused(ctx, r('1.3'), 'report.z without a login', ctx.dcp.call('report.z', {}), ['wrong_mode', 'bad_password']);
    await expectOk(ctx, r('10'), 'login registration', loginWith(ctx, 'registration', password(ctx, 'registration')));
    await expectRefused(ctx, r('1.3'), 'report.z in registration mode', ctx.dcp.call('report.z', {}), ['wrong_mode', 'bad_password']);
    const cs = requests(ctx, 'CLOSE_SHIFT', mark);
    const zs = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'z_report');
    ctx.check(cs.length === 0 && zs.length === 0, r('1.3'), `the shift was not closed: no CLOSE_SHIFT reached the operator (${cs.length}), no Z report printed (${zs.length})`, [...cs.map((f) => frameEvidence(f)), ...zs.map((d) => docEvidence(d))]);
  }
  await logout(ctx);
  const t = requests(ctx, 'TICKET', mark);
  const receipts = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
  ctx.check(t.length === 0 && receipts.length === 0, r('1.1'), `no TICKET reached the operator (${t.length}) and no receipt was printed (${receipts.length}) for the refused sales`, t.map((f) => frameEvidence(f)));
};

/** clock.set forward: accepted with the shift closed, refused with it open (req 41). */
const setTime: Executor = async (ctx, step) => {
  const now = (await ctx.dcp.call('clock.get', {})).now;
  const target = isoWithOffset(Date.parse(now) + 60_000, offsetMinOf(now));
  const res = await setClock(ctx, target).then(() => null, (e: unknown) => e);
  if (step.from === 'online') {
    await expectRefused(ctx, r('41'), 'clock.set with the shift open', res === null ? Promise.resolve('accepted') : Promise.reject(res), 'shift_open');
    const after = (await ctx.dcp.call('clock.get', {})).now;
    ctx.check(Math.abs(Date.parse(after) - Date.parse(now)) < 30_000, r('41'), `the clock did not move (${now} → ${after})`);
    await enter(ctx, 'programming', r('41'));
    const s = await expectOk(ctx, r('41'), 'settings.get', ctx.dcp.call('settings.get', {}));
    const moved = s.channels.map((c, i) => (i === 0 ? { ...c, port: c.port === 65000 ? 65001 : 65000 } : c));
    await expectRefused(ctx, r('41'), 'settings.set channels with the shift open', ctx.dcp.call('settings.set', { channels: moved }), 'shift_open');
    const s2 = await ctx.dcp.call('settings.get', {});
    ctx.check(JSON.stringify(s2.channels) === JSON.stringify(s.channels), r('41'), 'the connection settings are unchanged', { kind: 'note', summary: 'channels', data: s2.channels });
  } else {
    const after = (await ctx.dcp.call('clock.get', {})).now;
    ctx.check(res === null && Math.abs(Date.parse(after) - Date.parse(target)) < 30_000, r('41'), `with the shift closed the date/time can be programmed (${res ? `refused: ${(res as Error).message}` : `${now} → ${after}`})`);
  }
  await logout(ctx);
};

/** clock.set before the last fiscal document is refused; after it, accepted (reqs 42, 41). */
const setTimePast: Executor = async (ctx) => {
  const printed = ctx.notifications.printed().map((d) => isoMs(d.printedAt)).filter((x) => Number.isFinite(x));
  const lastDoc = printed.length ? Math.max(...printed) : NaN;
  const before = (await ctx.dcp.call('clock.get', {})).now;
  const tz = offsetMinOf(before);
  if (!ctx.check(Number.isFinite(lastDoc), r('42'), `a last fiscal document exists to compare with (${printed.length} printed)`)) return;
  for (const back of [3_600_000, 60_000, 1_000]) {
    const res = await setClock(ctx, isoWithOffset(lastDoc - back, tz)).then(() => null, (e: unknown) => e);
    await expectRefused(ctx, r('42'), `clock.set ${back / 1000} s before the last document (${isoWithOffset(lastDoc - back, tz)})`, res === null ? Promise.resolve('accepted') : Promise.reject(res), 'time_before_last_document');
  }
  const now = (await ctx.dcp.call('clock.get', {})).now;
  ctx.check(Math.abs(Date.parse(now) - Date.parse(before)) < 60_000, r('42'), `the clock was not moved back (${before} → ${now})`);
  const ok = await setClock(ctx, isoWithOffset(Math.max(lastDoc, Date.parse(now)) + 120_000, tz)).then(() => null, (e: unknown) => e);
  ctx.check(ok === null, r('42'), `a time after the last document is accepted${ok ? ` (refused: ${(ok as Error).message})` : ''}`);
  ctx.check(ok === null, r('41'), 'with the shift closed the date/time can be corrected');
  await logout(ctx);
};

/** The registration data: RNM (≥ 12), register ID, the token write-only (reqs 40, 40.2–40.4). */
const programRegistration: Executor = async (ctx) => {
  await enter(ctx, 'programming', r('40'));
  const reg = ctx.profile.registration;
  const s = await expectOk(ctx, r('40'), 'settings.get', ctx.dcp.call('settings.get', {}));
  ctx.check(typeof s.rnm === 'string' && s.rnm.length >= 12 && s.rnm === reg.rnm, r('40.2'), `settings.rnm ${s.rnm} has ≥ 12 characters and is the registered ${reg.rnm}`);
  const set = await expectOk(ctx, r('40.2'), 'settings.set rnm', ctx.dcp.call('settings.set', { rnm: reg.rnm }));
  ctx.check(set.rnm === reg.rnm, r('40.2'), 'the RNM can be entered (all 12 characters kept)');
  const short = await ctx.dcp.call('settings.set', { rnm: reg.rnm.slice(0, 8) }).then((x) => x, (e: unknown) => e);
  const s2 = await ctx.dcp.call('settings.get', {});
  ctx.check(short instanceof Error && s2.rnm === reg.rnm, r('40.2'), `an RNM of 8 characters is refused and the RNM stays ${reg.rnm} (${short instanceof Error ? short.message : 'accepted'}; now ${s2.rnm})`);
  if (s2.rnm !== reg.rnm) await ctx.dcp.call('settings.set', { rnm: reg.rnm }).catch(() => undefined);
  ctx.check(s.kkmId === reg.kkmId, r('40.3'), `settings.kkmId ${s.kkmId} is the registered ${reg.kkmId}`);
  const k = await expectOk(ctx, r('40.3'), 'settings.set kkmId', ctx.dcp.call('settings.set', { kkmId: reg.kkmId }));
  ctx.check(k.kkmId === reg.kkmId, r('40.3'), `the register ID can be entered (${k.kkmId})`);
  ctx.check(!('token' in s) || s.token === undefined, r('40.4'), 'settings.get does not return the token', { kind: 'dcp.response', summary: 'settings.get', data: { ...s, token: 'token' in s ? '(present)' : undefined } });
  const good = currentToken(ctx);
  await expectOk(ctx, r('40.4'), 'settings.set token', ctx.dcp.call('settings.set', { token: good }));
  const s3 = await ctx.dcp.call('settings.get', {});
  ctx.check(!('token' in s3) || s3.token === undefined, r('40.4'), 'after entering it the token is still not readable');
  ctx.check(s3.rnm === reg.rnm && s3.kkmId === reg.kkmId, r('40'), 'the registration data entered are kept');
  await logout(ctx);
};

function currentToken(ctx: CaseContext): number {
  const view = (ctx.ofd.registers() as { kkmId: number; token: number }[]).find((x) => x.kkmId === ctx.profile.registration.kkmId);
  return view?.token ?? ctx.profile.registration.token;
}

/** The token entered with the shift open: allowed, never read back, used on the wire (reqs 40.4, 41). */
const enterToken: Executor = async (ctx) => {
  await enter(ctx, 'programming', r('40.4'));
  const s = await expectOk(ctx, r('40.4'), 'settings.get', ctx.dcp.call('settings.get', {}));
  ctx.check(!('token' in s) || s.token === undefined, r('40.4'), 'settings.get does not return the token');
  const good = currentToken(ctx);
  const wrong = (good % 2_000_000_000) + 12345;
  const res = await ctx.dcp.call('settings.set', { token: wrong }).then(() => null, (e: unknown) => e);
  ctx.check(res === null, r('41'), `the token can be entered while the shift is open${res ? ` (refused: ${(res as Error).message})` : ''}`);
  await logout(ctx);
  const mark = ledgerMark(ctx);
  await enter(ctx, 'registration', r('40.4'));
  const first = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 185_00)), 15_000);
  if (first.ok) remember(ctx, first.value!.document);
  const used = frames(ctx, { direction: 'to-ofd', afterSeq: mark, lost: true });
  ctx.check(used.some((f) => f.token === wrong), r('40.4'), `the next request carries the entered token (${used.map((f) => f.token).join(', ')})`, used.slice(0, 3).map((f) => frameEvidence(f)));
  await enter(ctx, 'programming', r('40.4'));
  await expectOk(ctx, r('40.4'), 'settings.set the valid token', ctx.dcp.call('settings.set', { token: good }));
  await logout(ctx);
  const mark2 = ledgerMark(ctx);
  await reconnectAndFlush(ctx);
  // an autonomous receipt made with the wrong token was uploaded now
  const m = memoryOf(ctx);
  m.queue = [];
  m.offlineFrom = null;
  await enter(ctx, 'registration', r('40.4'));
  const second = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 186_00)), 15_000);
  if (second.ok) remember(ctx, second.value!.document);
  const ok = frames(ctx, { direction: 'to-ofd', afterSeq: mark2 }).filter((f) => f.token === good && answerTo(ctx, f)?.result === 0);
  ctx.check(ok.length >= 1 && second.ok && second.value!.document.fiscal?.mode === 'online', r('40.4'), `after re-entering the valid token the operator accepts the register again (${ok.length} accepted)`, ok.slice(0, 2).map((f) => frameEvidence(f)));
};

export const PROGRAMMING_EXECUTORS = {
  WRONG_PASSWORDS: wrongPasswords,
  SET_TIME: setTime,
  SET_TIME_PAST: setTimePast,
  PROGRAM_REGISTRATION: programRegistration,
  ENTER_TOKEN: enterToken,
} satisfies Record<string, Executor>;

