// Requirements 30, 30.1–30.3: what the register does when the link comes back — report the
// offline period, upload the queue in order one by one, with autonomous signs and offline marks.
import type { TestCase } from '../case.js';
import { enter, prepare, reconnectAndFlush, saleReceipt, sell } from '../context/dut.js';
import { answerTo, frameEvidence, frames, ledgerMark, linkUp, moneyTiyn, path } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { callAdvancing, dateTimeMs, fiscalRequests, offlineSale, offsetMinOf, sellAdvancing, ticketFor } from '../context/flows.js';
import { advanceBy, powerCycle } from '../context/dut.js';

const HOUR = 3_600_000;

const period: TestCase = {
  id: 'req-30.1-offline-period-reported',
  title: 'After reconnecting the register reports how long it worked autonomously',
  covers: ['30.1'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '30.1');
    const firstFail = ctx.clock.now();
    const d = await offlineSale(ctx, '30.1', saleReceipt(ctx, 140_00));
    await advanceBy(ctx, 2 * HOUR, 10 * 60_000);
    const up = ledgerMark(ctx);
    const upAt = ctx.clock.now();
    await reconnectAndFlush(ctx);
    const tz = offsetMinOf(d.printedAt);
    const withPeriod = frames(ctx, { direction: 'to-ofd', afterSeq: up }).filter((f) => path(f.decoded, 'service.offline_period') !== undefined);
    const good = withPeriod.filter((f) => {
      const b = dateTimeMs(path(f.decoded, 'service.offline_period.begin_time'), tz);
      const e = dateTimeMs(path(f.decoded, 'service.offline_period.end_time'), tz);
      return b !== null && e !== null && Math.abs(b - firstFail) <= 2 * 60_000 && e >= upAt - 2 * 60_000 && e - b >= 2 * HOUR - 2 * 60_000;
    });
    ctx.check(good.length >= 1, '30.1', `a message with the offline period (begin ≈ first failure, end ≈ reconnect, ≥ 2 h) reached the operator (${withPeriod.length} frames carry a period, ${good.length} match)`, (good.length ? good : withPeriod).slice(0, 3).map((f) => frameEvidence(f)));
    if (good.length) {
      const a = answerTo(ctx, good[0]!);
      ctx.check(!!a && a.result === 0, '30.1', 'the operator accepted it', a ? frameEvidence(a) : undefined);
    }
  },
};

const order: TestCase = {
  id: 'req-30.2-upload-in-order-with-z',
  title: 'The offline queue (receipts, Z, receipts) is uploaded in order, one answered request at a time',
  covers: ['30.2'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '30.2', saleReceipt(ctx, 100_00));
    const s1 = await offlineSale(ctx, '30.2', saleReceipt(ctx, 141_00));
    const s2 = (await sellAdvancing(ctx, '30.2', saleReceipt(ctx, 142_00))).doc;
    await enter(ctx, 'close_shift', '30.2');
    await callAdvancing(ctx, '30.2', 'offline report.z', ctx.dcp.call('report.z', {}));
    const s3 = (await sellAdvancing(ctx, '30.2', saleReceipt(ctx, 143_00))).doc;
    await advanceBy(ctx, HOUR, 10 * 60_000);
    await powerCycle(ctx);
    const up = ledgerMark(ctx);
    const st = await reconnectAndFlush(ctx);
    ctx.check(st.offline.queued === 0, '30.2', `the queue is empty after reconnecting (${st.offline.queued})`);
    const seq = fiscalRequests(ctx, up).filter((f) => f.command !== 'REPORT');
    const label = (f: (typeof seq)[number]) => (f.command === 'TICKET' ? `TICKET ${moneyTiyn(path(f.decoded, 'ticket.amounts.total'))}` : f.command ?? '?');
    const got = seq.map(label);
    const firstIdx = (l: string) => got.indexOf(l);
    const want = ['TICKET 14100', 'TICKET 14200', 'CLOSE_SHIFT', 'TICKET 14300'];
    const idx = want.map(firstIdx);
    ctx.check(idx.every((i) => i >= 0) && idx.every((v, i) => i === 0 || v > idx[i - 1]!), '30.2', `uploaded in the order they were made: ${got.join(' → ')} (want ${want.join(' → ')})`, seq.slice(0, 6).map((f) => frameEvidence(f)));
    // one at a time: every request after the first waits for the answer to the previous one
    const sent = frames(ctx, { direction: 'to-ofd', afterSeq: up });
    for (let i = 0; i + 1 < sent.length; i++) {
      const a = answerTo(ctx, sent[i]!);
      if (!a) continue;
      ctx.check(a.seq < sent[i + 1]!.seq, '30.2', `request seq ${sent[i + 1]!.seq} was sent after the answer to seq ${sent[i]!.seq}`, [frameEvidence(sent[i]!), frameEvidence(a), frameEvidence(sent[i + 1]!)]);
    }
    const notOk = seq.map((f) => answerTo(ctx, f)).filter((a) => !a || a.result !== 0);
    ctx.check(notOk.length === 0, '30.2', `each uploaded message got an OK answer (${notOk.length} did not)`);
    for (const d of [s1, s2, s3]) ctx.check(!!ticketFor(ctx, d, up), '30.2', `receipt №${d.number} was uploaded (the queue survived a power cycle)`, docEvidence(d));
  },
};

