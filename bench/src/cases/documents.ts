// Requirements 11, 31, 31.1–31.5, 32, 39, 43.3: the documents the register prints, their
// languages, and the fiscal-mode title only with a fiscal sign.
import type { TestCase, CaseContext } from '../case.js';
import type { DcpDocument } from '../dcp/types.js';
import { advanceUntilSettled, enter, expectOk, expectRefused, logout, prepare, saleReceipt, sell, zReport } from '../context/dut.js';
import { addFault, answerTo, frameEvidence, ledgerMark, linkDown, path, requests, waitForFrame, enumIs } from '../context/operator.js';
import { docEvidence, hasKazakh, hasRussian, isCyrillic, linesText, showsFiscalTitle } from '../context/documents.js';
import { callAdvancing, offlineSale, printedCopy, sellAdvancing } from '../context/flows.js';

async function report(ctx: CaseContext, req: '31.2' | '31.3' | '31.4' | '43.3', method: 'report.x' | 'report.sections' | 'report.cashiers'): Promise<DcpDocument> {
  await enter(ctx, 'reports', req);
  return (await callAdvancing(ctx, req, method, ctx.dcp.call(method, {}))).document;
}

const receiptPrinted: TestCase = {
  id: 'req-31.1-receipt-printed',
  title: 'A sale prints a receipt with its lines and total',
  covers: ['31.1'],
  async run(ctx) {
    await prepare(ctx);
    const doc = await sell(ctx, '31.1', saleReceipt(ctx, 201_50));
    const p = await printedCopy(ctx, '31.1', doc);
    if (!p) return;
    ctx.check(p.kind === 'receipt' && p.lines.length > 3, '31.1', `a receipt with ${p.lines.length} lines was printed`, docEvidence(p));
    ctx.check(/201[.,]50/.test(linesText(p)), '31.1', 'the printed receipt shows the total 201.50', docEvidence(p));
  },
};

const cashiers: TestCase = {
  id: 'req-31.2-cashiers-report',
  title: 'The cashiers report is printed',
  covers: ['31.2'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '31.2');
    const d = await report(ctx, '31.2', 'report.cashiers');
    const p = await printedCopy(ctx, '31.2', d);
    ctx.check(d.kind === 'cashiers_report' && !!p && p.lines.length > 0, '31.2', `a cashiers report was printed (${d.kind})`, docEvidence(p ?? d));
    await logout(ctx);
  },
};

const sections: TestCase = {
  id: 'req-31.3-sections-report',
  title: 'The sections report is printed with the sections sold',
  covers: ['31.3'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '31.3', saleReceipt(ctx, 210_00, { section: 1 }));
    await sell(ctx, '31.3', saleReceipt(ctx, 320_00, { section: 2 }));
    const d = await report(ctx, '31.3', 'report.sections');
    const p = await printedCopy(ctx, '31.3', d);
    ctx.check(d.kind === 'sections_report' && !!p, '31.3', `a sections report was printed (${d.kind})`, docEvidence(p ?? d));
    if (p) ctx.check(/210[.,]00/.test(linesText(p)) && /320[.,]00/.test(linesText(p)), '31.3', 'it shows the sums of both sections (210.00 and 320.00)', docEvidence(p));
    await logout(ctx);
  },
};

const xReport: TestCase = {
  id: 'req-31.4-x-report-online-and-offline',
  title: 'The X report comes from the operator when online and from local counters when offline',
  covers: ['31.4'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '31.4', saleReceipt(ctx, 230_00));
    const mark = ledgerMark(ctx);
    const x = await report(ctx, '31.4', 'report.x');
    const rq = requests(ctx, 'REPORT', mark);
    ctx.check(rq.some((f) => enumIs(path(f.decoded, 'report.report'), 'X', 1)), '31.4', `online, the X report was requested from the operator (${rq.length} REPORT frames)`, rq.map((f) => frameEvidence(f)));
    const a = rq[0] ? answerTo(ctx, rq[0]) : undefined;
    ctx.check(!!a && a.result === 0 && !!path(a.decoded, 'report.zx_report'), '31.4', 'and the operator answered with the report', a ? frameEvidence(a) : undefined);
    const p = await printedCopy(ctx, '31.4', x);
    ctx.check(x.kind === 'x_report' && !!p, '31.4', 'the online X report is printed', docEvidence(p ?? x));
    await offlineSale(ctx, '31.4', saleReceipt(ctx, 240_00));
    const x2 = await report(ctx, '31.4', 'report.x');
    const p2 = await printedCopy(ctx, '31.4', x2);
    ctx.check(x2.kind === 'x_report' && !!p2, '31.4', 'offline, an X report is still printed from local counters', docEvidence(p2 ?? x2));
    if (x2.totals) ctx.check(x2.totals.total === 230_00 + 240_00, '31.4', `its total ${x2.totals.total} counts the online and the autonomous sale`, docEvidence(x2));
    else if (p2) ctx.check(/470[.,]00/.test(linesText(p2)), '31.4', 'it shows the shift total 470.00', docEvidence(p2));
    await logout(ctx);
  },
};

