// Requirements 40.2–40.4, 41, 42: registration data, the write-only token, programming only
// with the shift closed, and no clock setting into the past.
import type { TestCase, CaseContext } from '../case.js';
import { advanceUntilSettled, enter, expectOk, expectRefused, logout, prepare, reconnectAndFlush, saleReceipt, sell, zReport } from '../context/dut.js';
import { answerTo, field, frameEvidence, frames, ledgerMark, path, requests } from '../context/operator.js';
import { docEvidence, isoMs } from '../context/documents.js';
import { parseQrPayload } from '../context/qr.js';
import { isoWithOffset, offsetMinOf, setClock, ticketFor } from '../context/flows.js';

async function settings(ctx: CaseContext, req: '40.2' | '40.3' | '40.4' | '41') {
  await enter(ctx, 'programming', req);
  return expectOk(ctx, req, 'settings.get', ctx.dcp.call('settings.get', {}));
}

const rnm: TestCase = {
  id: 'req-40.2-rnm-12-digits',
  title: 'The RNM (≥ 12 characters) is entered and used in frames and the QR code',
  covers: ['40.2'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const s = await settings(ctx, '40.2');
    const want = ctx.profile.registration.rnm;
    ctx.check(typeof s.rnm === 'string' && s.rnm.length >= 12 && s.rnm === want, '40.2', `settings.rnm ${s.rnm} has ≥ 12 characters and is the registered ${want}`);
    const set = await expectOk(ctx, '40.2', 'settings.set rnm', ctx.dcp.call('settings.set', { rnm: want }));
    ctx.check(set.rnm === want, '40.2', 'the RNM can be entered (settings.set keeps all 12 characters)');
    const short = await ctx.dcp.call('settings.set', { rnm: want.slice(0, 8) }).then((x) => x, (e: unknown) => e);
    ctx.check(short instanceof Error, '40.2', `an RNM of 8 characters is refused (${short instanceof Error ? short.message : 'accepted'})`, short instanceof Error ? undefined : { kind: 'dcp.response', summary: 'settings.set rnm accepted', data: short });
    const s3 = await ctx.dcp.call('settings.get', {});
    ctx.check(s3.rnm === want, '40.2', `the RNM is still ${want} (${s3.rnm})`);
    if (s3.rnm !== want) await ctx.dcp.call('settings.set', { rnm: want }).catch(() => undefined);
    await logout(ctx);
    const mark = ledgerMark(ctx);
    const doc = await sell(ctx, '40.2');
    const t = ticketFor(ctx, doc, mark);
    const sent = t ? path(t.decoded, 'service.reg_info.kkm.fns_kkm_id') : undefined;
    ctx.check(sent === want, '40.2', `frames carry the RNM in reg_info.kkm.fns_kkm_id (${sent})`, t ? frameEvidence(t) : undefined);
    const q = doc.qr ? parseQrPayload(doc.qr.payload) : null;
    ctx.check(q?.f === want, '40.2', `the QR code carries f=${q?.f}`, docEvidence(doc));
  },
};

const kkmId: TestCase = {
  id: 'req-40.3-kkm-id',
  title: 'The register ID is entered and sent in every frame header and reg_info',
  covers: ['40.3'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const id = ctx.profile.registration.kkmId;
    const s = await settings(ctx, '40.3');
    ctx.check(s.kkmId === id, '40.3', `settings.kkmId ${s.kkmId} is the registered ${id}`);
    await expectOk(ctx, '40.3', 'settings.set kkmId', ctx.dcp.call('settings.set', { kkmId: id }));
    await logout(ctx);
    const mark = ledgerMark(ctx);
    await sell(ctx, '40.3');
    const sent = frames(ctx, { direction: 'to-ofd', afterSeq: mark });
    ctx.check(sent.length > 0 && sent.every((f) => f.kkmId === id), '40.3', `every frame header carries ID ${id}`, sent.slice(0, 3).map((f) => frameEvidence(f)));
    const t = requests(ctx, 'TICKET', mark)[0];
    const reg = t ? path(t.decoded, 'service.reg_info.kkm.kkm_id') : undefined;
    ctx.check(reg === String(id), '40.3', `reg_info.kkm.kkm_id is ${reg}`, t ? frameEvidence(t) : undefined);
  },
};

