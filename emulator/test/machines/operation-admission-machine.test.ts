import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createActor, fromPromise, type AnyTransitionDefinition } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import {
  operationAdmissionMachine, refusalOf,
  type AdmissionEvent, type AdmissionRequest, type RegisterFacts, type Refusal,
} from '../../src/machines/operation-admission-machine.js';
import { Defects, type DefectName } from '../../src/defects.js';
import type { Mode, Receipt } from '../../src/dcp/types.js';
import { allStateIds, allTransitions, Pending, ticks, transitionKey } from './graph-helpers.js';

const SELLER_IIN = '123456789012';
const SALE: Receipt = { operation: 'sell', items: [{ name: 'Хлеб', price: 25_000, quantity: 1000 }], payments: [{ type: 'cash', sum: 25_000 }] };

/** Facts of a register where every rule holds; each test breaks one. */
function facts(over: Partial<RegisterFacts> = {}, asked?: string[]): RegisterFacts {
  const base: RegisterFacts = {
    poweredOn: () => true,
    mode: () => 'registration',
    selfTestBlock: () => null,
    suspension: () => null,
    operatorBlock: () => null,
    offlineUnder72h: () => true,
    shiftUnder24h: () => true,
    shiftOpen: () => false,
    paperPresent: () => true,
    operatorReachable: () => true,
    scanned: () => false,
    drawerCash: () => 100_000,
    sellerIin: () => SELLER_IIN,
    protocolVersion: () => 203,
    signedReceipt: (n) => n === 1,
    lastDocumentAt: () => Date.parse('2026-01-01T10:00:00+05:00'),
    lastDocumentTime: () => '2026-01-01T10:00:00.000+05:00',
    firmwareSignatureValid: (_image, signature) => signature === 'good',
    modeLabel: (m) => m ?? '—',
  };
  const all = { ...base, ...over };
  if (!asked) return all;
  return Object.fromEntries(Object.entries(all).map(([k, f]) => [k, (...a: never[]) => { asked.push(k); return (f as (...x: never[]) => unknown)(...a); }])) as unknown as RegisterFacts;
}

function sut(defects: DefectName[] = [], password = '2222') {
  const told: Refusal[] = [];
  const actor = createActor(operationAdmissionMachine.provide({
    actors: { verifyPassword: fromPromise(async ({ input }: { input: { mode: Mode; password: string } }) => input.password === password) },
    actions: { tellCashier: ({ context }) => { told.push(context.refusal!); } },
  }), { input: { defects: new Defects(defects) } }).start();
  const ask = (request: AdmissionRequest, f: RegisterFacts = facts()) => {
    actor.send({ type: 'REQUEST', request, facts: f });
    return actor.getSnapshot();
  };
  return { actor, told, ask };
}

function domainRefusal(s: { matches(v: 'refused'): boolean; context: { refusal: Refusal | null } }) {
  const r = refusalOf(s as never);
  assert.ok(r && r.kind === 'domain', `expected a domain refusal, got ${JSON.stringify(r)}`);
  return r as Extract<Refusal, { kind: 'domain' }>;
}

const receipt = (r: Partial<Receipt> = {}): AdmissionRequest => ({ operation: 'receipt', receipt: { ...SALE, ...r } });

test('req 5: a valid receipt in registration mode is admitted; nothing is told to the cashier', () => {
  const { ask, told } = sut();
  const s = ask(receipt());
  assert.is(s.value, 'admitted');
  assert.is(refusalOf(s), null);
  assert.equal(told, []);
});

test('req 10: an operation outside its mode is refused with wrong_mode; the cashier sees the mode', () => {
  const { ask, told } = sut();
  const s = ask(receipt(), facts({ mode: () => 'reports' }));
  assert.equal(s.value, { refused: 'wrongMode' });
  const r = domainRefusal(s);
  assert.is(r.reason, 'wrong_mode');
  assert.is(r.requirement, '10');
  assert.is(r.message, 'receipt.create needs mode registration (now reports)');
  assert.equal(told[0]!.kind === 'domain' && told[0]!.display, { key: 'display.wrong_mode', kind: 'error', params: { mode: 'reports' } });
  assert.equal(ask({ operation: 'z_report' }).value, { refused: 'wrongMode' }, 'a Z report needs close_shift');
  assert.is(ask({ operation: 'x_report' }).value, 'admitted', 'an X report in registration mode');
});

