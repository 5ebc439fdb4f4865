// Receipts in every model state: online (the operator's sign), autonomous (the register's own),
// refused (blocked, expired, suspended, failed integrity), the four operation types, marked goods,
// cash in/out, and the refusals of a wrong operation (no paper, paid short, no marking code).
import { CaseAbort, type CaseContext } from '../../case.js';
import type { DcpDocument, Receipt } from '../../dcp/types.js';
import { advanceUntilSettled, enter, errorEvidence, expectOk, expectRefused, isRefusal, saleReceipt, state, stateEvidence } from '../../context/dut.js';
import { answerTo, enumIs, field, frameEvidence, frames, ledgerMark, moneyTiyn, path, requests, type Frame } from '../../context/operator.js';
import { docEvidence, hasKazakh, hasRussian, isCyrillic, linesText, printsSign, showsAutonomousMark, showsFiscalTitle } from '../../context/documents.js';
import { decodeQrPng, parseQrPayload, qrTimeOf, QR_MASK } from '../../context/qr.js';
import { operatorSign, printedCopy, sellAdvancing, ticketFor } from '../../context/flows.js';
import { isDcpError } from '../../errors.js';
import { offlineNotice } from '../../cases/offline.js';
import { markingCode } from '../../cases/devices.js';
import type { ModelStep } from '../paths.js';
import { memoryOf, moneyPattern, r, remember, settleAfterJump, tags, type Executor } from './memory.js';

/** Longest a receipt may take with the operator silent before it must be autonomous (7 s rule), plus margin. */
const SETTLE_MS = 15_000;
/** An online sale may wait for the register to (re)connect to the operator first: up to 20 s of its time, 1 s steps. */
const ONLINE_SETTLE_MS = 20_000;

/** The QR code of a printed receipt (reqs 33–36), judged against the document's own data. */
export function checkQr(ctx: CaseContext, step: ModelStep, p: DcpDocument): void {
  const ev = docEvidence(p);
  const payload = p.qr?.payload ?? '';
  if (tags(step, '33')) ctx.check(payload.length > 0, r('33'), `the ${p.fiscal?.mode} receipt №${p.number} has a QR code`, ev);
  const q = payload ? parseQrPayload(payload) : null;
  if (tags(step, '34')) {
    ctx.check(!!q && q.i === p.fiscal?.sign && q.f === ctx.profile.registration.rnm && q.sumTiyn === p.totals?.total && q.t === qrTimeOf(p.printedAt),
      r('34'), `the QR holds this receipt's sign, RNM, total and time (i=${q?.i} vs ${p.fiscal?.sign}, f=${q?.f}, s=${q?.s} vs ${p.totals?.total} tiyn, t=${q?.t} vs ${p.printedAt})`, ev);
  }
  if (tags(step, '35')) ctx.check(QR_MASK.test(payload) && q?.sumTiyn === p.totals?.total, r('35'), `the QR string matches Protocol://URL?i=…&f=…&s=tenge.tiyn&t=dateTtime (${payload})`, ev);
  if (tags(step, '36')) {
    const text = p.qr?.png ? decodeQrPng(p.qr.png) : null;
    ctx.check(!!payload && text === payload, r('36'), `the printed QR image decodes (jsqr) to the payload (${p.qr?.png ? (text ?? 'undecodable') : 'no image'})`, ev);
  }
}

/**
 * What reached the operator since `mark` (reqs 4, 20, 40.3): run also when the DUT refused the
 * sale, since a register the operator rejects (no reg_info, stale token) shows it on the wire.
 */
