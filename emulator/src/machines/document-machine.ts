// The printed document (reqs 23, 24, 27, 29.3–29.5, 29.7, 31–35, 39, 43.3, 43.4): what a receipt,
// a cash in/out, a Z report or another report looks like once the fiscal cycle decided its sign.
//
//   fiscalReceipt        23, 24   the operator's fiscal sign, unchanged (43.4), the title, the QR
//   autonomousReceipt    29.3–29.5 the module's autonomous sign printed with the word "Автономный";
//                                 the QR carries the autonomous sign (34.1)
//   unsignedReceipt      39       no sign, no title "ФИСКАЛЬНЫЙ ЧЕК" (43.3)
//   cashDocument         27       the sum and the cash in the drawer
//   zReportFromOperator  31.5     the operator's report, printed
//   zReportLocal         29.7     built from the module's counters without the operator
//   nonFiscalDocument    39, 43.3 X, sections, cashiers reports, notices: never the fiscal title
//
// Every label is printed in Kazakh and Russian (32). The QR payload follows
// Protocol://URL?i=<sign>&f=<RNM>&s=<tenge.tiyn>&t=<dateTtime> (33–35). Seeded defects switch off
// the rule in the action that owns it. The machine is long-lived: each ASSEMBLE picks the state of
// its document in one step, and that state's entry actions lay it out.
import { and, assign, setup } from 'xstate';
import type { Document, DocumentFiscal, DocumentKind, Receipt } from '../dcp/types.js';
import type { DefectName } from '../defects.js';
import { message } from '../i18n/message.js';
import { qrPayload } from '../qr/payload.js';
import { both, header, money, receiptTotal, renderReceipt, type RegisterIdentity } from '../register/render.js';
import { byPayment, localReportLines, serverReportLines } from '../register/report-lines.js';
import { revenue, type ShiftTotals } from '../register/totals.js';
import type { ZXReport } from '../../../protocol/index.js';
import type { Fiscalisation } from './fiscal-cycle-machine.js';

/** What the register hands over: the document so far and how the fiscal cycle signed it. */
export interface DocumentDraft {
  kind: DocumentKind;
  number: number;
  shiftNumber: number;
  /** printedAt, the receipt; for reports and notices their lines */
  document: Document;
  /** the fiscal cycle's outcome (documents that are only printed have none) */
  fiscal: Fiscalisation | null;
  identity: RegisterIdentity;
  qrBaseUrl?: string;
  /** a return: the original receipt's sign */
  parent?: { sign: string };
  /** cash in / out */
  sum?: number;
  /** the Z report's counters */
  totals?: ShiftTotals;
  /** cash in the drawer before this document */
  drawerCash: number;
}

export interface DocumentContext {
  defects: { has(name: DefectName): boolean };
  draft: DocumentDraft | null;
  document: Document | null;
  /** the QR payload (the register renders the PNG) */
  qrPayload: string | null;
  /** the receipt as printed (the customer's IIN on demand, req 24) */
  shown: Receipt | null;
  /** the sign as printed */
  printedFiscal: DocumentFiscal | null;
}

export type DocumentEvent = { type: 'ASSEMBLE'; draft: DocumentDraft };

type Step = (c: DocumentContext) => Partial<DocumentContext>;

const draftOf = (c: DocumentContext) => c.draft!;
const receiptOf = (c: DocumentContext) => c.draft!.document.receipt!;
const isAutonomous = (c: DocumentContext) => c.draft!.fiscal?.mode === 'autonomous';
const edit = (c: DocumentContext, patch: Partial<Document>): Partial<DocumentContext> => ({ document: { ...c.document!, ...patch } });
const FISCAL_TITLE = message('doc.fiscal_receipt', 'ru');

/**
 * The steps that lay a document out, each named for the rule it carries out. A state lists its
 * steps (`layOut` runs them in order, in one context update); each step consults the defect
 * that breaks its rule.
 */