const zReportDoc: TestCase = {
  id: 'req-31.5-z-report-from-server',
  title: 'The Z report is requested from the operator and printed as a separate document',
  covers: ['31.5'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const s = await sell(ctx, '31.5', saleReceipt(ctx, 250_00));
    const mark = ledgerMark(ctx);
    const z = await zReport(ctx, '31.5');
    const cs = requests(ctx, 'CLOSE_SHIFT', mark);
    const a = cs[0] ? answerTo(ctx, cs[0]) : undefined;
    ctx.check(!!a && a.result === 0 && !!path(a.decoded, 'report.zx_report'), '31.5', 'the operator answered CLOSE_SHIFT with its Z report', [...cs, ...(a ? [a] : [])].map((f) => frameEvidence(f)));
    const p = await printedCopy(ctx, '31.5', z);
    ctx.check(!!p && p.kind === 'z_report' && p.number !== s.number, '31.5', 'the Z report is printed as its own document', docEvidence(p ?? z));
    if (p) ctx.check(/250[.,]00/.test(linesText(p)), '31.5', 'it shows the shift total 250.00', docEvidence(p));
    // without the operator the Z report is generated on the register
    await offlineSale(ctx, '31.5', saleReceipt(ctx, 251_00));
    await enter(ctx, 'close_shift', '31.5');
    const z2 = await callAdvancing(ctx, '31.5', 'offline report.z', ctx.dcp.call('report.z', {}));
    const p2 = await printedCopy(ctx, '31.5', z2.document);
    ctx.check(!!p2 && p2.kind === 'z_report', '31.5', 'offline, the Z report is generated on the register and printed', docEvidence(p2 ?? z2.document));
  },
};

/** Key requisites of a receipt: [what, Russian label, Kazakh label]. */
const REQUISITES: [string, RegExp, RegExp][] = [
  ['fiscal receipt', /фискальный\s+чек/i, /фискалд[ыі]қ\s+чек/i],
  ['total', /итог|всего/i, /барлығы|жиыны|қорытынды|жалпы\s+сома/i],
  ['fiscal sign', /фискальный\s+признак|\bФП\b/i, /фискалд[ыі]қ\s+белгі|\bФБ\b/i],
];

const kzRu: TestCase = {
  id: 'req-32-receipt-kz-ru',
  title: 'The receipt\'s requisites are printed in Kazakh and Russian',
  covers: ['32'],
  async run(ctx) {
    await prepare(ctx);
    const d = await sell(ctx, '32');
    const p = await printedCopy(ctx, '32', d);
    if (!p) return;
    const text = linesText(p);
    ctx.check(hasKazakh(text), '32', 'the printed receipt has Kazakh text (Kazakh letters)', docEvidence(p));
    ctx.check(hasRussian(text), '32', 'the printed receipt has Russian text', docEvidence(p));
    for (const [what, ru, kz] of REQUISITES) {
      ctx.check(ru.test(text) && kz.test(text), '32', `the requisite "${what}" is printed in Russian (${ru.test(text)}) and in Kazakh (${kz.test(text)})`, docEvidence(p));
    }
  },
};

const display: TestCase = {
  id: 'req-11-display-languages',
  title: 'Displayed information is in Kazakh and/or Russian',
  covers: ['11'],
  async run(ctx) {
    await prepare(ctx);
    const langs = ctx.hello.languages ?? [];
    ctx.check(langs.length > 0 && langs.every((l) => l === 'kz' || l === 'ru' || l === 'kk'), '11', `the DUT declares kz/ru languages (${langs.join(', ')})`);
    await sell(ctx, '11');
    await offlineSale(ctx, '11');
    const msgs = ctx.notifications.displays();
    ctx.check(msgs.length > 0, '11', `display messages were shown (${msgs.length})`);
    const bad = msgs.filter((m) => !['kz', 'ru', 'kk'].includes(m.lang) || !isCyrillic(m.text));
    ctx.check(bad.length === 0, '11', `every display message is in kz or ru, in Cyrillic (${bad.length} are not)`, { kind: 'display', summary: `${msgs.length} messages`, data: msgs.slice(0, 10) });
  },
};

