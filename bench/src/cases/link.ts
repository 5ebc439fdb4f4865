// Requirements 4, 5, 15, 20–25, 27: the exchange with the operator — frames on the wire,
// authorisation, receipts, returns, Z reports, fiscal signs, cash in/out, the 7-second limit.
import type { TestCase } from '../case.js';
import type { Receipt } from '../dcp/types.js';
import { enter, expectOk, prepare, saleReceipt, sell, zReport, advanceUntilSettled } from '../context/dut.js';
import { addFault, answerTo, enumIs, field, frameEvidence, frames, ledgerMark, moneyTiyn, path, requests, waitForFrame, linkDown } from '../context/operator.js';
import { docEvidence, linesText, printsSign } from '../context/documents.js';
import { callAdvancing, offlineSale, operatorSign, printedCopy, ticketFor } from '../context/flows.js';
import { reconnectAndFlush } from '../context/dut.js';

const tcpProtocol: TestCase = {
  id: 'req-4-tcp-protocol-frames',
  title: 'The register connects over TCP and every frame it sends follows the OFD protocol',
  covers: ['4'],
  async run(ctx) {
    await prepare(ctx);
    const mark = ledgerMark(ctx);
    await sell(ctx, '4');
    await enter(ctx, 'reports', '4');
    await expectOk(ctx, '4', 'report.x', ctx.dcp.call('report.x', {}));
    const sent = frames(ctx, { direction: 'to-ofd', afterSeq: mark });
    ctx.check(sent.length >= 2, '4', `the register sent frames to the operator over TCP (${sent.length})`, sent.slice(0, 3).map((f) => frameEvidence(f)));
    for (const f of sent) {
      ctx.check(f.rawHex === null || f.rawHex.toLowerCase().startsWith('a281'), '4', `frame seq ${f.seq} starts with the application code 0x81A2 (little-endian)`, frameEvidence(f));
      ctx.check(f.command !== null && f.violations.length === 0, '4', `frame seq ${f.seq} (${f.command}) decodes and validates against the protocol (${f.violations.length} violations)`, frameEvidence(f));
    }
    const answers = frames(ctx, { direction: 'to-kkm', afterSeq: mark });
    const bad = answers.filter((a) => a.result !== 0 && a.result !== null);
    ctx.check(bad.length === 0, '4', `the operator accepted every request (${bad.length} non-OK answers)`, bad.map((f) => frameEvidence(f)));
  },
};

const oneCycle: TestCase = {
  id: 'req-5-print-and-send-one-cycle',
  title: 'A sale is sent to the operator and printed with its sign in one working cycle',
  covers: ['5'],
  async run(ctx) {
    await prepare(ctx);
    const mark = ledgerMark(ctx);
    const doc = await sell(ctx, '5');
    const t = ticketFor(ctx, doc, mark);
    ctx.check(!!t, '5', 'when receipt.create answered, the TICKET had already reached the operator', t ? frameEvidence(t) : docEvidence(doc));
    const a = t ? answerTo(ctx, t) : undefined;
    ctx.check(!!a && a.result === 0, '5', 'and the operator had answered it (OK)', a ? frameEvidence(a) : undefined);
    const p = await printedCopy(ctx, '5', doc);
    const sign = t ? operatorSign(ctx, t) : undefined;
    if (p) ctx.check(!!sign && p.fiscal?.sign === sign && printsSign(p, sign), '5', `the printed receipt carries the operator's sign ${sign} (printed ${p.fiscal?.sign})`, docEvidence(p));
  },
};