test('req 10 (mode-not-checked defect): the mode guard lets any mode through', () => {
  const { ask } = sut(['mode-not-checked']);
  assert.is(ask(receipt(), facts({ mode: () => null })).value, 'admitted');
});

test('the register must be powered on before anything else is asked', () => {
  const asked: string[] = [];
  const { ask } = sut();
  const s = ask(receipt(), facts({ poweredOn: () => false }, asked));
  assert.equal(s.value, { refused: 'poweredOff' });
  assert.is(domainRefusal(s).reason, 'not_supported');
  assert.equal(asked, ['poweredOn'], 'no other fact is read once a rule refuses');
});

test('req 3: a failed self-test blocks receipts, cash and reports — not settings', () => {
  const { ask } = sut();
  const blocked = facts({ selfTestBlock: () => '3.3' });
  const r = domainRefusal(ask(receipt(), blocked));
  assert.equal([r.reason, r.requirement], ['selftest_failed', '3.3']);
  assert.equal(ask({ operation: 'cash_in', sum: 100 }, blocked).value, { refused: 'selfTestFailed' });
  assert.is(ask({ operation: 'settings', changes: { token: 1 } }, facts({ selfTestBlock: () => '3.3', mode: () => 'programming' })).value, 'admitted');
  assert.is(sut(['selftest-failure-ignored']).ask(receipt(), blocked).value, 'admitted', 'the defect lets it work');
});

test('req 16: a suspension by the operator blocks every document; the cashier sees the operator\'s text', () => {
  const { ask, told } = sut();
  const s = ask({ operation: 'x_report' }, facts({ suspension: () => ({ reason: 'КГД', shown: 'Приостановлено КГД' }) }));
  const r = domainRefusal(s);
  assert.equal([r.reason, r.requirement, r.message], ['suspended_by_ofd', '16', 'operations suspended by the operator: КГД']);
  assert.equal(told[0]!.kind === 'domain' && told[0]!.display?.params, { text: 'Приостановлено КГД' });
});

test('req 20: results 1–5 of the operator block until a token is entered', () => {
  const r = domainRefusal(sut().ask(receipt(), facts({ operatorBlock: () => ({ code: 2, text: 'bad token' }) })));
  assert.equal([r.reason, r.requirement, r.message], ['suspended_by_ofd', '20', 'the operator answered 2: bad token — blocked until fixed']);
});

test('req 29.6: past 72 h offline receipts and cash are refused, reports are not', () => {
  const { ask } = sut();
  const old = facts({ offlineUnder72h: () => false });
  assert.equal(ask(receipt(), old).value, { refused: 'offlineTooLong' });
  assert.equal(domainRefusal(ask({ operation: 'cash_out', sum: 1 }, old)).requirement, '29.6');
  assert.is(ask({ operation: 'x_report' }, old).value, 'admitted');
  const d = sut(['no-offline-block']);
  const asked: string[] = [];
  assert.is(d.ask(receipt(), facts({ offlineUnder72h: () => false }, asked)).value, 'admitted', 'the defect switches the block off');
  assert.ok(asked.includes('offlineUnder72h'), 'the autonomy machine still checks its limit under the defect');
});

test('req 14: 24 h after the shift opened, payment documents are refused — cash in/out are not payment documents', () => {
  const { ask, told } = sut();
  const late = facts({ shiftUnder24h: () => false });
  const r = domainRefusal(ask(receipt(), late));
  assert.equal([r.reason, r.requirement], ['shift_expired', '14']);
  assert.equal(told[0]!.kind === 'domain' && told[0]!.display?.key, 'display.shift_expired');
  assert.is(ask({ operation: 'cash_in', sum: 1 }, late).value, 'admitted');
  assert.is(sut(['shift-not-limited']).ask(receipt(), late).value, 'admitted');
});