export function checkFrames(ctx: CaseContext, step: ModelStep, mark: number, t: Frame | undefined): void {
  const a = t ? answerTo(ctx, t) : undefined;
  const sent = frames(ctx, { direction: 'to-ofd', afterSeq: mark });
  if (tags(step, '4')) {
    const bad = sent.filter((f) => (f.rawHex !== null && !f.rawHex.toLowerCase().startsWith('a281')) || f.command === null || f.violations.length > 0);
    ctx.check(sent.length >= 1 && bad.length === 0, r('4'), `every frame sent over TCP (${sent.length}) starts with 0x81A2 and validates against the protocol (${bad.length} do not)`, (bad.length ? bad : sent).slice(0, 3).map((f) => frameEvidence(f)));
  }
  const kkmId = ctx.profile.registration.kkmId;
  if (tags(step, '20')) {
    const first = sent[0];
    const prev = first ? frames(ctx, { direction: 'to-kkm' }).filter((x) => x.seq < first.seq && x.result === 0 && x.token !== null).pop() : undefined;
    ctx.check(!!first && sent.every((f) => f.kkmId === kkmId), r('20'), `every request carries the registered ID ${kkmId}`, sent.slice(0, 2).map((f) => frameEvidence(f)));
    ctx.check(!!first && (!prev || first.token === prev.token), r('20'), `the request uses the token of the operator's last answer (${prev?.token ?? 'none before'}; sent ${first?.token})`, first ? [frameEvidence(first), ...(prev ? [frameEvidence(prev)] : [])] : undefined);
    ctx.check(!!t && path(t.decoded, 'service.reg_info.kkm') !== undefined && !!a && a.result === 0, r('20'), `the TICKET identifies the register (service.reg_info) and the operator accepted it (result ${a?.result})`, t ? frameEvidence(t) : undefined);
  }
  if (tags(step, '40.3')) {
    const reg = t ? path(t.decoded, 'service.reg_info.kkm.kkm_id') : undefined;
    ctx.check(sent.length > 0 && sent.every((f) => f.kkmId === kkmId) && reg === String(kkmId), r('40.3'), `every frame header carries ID ${kkmId} and reg_info.kkm.kkm_id is ${reg}`, t ? frameEvidence(t) : undefined);
  }
}

/**
 * A receipt that must get the operator's sign: what reached the operator (frames, ids, tokens,
 * reg_info), what it answered, what went to paper and what the fiscal memory keeps.
 */
