// Requirements 6, 7, 7.1: no paper blocks operations; the barcode scanner and marking codes.
import type { TestCase } from '../case.js';
import { enter, errorEvidence, expectOk, expectRefused, isRefusal, prepare, saleReceipt, sell } from '../context/dut.js';
import { isDcpError } from '../errors.js';
import { field, frameEvidence, ledgerMark, path, requests } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { ticketFor } from '../context/flows.js';

/** A DataMatrix-style marking code: 01 + GTIN-14 + 21 + serial. */
export function markingCode(seed: number): string {
  return `0104600000000${String(seed % 10).padStart(1, '0')}21${(seed >>> 0).toString(36).toUpperCase().padStart(8, 'X').slice(0, 13)}`;
}

const noPaper: TestCase = {
  id: 'req-6-no-paper-blocks',
  title: 'Without paper (or with a wrong operation) no receipt is formed, printed or sent',
  covers: ['6'],
  needs: ['printer-sim'],
  async run(ctx) {
    await prepare(ctx);
    await sell(ctx, '6');
    await ctx.dcp.call('printer.paper', { present: false });
    const mark = ledgerMark(ctx);
    const printed0 = ctx.notifications.printed().length;
    await enter(ctx, 'registration', '6');
    await expectRefused(ctx, '6', 'receipt.create without paper', ctx.dcp.call('receipt.create', saleReceipt(ctx, 280_00)), 'no_paper');
    await ctx.dcp.call('printer.paper', { present: true });
    const bad = { ...saleReceipt(ctx, 281_00), payments: [{ type: 'cash' as const, sum: 100 }] };
    await expectRefused(ctx, '6', 'a receipt paid short (cashier error)', ctx.dcp.call('receipt.create', bad), 'invalid_receipt');
    const t = requests(ctx, 'TICKET', mark);
    ctx.check(t.length === 0, '6', `no TICKET was sent for the refused receipts (${t.length})`, t.map((f) => frameEvidence(f)));
    const pr = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
    ctx.check(pr.length === 0, '6', `no receipt was printed (${pr.length})`, pr.map((d) => docEvidence(d)));
    const ok = await sell(ctx, '6', saleReceipt(ctx, 282_00));
    ctx.check(ok.fiscal !== null, '6', 'with paper back the sale goes through', docEvidence(ok));
  },
};

const scanner: TestCase = {
  id: 'req-7-scanner-reads-marking',
  title: 'A scanned marking code is accepted and sent with the item to the operator',
  covers: ['7'],
  needs: ['scanner'],
  async run(ctx) {
    await prepare(ctx);
    const code = markingCode(ctx.seed);
    await enter(ctx, 'registration', '7');
    const r = await expectOk(ctx, '7', 'scanner.scan', ctx.dcp.call('scanner.scan', { code }));
    ctx.check(r.accepted === true, '7', `the scanner read the marking code ${code}`);
    const mark = ledgerMark(ctx);
    const doc = await sell(ctx, '7', { ...saleReceipt(ctx, 290_00), items: [{ name: 'Темекі / Сигареты', price: 290_00, quantity: 1000, markingCode: code }] });
    const t = ticketFor(ctx, doc, mark) ?? requests(ctx, 'TICKET', mark).pop();
    const c = t ? field((path(t.decoded, 'ticket.items') ?? [])[0], 'commodity') : undefined;
    const stamps: unknown[] = [...((field(c, 'list_excise_stamp') as unknown[]) ?? []), field(c, 'excise_stamp')].filter(Boolean);
    ctx.check(stamps.includes(code), '7', `the TICKET carries the marking code (${JSON.stringify(stamps)})`, t ? frameEvidence(t) : docEvidence(doc));
  },
};

const required: TestCase = {
  id: 'req-7.1-marking-required',
  title: 'A marked item without a scanned marking code is refused (marking_required); with it, it sells',
  covers: ['7.1'],
  needs: ['scanner'],
  async run(ctx) {
    await prepare(ctx);
    const code = markingCode(ctx.seed + 1);
    const unscanned = markingCode(ctx.seed + 2);
    await enter(ctx, 'registration', '7.1');
    const mark = ledgerMark(ctx);
    const printed0 = ctx.notifications.printed().length;
    const marked = (markingCode: string) => ({ ...saleReceipt(ctx, 300_00), items: [{ name: 'Темекі / Сигареты', price: 300_00, quantity: 1000, markingCode }] });
    const empty = await ctx.dcp.call('receipt.create', marked('')).then(() => null, (e: unknown) => e);
    ctx.check(isRefusal(empty, 'marking_required') || (isDcpError(empty) && empty.rpcCode === -32602), '7.1', `a marked item with an empty marking code is refused (${empty ? (empty as Error).message : 'accepted'})`, empty ? errorEvidence(empty) : undefined);
    await expectRefused(ctx, '7.1', 'a marked item whose code was never scanned (typed in)', ctx.dcp.call('receipt.create', marked(unscanned)), 'marking_required');
    const t = requests(ctx, 'TICKET', mark);
    ctx.check(t.length === 0, '7.1', `nothing was sent (${t.length})`, t.map((f) => frameEvidence(f)));
    const pr = ctx.notifications.printed().slice(printed0).filter((d) => d.kind === 'receipt');
    ctx.check(pr.length === 0, '7.1', `nothing was printed (${pr.length})`);
    const bad = await ctx.dcp.call('scanner.scan', { code: 'x' }).then((x) => x.accepted, () => false);
    ctx.check(bad === false, '7.1', 'an unreadable marking code is not accepted by the scanner');
    await expectOk(ctx, '7.1', 'scanner.scan', ctx.dcp.call('scanner.scan', { code }));
    const ok = await sell(ctx, '7.1', marked(code));
    ctx.check(ok.fiscal !== null, '7.1', 'with its scanned marking code the item is sold', docEvidence(ok));
  },
};

export const DEVICE_CASES: TestCase[] = [noPaper, scanner, required];