test('req 6: without paper nothing is printed — firmware and settings go on', () => {
  const { ask } = sut();
  const none = facts({ paperPresent: () => false });
  const { told } = sut();
  const again = sut();
  assert.equal(again.ask(receipt(), none).value, { refused: 'noPaper' });
  assert.equal(again.ask(receipt(), none).value, { refused: 'noPaper' });
  assert.is(again.told.length, 2, 'the cashier is told again at the same refusal');
  void told;
  assert.equal(domainRefusal(ask({ operation: 'z_report' }, facts({ paperPresent: () => false, mode: () => 'close_shift' }))).reason, 'no_paper');
  assert.is(ask({ operation: 'firmware', image: 'AA==', signature: 'good' }, none).value, 'admitted');
  assert.is(sut(['no-paper-ignored']).ask(receipt(), none).value, 'admitted');
});

test('reqs 6, 15, 24: cashier errors, unknown operations, bad customer IIN and returns are refused as invalid_receipt in this order', () => {
  const { ask } = sut();
  const msg = (r: AdmissionRequest) => domainRefusal(ask(r)).message;
  assert.is(msg(receipt({ operation: 'gift' as never, items: [] })), 'unknown operation', 'req 15 before the items');
  assert.is(msg(receipt({ items: [] })), 'a receipt needs at least one item');
  assert.is(msg(receipt({ payments: [{ type: 'cash', sum: 1 }] })), 'payments 0.01 do not cover the total 250.00');
  assert.is(msg(receipt({ customerIin: '12345' })), 'customerIin must be 12 digits');
  assert.is(msg(receipt({ customerIin: SELLER_IIN })), "the customer's IIN equals the seller's");
  assert.is(msg(receipt({ operation: 'sell_return' })), 'a return needs parentNumber (the original receipt)');
  assert.is(msg(receipt({ operation: 'sell_return', parentNumber: 7 })), 'no receipt 7 to return');
  assert.is(ask(receipt({ operation: 'sell_return', parentNumber: 1 })).value, 'admitted');
  assert.is(msg(receipt({ operation: 'buy', items: [{ name: 'x', price: 200_000, quantity: 1000 }], payments: [{ type: 'cash', sum: 200_000 }] })), 'not enough cash in the drawer (1000.00)');
  const r = domainRefusal(ask(receipt({ customerIin: '1' })));
  assert.equal([r.reason, r.requirement], ['invalid_receipt', '6'], 'DCP carries req 6 (a cashier error blocks the operation)');
  assert.is(ask(receipt({ customerIin: '870412300123' })).value, 'admitted', 'req 24: a valid customer IIN');
});

test('req 7.1: a marked item is refused until its marking code was scanned', () => {
  const { ask, told } = sut();
  const marked = receipt({ items: [{ name: 'Сигареты', price: 25_000, quantity: 1000, markingCode: '0104600266011725' }] });
  const r = domainRefusal(ask(marked));
  assert.equal([r.reason, r.requirement], ['marking_required', '7.1']);
  assert.equal(told[0]!.kind === 'domain' && told[0]!.display?.params, { item: 'Сигареты' });
  assert.is(ask(marked, facts({ scanned: (c) => c === '0104600266011725' })).value, 'admitted');
  assert.is(sut(['marking-not-checked']).ask(marked).value, 'admitted');
});

test('req 27: cash out only what is in the drawer; a cash sum must be positive', () => {
  const { ask } = sut();
  const r = domainRefusal(ask({ operation: 'cash_out', sum: 100_001 }));
  assert.equal([r.reason, r.requirement, r.message], ['invalid_receipt', '27', 'not enough cash in the drawer: 1000.00']);
  assert.is(ask({ operation: 'cash_out', sum: 100_000 }).value, 'admitted');
  const p = refusalOf(ask({ operation: 'cash_in', sum: 0 }));
  assert.equal(p, { kind: 'params', message: 'sum must be a positive integer (tiyn)', path: '$.sum' });
});

test('reqs 31.2, 31.3, 29.7: reports refused only by their defects', () => {
  assert.is(sut().ask({ operation: 'sections_report' }).value, 'admitted');
  assert.equal(sut(['no-sections-report']).ask({ operation: 'sections_report' }).value, { refused: 'notSupported' });
  assert.equal(sut(['no-cashiers-report']).ask({ operation: 'cashiers_report' }, facts({ poweredOn: () => false })).value, { refused: 'notSupported' }, 'before the power check');
  const offline = facts({ mode: () => 'close_shift', operatorReachable: () => false });
  assert.is(sut().ask({ operation: 'z_report' }, offline).value, 'admitted', 'req 29.7: a Z offline');
  assert.equal(sut(['offline-z-refused']).ask({ operation: 'z_report' }, offline).value, { refused: 'notSupported' });
});