const token: TestCase = {
  id: 'req-40.4-token-write-only',
  title: 'The token is entered (also with a shift open), never read back, and used on the wire',
  covers: ['40.4', '41'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '40.4');
    const s = await settings(ctx, '40.4');
    ctx.check(!('token' in s) || s.token === undefined, '40.4', 'settings.get does not return the token', { kind: 'dcp.response', summary: 'settings.get', data: { ...s, token: 'token' in s ? '(present)' : undefined } });
    const view = (ctx.ofd.registers() as { kkmId: number; token: number }[]).find((r) => r.kkmId === ctx.profile.registration.kkmId);
    const good = view?.token ?? ctx.profile.registration.token;
    const wrong = (good % 2_000_000_000) + 12345;
    const r = await ctx.dcp.call('settings.set', { token: wrong }).then(() => null, (e: unknown) => e);
    ctx.check(r === null, '41', `the token can be entered while the shift is open${r ? ` (refused: ${(r as Error).message})` : ''}`);
    const s2 = await ctx.dcp.call('settings.get', {});
    ctx.check(!('token' in s2) || s2.token === undefined, '40.4', 'after entering it settings.get still does not return the token');
    await logout(ctx);
    const mark = ledgerMark(ctx);
    await enter(ctx, 'registration', '40.4');
    await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 185_00)), 15_000);
    const used = frames(ctx, { direction: 'to-ofd', afterSeq: mark, lost: true });
    ctx.check(used.some((f) => f.token === wrong), '40.4', `the next request carries the entered token ${wrong} (${used.map((f) => f.token).join(', ')})`, used.slice(0, 3).map((f) => frameEvidence(f)));
    await enter(ctx, 'programming', '40.4');
    await expectOk(ctx, '40.4', 'settings.set the valid token', ctx.dcp.call('settings.set', { token: good }));
    await logout(ctx);
    const mark2 = ledgerMark(ctx);
    await reconnectAndFlush(ctx);
    await enter(ctx, 'registration', '40.4');
    await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 186_00)), 15_000);
    const ok = frames(ctx, { direction: 'to-ofd', afterSeq: mark2 }).filter((f) => f.token === good && answerTo(ctx, f)?.result === 0);
    ctx.check(ok.length >= 1, '40.4', `after re-entering the valid token the operator accepts the register again (${ok.length} accepted)`, ok.slice(0, 2).map((f) => frameEvidence(f)));
  },
};

const shiftOpen: TestCase = {
  id: 'req-41-programming-refused-shift-open',
  title: 'With a shift open the clock and the connection settings cannot be changed; after the Z they can',
  covers: ['41'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '41');
    const now = (await ctx.dcp.call('clock.get', {})).now;
    const tz = offsetMinOf(now);
    const r = await setClock(ctx, isoWithOffset(Date.parse(now) + 3_600_000, tz)).then(() => null, (e: unknown) => e);
    await expectRefused(ctx, '41', 'clock.set with the shift open', r === null ? Promise.resolve('accepted') : Promise.reject(r), 'shift_open');
    const after = (await ctx.dcp.call('clock.get', {})).now;
    ctx.check(Math.abs(Date.parse(after) - Date.parse(now)) < 60_000, '41', `the clock did not move (${now} → ${after})`);
    const s = await settings(ctx, '41');
    const moved = s.channels.map((c, i) => (i === 0 ? { ...c, port: c.port === 65000 ? 65001 : 65000 } : c));
    await expectRefused(ctx, '41', 'settings.set channels with the shift open', ctx.dcp.call('settings.set', { channels: moved }), 'shift_open');
    const s2 = await ctx.dcp.call('settings.get', {});
    ctx.check(JSON.stringify(s2.channels) === JSON.stringify(s.channels), '41', 'the channels are unchanged', { kind: 'note', summary: 'channels', data: s2.channels });
    await logout(ctx);
    await zReport(ctx, '41');
    const ok = await setClock(ctx, isoWithOffset(Date.parse(now) + 3_600_000, tz)).then(() => null, (e: unknown) => e);
    ctx.check(ok === null, '41', `after the Z the clock can be set${ok ? ` (refused: ${(ok as Error).message})` : ''}`);
    await enter(ctx, 'programming', '41');
    const set = await ctx.dcp.call('settings.set', { channels: s.channels }).then(() => null, (e: unknown) => e);
    ctx.check(set === null, '41', `after the Z the channels can be set${set ? ` (refused: ${(set as Error).message})` : ''}`);
    await logout(ctx);
  },
};

const past: TestCase = {
  id: 'req-42-clock-set-into-past-refused',
  title: 'The clock cannot be set before the last fiscal document',
  covers: ['42'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '42');
    const z = await zReport(ctx, '42');
    const last = Math.max(...ctx.notifications.printed().map((d) => isoMs(d.printedAt)).filter((x) => Number.isFinite(x)), isoMs(z.printedAt));
    const tz = offsetMinOf(z.printedAt);
    const before = (await ctx.dcp.call('clock.get', {})).now;
    for (const back of [3_600_000, 60_000, 1_000]) {
      const r = await setClock(ctx, isoWithOffset(last - back, tz)).then(() => null, (e: unknown) => e);
      await expectRefused(ctx, '42', `clock.set ${back / 1000} s before the last document (${isoWithOffset(last - back, tz)})`, r === null ? Promise.resolve('accepted') : Promise.reject(r), 'time_before_last_document');
    }
    const now = (await ctx.dcp.call('clock.get', {})).now;
    ctx.check(Math.abs(Date.parse(now) - Date.parse(before)) < 60_000, '42', `the clock was not moved back (${before} → ${now})`);
    const ok = await setClock(ctx, isoWithOffset(Math.max(last, Date.parse(now)) + 120_000, tz)).then(() => null, (e: unknown) => e);
    ctx.check(ok === null, '42', `a time after the last document is accepted${ok ? ` (refused: ${(ok as Error).message})` : ''}`);
    void field;
  },
};

export const SETTINGS_CASES: TestCase[] = [rnm, kkmId, token, shiftOpen, past];