const authorisation: TestCase = {
  id: 'req-20-authorization-id-token',
  title: 'Every request carries the registered ID and the current token; rotated tokens are used',
  covers: ['20'],
  async run(ctx) {
    await prepare(ctx);
    const mark = ledgerMark(ctx);
    await sell(ctx, '20', saleReceipt(ctx, 110_00));
    await sell(ctx, '20', saleReceipt(ctx, 120_00));
    await sell(ctx, '20', saleReceipt(ctx, 130_00));
    const reqs = frames(ctx, { direction: 'to-ofd', afterSeq: mark });
    const kkmId = ctx.profile.registration.kkmId;
    ctx.check(reqs.length >= 3 && reqs.every((f) => f.kkmId === kkmId), '20', `every request carries ID ${kkmId} in its header`, reqs.slice(0, 4).map((f) => frameEvidence(f)));
    let rotations = 0;
    for (let i = 0; i + 1 < reqs.length; i++) {
      const a = answerTo(ctx, reqs[i]!);
      if (!a || a.token === null || a.result !== 0) continue;
      if (a.token !== reqs[i]!.token) rotations++;
      ctx.check(reqs[i + 1]!.token === a.token, '20', `request seq ${reqs[i + 1]!.seq} uses the token of the previous answer (${a.token}; sent ${reqs[i + 1]!.token})`, [frameEvidence(a), frameEvidence(reqs[i + 1]!)]);
    }
    ctx.evidence({ kind: 'note', summary: `${rotations} token rotations observed` });
    const rejected = frames(ctx, { direction: 'to-kkm', afterSeq: mark }).filter((a) => a.result !== 0);
    ctx.check(rejected.length === 0, '20', `the operator accepted every request: no UNKNOWN_ID / INVALID_TOKEN / BLOCKED for missing registration data (${rejected.map((a) => a.result).join(', ') || 'all OK'})`, rejected.map((f) => frameEvidence(f)));
    const withReg = reqs.filter((f) => f.command !== 'TICKET' || path(f.decoded, 'service.reg_info.kkm') !== undefined);
    ctx.check(withReg.length === reqs.length, '20', `every TICKET identifies the register in service.reg_info (${reqs.length - withReg.length} without)`, reqs.filter((f) => !withReg.includes(f)).slice(0, 2).map((f) => frameEvidence(f)));
  },
};

const saleData: TestCase = {
  id: 'req-21-sale-data-to-operator',
  title: 'The TICKET the operator receives matches the sale: items, quantities, prices, payments, total',
  covers: ['21'],
  async run(ctx) {
    await prepare(ctx);
    const mark = ledgerMark(ctx);
    const receipt: Receipt = {
      operation: 'sell',
      items: [{ name: 'Сүт / Молоко', price: 450_50, quantity: 2000 }, { name: 'Нан / Хлеб', price: 180_00, quantity: 1500 }],
      payments: [{ type: 'card', sum: 600_00 }, { type: 'cash', sum: 571_00 }],
      idempotencyKey: `req21-${ctx.seed}`,
    };
    const doc = await sell(ctx, '21', receipt);
    const t = ticketFor(ctx, doc, mark) ?? requests(ctx, 'TICKET', mark).pop();
    if (!ctx.check(!!t, '21', 'a TICKET reached the operator', docEvidence(doc))) return;
    const tk = field(t!.decoded, 'ticket');
    const op = field(tk, 'operation');
    ctx.check(enumIs(op, 'SELL', 2), '21', `operation is SELL (${op})`, frameEvidence(t!));
    const items = (field(tk, 'items') ?? []) as unknown[];
    ctx.check(items.length === 2, '21', `two items were sent (${items.length})`, frameEvidence(t!));
    items.forEach((it, i) => {
      const c = field(it, 'commodity');
      const want = receipt.items[i]!;
      ctx.check(Number(field(c, 'quantity')) === want.quantity && moneyTiyn(field(c, 'price')) === want.price, '21', `item ${i + 1}: quantity ${field(c, 'quantity')} price ${moneyTiyn(field(c, 'price'))} (want ${want.quantity} × ${want.price})`, frameEvidence(t!));
      ctx.check(moneyTiyn(field(c, 'sum')) === Math.round((want.price * want.quantity) / 1000), '21', `item ${i + 1}: line sum ${moneyTiyn(field(c, 'sum'))}`, frameEvidence(t!));
    });
    const total = Math.round((450_50 * 2000) / 1000) + Math.round((180_00 * 1500) / 1000);
    ctx.check(moneyTiyn(path(tk, 'amounts.total')) === total, '21', `amounts.total ${moneyTiyn(path(tk, 'amounts.total'))} = ${total}`, frameEvidence(t!));
    const pays = (field(tk, 'payments') ?? []) as unknown[];
    const sums = pays.map((p) => moneyTiyn(field(p, 'sum'))).sort();
    ctx.check(JSON.stringify(sums) === JSON.stringify([571_00, 600_00].sort()), '21', `payments ${JSON.stringify(sums)} match the receipt`, frameEvidence(t!));
    const a = answerTo(ctx, t!);
    ctx.check(!!a && a.result === 0, '21', `the operator accepted the TICKET (result ${a?.result})`, a ? frameEvidence(a) : undefined);
    ctx.check(path(t!.decoded, 'service.reg_info.kkm.fns_kkm_id') === ctx.profile.registration.rnm, '21', 'the TICKET carries the register\'s reg_info (RNM)', frameEvidence(t!));
  },
};