test('reqs 41, 40.2: connection settings only with the shift closed (the token is the exception); the RNM has 12+ characters', () => {
  const { ask } = sut();
  const open = facts({ mode: () => 'programming', shiftOpen: () => true });
  const r = domainRefusal(ask({ operation: 'settings', changes: { channels: [], rnm: '123456789012' } }, open));
  assert.equal([r.reason, r.requirement, r.message], ['shift_open', '41', 'rnm, channels can be programmed only with the shift closed (the token is the exception)']);
  assert.is(ask({ operation: 'settings', changes: { token: 42, languages: ['ru'] } }, open).value, 'admitted');
  const closed = facts({ mode: () => 'programming' });
  assert.equal(refusalOf(ask({ operation: 'settings', changes: { rnm: '12345' } }, closed)), { kind: 'params', message: 'rnm must have at least 12 characters (req 40.2)', path: '$.rnm' });
  assert.is(sut(['rnm-not-validated']).ask({ operation: 'settings', changes: { rnm: '12345' } }, closed).value, 'admitted');
  assert.is(sut(['settings-with-shift-open']).ask({ operation: 'settings', changes: { channels: [] } }, open).value, 'admitted');
});

test('reqs 1.2, 41, 42: clock.set — its password, then the shift closed, then not before the last document', async () => {
  const { actor, ask } = sut();
  const later = '2026-01-02T10:00:00+05:00';
  const wait = async () => { await ticks(); return actor.getSnapshot(); };
  ask({ operation: 'clock', now: later, password: '2222' }, facts({ mode: () => null }));
  assert.is(actor.getSnapshot().value, 'checkingClockPassword', 'waits for the module to check the password');
  assert.is((await wait()).value, 'admitted', 'logged out, the programming password sets the clock');
  ask({ operation: 'clock', now: later, password: '1111' }, facts({ mode: () => null }));
  const bad = domainRefusal(await wait());
  assert.equal([bad.reason, bad.requirement], ['bad_password', '1.2']);
  ask({ operation: 'clock', now: later, password: '2222' }, facts({ mode: () => 'registration' }));
  assert.equal(actor.getSnapshot().value, { refused: 'wrongMode' }, 'a cashier in sales mode may not');
  ask({ operation: 'clock', now: later, password: '2222' }, facts({ mode: () => 'programming', shiftOpen: () => true }));
  assert.equal(domainRefusal(await wait()).reason, 'shift_open');
  ask({ operation: 'clock', now: '2026-01-01T09:59:59+05:00', password: '2222' }, facts({ mode: () => 'service' }));
  const r = domainRefusal(await wait());
  assert.equal([r.reason, r.requirement, r.message], ['time_before_last_document', '42', '2026-01-01T09:59:59+05:00 is before the last fiscal document (2026-01-01T10:00:00.000+05:00)']);
  assert.equal(refusalOf(ask({ operation: 'clock', now: 'yesterday', password: '2222' }, facts({ mode: () => 'programming' }))), { kind: 'params', message: 'now must be an ISO-8601 time', path: '$.now' });
  const d = sut(['time-before-last-document']);
  d.ask({ operation: 'clock', now: '2025-01-01T00:00:00+05:00', password: '2222' }, facts({ mode: () => 'programming' }));
  await ticks();
  assert.is(d.actor.getSnapshot().value, 'admitted');
});

test('req 43.1: only firmware signed by the manufacturer', () => {
  const { ask, told } = sut();
  const r = domainRefusal(ask({ operation: 'firmware', image: 'AA==', signature: 'forged' }, facts({ mode: () => null })));
  assert.equal([r.reason, r.requirement], ['bad_signature', '43.1']);
  assert.equal(told[0]!.kind === 'domain' && told[0]!.display?.key, 'display.bad_signature');
  assert.is(ask({ operation: 'firmware', image: 'AA==', signature: 'good' }, facts({ mode: () => null })).value, 'admitted', 'in any mode, even logged out');
  assert.is(sut(['unsigned-firmware']).ask({ operation: 'firmware', image: 'AA==', signature: 'forged' }).value, 'admitted');
});

