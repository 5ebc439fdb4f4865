// Requirements 8, 26, 28, 29, 29.1–29.7: autonomous mode — the 5-second boundary, informing the
// cashier, autonomous signs, the "Автономный" mark, the 72-hour block, offline Z, keeping data.
import type { TestCase, CaseContext } from '../case.js';
import type { DcpDocument } from '../dcp/types.js';
import { advanceBy, powerCycle, powerOn, enter, expectRefused, prepare, reconnectAndFlush, saleReceipt, sell, state, stateEvidence, zReport, advanceUntilSettled, errorEvidence } from '../context/dut.js';
import { addFault, frameEvidence, ledgerMark, linkDown, linkUp, path, requests, waitForFrame } from '../context/operator.js';
import { docEvidence, linesText, printsSign, showsAutonomousMark } from '../context/documents.js';
import { LINK_CHECK } from './selftest.js';
import { callAdvancing, offlineSale, operatorSign, printedCopy, sellAdvancing, ticketFor } from '../context/flows.js';

const HOUR = 3_600_000;

/** A display message or printed notice telling the cashier the register is offline. */
export function offlineNotice(ctx: CaseContext): string | null {
  const re = /автоном|offline|нет (связи|доступа|соединения)|дербес|байланыс( жоқ)?|офд.*(недоступ|қолжетімсіз)/i;
  const d = ctx.notifications.displays().find((m) => re.test(m.text));
  if (d) return `display: ${d.text}`;
  const p = ctx.notifications.printed().find((x) => (x.kind === 'offline_notice' || x.kind === 'ofd_message') && re.test(linesText(x)));
  return p ? `printed ${p.kind}: ${linesText(p).slice(0, 80)}` : null;
}

async function boundary(ctx: CaseContext, latencyMs: number): Promise<{ doc: DcpDocument; sign: string | undefined; mark: number }> {
  await prepare(ctx);
  await sell(ctx, '29.1', saleReceipt(ctx, 100_00)); // link established, shift open
  const kkmId = ctx.profile.registration.kkmId;
  await addFault(ctx, { name: 'case-latency', kind: 'latency', direction: 'to-kkm', match: { kkmId, command: 'TICKET' }, attrs: { ms: latencyMs } });
  await enter(ctx, 'registration', '29.1');
  const mark = ledgerMark(ctx);
  const p = ctx.dcp.call('receipt.create', saleReceipt(ctx, 101_00));
  await waitForFrame(ctx, (f) => f.direction === 'to-ofd' && f.command === 'TICKET', mark);
  const r = await advanceUntilSettled(ctx, p, 12_000, 50);
  if (!r.ok) {
    ctx.check(false, '29.1', `the receipt was not formed: ${(r.error as Error)?.message}`, errorEvidence(r.error));
    throw r.error;
  }
  const doc = r.value!.document;
  const t = ticketFor(ctx, doc, mark) ?? requests(ctx, 'TICKET', mark)[0];
  return { doc, sign: t ? operatorSign(ctx, t) : undefined, mark };
}

const online49: TestCase = {
  id: 'req-29.1-answer-after-4900ms-online',
  title: 'An operator answer after 4.9 s keeps the receipt online with the operator\'s sign',
  covers: ['29.1', '29'],
  async run(ctx) {
    const { doc, sign } = await boundary(ctx, 4900);
    const p = (await printedCopy(ctx, '29.1', doc)) ?? doc;
    ctx.check(p.fiscal?.mode === 'online', '29.1', `the receipt is online (${p.fiscal?.mode})`, docEvidence(p));
    ctx.check(!!sign && p.fiscal?.sign === sign, '29', `it carries the operator's sign ${sign} (${p.fiscal?.sign})`, docEvidence(p));
    ctx.check(!showsAutonomousMark(p), '29.1', 'it is not marked "Автономный"', docEvidence(p));
    const s = await state(ctx);
    ctx.check(s.offline.since === null, '29.1', 'the register stays online', stateEvidence(s));
  },
};