export async function checkOnlineReceipt(ctx: CaseContext, step: ModelStep, doc: DcpDocument, mark: number): Promise<void> {
  const t = ticketFor(ctx, doc, mark);
  const a = t ? answerTo(ctx, t) : undefined;
  const sign = t ? operatorSign(ctx, t) : undefined;
  const p = await printedCopy(ctx, r(tags(step, '31.1') ? '31.1' : '5'), doc);
  const paper = p ?? doc;
  if (tags(step, '5')) {
    ctx.check(!!t && !!a && a.result === 0, r('5'), `when receipt.create answered, its TICKET had reached the operator and was answered OK (${t ? `result ${a?.result}` : 'no TICKET'})`, t ? frameEvidence(t) : docEvidence(doc));
    ctx.check(!!p && !!sign && p.fiscal?.sign === sign && printsSign(p, sign), r('5'), `the receipt was printed with the operator's sign ${sign} in the same cycle (printed ${p?.fiscal?.sign})`, docEvidence(paper));
  }
  if (tags(step, '23')) ctx.check(!!sign && doc.fiscal?.mode === 'online' && doc.fiscal.sign === sign, r('23'), `the receipt carries the sign the operator answered (${doc.fiscal?.mode} ${doc.fiscal?.sign}; operator ${sign})`, docEvidence(doc));
  if (tags(step, '24')) ctx.check(!!p && printsSign(p, sign), r('24'), `the printed lines contain the operator's sign ${sign}`, docEvidence(paper));
  if (tags(step, '31')) ctx.check(!!p, r('31'), `receipt №${doc.number} was printed (document.printed)`, docEvidence(paper));
  if (tags(step, '31.1')) {
    const total = doc.totals?.total ?? 0;
    ctx.check(!!p && p.kind === 'receipt' && p.lines.length > 3 && moneyPattern(total).test(linesText(p)), r('31.1'), `a receipt with ${p?.lines.length ?? 0} lines showing the total ${total / 100} was printed`, docEvidence(paper));
  }
  if (tags(step, '39')) ctx.check(!!p && showsFiscalTitle(p) && !!p.fiscal?.sign, r('39'), `the online receipt carries "Фискальный чек" with its sign (title ${JSON.stringify(p?.title)})`, docEvidence(paper));
  if (tags(step, '32') && p) {
    const text = linesText(p);
    ctx.check(hasKazakh(text) && hasRussian(text) && /фискальный\s+чек/i.test(`${p.title ?? ''}\n${text}`) && /фискалд[ыі]қ\s+чек/i.test(`${p.title ?? ''}\n${text}`),
      r('32'), `the receipt's requisites are printed in Kazakh (${hasKazakh(text)}) and Russian (${hasRussian(text)}), the fiscal title in both`, docEvidence(p));
  }
  if (tags(step, '43.4')) {
    const j = await ctx.dcp.call('journal.read', { fromNumber: doc.number, toNumber: doc.number });
    const stored = j.documents.find((d) => d.number === doc.number);
    const q = p?.qr?.payload ? parseQrPayload(p.qr.payload) : null;
    ctx.check(!!sign && stored?.fiscal?.sign === sign && q?.i === sign, r('43.4'), `fiscal memory and QR keep the operator's sign unchanged (${sign}: memory ${stored?.fiscal?.sign}, QR ${q?.i})`, stored ? docEvidence(stored) : docEvidence(doc));
  }
  checkFrames(ctx, step, mark, t);
  if (tags(step, '40.2')) {
    const q = p?.qr?.payload ? parseQrPayload(p.qr.payload) : null;
    const rnm = ctx.profile.registration.rnm;
    ctx.check(rnm.length >= 12 && !!t && path(t.decoded, 'service.reg_info.kkm.fns_kkm_id') === rnm && q?.f === rnm, r('40.2'), `the RNM ${rnm} (≥ 12 characters) is in reg_info.kkm.fns_kkm_id (${t ? path(t.decoded, 'service.reg_info.kkm.fns_kkm_id') : 'no TICKET'}) and the QR f=${q?.f}`, t ? frameEvidence(t) : undefined);
  }
  if (p) checkQr(ctx, step, p);
}

/** An autonomous receipt (link down or offline): formed, printed, own unique sign, marked. */
export async function checkAutonomousReceipt(ctx: CaseContext, step: ModelStep, doc: DcpDocument): Promise<void> {
  const m = memoryOf(ctx);
  const p = await printedCopy(ctx, r('26'), doc);
  const paper = p ?? doc;
  const sign = paper.fiscal?.sign;
  if (tags(step, '26')) ctx.check(!!p && p.kind === 'receipt' && p.fiscal?.mode === 'autonomous', r('26'), `without the operator the receipt is issued and printed (${p ? `printed, ${p.fiscal?.mode}` : 'not printed'})`, docEvidence(paper));
  if (tags(step, '29.1')) ctx.check(doc.fiscal?.mode === 'autonomous', r('29.1'), `with the operator unreachable receipt №${doc.number} is autonomous (mode ${doc.fiscal?.mode ?? 'none'})`, docEvidence(doc));
  if (tags(step, '29.3')) {
    ctx.check(!!sign && !m.autonomousSigns.includes(sign) && !m.onlineSigns.includes(sign), r('29.3'), `the autonomous sign "${sign ?? ''}" is the receipt's own and unique (not among ${m.autonomousSigns.length} earlier autonomous and ${m.onlineSigns.length} online signs)`, docEvidence(paper));
  }
  if (tags(step, '29.4')) ctx.check(!!p && printsSign(p, sign), r('29.4'), `the autonomous sign ${sign} is printed on the receipt`, docEvidence(paper));
  if (tags(step, '29.5')) ctx.check(!!p && showsAutonomousMark(p) && /автономный/i.test(linesText(p)), r('29.5'), 'the printed receipt carries the term "Автономный"', docEvidence(paper));
  if (tags(step, '39')) ctx.check(!!p && showsFiscalTitle(p) && !!sign, r('39'), 'the autonomous receipt carries "Фискальный чек" with its autonomous sign', docEvidence(paper));
  if (tags(step, '29.2')) {
    const n = offlineNotice(ctx);
    ctx.check(n !== null, r('29.2'), `the cashier was told there is no access to the operator and the register is autonomous (${n ?? 'no message'})`, { kind: 'display', summary: n ?? 'none', data: ctx.notifications.displays().slice(-5) });
  }
  if (tags(step, '11')) {
    const msgs = ctx.notifications.displays();
    const langs = ctx.hello.languages ?? [];
    const bad = msgs.filter((x) => !['kz', 'ru', 'kk'].includes(x.lang) || !isCyrillic(x.text));
    ctx.check(langs.length > 0 && langs.every((l) => ['kz', 'ru', 'kk'].includes(l)) && msgs.length > 0 && bad.length === 0, r('11'), `the displayed messages (${msgs.length}) are all in Kazakh or Russian, in Cyrillic (${bad.length} are not; declared ${langs.join(', ')})`, { kind: 'display', summary: `${msgs.length} messages`, data: msgs.slice(0, 10) });
  }
  if (p) checkQr(ctx, step, p);
}

