// The link to the operator: losing it, the 5 s answer boundary (4.9 s online, 5.1 s autonomous),
// getting it back with the ordered upload (the offline period first), two channels and failover.
import type { CaseContext } from '../../case.js';
import type { DcpChannel, DcpDocument } from '../../dcp/types.js';
import { enter, errorEvidence, expectOk, logout, reconnectAndFlush, saleReceipt, stateEvidence } from '../../context/dut.js';
import { addFault, answerTo, frameEvidence, frames, ledgerMark, linkDown, moneyTiyn, path, removeFault, requests, waitForFrame, type Frame } from '../../context/operator.js';
import { docEvidence, showsAutonomousMark } from '../../context/documents.js';
import { dateTimeMs, fiscalRequests, offsetMinOf, operatorSign, printedCopy, sellAdvancing, ticketFor } from '../../context/flows.js';
import { checkAutonomousReceipt } from './receipts.js';
import type { ModelStep } from '../paths.js';
import { memoryOf, r, remember, settleAfterJump, tags, type Executor, type QueuedDocument } from './memory.js';

const MINUTE = 60_000;
const SETTLE_MS = 15_000;
const LATENCY_FAULT = 'model-latency';

const linkDownStep: Executor = async (ctx) => {
  await linkDown(ctx, 'blackhole');
};

/** The frame that delivered a queued document (after `up`). */
function deliveredBy(ctx: CaseContext, q: QueuedDocument, up: number): Frame | undefined {
  if (q.command === 'TICKET') return ticketFor(ctx, q.doc, up);
  const fs = requests(ctx, q.command, up);
  if (q.command === 'MONEY_PLACEMENT') return fs.find((f) => moneyTiyn(path(f.decoded, 'money_placement.sum')) === (q.doc.totals?.total ?? q.doc.receipt?.payments[0]?.sum ?? moneyTiyn(path(f.decoded, 'money_placement.sum'))));
  const n = (f: Frame) => Number(path(f.decoded, 'close_shift.fr_shift_number') ?? path(f.decoded, 'close_shift.z_report.shift_number'));
  return fs.find((f) => n(f) === q.doc.shiftNumber) ?? fs[0];
}