const zToOperator: TestCase = {
  id: 'req-22-z-report-to-operator',
  title: 'Closing the shift reaches the operator as CLOSE_SHIFT with the shift number and Z report',
  covers: ['22'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const s1 = await sell(ctx, '22');
    const mark = ledgerMark(ctx);
    const z = await zReport(ctx, '22');
    const cs = requests(ctx, 'CLOSE_SHIFT', mark);
    if (!ctx.check(cs.length === 1, '22', `one CLOSE_SHIFT reached the operator (${cs.length})`, docEvidence(z))) return;
    const f = cs[0]!;
    const n = path(f.decoded, 'close_shift.fr_shift_number') ?? path(f.decoded, 'close_shift.z_report.shift_number');
    ctx.check(Number(n) === s1.shiftNumber, '22', `it names the closed shift ${s1.shiftNumber} (${n})`, frameEvidence(f));
    ctx.check(!!path(f.decoded, 'close_shift.z_report'), '22', 'it carries the register\'s Z report', frameEvidence(f));
    const a = answerTo(ctx, f);
    ctx.check(!!a && a.result === 0, '22', 'the operator accepted it', a ? frameEvidence(a) : undefined);
  },
};

const signFromOperator: TestCase = {
  id: 'req-23-fiscal-sign-from-operator',
  title: 'The receipt\'s fiscal sign is the one the operator answered',
  covers: ['23', '43.4'],
  async run(ctx) {
    await prepare(ctx);
    const mark = ledgerMark(ctx);
    const doc = await sell(ctx, '23');
    const t = ticketFor(ctx, doc, mark);
    const sign = t ? operatorSign(ctx, t) : undefined;
    ctx.check(!!sign, '23', `the operator answered the TICKET with a fiscal sign (${sign})`, t ? frameEvidence(t) : undefined);
    ctx.check(doc.fiscal?.mode === 'online' && doc.fiscal.sign === sign, '23', `the receipt carries that sign online (${doc.fiscal?.mode} ${doc.fiscal?.sign})`, docEvidence(doc));
    const j = await ctx.dcp.call('journal.read', { fromNumber: doc.number, toNumber: doc.number });
    const stored = j.documents.find((d) => d.number === doc.number);
    ctx.check(stored?.fiscal?.sign === sign, '43.4', `the fiscal memory keeps the operator's sign unchanged (${stored?.fiscal?.sign})`, stored ? docEvidence(stored) : undefined);
  },
};