/** Sells and checks an online receipt (ready, online, closed). */
async function sellOnline(ctx: CaseContext, step: ModelStep): Promise<void> {
  const m = memoryOf(ctx);
  const before = m.shiftNumber;
  const mark = ledgerMark(ctx);
  await enter(ctx, 'registration', r('5'));
  const res = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 201_50 + step.event.length)), ONLINE_SETTLE_MS, 1_000);
  if (!res.ok) {
    ctx.check(false, r('5'), `receipt.create ${res.pending ? `got no answer within ${res.advancedMs} ms` : `was refused: ${(res.error as Error)?.message}`}`, res.pending ? undefined : errorEvidence(res.error));
    checkFrames(ctx, step, mark, requests(ctx, 'TICKET', mark).pop());
    throw new CaseAbort(r('5'), 'receipt.create refused');
  }
  const doc = res.value!.document;
  if (tags(step, '12')) {
    const t = ticketFor(ctx, doc, mark);
    const sent = t ? Number(path(t.decoded, 'ticket.fr_shift_number')) : NaN;
    const want = before === null ? doc.shiftNumber : before + 1;
    ctx.check(doc.shiftNumber === want && (Number.isNaN(sent) || sent === doc.shiftNumber), r('12'), `the first receipt after the shift was closed opened shift ${want} (receipt in shift ${doc.shiftNumber}, TICKET names ${Number.isNaN(sent) ? '—' : sent})`, docEvidence(doc));
  }
  await checkOnlineReceipt(ctx, step, doc, mark);
  remember(ctx, doc);
}

/** Sells and checks an autonomous receipt (linkDown, offline, closedOffline). */
async function sellAutonomous(ctx: CaseContext, step: ModelStep): Promise<void> {
  const m = memoryOf(ctx);
  const started = ctx.clock.now();
  await enter(ctx, 'registration', r('26'));
  const res = await settleAfterJump(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 301_00 + step.event.length)), 4_000, SETTLE_MS, 100);
  if (!res.ok) {
    ctx.check(false, r('26'), `without the operator receipt.create ${res.pending ? `got no answer within ${res.advancedMs} ms` : `was refused: ${(res.error as Error)?.message}`}`, res.pending ? undefined : errorEvidence(res.error));
    return;
  }
  if (tags(step, '25')) ctx.check(res.advancedMs <= 7000, r('25'), `with the operator silent the receipt was formed after ${res.advancedMs} ms of clock time (≤ 7000)`, docEvidence(res.value!.document));
  if (m.offlineFrom === null) m.offlineFrom = started;
  await checkAutonomousReceipt(ctx, step, res.value!.document);
  remember(ctx, res.value!.document);
}

/**
 * A sale the DUT must refuse with `reason`: nothing printed, and (unless `ticketAllowed`) nothing
 * sent. Returns whether all of that held.
 */