test('a rule that does not apply is never asked: a receipt reads its facts in the order of the rules', () => {
  const asked: string[] = [];
  sut().ask(receipt(), facts({}, asked));
  assert.equal(asked, ['poweredOn', 'mode', 'selfTestBlock', 'suspension', 'operatorBlock', 'offlineUnder72h', 'shiftUnder24h', 'paperPresent', 'sellerIin', 'protocolVersion', 'drawerCash']);
  const x: string[] = [];
  sut().ask({ operation: 'x_report' }, facts({}, x));
  assert.not.ok(x.includes('shiftUnder24h') || x.includes('offlineUnder72h'), 'an X report is neither a payment document nor queued');
});

// ------------------------------------------------------------------------------------------------
// Model-based: every state and transition of the machine, from xstate/graph's shortest paths,
// replayed on a real actor; each path's title names the requirement of the transition that decided.

interface Case { text: string; event: AdmissionEvent | { type: string; output?: boolean; error?: unknown } }
const REQ = (text: string, request: AdmissionRequest, over: Partial<RegisterFacts> = {}): Case => ({ text, event: { type: 'REQUEST', request, facts: facts(over) } });
const PROG = { mode: () => 'programming' as const };
const LATER = '2026-01-02T10:00:00+05:00';
const CASES: Case[] = [
  REQ('a valid receipt', receipt()),
  REQ('a receipt, powered off', receipt(), { poweredOn: () => false }),
  REQ('a receipt in reports mode', receipt(), { mode: () => 'reports' }),
  REQ('a deposit of 0', { operation: 'cash_in', sum: 0 }),
  REQ('clock.set to a non-time', { operation: 'clock', now: 'x', password: '2222' }, PROG),
  REQ('clock.set without a password', { operation: 'clock', now: LATER, password: 5 }, PROG),
  REQ('firmware without a signature', { operation: 'firmware', image: 'AA==', signature: null }),
  REQ('clock.set with the shift open', { operation: 'clock', now: LATER, password: '2222' }, { ...PROG, shiftOpen: () => true }),
  REQ('clock.set before the last document', { operation: 'clock', now: '2025-12-31T00:00:00+05:00', password: '2222' }, PROG),
  REQ('clock.set later, shift closed', { operation: 'clock', now: LATER, password: '2222' }, PROG),
  REQ('a receipt after a failed self-test', receipt(), { selfTestBlock: () => '3' }),
  REQ('a receipt while suspended', receipt(), { suspension: () => ({ reason: 'КГД', shown: 'КГД' }) }),
  REQ('a receipt after result 2', receipt(), { operatorBlock: () => ({ code: 2, text: '' }) }),
  REQ('a receipt 72 h offline', receipt(), { offlineUnder72h: () => false }),
  REQ('a receipt 24 h into the shift', receipt(), { shiftUnder24h: () => false }),
  REQ('a receipt without paper', receipt(), { paperPresent: () => false }),
  REQ('a receipt that is not an object', { operation: 'receipt', receipt: null as unknown as Receipt }),
  REQ('a receipt of an unknown operation', receipt({ operation: 'gift' as never })),
  REQ('a receipt without items', receipt({ items: [] })),
  REQ('a receipt paid short', receipt({ payments: [{ type: 'cash', sum: 1 }] })),
  REQ("a receipt with the seller's IIN as the customer's", receipt({ customerIin: SELLER_IIN })),
  REQ('a return without its original', receipt({ operation: 'sell_return' })),
  REQ('a purchase beyond the drawer', receipt({ operation: 'buy', items: [{ name: 'x', price: 200_000, quantity: 1000 }], payments: [{ type: 'cash', sum: 200_000 }] })),
  REQ('a marked item not scanned', receipt({ items: [{ name: 'x', price: 25_000, quantity: 1000, markingCode: '0104600266011725' }] })),
  REQ('a withdrawal beyond the drawer', { operation: 'cash_out', sum: 100_001 }),
  REQ('a withdrawal within the drawer', { operation: 'cash_out', sum: 100 }),
  REQ('a deposit', { operation: 'cash_in', sum: 100 }),
  REQ('an X report', { operation: 'x_report' }),
  REQ('a Z report', { operation: 'z_report' }, { mode: () => 'close_shift' }),
  REQ('channels with the shift open', { operation: 'settings', changes: { channels: [] } }, { ...PROG, shiftOpen: () => true }),
  REQ('a short RNM', { operation: 'settings', changes: { rnm: '1' } }, PROG),
  REQ('a token with the shift open', { operation: 'settings', changes: { token: 7 } }, { ...PROG, shiftOpen: () => true }),
  REQ('a forged firmware', { operation: 'firmware', image: 'AA==', signature: 'forged' }),
  REQ('a signed firmware', { operation: 'firmware', image: 'AA==', signature: 'good' }),
  { text: 'the module accepts the password', event: { type: 'xstate.done.actor.password', output: true } },
  { text: 'the module refuses the password', event: { type: 'xstate.done.actor.password', output: false } },
  { text: 'the module fails', event: { type: 'xstate.error.actor.password', error: new Error('no module') } },
];
// transitions only a seeded defect can take (their guards are defect switches)
const DEFECT_CASES: Case[] = [
  REQ('a sections report (no-sections-report)', { operation: 'sections_report' }),
  REQ('a Z report offline (offline-z-refused)', { operation: 'z_report' }, { mode: () => 'close_shift', operatorReachable: () => false }),
];
const MODEL_DEFECTS: DefectName[] = ['no-sections-report', 'offline-z-refused'];

