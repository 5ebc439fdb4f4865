// Property runs: random interleavings of sales, deposits, Z reports, link drops, latency spikes,
// clock jumps and power cuts; after each run the invariants of the rules are checked.
import { test } from 'uvu';
import fc from 'fast-check';
import { rig, onAndLogin } from '../register/_harness.js';
import { commands, type RegisterModel } from './commands.js';

const SEED = Number(process.env['PROPS_SEED'] ?? 20261122);

test('props: no fiscal title without a sign; autonomous signs unique; queue delivered complete and in order; Z = sum of its shift; nothing lost', async () => {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 20 }), async (cmds) => {
      const r = await rig();
      const model: RegisterModel = { linkDown: false, latencyMs: 0, printed: [], beforeCut: [] };
      r.reg.onNotification((method, params: any) => { if (method === 'document.printed') model.printed.push(params.document); });
      try {
        await onAndLogin(r);
        await fc.asyncModelRun(() => ({ model, real: r }), cmds);
        if (process.env['PROPS_DEBUG']) process.stderr.write(`run: ${String(cmds)} cmds, ${model.printed.length} printed\n`);
        // bring the link back and let the queue drain
        r.ofd.faults.reset();
        for (let i = 0; i < 15 && (await r.call('state.get')).offline.queued > 0; i++) await r.advance(600_000);
        const st = await r.call('state.get');
        const blocked = st.blocked?.reason;
        if (blocked !== 'offline_too_long' && blocked !== 'shift_expired' && blocked) throw new Error(`unexpected block ${blocked}`);
        // reqs 39, 43.3: the title only with a sign
        for (const d of model.printed) {
          if (d.title !== null && !(d.fiscal && d.fiscal.sign)) throw new Error(`title without sign on ${d.kind} ${d.number}`);
          if (!d.fiscal && d.lines.some((l: string) => /ФИСКАЛЬНЫЙ ЧЕК/i.test(l))) throw new Error(`fiscal title printed on ${d.kind} ${d.number}`);
        }
        // req 29.3: autonomous signs unique for life
        const auto = model.printed.filter((d) => d.fiscal?.mode === 'autonomous').map((d) => d.fiscal.sign);
        if (new Set(auto).size !== auto.length) throw new Error('autonomous sign repeated');
        // reqs 8, 30.2, 30.3: with the link back the whole queue is delivered, every autonomous
        // receipt reached the operator once, in document order
        if (st.offline.queued !== 0) throw new Error(`${st.offline.queued} documents still queued with the link back for 150 min`);
        {
          const accepted = r.ofd.ledger.entries().filter((e) => e.direction === 'to-ofd' && e.commandName === 'TICKET' && e.result === 0);
          const offlineNums = accepted.map((e: any) => Number(e.decoded?.ticket?.offlineTicketNumber ?? 0)).filter((n) => n > 0);
          const expected = model.printed.filter((d) => d.kind === 'receipt' && d.fiscal?.mode === 'autonomous').map((d) => Number(d.fiscal.sign.slice(0, 10)));
          const uniqueExpected = [...new Set(expected)];
          const firstSeen = offlineNums.filter((n, i) => offlineNums.indexOf(n) === i);
          if (JSON.stringify(firstSeen) !== JSON.stringify(uniqueExpected)) throw new Error(`queue delivered ${JSON.stringify(firstSeen)} expected ${JSON.stringify(uniqueExpected)}`);
          const printedNums = accepted.map((e: any) => Number(e.decoded?.ticket?.printedDocumentNumber ?? 0));
          for (let i = 1; i < printedNums.length; i++) if (printedNums[i]! < printedNums[i - 1]!) throw new Error('documents reached the operator out of order');
        }
        // reqs 12, 29.7: the totals of each Z equal the sum of its shift's receipts
        const byShift = new Map<number, number>();
        for (const d of model.printed) {
          if (d.kind === 'receipt') {
            const op = d.receipt.operation;
            byShift.set(d.shiftNumber, (byShift.get(d.shiftNumber) ?? 0) + (op === 'sell' || op === 'buy_return' ? 1 : -1) * d.totals.total);
          }
          if (d.kind === 'z_report' && d.totals.total !== (byShift.get(d.shiftNumber) ?? 0)) {
            throw new Error(`Z of shift ${d.shiftNumber}: ${d.totals.total} ≠ ${byShift.get(d.shiftNumber) ?? 0}`);
          }
        }
      } catch (e) {
        if (process.env['PROPS_DEBUG']) process.stderr.write(`failed: ${String((e as Error).message)}\n`);
        throw e;
      } finally {
        await r.close();
      }
    }),
    { numRuns: Number(process.env['PROPS_RUNS'] ?? 30), seed: SEED, endOnFailure: true },
  );
});

test.run();