export const LAYOUT_STEPS = {
  /** reqs 23, 43.4: the operator's sign as it came (the sign-altered defect changes it) */
  takeOperatorSign: (c) => {
    const sign = draftOf(c).fiscal!.sign;
    return edit(c, { fiscal: { mode: 'online', sign: c.defects.has('sign-altered') ? `${sign}1` : sign } });
  },
  /** req 29.3: the module's autonomous sign, unique for the register's life */
  takeAutonomousSign: (c) => edit(c, { fiscal: { mode: 'autonomous', sign: draftOf(c).fiscal!.sign } }),
  /** reqs 39, 43.3: "ФИСКАЛЬНЫЙ ЧЕК" only on a document with a sign (title-without-sign puts it on the X report) */
  titleOnlyWithSign: (c) => edit(c, {
    title: c.document!.fiscal ? FISCAL_TITLE : draftOf(c).kind === 'x_report' && c.defects.has('title-without-sign') ? FISCAL_TITLE : null,
  }),
  /** reqs 33–35, 34.1: the check URL with the sign, RNM, total and time (no-qr, qr-wrong-sum defects) */
  buildQrPayload: (c) => {
    if (c.defects.has('no-qr')) return { qrPayload: null };
    const d = draftOf(c);
    const total = receiptTotal(receiptOf(c));
    return {
      qrPayload: qrPayload({
        sign: c.document!.fiscal!.sign, rnm: d.identity.rnm, sumTiyn: c.defects.has('qr-wrong-sum') ? total * 100 : total,
        at: d.document.printedAt, ...(d.qrBaseUrl !== undefined ? { baseUrl: d.qrBaseUrl } : {}),
      }),
    };
  },
  /** req 24: the customer's IIN is printed when given (customer-iin-dropped drops it) */
  printCustomerIin: (c) => {
    const r = receiptOf(c);
    if (!c.defects.has('customer-iin-dropped')) return { shown: r };
    const { customerIin: _c, ...rest } = r;
    return { shown: rest };
  },
  /** reqs 24, 29.4: the sign is printed (autonomous-sign-not-printed leaves the autonomous one out) */
  printSign: (c) => ({
    printedFiscal: isAutonomous(c) && c.defects.has('autonomous-sign-not-printed') ? { mode: 'autonomous', sign: '' } : c.document!.fiscal,
  }),
  /** req 31.1: the receipt, line by line */
  layOutReceipt: (c) => {
    const d = draftOf(c);
    const r = receiptOf(c);
    const f = d.fiscal;
    const lines = renderReceipt({
      id: d.identity, receipt: c.shown ?? r, number: d.number, shiftNumber: d.shiftNumber, at: d.document.printedAt,
      fiscal: c.printedFiscal,
      ...(f?.mode === 'autonomous' && f.offlineNumber !== undefined ? { offlineNumber: f.offlineNumber } : {}),
      ...(c.qrPayload ? { qrPayload: c.qrPayload } : {}),
      ...(d.parent && r.parentNumber !== undefined ? { parent: { number: r.parentNumber, sign: d.parent.sign } } : {}),
    });
    return edit(c, { lines, totals: { total: receiptTotal(r), byPayment: Object.fromEntries(r.payments.map((p) => [p.type, p.sum])) } });
  },
  /** req 29.5: the word "Автономный" on an autonomous receipt (no-autonomous-word removes it) */
  printAutonomousWord: (c) => (c.defects.has('no-autonomous-word')
    ? edit(c, { lines: c.document!.lines.filter((l) => l !== both('word.autonomous')).map((l) => l.replace(/Автономный|Автономды/g, '').trim()) })
    : {}),
  /** req 32: every label in Kazakh and Russian (russian-only keeps the Russian half of each "kz / ru") */
  printInKazakhAndRussian: (c) => (c.defects.has('russian-only')
    ? edit(c, { lines: c.document!.lines.map((l) => l.split('  ').map((seg) => (seg.includes(' / ') ? seg.split(' / ').slice(1).join(' / ') : seg)).join('  ')) })
    : {}),
  /** reqs 27, 29.5: a cash in/out: its sum, "Автономный" when made offline, the drawer after it */
  layOutCashDocument: (c) => {
    const d = draftOf(c);
    const sum = d.sum ?? 0;
    return edit(c, {
      lines: [both(d.kind === 'cash_in' ? 'doc.cash_in' : 'doc.cash_out'), ...header(d.identity, d.shiftNumber, d.number, d.document.printedAt), `${both('line.sum')}: ${money(sum)}`,
        ...(isAutonomous(c) ? [both('word.autonomous')] : []), `${both('line.cash_in_drawer')}: ${money(d.drawerCash + (d.kind === 'cash_in' ? 1 : -1) * sum)}`],
      totals: { total: sum, byPayment: { cash: sum } },
    });
  },
  /** req 31.5: the Z report the operator made */
  layOutOperatorZReport: (c) => {
    const d = draftOf(c);
    return edit(c, {
      lines: [both('doc.z_report'), ...header(d.identity, d.shiftNumber, d.number, d.document.printedAt), `${both('line.ofd')}: ${both('word.online')}`, ...serverReportLines(d.fiscal!.serverReport as ZXReport)],
      totals: { total: revenue(d.totals!), byPayment: byPayment(d.totals!) },
    });
  },
  /** req 29.7: the Z report built from the module's counters */
  layOutLocalZReport: (c) => {
    const d = draftOf(c);
    return edit(c, {
      lines: [both('doc.z_report'), ...header(d.identity, d.shiftNumber, d.number, d.document.printedAt), both('word.autonomous'), ...localReportLines(d.totals!)],
      totals: { total: revenue(d.totals!), byPayment: byPayment(d.totals!) },
    });
  },
} satisfies Record<string, Step>;