const signs: TestCase = {
  id: 'req-30.3-autonomous-sign-in-frames',
  title: 'Uploaded receipts carry their autonomous sign; Z and cash operations carry the offline mark',
  covers: ['30.3', '43.4'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    await sell(ctx, '30.3', saleReceipt(ctx, 100_00));
    const a = await offlineSale(ctx, '30.3', saleReceipt(ctx, 151_00));
    const b = (await sellAdvancing(ctx, '30.3', saleReceipt(ctx, 152_00))).doc;
    await enter(ctx, 'registration', '30.3');
    await callAdvancing(ctx, '30.3', 'offline cash.deposit', ctx.dcp.call('cash.deposit', { sum: 153_00 }));
    await enter(ctx, 'close_shift', '30.3');
    await callAdvancing(ctx, '30.3', 'offline report.z', ctx.dcp.call('report.z', {}));
    const up = ledgerMark(ctx);
    await linkUp(ctx);
    await reconnectAndFlush(ctx);
    for (const d of [a, b]) {
      const t = ticketFor(ctx, d, up);
      if (!ctx.check(!!t, '30.3', `receipt №${d.number} was uploaded`, docEvidence(d))) continue;
      const n = path(t!.decoded, 'ticket.offline_ticket_number');
      const sign = d.fiscal?.sign ?? '';
      ctx.check(n !== undefined && Number(n) > 0 && sign.includes(String(n)), '30.3', `its TICKET carries offline_ticket_number ${n}, the autonomous sign printed (${sign})`, [frameEvidence(t!), docEvidence(d)]);
    }
    const cs = frames(ctx, { direction: 'to-ofd', command: 'CLOSE_SHIFT', afterSeq: up });
    ctx.check(cs.length >= 1 && cs.every((f) => path(f.decoded, 'close_shift.is_offline') === true), '30.3', 'the uploaded CLOSE_SHIFT is marked is_offline', cs.map((f) => frameEvidence(f)));
    const mp = frames(ctx, { direction: 'to-ofd', command: 'MONEY_PLACEMENT', afterSeq: up });
    ctx.check(mp.length >= 1 && mp.every((f) => path(f.decoded, 'money_placement.is_offline') === true), '30.3', 'the uploaded MONEY_PLACEMENT is marked is_offline', mp.map((f) => frameEvidence(f)));
    const j = await ctx.dcp.call('journal.read', { fromNumber: a.number, toNumber: b.number });
    for (const d of [a, b]) {
      const stored = j.documents.find((x) => x.number === d.number);
      ctx.check(stored?.fiscal?.sign === d.fiscal?.sign, '43.4', `after the upload receipt №${d.number} keeps its autonomous sign ${d.fiscal?.sign} (${stored?.fiscal?.sign})`, stored ? docEvidence(stored) : undefined);
    }
  },
};

export const UPLOAD_CASES: TestCase[] = [period, order, signs];