const titleWithSign: TestCase = {
  id: 'req-39-fiscal-title-only-with-sign',
  title: '"Фискальный чек" is printed on online and autonomous receipts, only once the sign exists',
  covers: ['39', '43.3'],
  async run(ctx) {
    await prepare(ctx);
    const on = await sell(ctx, '39', saleReceipt(ctx, 260_00));
    const pOn = await printedCopy(ctx, '39', on);
    if (pOn) ctx.check(showsFiscalTitle(pOn) && !!pOn.fiscal?.sign, '39', `the online receipt carries "Фискальный чек" with its sign (title ${JSON.stringify(pOn.title)})`, docEvidence(pOn));
    const x = await report(ctx, '43.3', 'report.x');
    const px = (await printedCopy(ctx, '39', x)) ?? x;
    ctx.check(!showsFiscalTitle(px) && px.title === null && x.title === null, '39', `the X report (no sign) does not carry the fiscal title (printed ${JSON.stringify(px.title)}, answered ${JSON.stringify(x.title)})`, [docEvidence(px), docEvidence(x)]);
    // while the operator's answer is pending nothing with the title is printed
    const kkmId = ctx.profile.registration.kkmId;
    await addFault(ctx, { name: 'case-slow', kind: 'latency', direction: 'to-kkm', match: { kkmId, command: 'TICKET' }, attrs: { ms: 3000 } });
    await enter(ctx, 'registration', '39');
    const printed0 = ctx.notifications.printed().length;
    const mark = ledgerMark(ctx);
    const p = ctx.dcp.call('receipt.create', saleReceipt(ctx, 261_00));
    await waitForFrame(ctx, (f) => f.direction === 'to-ofd' && f.command === 'TICKET', mark);
    await ctx.clock.advance(2000);
    const early = ctx.notifications.printed().slice(printed0).filter((d) => showsFiscalTitle(d));
    ctx.check(early.length === 0, '43.3', `nothing with "Фискальный чек" is printed before the sign arrives (${early.length})`, early.map((d) => docEvidence(d)));
    const r = await advanceUntilSettled(ctx, p, 5000);
    if (r.ok) {
      const pp = await printedCopy(ctx, '39', r.value!.document);
      if (pp) ctx.check(showsFiscalTitle(pp) && pp.fiscal?.mode === 'online', '39', 'after the sign arrived the receipt is printed with the title', docEvidence(pp));
    }
    const off = await offlineSale(ctx, '39', saleReceipt(ctx, 262_00));
    const pOff = await printedCopy(ctx, '39', off);
    if (pOff) ctx.check(showsFiscalTitle(pOff) && pOff.fiscal?.mode === 'autonomous' && !!pOff.fiscal.sign, '39', 'the autonomous receipt carries the title with its autonomous sign', docEvidence(pOff));
  },
};

const noTitle: TestCase = {
  id: 'req-43.3-no-title-without-sign',
  title: 'Reports, notices and failed fiscalisations never show "Фискальный чек" without a sign',
  covers: ['43.3'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '43.3');
    const x = await report(ctx, '43.3', 'report.x');
    ctx.check(x.title === null && !showsFiscalTitle(x), '43.3', `the X report as answered carries no fiscal title (${JSON.stringify(x.title)})`, docEvidence(x));
    await enter(ctx, 'service', '43.3');
    await expectOk(ctx, '43.3', 'selftest.run', ctx.dcp.call('selftest.run', {}));
    // the operator rejects the ticket (INCORRECT_REQUEST_DATA): no sign, so no fiscal title
    await addFault(ctx, { name: 'case-reject', kind: 'result_code', direction: 'to-ofd', match: { kkmId: ctx.profile.registration.kkmId, command: 'TICKET', count: 1 }, attrs: { result: 13, text: 'rejected (test)' } });
    await enter(ctx, 'registration', '43.3');
    await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 270_00)), 15_000);
    await linkDown(ctx, 'refuse');
    await zReport(ctx, '43.3').catch(() => undefined);
    await logout(ctx);
    const all = ctx.notifications.printed();
    const nonFiscalWithTitle = all.filter((d) => d.kind !== 'receipt' && showsFiscalTitle(d) && d.fiscal === null);
    ctx.check(nonFiscalWithTitle.length === 0, '43.3', `no non-fiscal document (X/Z, self-test, notices) shows "Фискальный чек" (${nonFiscalWithTitle.length})`, nonFiscalWithTitle.map((d) => docEvidence(d)));
    const withoutSign = all.filter((d) => showsFiscalTitle(d) && (!d.fiscal || !d.fiscal.sign));
    ctx.check(withoutSign.length === 0, '43.3', `every document showing "Фискальный чек" has a fiscal sign (${withoutSign.length} do not)`, withoutSign.map((d) => docEvidence(d)));
    const titled = all.filter((d) => d.title !== null && d.fiscal === null);
    ctx.check(titled.length === 0, '43.3', `no document has a title without a fiscal sign (${titled.length})`, titled.map((d) => docEvidence(d)));
    void expectRefused; void sellAdvancing;
  },
};

export const DOCUMENT_CASES: TestCase[] = [receiptPrinted, cashiers, sections, xReport, zReportDoc, kzRu, display, titleWithSign, noTitle];