async function refusedSale(ctx: CaseContext, req: string, what: string, reason: string | string[], opts: { ticketAllowed?: boolean } = {}): Promise<boolean> {
  let all = true;
  const check: CaseContext['check'] = (cond, requirement, message, evidence) => { all &&= Boolean(cond); return ctx.check(cond, requirement, message, evidence); };
  const mark = ledgerMark(ctx);
  const printed0 = ctx.notifications.printed().length;
  await ctx.dcp.call('session.logout', {}).catch(() => undefined);
  const login = await ctx.dcp.call('session.login', { mode: 'registration', password: ctx.profile.passwords.registration }).then(() => null, (e: unknown) => e);
  if (login !== null) {
    // a DUT may already refuse the login to registration mode while blocked
    check(isRefusal(login, reason), r(req), `${what}: login to registration refused with ${(login as Error).message} (expected ${[reason].flat().join(' | ')})`, errorEvidence(login));
  } else {
    const res = await advanceUntilSettled(ctx, ctx.dcp.call('receipt.create', saleReceipt(ctx, 401_00)), SETTLE_MS);
    const e = await expectRefused(ctx, r(req), what, res.ok ? Promise.resolve(res.value) : Promise.reject(res.error ?? new Error('no answer')), reason);
    all &&= isRefusal(e, reason);
  }
  const receipts = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt' || d.fiscal !== null);
  check(receipts.length === 0, r(req), `${what}: no receipt and nothing fiscal was printed (${receipts.length})`, receipts.map((d) => docEvidence(d)));
  if (!opts.ticketAllowed) {
    const t = requests(ctx, 'TICKET', mark);
    check(t.length === 0, r(req), `${what}: no TICKET reached the operator (${t.length})`, t.map((f) => frameEvidence(f)));
  }
  return all;
}

const sell: Executor = async (ctx, step) => {
  switch (step.from) {
    case 'ready':
    case 'online':
    case 'closed':
      return sellOnline(ctx, step);
    case 'linkDown':
    case 'offline':
    case 'closedOffline':
      return sellAutonomous(ctx, step);
    case 'blocked': {
      const shown0 = ctx.notifications.displays().length;
      await refusedSale(ctx, '29.6', 'a sale 72 h after the oldest autonomous receipt', 'offline_too_long', { ticketAllowed: true });
      const shown = ctx.notifications.displays().slice(shown0);
      const s = await state(ctx);
      ctx.check(shown.length > 0 || s.blocked?.reason === 'offline_too_long', r('29.6'), `the cashier is informed of the block (${shown.map((x) => x.text).join(' | ') || 'no new display message'})`, [stateEvidence(s), { kind: 'display', summary: `${shown.length} messages`, data: shown }]);
      return;
    }
    case 'expired':
      await refusedSale(ctx, '14', 'a sale more than 24 h after the first receipt of the shift', 'shift_expired');
      return;
    case 'suspended':
      await refusedSale(ctx, '16', 'a sale while the operator suspended the register', 'suspended_by_ofd', { ticketAllowed: true });
      return;
    case 'integrityBlocked': {
      const held = await refusedSale(ctx, '3.3', 'a sale after the self-test found altered fiscal data', 'selftest_failed');
      ctx.check(held, r('3'), `the register is blocked after the failed self-test: the sale was refused (selftest_failed), nothing sent or printed (${held ? 'all held' : 'see the failing 3.3 checks'})`);
      return;
    }
    default:
      throw new Error(`model: SELL has no executor in state ${step.from}`);
  }
};