interface Replayed {
  title: string;
  path: ReturnType<typeof getShortestPaths<typeof operationAdmissionMachine>>[number];
  /** per step: the transitions the real actor took and where it settled */
  steps: { text: string; transitions: AnyTransitionDefinition[]; value: unknown }[];
  final: ReturnType<(typeof operationAdmissionMachine)['getInitialSnapshot']>;
  told: Refusal[];
  error?: unknown;
}

const reqOf = (t: AnyTransitionDefinition | undefined) => (t?.meta as { requirement?: string } | undefined)?.requirement;

/** Shortest paths to every distinct settled snapshot, each replayed on a real actor. */
async function replayAll(cases: Case[], defects: DefectName[]): Promise<Replayed[]> {
  const label = new Map<unknown, string>(cases.map((c) => [c.event, c.text]));
  // events and facts told apart by their case (their functions do not serialise)
  const id = new Map<unknown, string>(cases.flatMap((c, i) => [[c.event, `e${i}`], ...('facts' in c.event ? [[c.event.facts, `f${i}`] as const] : [])]));
  const paths = getShortestPaths(operationAdmissionMachine, {
    events: cases.map((c) => c.event) as AdmissionEvent[],
    input: { defects: new Defects(defects) },
    // the module's answer to the password only while the machine waits for it
    filterEvents: (snap, e) => e.type === 'REQUEST' || snap.matches('checkingClockPassword'),
    // one vertex per (state, the case that led there): every way into a state is a path; after the
    // module's answer to a password, the clock request kept in the context tells the cases apart
    serializeState: (s, e) => `${JSON.stringify(s.value)}|${e ? id.get(e) ?? e.type : ''}|${e && e.type !== 'REQUEST' ? `${id.get(s.context.facts)}${JSON.stringify(s.context.request)}` : ''}`,
    serializeEvent: (e) => id.get(e) ?? JSON.stringify(e),
  });
  const out: Replayed[] = [];
  for (const path of paths) {
    const pending = new Pending();
    const told: Refusal[] = [];
    let current: AnyTransitionDefinition[] = [];
    const actor = createActor(operationAdmissionMachine.provide({
      actors: { verifyPassword: fromPromise(pending.logic<boolean>('password')) },
      actions: { tellCashier: ({ context }) => { told.push(context.refusal!); } },
    }), {
      input: { defects: new Defects(defects) },
      inspect: (ev) => { if (ev.type === '@xstate.microstep') current.push(...(ev as unknown as { _transitions: AnyTransitionDefinition[] })._transitions); },
    });
    const steps: Replayed['steps'] = [];
    let error: unknown;
    try {
      actor.start();
      for (const step of path.steps) {
        const ev = step.event as { type: string; output?: unknown; error?: unknown };
        current = [];
        if (ev.type === 'xstate.init') continue;
        if (ev.type === 'xstate.done.actor.password') await pending.resolve('password', ev.output);
        else if (ev.type === 'xstate.error.actor.password') await pending.reject('password', ev.error);
        else actor.send(ev as AdmissionEvent);
        steps.push({ text: label.get(step.event) ?? ev.type, transitions: current, value: actor.getSnapshot().value });
      }
    } catch (e) { error = e; }
    const final = actor.getSnapshot();
    actor.stop();
    const decided = [...(steps[steps.length - 1]?.transitions ?? [])].reverse().find((t) => reqOf(t));
    const requirement = reqOf(decided);
    const text = steps.map((s) => s.text).join(' → ') || 'start';
    out.push({ title: `${requirement ? `req ${requirement}` : 'dcp.md'}: ${text} ⇒ ${JSON.stringify(path.state.value)}`, path, steps, final, told, ...(error ? { error } : {}) });
  }
  return out;
}

