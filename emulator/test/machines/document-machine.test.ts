import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, type AnyTransitionDefinition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { documentMachine, type DocumentDraft, type DocumentEvent } from '../../src/machines/document-machine.js';
import { Defects, type DefectName } from '../../src/defects.js';
import { parseQrUrl } from '../../../protocol/index.js';
import { emptyTotals } from '../../src/register/totals.js';
import type { Document, DocumentKind, Receipt } from '../../src/dcp/types.js';
import { allStateIds, allTransitions, transitionKey } from './graph-helpers.js';

const ID = { rnm: '010101234567', serial: 'ZN0001', kkmId: 424242, org: { title: 'ТОО «Тест»', iin: '123456789012', address: 'Алматы' }, pos: { title: 'Магазин', address: 'Алматы' } };
const AT = '2026-11-22T10:15:00.000+05:00';
const SALE: Receipt = { operation: 'sell', items: [{ name: 'Нан', price: 150_00, quantity: 1000 }], payments: [{ type: 'cash', sum: 150_00 }], customerIin: '987654321098' };
const TITLE = 'ФИСКАЛЬНЫЙ ЧЕК';

function draft(kind: DocumentKind, over: Partial<DocumentDraft> = {}): DocumentDraft {
  const document: Document = { kind, number: 5, shiftNumber: 2, printedAt: AT, fiscal: null, title: null, lines: kind === 'receipt' ? [] : ['X'], qr: null, ...(kind === 'receipt' ? { receipt: SALE } : {}) };
  return { kind, number: 5, shiftNumber: 2, document, fiscal: null, identity: ID, drawerCash: 1000_00, ...over };
}
const online = (sign = '4228143549'): Partial<DocumentDraft> => ({ fiscal: { mode: 'online', sign } });
const autonomous = (sign = '0000000003123456'): Partial<DocumentDraft> => ({ fiscal: { mode: 'autonomous', sign, offlineNumber: 3 } });

function assemble(d: DocumentDraft, defects: DefectName[] = []) {
  const actor = createActor(documentMachine, { input: { defects: new Defects(defects) } }).start();
  actor.send({ type: 'ASSEMBLE', draft: d });
  const s = actor.getSnapshot();
  actor.stop();
  return { value: s.value, doc: s.context.document!, qr: s.context.qrPayload };
}

test('reqs 23, 24, 39, 33–35: an online receipt carries the operator\'s sign, the fiscal title and a QR of sign, RNM, total and time', () => {
  const { value, doc, qr } = assemble(draft('receipt', online()));
  assert.is(value, 'fiscalReceipt');
  assert.equal(doc.fiscal, { mode: 'online', sign: '4228143549' });
  assert.is(doc.title, TITLE);
  assert.is(doc.lines[0], 'ФИСКАЛДЫҚ ЧЕК / ФИСКАЛЬНЫЙ ЧЕК');
  assert.ok(doc.lines.some((l) => l.includes('987654321098')), 'req 24: the customer IIN is printed');
  assert.equal(parseQrUrl(qr!), parseQrUrl(`http://consumer.oofd.kz?i=4228143549&f=010101234567&s=150.00&t=20261122T101500`));
  assert.equal(doc.totals, { total: 150_00, byPayment: { cash: 150_00 } });
});

test('reqs 29.3–29.5, 34.1: an autonomous receipt prints "Автономный", its autonomous sign and offline number; the QR carries that sign', () => {
  const { value, doc, qr } = assemble(draft('receipt', autonomous()));
  assert.is(value, 'autonomousReceipt');
  assert.equal(doc.fiscal, { mode: 'autonomous', sign: '0000000003123456' });
  assert.is(doc.title, TITLE, 'req 39: the autonomous sign is a sign');
  assert.ok(doc.lines.includes('Автономды / Автономный') || doc.lines.some((l) => l.includes('Автономный')));
  assert.ok(doc.lines.some((l) => l.includes('0000000003123456') && !l.startsWith('http')));
  assert.ok(qr!.includes('i=0000000003123456'));
});