/** Two items with sections, card + cash, and the customer's IIN (reqs 21, 24). */
const sellDetailed: Executor = async (ctx, step) => {
  const iin = ctx.profile.registration.org.iin === '990101300123' ? '880202400456' : '990101300123';
  const receipt: Receipt = {
    operation: 'sell',
    items: [{ name: 'Сүт / Молоко', price: 450_50, quantity: 2000, section: 1 }, { name: 'Нан / Хлеб', price: 180_00, quantity: 1500, section: 2 }],
    payments: [{ type: 'card', sum: 600_00 }, { type: 'cash', sum: 571_00 }],
    customerIin: iin,
    idempotencyKey: `${ctx.caseId}-detailed`,
  };
  const mark = ledgerMark(ctx);
  const { doc } = await sellAdvancing(ctx, r('21'), receipt, ONLINE_SETTLE_MS, 1_000);
  remember(ctx, doc);
  const t = ticketFor(ctx, doc, mark) ?? requests(ctx, 'TICKET', mark).pop();
  if (!ctx.check(!!t, r('21'), 'a TICKET reached the operator', docEvidence(doc))) return;
  const tk = field(t!.decoded, 'ticket');
  const items = (field(tk, 'items') ?? []) as unknown[];
  const got = items.map((it) => { const c = field(it, 'commodity'); return `${field(c, 'quantity')}×${moneyTiyn(field(c, 'price'))}=${moneyTiyn(field(c, 'sum'))}`; });
  const want = receipt.items.map((it) => `${it.quantity}×${it.price}=${Math.round((it.price * it.quantity) / 1000)}`);
  ctx.check(enumIs(field(tk, 'operation'), 'SELL', 2) && JSON.stringify(got) === JSON.stringify(want), r('21'), `the TICKET is a SELL with the items as sold (${got.join(', ')}; want ${want.join(', ')})`, frameEvidence(t!));
  const pays = ((field(tk, 'payments') ?? []) as unknown[]).map((x) => moneyTiyn(field(x, 'sum'))).sort();
  ctx.check(moneyTiyn(path(tk, 'amounts.total')) === 1171_00 && JSON.stringify(pays) === JSON.stringify([571_00, 600_00].sort()), r('21'), `total ${moneyTiyn(path(tk, 'amounts.total'))} and payments ${JSON.stringify(pays)} match the receipt`, frameEvidence(t!));
  const a = answerTo(ctx, t!);
  ctx.check(!!a && a.result === 0, r('21'), `the operator accepted the TICKET (result ${a?.result})`, a ? frameEvidence(a) : undefined);
  const p = await printedCopy(ctx, r('24'), doc);
  const sign = operatorSign(ctx, t!);
  ctx.check(!!p && printsSign(p, sign) && linesText(p).includes(iin), r('24'), `the printed receipt carries the operator's sign ${sign} and the customer's IIN ${iin}`, docEvidence(p ?? doc));
  ctx.check(path(t!.decoded, 'ticket.extension_options.customer_iin_or_bin') === iin, r('24'), `the IIN was sent to the operator (${path(t!.decoded, 'ticket.extension_options.customer_iin_or_bin')})`, frameEvidence(t!));
  void step;
};

const marked = (ctx: CaseContext, code: string, price = 300_00): Receipt => ({ ...saleReceipt(ctx, price), items: [{ name: 'Темекі / Сигареты', price, quantity: 1000, markingCode: code }] });

/** A scanned marking code goes with the item to the operator (req 7). */
const sellMarked: Executor = async (ctx) => {
  const code = markingCode(ctx.seed + 7);
  await enter(ctx, 'registration', r('7'));
  const s = await expectOk(ctx, r('7'), 'scanner.scan', ctx.dcp.call('scanner.scan', { code }));
  ctx.check(s.accepted === true, r('7'), `the scanner read the marking code ${code}`);
  const mark = ledgerMark(ctx);
  const { doc } = await sellAdvancing(ctx, r('7'), marked(ctx, code, 290_00), ONLINE_SETTLE_MS, 1_000);
  remember(ctx, doc);
  const t = ticketFor(ctx, doc, mark) ?? requests(ctx, 'TICKET', mark).pop();
  const c = t ? field((path(t.decoded, 'ticket.items') ?? [])[0], 'commodity') : undefined;
  const stamps: unknown[] = [...((field(c, 'list_excise_stamp') as unknown[]) ?? []), field(c, 'excise_stamp')].filter(Boolean);
  ctx.check(stamps.includes(code), r('7'), `the TICKET carries the marking code (${JSON.stringify(stamps)})`, t ? frameEvidence(t) : docEvidence(doc));
};