const auto51: TestCase = {
  id: 'req-29.1-answer-after-5100ms-autonomous',
  title: 'An operator answer after 5.1 s makes the receipt autonomous, marked and announced',
  covers: ['29.1', '29', '29.2', '29.5'],
  async run(ctx) {
    const { doc, sign } = await boundary(ctx, 5100);
    const p = (await printedCopy(ctx, '29.1', doc)) ?? doc;
    ctx.check(p.fiscal?.mode === 'autonomous', '29.1', `the receipt is autonomous (${p.fiscal?.mode})`, docEvidence(p));
    ctx.check(!!p.fiscal?.sign && p.fiscal.sign !== sign, '29', `it carries an autonomous sign (${p.fiscal?.sign}), not the late operator sign (${sign})`, docEvidence(p));
    ctx.check(showsAutonomousMark(p), '29.5', 'it is printed with "Автономный"', docEvidence(p));
    const n = offlineNotice(ctx);
    ctx.check(n !== null, '29.2', `the cashier is told the register went autonomous (${n ?? 'no message'})`, { kind: 'display', summary: n ?? 'none', data: ctx.notifications.displays() });
    const s = await state(ctx);
    ctx.check(s.offline.since !== null, '29.1', 'the register is in autonomous mode', stateEvidence(s));
  },
};

const noLink: TestCase = {
  id: 'req-29.1-no-link-autonomous',
  title: 'With the operator unreachable the register goes autonomous and still prints receipts',
  covers: ['29.1', '26'],
  async run(ctx) {
    await prepare(ctx);
    await linkDown(ctx, 'refuse');
    const { doc } = await sellAdvancing(ctx, '26', saleReceipt(ctx, 102_00));
    const p = await printedCopy(ctx, '26', doc);
    ctx.check(!!p && p.fiscal?.mode === 'autonomous', '29.1', `with the connection refused the receipt is autonomous (${doc.fiscal?.mode})`, docEvidence(p ?? doc));
    ctx.check(!!p && p.kind === 'receipt', '26', 'the receipt is formed and printed without the operator', docEvidence(p ?? doc));
    const { doc: d2 } = await sellAdvancing(ctx, '26', saleReceipt(ctx, 103_00));
    const p2 = await printedCopy(ctx, '26', d2);
    ctx.check(!!p2 && p2.fiscal?.mode === 'autonomous', '26', 'later receipts too', docEvidence(p2 ?? d2));
  },
};

const silent: TestCase = {
  id: 'req-26-receipts-with-silent-operator',
  title: 'With the operator silent (connection open, no answers) receipts are still issued and printed',
  covers: ['26'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '26', saleReceipt(ctx, 103_50));
    await linkDown(ctx, 'blackhole');
    const { doc, advancedMs } = await sellAdvancing(ctx, '26', saleReceipt(ctx, 104_00), 10_000);
    const p = await printedCopy(ctx, '26', doc);
    ctx.check(!!p && p.fiscal?.mode === 'autonomous', '26', `with the operator silent the receipt is issued and printed autonomously, after ${advancedMs} ms`, docEvidence(p ?? doc));
    const { doc: d2 } = await sellAdvancing(ctx, '26', saleReceipt(ctx, 104_50), 10_000);
    const p2 = await printedCopy(ctx, '26', d2);
    ctx.check(!!p2 && p2.fiscal?.mode === 'autonomous', '26', 'and the next one too', docEvidence(p2 ?? d2));
  },
};

const informed: TestCase = {
  id: 'req-29.2-cashier-informed',
  title: 'On losing the operator the cashier is told there is no access and the register is autonomous',
  covers: ['29.2'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '29.2');
    ctx.check(offlineNotice(ctx) === null, '29.2', 'no offline message while online');
    await offlineSale(ctx, '29.2', saleReceipt(ctx, 104_00), 'blackhole');
    const n = offlineNotice(ctx);
    ctx.check(n !== null, '29.2', `an offline message reached the cashier (${n ?? 'none'})`, { kind: 'display', summary: n ?? 'none', data: ctx.notifications.displays() });
  },
};