/** The link comes back: the queue is uploaded, the offline period first, in order, one at a time. */
async function upload(ctx: CaseContext, step: ModelStep): Promise<void> {
  const m = memoryOf(ctx);
  const queue = [...m.queue];
  const from = m.offlineFrom;
  const up = ledgerMark(ctx);
  const upAt = ctx.clock.now();
  const st = await reconnectAndFlush(ctx, 30 * MINUTE, 10_000);
  const delivered = queue.map((q) => ({ q, f: deliveredBy(ctx, q, up) }));
  const missing = delivered.filter((d) => !d.f);
  const notOk = delivered.filter((d) => d.f && answerTo(ctx, d.f)?.result !== 0);
  const label = (q: QueuedDocument) => `${q.command} №${q.doc.number}`;
  const allDelivered = queue.length > 0 && missing.length === 0;
  ctx.check(allDelivered && st.offline.queued === 0, r('8'), `after the link came back every document kept during autonomous work reached the operator (${queue.length - missing.length}/${queue.length}; missing ${missing.map((d) => label(d.q)).join(', ') || 'none'}; still queued ${st.offline.queued})`,
    [stateEvidence(st), ...delivered.filter((d) => d.f).slice(0, 4).map((d) => frameEvidence(d.f!))]);
  // 30.2: in the order they were made, each request after the answer to the previous one
  const seqs = delivered.map((d) => d.f?.seq ?? -1);
  const inOrder = allDelivered && seqs.every((s, i) => i === 0 || s > seqs[i - 1]!);
  const sent = frames(ctx, { direction: 'to-ofd', afterSeq: up });
  const overlapping = sent.filter((f, i) => { const a = answerTo(ctx, f); const next = sent[i + 1]; return a !== undefined && next !== undefined && a.seq > next.seq; });
  const got = fiscalRequests(ctx, up).filter((f) => f.command !== 'REPORT').map((f) => `${f.command}${f.command === 'TICKET' ? ` ${moneyTiyn(path(f.decoded, 'ticket.amounts.total'))}` : ''}`);
  ctx.check(inOrder, r('30.2'), `uploaded in the order they were made (${queue.map(label).join(' → ')}; sent ${got.join(' → ')})`, delivered.filter((d) => d.f).slice(0, 6).map((d) => frameEvidence(d.f!)));
  ctx.check(overlapping.length === 0 && notOk.length === 0, r('30.2'), `one request at a time, each answered OK before the next (${overlapping.length} sent before the previous answer, ${notOk.length} not OK)`, overlapping.slice(0, 2).map((f) => frameEvidence(f)));
  // 30.1: the offline period, in the first message after the link came back
  const tz = offsetMinOf(queue[0]?.doc.printedAt);
  const withPeriod = sent.filter((f) => path(f.decoded, 'service.offline_period') !== undefined);
  const period = withPeriod[0];
  const b = period ? dateTimeMs(path(period.decoded, 'service.offline_period.begin_time'), tz) : null;
  const e = period ? dateTimeMs(path(period.decoded, 'service.offline_period.end_time'), tz) : null;
  const firstDoc = Math.min(...delivered.map((d) => d.f?.seq ?? Infinity));
  const periodOk = !!period && from !== null && b !== null && e !== null && Math.abs(b - from) <= 2 * MINUTE && e >= upAt - 2 * MINUTE && period.seq <= firstDoc && answerTo(ctx, period)?.result === 0;
  ctx.check(periodOk, r('30.1'), `the first message after reconnecting carried the offline period (begin ${b === null ? '—' : new Date(b).toISOString()} ≈ first failure ${from === null ? '—' : new Date(from).toISOString()}, end ≥ reconnect; frame seq ${period?.seq ?? '—'} ≤ first queued document ${firstDoc}) and was accepted`, (period ? [period] : sent.slice(0, 2)).map((f) => frameEvidence(f)));
  // 30.3: autonomous signs and offline marks in the uploaded messages
  const marks = delivered.filter((d) => d.f).map(({ q, f }) => {
    if (q.command === 'TICKET') {
      const n = path(f!.decoded, 'ticket.offline_ticket_number');
      const sign = q.doc.fiscal?.sign ?? '';
      return { ok: n !== undefined && Number(n) > 0 && sign.includes(String(n)), what: `TICKET №${q.doc.number}: offline_ticket_number ${n} in sign ${sign}` };
    }
    const flag = path(f!.decoded, q.command === 'CLOSE_SHIFT' ? 'close_shift.is_offline' : 'money_placement.is_offline');
    return { ok: flag === true, what: `${q.command}: is_offline ${flag}` };
  });
  ctx.check(allDelivered && marks.every((x) => x.ok), r('30.3'), `each uploaded message carries its autonomous sign / offline mark (${marks.map((x) => x.what).join('; ')})`, delivered.filter((d) => d.f).slice(0, 4).map((d) => frameEvidence(d.f!)));
  ctx.check(allDelivered && inOrder && periodOk, r('30'), 'on reconnecting the register reported the offline period and sent the whole queue in order');
  if (tags(step, '29.7')) {
    const z = delivered.find((d) => d.q.command === 'CLOSE_SHIFT');
    const ct = z?.f ? path(z.f.decoded, 'close_shift.close_time') : undefined;
    const want = z ? /T(\d{2}):(\d{2})/.exec(z.q.doc.printedAt) : null;
    const gotTime = ct ? `${String(path(ct, 'time.hour')).padStart(2, '0')}:${String(path(ct, 'time.minute') ?? 0).padStart(2, '0')}` : null;
    ctx.check(!!z?.f && path(z.f.decoded, 'close_shift.is_offline') === true && !!want && gotTime === `${want[1]}:${want[2]}`, r('29.7'), `the offline Z reached the operator marked is_offline with the time it was taken (${gotTime}; printed ${z?.q.doc.printedAt})`, z?.f ? frameEvidence(z.f) : undefined);
  }
  m.queue = [];
  m.offlineFrom = null;
}

const linkUp: Executor = async (ctx, step) => {
  if (step.from === 'linkDown') {
    await reconnectAndFlush(ctx, 30 * MINUTE, 5_000);
    memoryOf(ctx).offlineFrom = null;
    return;
  }
  return upload(ctx, step);
};