/** A marked item without a scanned code is refused, nothing sent or printed (req 7.1). */
const sellUnscanned: Executor = async (ctx) => {
  await enter(ctx, 'registration', r('7.1'));
  const mark = ledgerMark(ctx);
  const printed0 = ctx.notifications.printed().length;
  const empty = await ctx.dcp.call('receipt.create', marked(ctx, '')).then(() => null, (e: unknown) => e);
  ctx.check(isRefusal(empty, 'marking_required') || (isDcpError(empty) && empty.rpcCode === -32602), r('7.1'), `a marked item with an empty marking code is refused (${empty ? (empty as Error).message : 'accepted'})`, empty ? errorEvidence(empty) : undefined);
  await expectRefused(ctx, r('7.1'), 'a marked item whose code was never scanned', ctx.dcp.call('receipt.create', marked(ctx, markingCode(ctx.seed + 71))), 'marking_required');
  const t = requests(ctx, 'TICKET', mark);
  const pr = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
  ctx.check(t.length === 0 && pr.length === 0, r('7.1'), `nothing was sent (${t.length}) or printed (${pr.length}) for them`, t.map((f) => frameEvidence(f)));
  const bad = await ctx.dcp.call('scanner.scan', { code: 'x' }).then((x) => x.accepted, () => false);
  ctx.check(bad === false, r('7.1'), 'an unreadable marking code is not accepted by the scanner');
};

/** A return of the last sale, a purchase and its return: the four operation types (reqs 15, 21). */
const returnAndPurchases: Executor = async (ctx) => {
  const m = memoryOf(ctx);
  let orig = m.lastOnlineReceipt;
  if (!orig) {
    orig = (await sellAdvancing(ctx, r('15'), saleReceipt(ctx, 320_00), ONLINE_SETTLE_MS, 1_000)).doc;
    remember(ctx, orig);
  }
  const total = orig.totals?.total ?? 0;
  // purchases first: they pay out of the drawer what the sale put in, the return of the sale last
  const ops: { op: Receipt['operation']; name: string; num: number; req: '15' | '21'; parent?: DcpDocument }[] = [
    { op: 'buy', name: 'BUY', num: 0, req: '21' },
    { op: 'buy_return', name: 'BUY_RETURN', num: 1, req: '21' },
    { op: 'sell_return', name: 'SELL_RETURN', num: 3, req: '15', parent: orig },
  ];
  let bought: DcpDocument | null = null;
  for (const o of ops) {
    const parent = o.op === 'buy_return' ? bought : o.parent;
    const price = o.op === 'sell_return' ? total : 50_00;
    const mark = ledgerMark(ctx);
    const receipt = saleReceipt(ctx, price, { operation: o.op, ...(parent ? { parentNumber: parent.number } : {}) });
    const { doc } = await sellAdvancing(ctx, r(o.req), receipt, ONLINE_SETTLE_MS, 1_000);
    remember(ctx, doc);
    if (o.op === 'buy') bought = doc;
    const p = await printedCopy(ctx, r(o.req), doc);
    const t = requests(ctx, 'TICKET', mark).pop();
    const op = t ? path(t.decoded, 'ticket.operation') : undefined;
    const a = t ? answerTo(ctx, t) : undefined;
    ctx.check(!!p && p.fiscal !== null && !!t && enumIs(op, o.name, o.num) && !!a && a.result === 0, r(o.req), `a ${o.op} receipt is printed with a sign and reaches the operator as ${o.name} (${op ?? 'no TICKET'}, result ${a?.result})`, t ? frameEvidence(t) : docEvidence(doc));
    if (o.op === 'sell_return') {
      const parentSign = t ? path(t.decoded, 'ticket.parent_ticket.parent_ticket_number') : undefined;
      ctx.check(parentSign !== undefined && String(parentSign) === orig.fiscal?.sign, r('15'), `the return names the original fiscal sign ${orig.fiscal?.sign} (${parentSign})`, t ? frameEvidence(t) : undefined);
    }
  }
};

