// Reports: X (from the operator online, from local counters offline), sections, cashiers, and
// the Z report that closes the shift — online, offline, after the 24 h block, and with altered data.
import type { CaseContext } from '../../case.js';
import type { DcpDocument } from '../../dcp/types.js';
import { advanceUntilSettled, enter, errorEvidence, isRefusal, saleReceipt, state, stateEvidence } from '../../context/dut.js';
import { answerTo, enumIs, frameEvidence, ledgerMark, path, requests } from '../../context/operator.js';
import { docEvidence, linesText, showsFiscalTitle } from '../../context/documents.js';
import { callAdvancing, printedCopy, sellAdvancing } from '../../context/flows.js';
import type { ModelStep } from '../paths.js';
import { memoryOf, moneyPattern, r, remember, rememberZ, tags, type Executor } from './memory.js';

const SETTLE_MS = 15_000;

async function report(ctx: CaseContext, req: string, method: 'report.x' | 'report.sections' | 'report.cashiers'): Promise<DcpDocument> {
  await enter(ctx, 'reports', r(req));
  return (await callAdvancing(ctx, r(req), method, ctx.dcp.call(method, {}), 20_000, 1_000)).document;
}

const xReport: Executor = async (ctx, step) => {
  const m = memoryOf(ctx);
  const mark = ledgerMark(ctx);
  const x = await report(ctx, '31.4', 'report.x');
  const p = await printedCopy(ctx, r('31.4'), x);
  ctx.check(!!p, r('31'), `the X report №${x.number} was printed`, docEvidence(p ?? x));
  if (step.from === 'online') {
    const rq = requests(ctx, 'REPORT', mark);
    const a = rq[0] ? answerTo(ctx, rq[0]) : undefined;
    ctx.check(rq.some((f) => enumIs(path(f.decoded, 'report.report'), 'X', 1)) && !!a && a.result === 0 && !!path(a.decoded, 'report.zx_report'), r('31.4'),
      `online, the X report was requested from the operator and answered with the report (${rq.length} REPORT frames, result ${a?.result})`, [...rq, ...(a ? [a] : [])].map((f) => frameEvidence(f)));
    ctx.check(x.kind === 'x_report' && !!p, r('31.4'), 'the online X report is printed', docEvidence(p ?? x));
    if (tags(step, '43.3')) ctx.check(x.title === null && !showsFiscalTitle(x) && !!p && !showsFiscalTitle(p) && p.title === null, r('43.3'), `the X report (no fiscal sign) does not carry "Фискальный чек" (answered ${JSON.stringify(x.title)}, printed ${JSON.stringify(p?.title)})`, docEvidence(p ?? x));
  } else {
    const total = x.totals?.total;
    const want = m.shiftOnlySales ? m.shiftSales : null;
    ctx.check(x.kind === 'x_report' && !!p && (want === null || total === want || (total === undefined && moneyPattern(want).test(linesText(p)))), r('31.4'),
      `offline, an X report is printed from the register's counters${want === null ? '' : ` with the shift total ${want} (${total ?? 'printed'})`}`, docEvidence(p ?? x));
  }
};

const sectionsReport: Executor = async (ctx) => {
  for (const [price, section] of [[210_00, 5], [320_00, 6]] as const) {
    const { doc } = await sellAdvancing(ctx, r('31.3'), saleReceipt(ctx, price, { section }), 20_000, 1_000);
    remember(ctx, doc);
  }
  const d = await report(ctx, '31.3', 'report.sections');
  const p = await printedCopy(ctx, r('31.3'), d);
  ctx.check(!!p, r('31'), `the sections report №${d.number} was printed`, docEvidence(p ?? d));
  ctx.check(d.kind === 'sections_report' && !!p && /210[.,]00/.test(linesText(p)) && /320[.,]00/.test(linesText(p)), r('31.3'), `a sections report (${d.kind}) was printed with the sums of both sections (210.00 and 320.00)`, docEvidence(p ?? d));
};

const cashiersReport: Executor = async (ctx) => {
  const d = await report(ctx, '31.2', 'report.cashiers');
  const p = await printedCopy(ctx, r('31.2'), d);
  ctx.check(!!p, r('31'), `the cashiers report №${d.number} was printed`, docEvidence(p ?? d));
  ctx.check(d.kind === 'cashiers_report' && !!p && p.lines.length > 0, r('31.2'), `a cashiers report was printed (${d.kind}, ${p?.lines.length ?? 0} lines)`, docEvidence(p ?? d));
};

async function takeZ(ctx: CaseContext, req: string): Promise<{ doc?: DcpDocument; error?: unknown }> {
  await enter(ctx, 'close_shift', r(req));
  const res = await advanceUntilSettled(ctx, ctx.dcp.call('report.z', {}), 20_000, 1_000);
  if (res.ok) return { doc: res.value!.document };
  return { error: res.error ?? new Error(`report.z got no answer within ${res.advancedMs} ms`) };
}