test('reqs 39, 43.3: without a sign there is no title, no sign and no QR', () => {
  const { value, doc, qr } = assemble(draft('receipt', online('')));
  assert.is(value, 'unsignedReceipt');
  assert.is(doc.title, null);
  assert.is(doc.fiscal, null);
  assert.is(qr, null);
  assert.not.ok(doc.lines.some((l) => l.includes(TITLE)));
  assert.is(assemble(draft('x_report')).doc.title, null, 'an X report has no fiscal title');
  assert.is(assemble(draft('x_report'), ['title-without-sign']).doc.title, TITLE, 'title-without-sign puts it there');
  assert.is(assemble(draft('ofd_message'), ['title-without-sign']).doc.title, null);
});

test('req 32: labels in Kazakh and Russian; russian-only keeps only the Russian half', () => {
  const both = assemble(draft('receipt', online())).doc.lines;
  assert.ok(both.some((l) => /[ҚқҰұҮүӘәІіҢңҒғӨөҺһ]/.test(l)));
  const ru = assemble(draft('receipt', online()), ['russian-only']).doc.lines;
  assert.is(ru[0], TITLE);
  assert.not.ok(ru.some((l) => l.includes(' / ') && /[ҚқҰұҮүӘәІіҢңҒғӨөҺһ]/.test(l)));
});

test('defects switch their rule off in the action that owns it', () => {
  assert.equal(assemble(draft('receipt', online()), ['sign-altered']).doc.fiscal, { mode: 'online', sign: '42281435491' }, 'req 43.4');
  assert.is(assemble(draft('receipt', online()), ['no-qr']).qr, null, 'req 33');
  assert.ok(assemble(draft('receipt', online()), ['qr-wrong-sum']).qr!.includes('s=15000.00'), 'req 35');
  assert.not.ok(assemble(draft('receipt', online()), ['customer-iin-dropped']).doc.lines.some((l) => l.includes('987654321098')), 'req 24');
  const noSign = assemble(draft('receipt', autonomous()), ['autonomous-sign-not-printed']).doc.lines;
  assert.not.ok(noSign.some((l) => l.includes('0000000003123456') && !l.includes('?i=')), 'req 29.4');
  assert.not.ok(assemble(draft('receipt', autonomous()), ['no-autonomous-word']).doc.lines.some((l) => /Автономный|Автономды/.test(l)), 'req 29.5');
});

test('reqs 27, 29.5: a cash document shows its sum, the drawer after it, and "Автономный" when made offline', () => {
  const { value, doc } = assemble(draft('cash_out', { sum: 300_00, fiscal: { mode: 'online', sign: '' } }));
  assert.is(value, 'cashDocument');
  assert.ok(doc.lines.some((l) => l.endsWith(': 300.00')));
  assert.ok(doc.lines.some((l) => l.endsWith(': 700.00')), 'drawer 1000.00 − 300.00');
  assert.not.ok(doc.lines.some((l) => l.includes('Автономный')));
  assert.ok(assemble(draft('cash_in', { sum: 1, fiscal: { mode: 'autonomous', sign: '' } })).doc.lines.some((l) => l.includes('Автономный')));
});

test('reqs 31.5, 29.7: a Z report from the operator online, from the module\'s counters offline', () => {
  const totals = emptyTotals(2, 500_00);
  const local = assemble(draft('z_report', { totals, fiscal: { mode: 'autonomous', sign: '' } }));
  assert.is(local.value, 'zReportLocal');
  assert.ok(local.doc.lines.some((l) => l.includes('Автономный')));
  const server = assemble(draft('z_report', { totals, fiscal: { mode: 'online', sign: '', serverReport: { shiftNumber: 2, operations: [], cashSum: undefined } } }));
  assert.is(server.value, 'zReportFromOperator');
  assert.ok(server.doc.lines.some((l) => l.includes('ОФД')));
  assert.is(server.doc.title, null);
});

// ------------------------------------------------------------------------------------------------
// Model-based: every state and transition from xstate/graph's shortest paths, replayed on a real
// actor; the title names the requirement of the deciding transition, the test checks that rule.