/** Cash in and out reach the operator as MONEY_PLACEMENT (req 27). */
const cash: Executor = async (ctx) => {
  await enter(ctx, 'registration', r('27'));
  const mark = ledgerMark(ctx);
  const dep = await expectOk(ctx, r('27'), 'cash.deposit', ctx.dcp.call('cash.deposit', { sum: 100_00 }));
  const wd = await expectOk(ctx, r('27'), 'cash.withdraw', ctx.dcp.call('cash.withdraw', { sum: 40_00 }));
  remember(ctx, dep.document);
  remember(ctx, wd.document);
  ctx.check(dep.document.kind === 'cash_in' && wd.document.kind === 'cash_out', r('27'), `cash_in and cash_out documents (${dep.document.kind}, ${wd.document.kind})`, [docEvidence(dep.document), docEvidence(wd.document)]);
  const mp = requests(ctx, 'MONEY_PLACEMENT', mark);
  const op = (f: (typeof mp)[number]) => path(f.decoded, 'money_placement.operation');
  const sum = (f: (typeof mp)[number]) => moneyTiyn(path(f.decoded, 'money_placement.sum'));
  ctx.check(mp.length === 2 && mp.some((f) => (op(f) === undefined || enumIs(op(f), 'DEPOSIT', 0)) && sum(f) === 100_00) && mp.some((f) => enumIs(op(f), 'WITHDRAWAL', 1) && sum(f) === 40_00),
    r('27'), `the operator received DEPOSIT 100.00 and WITHDRAWAL 40.00 (${mp.map((f) => `${op(f)}:${sum(f)}`).join(', ')})`, mp.map((f) => frameEvidence(f)));
  const notOk = mp.filter((f) => answerTo(ctx, f)?.result !== 0);
  ctx.check(mp.length > 0 && notOk.length === 0, r('27'), `the operator accepted them (${notOk.length} not OK)`, mp.map((f) => frameEvidence(f)));
};

/** Refusals of a wrong operation: no paper, or paid short — nothing formed, printed or sent (req 6). */
async function refusedOperation(ctx: CaseContext, what: string, receipt: Receipt, reason: string, paper: boolean): Promise<void> {
  await enter(ctx, 'registration', r('6'));
  const mark = ledgerMark(ctx);
  const printed0 = ctx.notifications.printed().length;
  if (!paper) await ctx.dcp.call('printer.paper', { present: false });
  try {
    await expectRefused(ctx, r('6'), what, ctx.dcp.call('receipt.create', receipt), reason);
  } finally {
    if (!paper) await ctx.dcp.call('printer.paper', { present: true });
  }
  const t = requests(ctx, 'TICKET', mark);
  const pr = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
  ctx.check(t.length === 0 && pr.length === 0, r('6'), `${what}: no TICKET sent (${t.length}) and no receipt printed (${pr.length})`, t.map((f) => frameEvidence(f)));
}

const noPaper: Executor = (ctx) => refusedOperation(ctx, 'receipt.create without paper', saleReceipt(ctx, 280_00), 'no_paper', false);
const shortPayment: Executor = (ctx) => refusedOperation(ctx, 'a receipt paid short (cashier error)', { ...saleReceipt(ctx, 281_00), payments: [{ type: 'cash', sum: 100 }] }, 'invalid_receipt', true);

export const RECEIPT_EXECUTORS = {
  SELL: sell,
  SELL_DETAILED: sellDetailed,
  SELL_MARKED: sellMarked,
  SELL_UNSCANNED_MARKED: sellUnscanned,
  RETURN_AND_PURCHASES: returnAndPurchases,
  CASH: cash,
  NO_PAPER: noPaper,
  SHORT_PAYMENT: shortPayment,
} satisfies Record<string, Executor>;
