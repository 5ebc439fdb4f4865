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
// the rule in the action that owns it. The machine is long-lived: each ASSEMBLE lays out a document.
import { assign, setup } from 'xstate';
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

type Ctx = { context: DocumentContext };
type Patch = Partial<Document>;

const draftOf = (c: DocumentContext) => c.draft!;
const receiptOf = (c: DocumentContext) => c.draft!.document.receipt!;
const isAutonomous = (c: DocumentContext) => c.draft!.fiscal?.mode === 'autonomous';
const patch = (p: (c: DocumentContext) => Patch) =>
  assign<DocumentContext, DocumentEvent, undefined, DocumentEvent, never>({ document: ({ context }) => ({ ...context.document!, ...p(context) }) });
const FISCAL_TITLE = message('doc.fiscal_receipt', 'ru');

export const documentMachine = setup({
  types: {} as { context: DocumentContext; events: DocumentEvent; input: { defects?: { has(name: DefectName): boolean } } },
  guards: {
    isReceipt: ({ context }: Ctx) => draftOf(context).kind === 'receipt',
    isCashDocument: ({ context }: Ctx) => draftOf(context).kind === 'cash_in' || draftOf(context).kind === 'cash_out',
    isZReport: ({ context }: Ctx) => draftOf(context).kind === 'z_report',
    /** req 23: the operator answered with its fiscal sign */
    signedByOperator: ({ context }: Ctx) => draftOf(context).fiscal?.mode === 'online' && draftOf(context).fiscal!.sign !== '',
    /** req 29.3: the module gave its autonomous sign */
    signedAutonomously: ({ context }: Ctx) => isAutonomous(context) && draftOf(context).fiscal!.sign !== '',
    /** req 31.5: the operator sent the Z report */
    operatorSentReport: ({ context }: Ctx) => draftOf(context).fiscal?.serverReport !== undefined,
  },
  actions: {
    takeDraft: assign({
      draft: ({ event }) => event.draft,
      document: ({ event }) => ({ ...event.draft.document }),
      qrPayload: null,
      shown: null,
      printedFiscal: null,
    }),
    /** reqs 23, 43.4: the operator's sign as it came (the sign-altered defect changes it) */
    takeOperatorSign: patch((c) => {
      const sign = draftOf(c).fiscal!.sign;
      return { fiscal: { mode: 'online', sign: c.defects.has('sign-altered') ? `${sign}1` : sign } };
    }),
    /** req 29.3: the module's autonomous sign, unique for the register's life */
    takeAutonomousSign: patch((c) => ({ fiscal: { mode: 'autonomous', sign: draftOf(c).fiscal!.sign } })),
    /** reqs 39, 43.3: "ФИСКАЛЬНЫЙ ЧЕК" only on a document with a sign (title-without-sign puts it on the X report) */
    titleOnlyWithSign: patch((c) => ({
      title: c.document!.fiscal ? FISCAL_TITLE : draftOf(c).kind === 'x_report' && c.defects.has('title-without-sign') ? FISCAL_TITLE : null,
    })),
    /** reqs 33–35, 34.1: the check URL with the sign, RNM, total and time (no-qr, qr-wrong-sum defects) */
    buildQrPayload: assign({
      qrPayload: ({ context }: Ctx) => {
        if (context.defects.has('no-qr')) return null;
        const d = draftOf(context);
        const total = receiptTotal(receiptOf(context));
        return qrPayload({
          sign: context.document!.fiscal!.sign, rnm: d.identity.rnm, sumTiyn: context.defects.has('qr-wrong-sum') ? total * 100 : total,
          at: d.document.printedAt, ...(d.qrBaseUrl !== undefined ? { baseUrl: d.qrBaseUrl } : {}),
        });
      },
    }),
    /** req 24: the customer's IIN is printed when given (customer-iin-dropped drops it) */
    printCustomerIin: assign({
      shown: ({ context }: Ctx) => {
        const r = receiptOf(context);
        if (!context.defects.has('customer-iin-dropped')) return r;
        const { customerIin: _c, ...rest } = r;
        return rest;
      },
    }),
    /** reqs 24, 29.4: the sign is printed (autonomous-sign-not-printed leaves the autonomous one out) */
    printSign: assign({
      printedFiscal: ({ context }: Ctx) =>
        isAutonomous(context) && context.defects.has('autonomous-sign-not-printed') ? { mode: 'autonomous' as const, sign: '' } : context.document!.fiscal,
    }),
    /** req 31.1: the receipt, line by line */
    layOutReceipt: patch((c) => {
      const d = draftOf(c);
      const r = receiptOf(c);
      const f = d.fiscal;
      const lines = renderReceipt({
        id: d.identity, receipt: c.shown!, number: d.number, shiftNumber: d.shiftNumber, at: d.document.printedAt,
        fiscal: c.printedFiscal,
        ...(f?.mode === 'autonomous' && f.offlineNumber !== undefined ? { offlineNumber: f.offlineNumber } : {}),
        ...(c.qrPayload ? { qrPayload: c.qrPayload } : {}),
        ...(d.parent && r.parentNumber !== undefined ? { parent: { number: r.parentNumber, sign: d.parent.sign } } : {}),
      });
      return { lines, totals: { total: receiptTotal(r), byPayment: Object.fromEntries(r.payments.map((p) => [p.type, p.sum])) } };
    }),
    /** req 29.5: the word "Автономный" on an autonomous receipt (no-autonomous-word removes it) */
    printAutonomousWord: patch((c) => (c.defects.has('no-autonomous-word')
      ? { lines: c.document!.lines.filter((l) => l !== both('word.autonomous')).map((l) => l.replace(/Автономный|Автономды/g, '').trim()) }
      : {})),
    /** req 32: every label in Kazakh and Russian (russian-only keeps the Russian half of each "kz / ru") */
    printInKazakhAndRussian: patch((c) => (c.defects.has('russian-only')
      ? { lines: c.document!.lines.map((l) => l.split('  ').map((seg) => (seg.includes(' / ') ? seg.split(' / ').slice(1).join(' / ') : seg)).join('  ')) }
      : {})),
    /** reqs 27, 29.5: a cash in/out: its sum, "Автономный" when made offline, the drawer after it */
    layOutCashDocument: patch((c) => {
      const d = draftOf(c);
      const sum = d.sum ?? 0;
      return {
        lines: [both(d.kind === 'cash_in' ? 'doc.cash_in' : 'doc.cash_out'), ...header(d.identity, d.shiftNumber, d.number, d.document.printedAt), `${both('line.sum')}: ${money(sum)}`,
          ...(isAutonomous(c) ? [both('word.autonomous')] : []), `${both('line.cash_in_drawer')}: ${money(d.drawerCash + (d.kind === 'cash_in' ? 1 : -1) * sum)}`],
        totals: { total: sum, byPayment: { cash: sum } },
      };
    }),
    /** req 31.5: the Z report the operator made */
    layOutOperatorZReport: patch((c) => {
      const d = draftOf(c);
      return {
        lines: [both('doc.z_report'), ...header(d.identity, d.shiftNumber, d.number, d.document.printedAt), `${both('line.ofd')}: ${both('word.online')}`, ...serverReportLines(d.fiscal!.serverReport as ZXReport)],
        totals: { total: revenue(d.totals!), byPayment: byPayment(d.totals!) },
      };
    }),
    /** req 29.7: the Z report built from the module's counters */
    layOutLocalZReport: patch((c) => {
      const d = draftOf(c);
      return {
        lines: [both('doc.z_report'), ...header(d.identity, d.shiftNumber, d.number, d.document.printedAt), both('word.autonomous'), ...localReportLines(d.totals!)],
        totals: { total: revenue(d.totals!), byPayment: byPayment(d.totals!) },
      };
    }),
  },
}).createMachine({
  id: 'document',
  initial: 'idle',
  context: ({ input }) => ({ defects: input.defects ?? { has: () => false }, draft: null, document: null, qrPayload: null, shown: null, printedFiscal: null }),
  on: {
    ASSEMBLE: { target: '.assembling', reenter: true, actions: 'takeDraft' },
  },
  states: {
    idle: {},
    assembling: {
      always: [
        { guard: { type: 'isReceipt' }, target: 'receipt', meta: { requirement: '31.1' } },
        { guard: 'isCashDocument', target: 'cashDocument', meta: { requirement: '27' } },
        { guard: 'isZReport', target: 'zReport', meta: { requirement: '31.5' } },
        { target: 'nonFiscalDocument', meta: { requirement: '39' } },
      ],
    },
    receipt: {
      meta: { requirement: '31.1' },
      always: [
        { guard: 'signedByOperator', target: 'fiscalReceipt', meta: { requirement: '23' } },
        { guard: 'signedAutonomously', target: 'autonomousReceipt', meta: { requirement: '29.3' } },
        { target: 'unsignedReceipt', meta: { requirement: '39' } },
      ],
    },
    fiscalReceipt: {
      meta: { requirement: '24' },
      entry: ['takeOperatorSign', 'titleOnlyWithSign', 'buildQrPayload', 'printCustomerIin', 'printSign', 'layOutReceipt', 'printInKazakhAndRussian'],
    },
    autonomousReceipt: {
      meta: { requirement: '29.4' },
      entry: ['takeAutonomousSign', 'titleOnlyWithSign', 'buildQrPayload', 'printCustomerIin', 'printSign', 'layOutReceipt', 'printAutonomousWord', 'printInKazakhAndRussian'],
    },
    unsignedReceipt: {
      meta: { requirement: '43.3' },
      entry: ['titleOnlyWithSign', 'printCustomerIin', 'printSign', 'layOutReceipt', 'printInKazakhAndRussian'],
    },
    cashDocument: {
      meta: { requirement: '27' },
      entry: 'layOutCashDocument',
    },
    zReport: {
      meta: { requirement: '31.5' },
      always: [
        { guard: 'operatorSentReport', target: 'zReportFromOperator', meta: { requirement: '31.5' } },
        { target: 'zReportLocal', meta: { requirement: '29.7' } },
      ],
    },
    zReportFromOperator: { meta: { requirement: '31.5' }, entry: 'layOutOperatorZReport' },
    zReportLocal: { meta: { requirement: '29.7' }, entry: 'layOutLocalZReport' },
    nonFiscalDocument: { meta: { requirement: '39' }, entry: 'titleOnlyWithSign' },
  },
});