interface Case { text: string; event: DocumentEvent; check: (doc: Document, qr: string | null) => void }
const CASES: Case[] = [
  { text: 'an online receipt', event: { type: 'ASSEMBLE', draft: draft('receipt', online()) }, check: (d, qr) => { assert.is(d.title, TITLE); assert.ok(qr?.includes('i=4228143549')); } },
  { text: 'an autonomous receipt', event: { type: 'ASSEMBLE', draft: draft('receipt', autonomous()) }, check: (d, qr) => { assert.ok(d.lines.some((l) => l.includes('Автономный'))); assert.ok(qr?.includes('i=0000000003123456')); } },
  { text: 'a receipt without a sign', event: { type: 'ASSEMBLE', draft: draft('receipt', online('')) }, check: (d, qr) => { assert.is(d.title, null); assert.is(qr, null); } },
  { text: 'a cash in', event: { type: 'ASSEMBLE', draft: draft('cash_in', { sum: 100, fiscal: { mode: 'online', sign: '' } }) }, check: (d) => { assert.ok(d.lines.some((l) => l.endsWith(': 1.00'))); assert.is(d.title, null); } },
  { text: 'a Z report online', event: { type: 'ASSEMBLE', draft: draft('z_report', { totals: emptyTotals(2, 0), fiscal: { mode: 'online', sign: '', serverReport: { shiftNumber: 2 } } }) }, check: (d) => { assert.ok(d.lines.some((l) => l.includes('ОФД'))); } },
  { text: 'a Z report offline', event: { type: 'ASSEMBLE', draft: draft('z_report', { totals: emptyTotals(2, 0), fiscal: { mode: 'autonomous', sign: '' } }) }, check: (d) => { assert.ok(d.lines.some((l) => l.includes('Автономный'))); } },
  { text: 'an X report', event: { type: 'ASSEMBLE', draft: draft('x_report') }, check: (d) => { assert.is(d.title, null); assert.equal(d.lines, ['X']); } },
];

const label = new Map<unknown, Case>(CASES.map((c) => [c.event, c]));
const paths = getShortestPaths(documentMachine, {
  events: CASES.map((c) => c.event),
  input: {},
  serializeState: (s, e) => `${JSON.stringify(s.value)}|${e ? CASES.findIndex((c) => c.event === e) : -1}`,
  serializeEvent: (e) => String(CASES.findIndex((c) => c.event === e)),
});
const taken = new Set<string>();
const reqOf = (t: AnyTransitionDefinition | undefined) => (t?.meta as { requirement?: string } | undefined)?.requirement;

for (const path of paths) {
  const steps = path.steps.filter((s) => (s.event as { type: string }).type !== 'xstate.init');
  const transitions: AnyTransitionDefinition[][] = [];
  let current: AnyTransitionDefinition[] = [];
  const actor = createActor(documentMachine, {
    input: {},
    inspect: (ev) => { if (ev.type === '@xstate.microstep') current.push(...(ev as unknown as { _transitions: AnyTransitionDefinition[] })._transitions); },
  }).start();
  const values: unknown[] = [];
  for (const step of steps) {
    current = [];
    actor.send(step.event);
    transitions.push(current);
    values.push(actor.getSnapshot().value);
  }
  const final = actor.getSnapshot();
  actor.stop();
  for (const ts of transitions) for (const t of ts) taken.add(transitionKey(t));
  const last = transitions[transitions.length - 1] ?? [];
  const decided = [...last].reverse().find((t) => reqOf(t));
  const lastCase = steps.length ? label.get(steps[steps.length - 1]!.event) : undefined;
  const title = `${reqOf(decided) ? `req ${reqOf(decided)}` : 'start'}: ${steps.map((s) => label.get(s.event)?.text).join(' → ') || 'start'} ⇒ ${JSON.stringify(path.state.value)}`;
  test(`model: ${title}`, () => {
    steps.forEach((s, i) => assert.equal(values[i], s.state.value, 'the real actor is where the model is'));
    const stateMeta = Object.values(final.getMeta()) as { requirement?: string }[];
    if (decided) assert.ok(stateMeta.some((m) => m.requirement), 'the state reached names its requirement');
    if (lastCase) lastCase.check(final.context.document!, final.context.qrPayload);
  });
}

test('model: the paths took every transition and entered every state', () => {
  const all = allTransitions(documentMachine).map(transitionKey);
  assert.equal(all.filter((t) => !taken.has(t)), []);
  const entered = new Set(['document', 'document.idle']);
  for (const k of taken) { const [src, rest] = k.split(' '); void rest; entered.add(src!); for (const t of k.split(' → ')[1]!.split(',')) entered.add(t); }
  assert.equal(allStateIds(documentMachine).filter((id) => !entered.has(id)), []);
});

test.run();