const receiptPrint: TestCase = {
  id: 'req-24-receipt-with-sign-and-iin',
  title: 'The printed receipt carries the operator\'s fiscal sign and, on demand, the customer\'s IIN',
  covers: ['24'],
  async run(ctx) {
    await prepare(ctx);
    const iin = ctx.profile.registration.org.iin === '990101300123' ? '880202400456' : '990101300123';
    const mark = ledgerMark(ctx);
    const doc = await sell(ctx, '24', saleReceipt(ctx, 175_00, { customerIin: iin }));
    const p = await printedCopy(ctx, '24', doc);
    const t = ticketFor(ctx, doc, mark);
    const sign = t ? operatorSign(ctx, t) : undefined;
    if (p) {
      ctx.check(printsSign(p, sign), '24', `the printed lines contain the operator's sign ${sign}`, docEvidence(p));
      ctx.check(linesText(p).includes(iin), '24', `the customer's IIN ${iin} is printed when asked for`, docEvidence(p));
    }
    const sent = t ? path(t.decoded, 'ticket.extension_options.customer_iin_or_bin') : undefined;
    ctx.check(sent === iin, '24', `the IIN was sent to the operator (customer_iin_or_bin = ${sent})`, t ? frameEvidence(t) : undefined);
    const plain = await sell(ctx, '24', saleReceipt(ctx, 176_00));
    const p2 = await printedCopy(ctx, '24', plain);
    if (p2) ctx.check(!linesText(p2).includes(iin), '24', 'a receipt without a customer IIN does not print one', docEvidence(p2));
  },
};

const sevenSeconds: TestCase = {
  id: 'req-25-answer-within-7s',
  title: 'A receipt is formed within 7 seconds: with a slow operator (4.9 s) and with no operator at all',
  covers: ['25'],
  async run(ctx) {
    await prepare(ctx);
    const kkmId = ctx.profile.registration.kkmId;
    await addFault(ctx, { name: 'case-slow', kind: 'latency', direction: 'to-kkm', match: { kkmId, command: 'TICKET' }, attrs: { ms: 4900 } });
    await enter(ctx, 'registration', '25');
    const mark = ledgerMark(ctx);
    const p = ctx.dcp.call('receipt.create', saleReceipt(ctx, 190_00));
    await waitForFrame(ctx, (f) => f.direction === 'to-ofd' && f.command === 'TICKET', mark);
    const r = await advanceUntilSettled(ctx, p, 10_000, 100);
    ctx.check(r.ok && r.advancedMs <= 7000, '25', `with the answer after 4.9 s the receipt was formed after ${r.advancedMs} ms of clock time (≤ 7000)`, r.ok ? docEvidence(r.value!.document) : undefined);
    await linkDown(ctx, 'blackhole');
    await enter(ctx, 'registration', '25');
    const q = ctx.dcp.call('receipt.create', saleReceipt(ctx, 191_00));
    const r2 = await advanceUntilSettled(ctx, q, 15_000, 100);
    ctx.check(r2.ok && r2.advancedMs <= 7000, '25', `with no answer at all the (autonomous) receipt was formed after ${r2.advancedMs} ms (≤ 7000)`, r2.ok ? docEvidence(r2.value!.document) : undefined);
  },
};

const returns: TestCase = {
  id: 'req-15-return-to-operator',
  title: 'A return is printed and reaches the operator as SELL_RETURN naming the original receipt',
  covers: ['15'],
  async run(ctx) {
    await prepare(ctx);
    const orig = await sell(ctx, '15', saleReceipt(ctx, 320_00));
    const mark = ledgerMark(ctx);
    const r = await expectOk(ctx, '15', 'receipt.create sell_return', ctx.dcp.call('receipt.create', saleReceipt(ctx, 320_00, { operation: 'sell_return', parentNumber: orig.number })));
    const p = await printedCopy(ctx, '15', r.document);
    if (p) ctx.check(p.kind === 'receipt' && p.fiscal !== null, '15', 'the return receipt is printed with a fiscal sign', docEvidence(p));
    const t = requests(ctx, 'TICKET', mark).pop();
    if (!ctx.check(!!t, '15', 'the return reached the operator', docEvidence(r.document))) return;
    const op = path(t!.decoded, 'ticket.operation');
    ctx.check(enumIs(op, 'SELL_RETURN', 3), '15', `as SELL_RETURN (${op})`, frameEvidence(t!));
    const parent = path(t!.decoded, 'ticket.parent_ticket.parent_ticket_number');
    ctx.check(parent !== undefined && String(parent) === orig.fiscal?.sign, '15', `naming the original fiscal sign ${orig.fiscal?.sign} (${parent})`, frameEvidence(t!));
    const a = answerTo(ctx, t!);
    ctx.check(!!a && a.result === 0, '15', 'the operator accepted the return', a ? frameEvidence(a) : undefined);
  },
};