/** A TICKET answered after `latencyMs`; returns the document, the clock time it took and the late operator sign. */
async function answeredAfter(ctx: CaseContext, latencyMs: number): Promise<{ doc: DcpDocument | null; advancedMs: number; sign: string | undefined; started: number }> {
  const kkmId = ctx.profile.registration.kkmId;
  await addFault(ctx, { name: LATENCY_FAULT, kind: 'latency', direction: 'to-kkm', match: { kkmId, command: 'TICKET' }, attrs: { ms: latencyMs } });
  await enter(ctx, 'registration', r('29'));
  const mark = ledgerMark(ctx);
  const started = ctx.clock.now();
  const p = ctx.dcp.call('receipt.create', saleReceipt(ctx, 101_00 + Math.round(latencyMs / 100)));
  await waitForFrame(ctx, (f) => f.direction === 'to-ofd' && f.command === 'TICKET', mark);
  const res = await settleAfterJump(ctx, p, 4_500, 12_000, 100);
  if (!res.ok) {
    ctx.check(false, r('25'), `with the answer after ${latencyMs} ms the receipt was not formed: ${res.pending ? 'no answer' : (res.error as Error)?.message}`, res.pending ? undefined : errorEvidence(res.error));
    return { doc: null, advancedMs: res.advancedMs, sign: undefined, started };
  }
  const doc = res.value!.document;
  const t = ticketFor(ctx, doc, mark) ?? requests(ctx, 'TICKET', mark)[0];
  return { doc, advancedMs: res.advancedMs, sign: t ? operatorSign(ctx, t) : undefined, started };
}

const slowAnswer: Executor = async (ctx) => {
  const { doc, advancedMs, sign } = await answeredAfter(ctx, 4900);
  await removeFault(ctx, LATENCY_FAULT);
  if (!doc) return;
  remember(ctx, doc);
  const p = (await printedCopy(ctx, r('29'), doc)) ?? doc;
  ctx.check(advancedMs <= 7000, r('25'), `with the operator answering after 4.9 s the receipt was formed after ${advancedMs} ms of clock time (≤ 7000)`, docEvidence(doc));
  ctx.check(p.fiscal?.mode === 'online' && !!sign && p.fiscal.sign === sign && !showsAutonomousMark(p), r('29'), `an answer within 5 s keeps the receipt online with the operator's sign ${sign} (${p.fiscal?.mode} ${p.fiscal?.sign})`, docEvidence(p));
};

const lateAnswer: Executor = async (ctx, step) => {
  const { doc, advancedMs, sign, started } = await answeredAfter(ctx, 5100);
  // the model's offline state has the link down: the late operator stays unreachable from now on
  await linkDown(ctx, 'blackhole');
  await removeFault(ctx, LATENCY_FAULT);
  if (!doc) return;
  const m = memoryOf(ctx);
  if (m.offlineFrom === null) m.offlineFrom = started;
  ctx.check(advancedMs <= 7000, r('25'), `with the operator answering after 5.1 s the receipt was formed after ${advancedMs} ms of clock time (≤ 7000)`, docEvidence(doc));
  const p = (await printedCopy(ctx, r('29'), doc)) ?? doc;
  ctx.check(p.fiscal?.mode === 'autonomous' && !!p.fiscal.sign && p.fiscal.sign !== sign, r('29'), `an answer after 5 s makes the receipt autonomous with its own sign (${p.fiscal?.mode} ${p.fiscal?.sign}), not the late operator sign (${sign})`, docEvidence(p));
  await checkAutonomousReceipt(ctx, step, doc);
  remember(ctx, doc);
};

/** Channels pointing at the bench operator's ports, `preferred` (port index) first. */
function benchChannels(ctx: CaseContext, template: DcpChannel[], preferred: number): DcpChannel[] {
  const host = template[0]?.host ?? '127.0.0.1';
  return ctx.ofd.ports.map((port, i) => ({ name: template[i]?.name ?? `ofd-${i + 1}`, host: template[i]?.host ?? host, port, priority: i === preferred ? 1 : 2 + i, enabled: true }));
}