const unique: TestCase = {
  id: 'req-29.3-autonomous-sign-unique',
  title: 'Autonomous signs are unique across receipts, shifts, power cycles and offline periods',
  covers: ['29.3'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx);
    const online = await sell(ctx, '29.3', saleReceipt(ctx, 105_00));
    const signs: string[] = [];
    const docs: DcpDocument[] = [];
    const add = (d: DcpDocument) => { docs.push(d); if (d.fiscal?.sign) signs.push(d.fiscal.sign); };
    add(await offlineSale(ctx, '29.3', saleReceipt(ctx, 106_00)));
    add((await sellAdvancing(ctx, '29.3', saleReceipt(ctx, 107_00))).doc);
    add((await sellAdvancing(ctx, '29.3', saleReceipt(ctx, 108_00))).doc);
    await enter(ctx, 'close_shift', '29.3');
    await callAdvancing(ctx, '29.3', 'offline report.z', ctx.dcp.call('report.z', {}));
    add((await sellAdvancing(ctx, '29.3', saleReceipt(ctx, 109_00))).doc);
    await powerCycle(ctx);
    add((await sellAdvancing(ctx, '29.3', saleReceipt(ctx, 110_00))).doc);
    await reconnectAndFlush(ctx);
    add(await offlineSale(ctx, '29.3', saleReceipt(ctx, 111_00)));
    ctx.check(docs.every((d) => d.fiscal?.mode === 'autonomous' && !!d.fiscal.sign), '29.3', 'every offline receipt has an autonomous sign', docs.map((d) => docEvidence(d)));
    ctx.check(new Set(signs).size === signs.length, '29.3', `the ${signs.length} autonomous signs are all different (${signs.join(', ')})`, docs.map((d) => docEvidence(d)));
    ctx.check(!signs.includes(online.fiscal?.sign ?? '\u0000'), '29.3', 'no autonomous sign repeats an online sign', docEvidence(online));
  },
};

const signPrinted: TestCase = {
  id: 'req-29.4-autonomous-sign-printed',
  title: 'The autonomous sign is printed on the receipt',
  covers: ['29.4'],
  async run(ctx) {
    await prepare(ctx);
    const d = await offlineSale(ctx, '29.4', saleReceipt(ctx, 112_00));
    const p = await printedCopy(ctx, '29.4', d);
    if (!p) return;
    ctx.check(printsSign(p, p.fiscal?.sign), '29.4', `the printed lines contain the autonomous sign ${p.fiscal?.sign}`, docEvidence(p));
  },
};

const mark: TestCase = {
  id: 'req-29.5-autonomous-mark-printed',
  title: 'Autonomous receipts are printed with "Автономный"; online ones are not',
  covers: ['29.5'],
  async run(ctx) {
    await prepare(ctx);
    const on = await sell(ctx, '29.5', saleReceipt(ctx, 113_00));
    const pOn = await printedCopy(ctx, '29.5', on);
    if (pOn) ctx.check(!/автономн/i.test(linesText(pOn)), '29.5', 'the online receipt does not say "Автономный"', docEvidence(pOn));
    const off = await offlineSale(ctx, '29.5', saleReceipt(ctx, 114_00));
    const pOff = await printedCopy(ctx, '29.5', off);
    if (pOff) ctx.check(/автономный/i.test(linesText(pOff)), '29.5', 'the autonomous receipt prints the term "Автономный"', docEvidence(pOff));
  },
};