const cash: TestCase = {
  id: 'req-27-cash-in-out-to-operator',
  title: 'Cash deposits and withdrawals reach the operator (online at once, offline after reconnecting)',
  covers: ['27'],
  wallTimeMs: 5 * 60_000,
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '27', saleReceipt(ctx, 500_00));
    const mark = ledgerMark(ctx);
    await enter(ctx, 'registration', '27');
    const dep = await expectOk(ctx, '27', 'cash.deposit', ctx.dcp.call('cash.deposit', { sum: 100_00 }));
    const wd = await expectOk(ctx, '27', 'cash.withdraw', ctx.dcp.call('cash.withdraw', { sum: 40_00 }));
    ctx.check(dep.document.kind === 'cash_in' && wd.document.kind === 'cash_out', '27', `cash_in and cash_out documents (${dep.document.kind}, ${wd.document.kind})`, [docEvidence(dep.document), docEvidence(wd.document)]);
    const mp = requests(ctx, 'MONEY_PLACEMENT', mark);
    const desc = mp.map((f) => `${path(f.decoded, 'money_placement.operation')}:${moneyTiyn(path(f.decoded, 'money_placement.sum'))}`);
    ctx.check(mp.length === 2, '27', `two MONEY_PLACEMENT frames reached the operator (${desc.join(', ')})`, mp.map((f) => frameEvidence(f)));
    const isDep = (v: unknown) => v === undefined || enumIs(v, 'DEPOSIT', 0);
    const isWd = (v: unknown) => enumIs(v, 'WITHDRAWAL', 1);
    ctx.check(mp.some((f) => isDep(path(f.decoded, 'money_placement.operation')) && moneyTiyn(path(f.decoded, 'money_placement.sum')) === 100_00), '27', 'the deposit of 100.00 was sent as DEPOSIT', mp.map((f) => frameEvidence(f)));
    ctx.check(mp.some((f) => isWd(path(f.decoded, 'money_placement.operation')) && moneyTiyn(path(f.decoded, 'money_placement.sum')) === 40_00), '27', 'the withdrawal of 40.00 was sent as WITHDRAWAL', mp.map((f) => frameEvidence(f)));
    // offline
    await offlineSale(ctx, '27', saleReceipt(ctx, 60_00));
    await enter(ctx, 'registration', '27');
    await callAdvancing(ctx, '27', 'cash.deposit offline', ctx.dcp.call('cash.deposit', { sum: 70_00 }));
    const upMark = ledgerMark(ctx);
    await reconnectAndFlush(ctx);
    const up = requests(ctx, 'MONEY_PLACEMENT', upMark).filter((f) => moneyTiyn(path(f.decoded, 'money_placement.sum')) === 70_00);
    ctx.check(up.length >= 1, '27', 'the deposit made offline reached the operator after reconnecting', up.map((f) => frameEvidence(f)));
    if (up.length) ctx.check(path(up[0]!.decoded, 'money_placement.is_offline') === true, '27', 'marked is_offline', frameEvidence(up[0]!));
  },
};

export const LINK_CASES: TestCase[] = [tcpProtocol, oneCycle, authorisation, saleData, zToOperator, signFromOperator, receiptPrint, sevenSeconds, returns, cash];