export type LayoutStep = keyof typeof LAYOUT_STEPS;

export const documentMachine = setup({
  types: {} as { context: DocumentContext; events: DocumentEvent; input: { defects?: { has(name: DefectName): boolean } } },
  guards: {
    isReceipt: ({ event }) => event.draft.kind === 'receipt',
    isCashDocument: ({ event }) => event.draft.kind === 'cash_in' || event.draft.kind === 'cash_out',
    isZReport: ({ event }) => event.draft.kind === 'z_report',
    /** req 23: the operator answered with its fiscal sign */
    signedByOperator: ({ event }) => event.draft.fiscal?.mode === 'online' && event.draft.fiscal.sign !== '',
    /** req 29.3: the module gave its autonomous sign */
    signedAutonomously: ({ event }) => event.draft.fiscal?.mode === 'autonomous' && event.draft.fiscal.sign !== '',
    /** req 31.5: the operator sent the Z report */
    operatorSentReport: ({ event }) => event.draft.fiscal?.serverReport !== undefined,
  },
  actions: {
    /** the draft taken, then the state's steps in order (one context update per document) */
    layOut: assign(({ context, event }, params: { steps: readonly LayoutStep[] }) => {
      let c: DocumentContext = { defects: context.defects, draft: event.draft, document: { ...event.draft.document }, qrPayload: null, shown: null, printedFiscal: null };
      for (const step of params.steps) c = { ...c, ...LAYOUT_STEPS[step](c) };
      return c;
    }),
  },
}).createMachine({
  id: 'document',
  initial: 'idle',
  context: ({ input }) => ({ defects: input.defects ?? { has: () => false }, draft: null, document: null, qrPayload: null, shown: null, printedFiscal: null }),
  on: {
    // which document this is, decided in one step; its state's entry lays it out
    ASSEMBLE: [
      { guard: and(['isReceipt', 'signedByOperator']), target: '.fiscalReceipt', reenter: true, meta: { requirement: '23' } },
      { guard: and(['isReceipt', 'signedAutonomously']), target: '.autonomousReceipt', reenter: true, meta: { requirement: '29.3' } },
      { guard: 'isReceipt', target: '.unsignedReceipt', reenter: true, meta: { requirement: '39' } },
      { guard: 'isCashDocument', target: '.cashDocument', reenter: true, meta: { requirement: '27' } },
      { guard: and(['isZReport', 'operatorSentReport']), target: '.zReportFromOperator', reenter: true, meta: { requirement: '31.5' } },
      { guard: 'isZReport', target: '.zReportLocal', reenter: true, meta: { requirement: '29.7' } },
      { target: '.nonFiscalDocument', reenter: true, meta: { requirement: '39' } },
    ],
  },
  states: {
    idle: {},
    fiscalReceipt: {
      meta: { requirement: '24' },
      entry: { type: 'layOut', params: { steps: ['takeOperatorSign', 'titleOnlyWithSign', 'buildQrPayload', 'printCustomerIin', 'printSign', 'layOutReceipt', 'printInKazakhAndRussian'] } },
    },
    autonomousReceipt: {
      meta: { requirement: '29.4' },
      entry: { type: 'layOut', params: { steps: ['takeAutonomousSign', 'titleOnlyWithSign', 'buildQrPayload', 'printCustomerIin', 'printSign', 'layOutReceipt', 'printAutonomousWord', 'printInKazakhAndRussian'] } },
    },
    unsignedReceipt: {
      meta: { requirement: '43.3' },
      entry: { type: 'layOut', params: { steps: ['titleOnlyWithSign', 'printCustomerIin', 'printSign', 'layOutReceipt', 'printInKazakhAndRussian'] } },
    },
    cashDocument: { meta: { requirement: '27' }, entry: { type: 'layOut', params: { steps: ['layOutCashDocument'] } } },
    zReportFromOperator: { meta: { requirement: '31.5' }, entry: { type: 'layOut', params: { steps: ['layOutOperatorZReport'] } } },
    zReportLocal: { meta: { requirement: '29.7' }, entry: { type: 'layOut', params: { steps: ['layOutLocalZReport'] } } },
    nonFiscalDocument: { meta: { requirement: '39' }, entry: { type: 'layOut', params: { steps: ['titleOnlyWithSign'] } } },
  },
});