const block72: TestCase = {
  id: 'req-29.6-block-after-72h',
  title: 'After 72 hours in autonomous mode sales are refused (offline_too_long) and the cashier is told',
  covers: ['29.6'],
  wallTimeMs: 5 * 60_000,
  longRunning: true,
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '29.6', saleReceipt(ctx, 115_00));
    await zReport(ctx, '29.6');
    const first = await offlineSale(ctx, '29.6', saleReceipt(ctx, 116_00));
    ctx.check(first.fiscal?.mode === 'autonomous', '29.6', 'the first autonomous receipt starts the 72 hours', docEvidence(first));
    // keep shifts under 24 h while offline: Z and a new sale every 23 h
    for (let i = 0; i < 3; i++) {
      await advanceBy(ctx, 23 * HOUR, HOUR);
      await enter(ctx, 'close_shift', '29.6');
      await callAdvancing(ctx, '29.6', `offline Z after ${(i + 1) * 23} h`, ctx.dcp.call('report.z', {}));
      await sellAdvancing(ctx, '29.6', saleReceipt(ctx, 117_00 + i));
    }
    await advanceBy(ctx, 2 * HOUR, HOUR); // 71 h
    const at71 = await sellAdvancing(ctx, '29.6', saleReceipt(ctx, 120_00));
    ctx.check(at71.doc.fiscal?.mode === 'autonomous', '29.6', 'at 71 h offline sales are still accepted', docEvidence(at71.doc));
    await advanceBy(ctx, HOUR + 60_000, 30 * 60_000); // 72 h + 1 min
    const markSeq = ledgerMark(ctx);
    const printed0 = ctx.notifications.printed().length;
    const shown0 = ctx.notifications.displays().length;
    await enter(ctx, 'registration', '29.6');
    const r = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 121_00)), 10_000);
    await expectRefused(ctx, '29.6', 'a sale 72 h 1 min after the oldest autonomous receipt', r.ok ? Promise.resolve(r.value) : Promise.reject(r.error), 'offline_too_long');
    const fiscal = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
    ctx.check(fiscal.length === 0, '29.6', `no receipt was printed after 72 h (${fiscal.length})`, fiscal.map((d) => docEvidence(d)));
    const shown = ctx.notifications.displays().slice(shown0);
    const s = await state(ctx);
    ctx.check(shown.length > 0 || (s.blocked !== null && s.blocked.reason === 'offline_too_long'), '29.6', `the cashier is informed of the block (${shown.map((m) => m.text).join(' | ') || 'no display message'})`, [stateEvidence(s), { kind: 'display', summary: `${shown.length} messages`, data: shown }]);
    void markSeq;
    const after = await reconnectAndFlush(ctx, 30 * 60_000, 10_000);
    ctx.check(after.offline.queued === 0 && after.offline.since === null, '29.6', 'after reconnecting the queue is uploaded', stateEvidence(after));
    const again = await sellAdvancing(ctx, '29.6', saleReceipt(ctx, 122_00));
    ctx.check(again.doc.fiscal?.mode === 'online', '29.6', 'after the upload sales work online again', docEvidence(again.doc));
  },
};

const offlineZ: TestCase = {
  id: 'req-29.7-offline-z-report',
  title: 'Offline the Z report is printed from fiscal memory, queued and uploaded with its time',
  covers: ['29.7'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '29.7', saleReceipt(ctx, 123_00));
    const a = await offlineSale(ctx, '29.7', saleReceipt(ctx, 124_00));
    const b = (await sellAdvancing(ctx, '29.7', saleReceipt(ctx, 125_00))).doc;
    await enter(ctx, 'close_shift', '29.7');
    const z = (await callAdvancing(ctx, '29.7', 'offline report.z', ctx.dcp.call('report.z', {}))).document;
    const p = await printedCopy(ctx, '29.7', z);
    ctx.check(z.kind === 'z_report' && !!p, '29.7', 'the Z report is printed while offline', docEvidence(p ?? z));
    if (z.totals) ctx.check(z.totals.total === 123_00 + 124_00 + 125_00, '29.7', `its total ${z.totals.total} covers the shift's receipts (online and autonomous)`, docEvidence(z));
    const s = await state(ctx);
    ctx.check(!s.shift.open && s.offline.queued >= 3, '29.7', `the shift is closed and the Z is queued with the receipts (${s.offline.queued} queued)`, stateEvidence(s));
    const up = ledgerMark(ctx);
    await reconnectAndFlush(ctx);
    const cs = requests(ctx, 'CLOSE_SHIFT', up);
    if (!ctx.check(cs.length === 1, '29.7', `the offline Z reached the operator after reconnecting (${cs.length})`)) return;
    const f = cs[0]!;
    ctx.check(path(f.decoded, 'close_shift.is_offline') === true, '29.7', 'marked is_offline', frameEvidence(f));
    const ct = path(f.decoded, 'close_shift.close_time');
    const want = /T(\d{2}):(\d{2})/.exec(z.printedAt);
    const got = ct ? `${String(path(ct, 'time.hour')).padStart(2, '0')}:${String(path(ct, 'time.minute') ?? 0).padStart(2, '0')}` : null;
    ctx.check(!!want && got === `${want[1]}:${want[2]}`, '29.7', `with the time the Z was taken (${got}; printed ${z.printedAt})`, frameEvidence(f));
    void a; void b;
  },
};