const replays = [...await replayAll(CASES, []), ...await replayAll(DEFECT_CASES, MODEL_DEFECTS)];
const taken = new Set(replays.flatMap((r) => r.steps.flatMap((s) => s.transitions.map(transitionKey))));

for (const r of replays) {
  test(`model: ${r.title}`, () => {
    if (r.error) throw r.error;
    const modelSteps = r.path.steps.filter((s) => (s.event as { type: string }).type !== 'xstate.init');
    assert.is(r.steps.length, modelSteps.length);
    modelSteps.forEach((m, i) => assert.equal(r.steps[i]!.value, m.state.value, `after "${r.steps[i]!.text}" the real actor is where the model is`));
    const snap = r.final;
    if (snap.matches('refused')) {
      // the refusal is the one its state stands for, and the cashier was told each time
      const r0 = refusalOf(snap)!;
      const state = Object.values(snap.getMeta()).find((m) => (m as { reason?: string }).reason) as { reason: string; requirement?: string };
      assert.is(r0.kind === 'domain' ? r0.reason : 'invalid_params', state.reason, 'the refusal names the reason of its state');
      if (r0.kind === 'domain' && state.requirement && state.reason !== 'selftest_failed') assert.is(r0.requirement, state.requirement, 'and its requirement');
      assert.is(r.told.length, r.steps.filter((s) => JSON.stringify(s.value).includes('refused')).length, 'the cashier is told at each refusal');
      const last = r.steps[r.steps.length - 1]!.transitions;
      const into = last.find((t) => (t.target ?? []).some((n) => n.id.startsWith('admission.refused')));
      assert.ok(into, 'a guarded transition led into the refusal');
      assert.ok(into!.guard || into!.eventType.startsWith('xstate.'), `req ${reqOf(into)}: the refusal comes from a named rule (a guard, or the module's answer)`);
    } else {
      assert.is(refusalOf(snap), null, 'no refusal outside the refused states');
      if (snap.matches('admitted')) {
        // every guard on the way said yes: the last transition into `admitted` has no refusal action
        const last = r.steps[r.steps.length - 1]!.transitions;
        assert.ok(last.some((t) => (t.target ?? []).some((n) => n.id === 'admission.admitted')));
        assert.equal(r.told.filter((_, i) => i >= r.told.length), []);
      }
    }
  });
}

test('model: the paths took every transition of the machine', () => {
  const all = allTransitions(operationAdmissionMachine).map(transitionKey);
  assert.ok(all.length > 35, `expected the machine's transitions, got ${all.length}`);
  assert.equal(all.filter((t) => !taken.has(t)), []);
});

test('model: the paths entered every state of the machine', () => {
  const entered = new Set(['(machine)', 'admission', 'admission.idle']);
  for (const r of replays) for (const s of r.steps) for (const t of s.transitions) {
    entered.add(t.source.id);
    for (const n of t.target ?? []) { entered.add(n.id); if (n.parent) entered.add(n.parent.id); }
  }
  assert.equal(allStateIds(operationAdmissionMachine).filter((id) => !entered.has(id)), []);
});

test.run();