/** Sells online and returns the channel its TICKET went through (null when not online). */
async function ticketChannel(ctx: CaseContext, req: string, price: number): Promise<{ channel: number | null; doc: DcpDocument }> {
  const mark = ledgerMark(ctx);
  const { doc } = await sellAdvancing(ctx, r(req), saleReceipt(ctx, price), 30_000, 250);
  remember(ctx, doc);
  const t = requests(ctx, 'TICKET', mark).filter((f) => f.retry === false);
  const last = t[t.length - 1];
  return { channel: last && doc.fiscal?.mode === 'online' ? last.channel : null, doc };
}

const channelFailover: Executor = async (ctx) => {
  await enter(ctx, 'programming', r('18'));
  const s = await expectOk(ctx, r('18'), 'settings.get', ctx.dcp.call('settings.get', {}));
  await logout(ctx);
  const enabled = s.channels.filter((c) => c.enabled);
  ctx.check(enabled.length >= 2 && ctx.ofd.ports.length >= 2, r('18'), `the register has at least two data channels enabled (${enabled.length} of ${s.channels.length}; the bench operator listens on ${ctx.ofd.ports.length} ports)`, { kind: 'note', summary: 'settings.channels', data: s.channels });
  const before = await ticketChannel(ctx, '18', 180_00);
  ctx.check(before.channel !== null, r('18'), `normally the receipt goes online through channel ${before.channel}`, docEvidence(before.doc));
  const down = before.channel ?? 0;
  await addFault(ctx, { name: 'model-channel-refuse', kind: 'refuse', direction: 'to-ofd', match: { channel: down }, attrs: { mode: 'reset' } });
  await addFault(ctx, { name: 'model-channel-reset', kind: 'reset', direction: 'to-ofd', match: { channel: down } });
  try {
    const after = await ticketChannel(ctx, '18', 181_00);
    ctx.check(after.channel !== null && after.channel !== down, r('18'), `with channel ${down} down the receipt was fiscalised online through the other channel (channel ${after.channel}, ${after.doc.fiscal?.mode})`, docEvidence(after.doc));
  } finally {
    await removeFault(ctx, 'model-channel-refuse');
    await removeFault(ctx, 'model-channel-reset');
  }
};

/** With the shift closed: the second operator port entered and preferred; the next receipt goes there. */
const programChannels: Executor = async (ctx) => {
  await enter(ctx, 'programming', r('40.1'));
  const s = await expectOk(ctx, r('40.1'), 'settings.get', ctx.dcp.call('settings.get', {}));
  ctx.check(s.channels.length >= 2 && ctx.ofd.ports.length >= 2, r('18'), `at least two independent channels can be configured (${s.channels.length} configured)`, { kind: 'note', summary: 'settings.channels', data: s.channels });
  if (ctx.ofd.ports.length < 2) return;
  const set = await expectOk(ctx, r('40.1'), 'settings.set channels: second port preferred', ctx.dcp.call('settings.set', { channels: benchChannels(ctx, s.channels, 1) }));
  const pref = set.channels.find((c) => c.priority === Math.min(...set.channels.map((x) => x.priority)));
  ctx.check(pref?.port === ctx.ofd.ports[1] && pref.enabled, r('40.1'), 'the settings hold the entered address and port of the operator\'s second port (ofd:1) as the preferred channel', { kind: 'note', summary: 'settings.channels', data: set.channels });
  ctx.check(set.channels.length === ctx.ofd.ports.length, r('40'), `the entered channel settings were accepted as entered (${set.channels.length} channels)`, { kind: 'note', summary: 'settings.channels', data: set.channels });
  await logout(ctx);
  const { channel, doc } = await ticketChannel(ctx, '40.5', 182_00);
  ctx.check(channel === 1, r('40.5'), `with the second channel at priority 1 the receipt went through it (channel ${channel})`, docEvidence(doc));
  ctx.check(channel === 1, r('40.1'), `the register uses the entered port for the next receipt (channel ${channel})`, docEvidence(doc));
  ctx.check(channel === 1, r('40'), 'the entered settings are in force');
  ctx.check(channel !== null, r('18'), 'the second channel works on its own');
};

export const LINK_EXECUTORS = {
  LINK_DOWN: linkDownStep,
  LINK_UP: linkUp,
  SLOW_ANSWER: slowAnswer,
  LATE_ANSWER: lateAnswer,
  CHANNEL_FAILOVER: channelFailover,
  PROGRAM_CHANNELS: programChannels,
} satisfies Record<string, Executor>;