async function closeOnline(ctx: CaseContext, step: ModelStep): Promise<void> {
  const m = memoryOf(ctx);
  const shift = m.shiftNumber;
  const want = m.shiftOnlySales ? m.shiftSales : null;
  const mark = ledgerMark(ctx);
  const z = await takeZ(ctx, '12');
  if (!z.doc) {
    ctx.check(false, r('12'), `report.z was refused: ${(z.error as Error)?.message}`, errorEvidence(z.error));
    return;
  }
  const doc = z.doc;
  rememberZ(ctx, doc, false);
  const p = await printedCopy(ctx, r('12'), doc);
  const s = await state(ctx);
  const cs = requests(ctx, 'CLOSE_SHIFT', mark);
  const f = cs[0];
  const a = f ? answerTo(ctx, f) : undefined;
  ctx.check(doc.kind === 'z_report' && !!p && cs.length === 1 && !s.shift.open, r('12'), `the shift was closed: a Z report printed, one CLOSE_SHIFT sent (${cs.length}), the shift closed`, [docEvidence(p ?? doc), stateEvidence(s)]);
  if (tags(step, '31')) ctx.check(!!p, r('31'), `the Z report №${doc.number} was printed`, docEvidence(p ?? doc));
  if (tags(step, '13')) {
    const sum = f ? path(f.decoded, 'close_shift.z_report.checksum') : undefined;
    ctx.check(typeof sum === 'string' && sum.length > 0, r('13'), `the CLOSE_SHIFT frame carries the Z report checksum (${JSON.stringify(sum)})`, f ? frameEvidence(f) : undefined);
  }
  if (tags(step, '22') && f) {
    const n = path(f.decoded, 'close_shift.fr_shift_number') ?? path(f.decoded, 'close_shift.z_report.shift_number');
    ctx.check((shift === null || Number(n) === shift) && !!path(f.decoded, 'close_shift.z_report') && !!a && a.result === 0, r('22'), `CLOSE_SHIFT names the closed shift ${shift} (${n}), carries the Z report and was accepted (result ${a?.result})`, frameEvidence(f));
  } else if (tags(step, '22')) ctx.check(false, r('22'), 'no CLOSE_SHIFT reached the operator');
  if (tags(step, '31.5')) {
    ctx.check(!!a && a.result === 0 && !!path(a.decoded, 'report.zx_report') && !!p && p.kind === 'z_report' && (want === null || moneyPattern(want).test(linesText(p))), r('31.5'),
      `the operator answered CLOSE_SHIFT with its Z report, printed as its own document${want === null ? '' : ` showing the shift total ${want / 100}`}`, [...(a ? [frameEvidence(a)] : []), docEvidence(p ?? doc)]);
  }
}

async function closeOffline(ctx: CaseContext): Promise<void> {
  const m = memoryOf(ctx);
  const want = m.shiftOnlySales ? m.shiftSales : null;
  const z = await takeZ(ctx, '29.7');
  if (!z.doc) {
    ctx.check(false, r('29.7'), `offline report.z was refused: ${(z.error as Error)?.message}`, errorEvidence(z.error));
    return;
  }
  rememberZ(ctx, z.doc, true);
  const p = await printedCopy(ctx, r('29.7'), z.doc);
  const s = await state(ctx);
  ctx.check(z.doc.kind === 'z_report' && !!p && !s.shift.open, r('29.7'), 'offline, "Close shift" printed a Z report and closed the shift', [docEvidence(p ?? z.doc), stateEvidence(s)]);
  ctx.check(want === null || z.doc.totals?.total === want, r('29.7'), `its total ${z.doc.totals?.total} covers the shift's receipts (${want ?? 'mixed operations'})`, docEvidence(z.doc));
  ctx.check(!!p, r('31'), `the Z report №${z.doc.number} was printed`, docEvidence(p ?? z.doc));
  ctx.check(!!p && p.kind === 'z_report', r('31.5'), 'without the operator the Z report is generated on the register and printed', docEvidence(p ?? z.doc));
}

async function closeExpired(ctx: CaseContext): Promise<void> {
  const mark = ledgerMark(ctx);
  const z = await takeZ(ctx, '12');
  if (!z.doc) {
    ctx.check(false, r('12'), `report.z of the expired shift was refused: ${(z.error as Error)?.message}`, errorEvidence(z.error));
    return;
  }
  rememberZ(ctx, z.doc, false);
  const p = await printedCopy(ctx, r('12'), z.doc);
  const cs = requests(ctx, 'CLOSE_SHIFT', mark);
  const s = await state(ctx);
  ctx.check(!!p && cs.length === 1 && !s.shift.open, r('12'), `the Z report closes the shift older than 24 h (printed, ${cs.length} CLOSE_SHIFT, shift closed)`, [docEvidence(p ?? z.doc), stateEvidence(s)]);
}

async function closeTampered(ctx: CaseContext): Promise<void> {
  const z = await takeZ(ctx, '13');
  const s = await state(ctx);
  const detected = (z.error !== undefined && isRefusal(z.error, 'selftest_failed')) || s.blocked !== null;
  const ev = [z.doc ? docEvidence(z.doc) : errorEvidence(z.error), stateEvidence(s)];
  ctx.check(detected, r('13'), `taking the Z report runs the integrity control and finds the altered receipt (${z.doc ? 'Z printed' : `Z refused: ${(z.error as Error)?.message}`}; blocked ${JSON.stringify(s.blocked)})`, ev);
  ctx.check(detected, r('2'), 'the self-test runs at the end of the shift (Z report)', ev);
}

const closeShift: Executor = async (ctx, step) => {
  switch (step.from) {
    case 'online': return closeOnline(ctx, step);
    case 'offline': return closeOffline(ctx);
    case 'expired': return closeExpired(ctx);
    case 'tampered': return closeTampered(ctx);
    default: throw new Error(`model: CLOSE_SHIFT has no executor in state ${step.from}`);
  }
};

export const REPORT_EXECUTORS = {
  X_REPORT: xReport,
  SECTIONS_REPORT: sectionsReport,
  CASHIERS_REPORT: cashiersReport,
  CLOSE_SHIFT: closeShift,
} satisfies Record<string, Executor>;