const kept: TestCase = {
  id: 'req-8-offline-receipts-kept-until-sent',
  title: 'Offline receipts stay in fiscal memory until they are delivered, then all reach the operator',
  covers: ['8'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '8');
    const docs = [await offlineSale(ctx, '8', saleReceipt(ctx, 126_00)), (await sellAdvancing(ctx, '8', saleReceipt(ctx, 127_00))).doc, (await sellAdvancing(ctx, '8', saleReceipt(ctx, 128_00))).doc];
    await advanceBy(ctx, HOUR, 10 * 60_000);
    await powerCycle(ctx);
    const s = await state(ctx);
    ctx.check(s.offline.queued >= 3, '8', `after an hour offline and a power cycle the 3 receipts are still queued (${s.offline.queued})`, stateEvidence(s));
    const j = await ctx.dcp.call('journal.read', { fromNumber: docs[0]!.number, toNumber: docs[2]!.number });
    for (const d of docs) {
      const stored = j.documents.find((x) => x.number === d.number);
      ctx.check(!!stored && stored.fiscal?.sign === d.fiscal?.sign, '8', `receipt №${d.number} is in fiscal memory with its autonomous sign`, stored ? docEvidence(stored) : docEvidence(d));
    }
    const up = ledgerMark(ctx);
    const after = await reconnectAndFlush(ctx);
    ctx.check(after.offline.queued === 0, '8', 'after reconnecting the queue is empty', stateEvidence(after));
    for (const d of docs) {
      const t = ticketFor(ctx, d, up);
      ctx.check(!!t, '8', `receipt №${d.number} (${d.totals?.total}) reached the operator`, t ? frameEvidence(t) : docEvidence(d));
    }
  },
};

const powerCut: TestCase = {
  id: 'req-28-offline-data-survive-power-cut',
  title: 'Autonomous receipts survive a power cut and 720 h without power, then reach the operator',
  covers: ['28'],
  wallTimeMs: 5 * 60_000,
  needs: ['power-cut'],
  longRunning: true,
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '28');
    const a = await offlineSale(ctx, '28', saleReceipt(ctx, 129_00));
    const b = (await sellAdvancing(ctx, '28', saleReceipt(ctx, 130_00))).doc;
    await ctx.dcp.call('power.off', { abrupt: true });
    await advanceBy(ctx, 720 * HOUR, 24 * HOUR);
    const on = await powerOn(ctx);
    const storage = (on.selftest?.checks ?? []).filter((c) => !LINK_CHECK.test(c.name));
    ctx.check(storage.length > 0 && storage.every((c) => c.ok), '28', `after 720 h without power the self-test finds the fiscal storage intact (${storage.map((c) => `${c.name}=${c.ok}`).join(', ')}; the link is still down)`, { kind: 'selftest', summary: `ok=${on.selftest?.ok}`, data: on.selftest });
    const j = await ctx.dcp.call('journal.read', { fromNumber: a.number, toNumber: b.number });
    for (const d of [a, b]) {
      const stored = j.documents.find((x) => x.number === d.number);
      ctx.check(!!stored && stored.fiscal?.sign === d.fiscal?.sign && stored.totals?.total === d.totals?.total, '28', `receipt №${d.number} is kept unchanged`, stored ? docEvidence(stored) : docEvidence(d));
    }
    const up = ledgerMark(ctx);
    await linkUp(ctx);
    await reconnectAndFlush(ctx, 60 * 60_000, 30_000);
    for (const d of [a, b]) ctx.check(!!ticketFor(ctx, d, up), '28', `receipt №${d.number} reached the operator after the power cut`, docEvidence(d));
  },
};

export const OFFLINE_CASES: TestCase[] = [online49, auto51, noLink, silent, informed, unique, signPrinted, mark, block72, offlineZ, kept, powerCut];
