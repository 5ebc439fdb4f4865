// Requirements 18, 40.1, 40.5: two independent channels, failover, entering the operator's
// address/port, and channel priority.
import type { TestCase, CaseContext } from '../case.js';
import type { DcpChannel } from '../dcp/types.js';
import { enter, expectOk, logout, prepare, saleReceipt } from '../context/dut.js';
import { addFault, frameEvidence, ledgerMark, requests } from '../context/operator.js';
import { docEvidence } from '../context/documents.js';
import { sellAdvancing } from '../context/flows.js';

async function getSettings(ctx: CaseContext, req: '18' | '40.1' | '40.5') {
  await enter(ctx, 'programming', req);
  return expectOk(ctx, req, 'settings.get', ctx.dcp.call('settings.get', {}));
}

/** Channels pointing at the bench operator's ports, `preferred` (port index) first. */
function benchChannels(ctx: CaseContext, template: DcpChannel[], preferred: number, onlyPreferred = false): DcpChannel[] {
  const host = template[0]?.host ?? '127.0.0.1';
  return ctx.ofd.ports.map((port, i) => ({
    name: template[i]?.name ?? `ofd-${i + 1}`,
    host: template[i]?.host ?? host,
    port,
    priority: i === preferred ? 1 : 2 + i,
    enabled: onlyPreferred ? i === preferred : true,
  }));
}

async function ticketChannel(ctx: CaseContext, req: '18' | '40.1' | '40.5', price: number): Promise<number | null> {
  const mark = ledgerMark(ctx);
  const { doc } = await sellAdvancing(ctx, req, saleReceipt(ctx, price), 30_000, 250);
  const t = requests(ctx, 'TICKET', mark).filter((f) => f.retry === false);
  const last = t[t.length - 1];
  ctx.evidence(last ? frameEvidence(last, `TICKET for ${price} on channel ${last.channel}`) : docEvidence(doc, `no TICKET for ${price} reached the operator`));
  return last && doc.fiscal?.mode === 'online' ? last.channel : null;
}

const failover: TestCase = {
  id: 'req-18-failover-second-channel',
  title: 'With the first channel down the receipt goes online through the second one',
  covers: ['18'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const s = await getSettings(ctx, '18');
    const enabled = s.channels.filter((c) => c.enabled);
    ctx.check(enabled.length >= 2 || s.channels.length >= 2, '18', `the register has at least two data channels (${s.channels.length} configured, ${enabled.length} enabled)`, { kind: 'note', summary: 'settings.channels', data: s.channels });
    if (ctx.ofd.ports.length < 2) {
      ctx.check(false, '18', 'the bench operator listens on fewer than two ports: cannot test failover');
      return;
    }
    await expectOk(ctx, '18', 'settings.set two channels', ctx.dcp.call('settings.set', { channels: benchChannels(ctx, s.channels, 0) }));
    await logout(ctx);
    const before = await ticketChannel(ctx, '18', 180_00);
    ctx.check(before === 0, '18', `normally receipts go through the first channel (${before})`);
    await addFault(ctx, { name: 'case-ch0-refuse', kind: 'refuse', direction: 'to-ofd', match: { channel: 0 }, attrs: { mode: 'reset' } });
    await addFault(ctx, { name: 'case-ch0-reset', kind: 'reset', direction: 'to-ofd', match: { channel: 0 } });
    const after = await ticketChannel(ctx, '18', 181_00);
    ctx.check(after === 1, '18', `with the first channel down the receipt was fiscalised online through the second channel (channel ${after})`);
  },
};

const addressPort: TestCase = {
  id: 'req-40.1-ofd-address-port',
  title: 'The operator\'s address and port can be entered and the register then uses them',
  covers: ['40.1'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const s = await getSettings(ctx, '40.1');
    if (ctx.ofd.ports.length < 2) {
      ctx.check(false, '40.1', 'the bench operator listens on fewer than two ports: cannot test re-addressing');
      return;
    }
    const set = await expectOk(ctx, '40.1', 'settings.set channels → second port only', ctx.dcp.call('settings.set', { channels: benchChannels(ctx, s.channels, 1, true) }));
    ctx.check(set.channels.some((c) => c.port === ctx.ofd.ports[1] && c.enabled), '40.1', "settings now hold the operator's second port (ofd:1; the port number is in the evidence)", { kind: 'note', summary: 'settings.channels', data: set.channels });
    await logout(ctx);
    const ch = await ticketChannel(ctx, '40.1', 182_00);
    ctx.check(ch === 1, '40.1', `the next receipt went to the entered port (channel ${ch})`);
  },
};

const priority: TestCase = {
  id: 'req-40.5-channel-priority',
  title: 'The channel priority decides which channel the register uses',
  covers: ['40.5'],
  async run(ctx) {
    await prepare(ctx, { shiftClosed: true });
    const s = await getSettings(ctx, '40.5');
    if (ctx.ofd.ports.length < 2) {
      ctx.check(false, '40.5', 'the bench operator listens on fewer than two ports');
      return;
    }
    await expectOk(ctx, '40.5', 'settings.set second channel preferred', ctx.dcp.call('settings.set', { channels: benchChannels(ctx, s.channels, 1) }));
    await logout(ctx);
    const a = await ticketChannel(ctx, '40.5', 183_00);
    ctx.check(a === 1, '40.5', `with the second channel at priority 1 the receipt went through it (channel ${a})`);
    const { zReport } = await import('../context/dut.js');
    await zReport(ctx, '40.5');
    await getSettings(ctx, '40.5');
    await expectOk(ctx, '40.5', 'settings.set first channel preferred', ctx.dcp.call('settings.set', { channels: benchChannels(ctx, s.channels, 0) }));
    await logout(ctx);
    const b = await ticketChannel(ctx, '40.5', 184_00);
    ctx.check(b === 0, '40.5', `with the first channel at priority 1 the receipt went through it (channel ${b})`);
  },
};

export const CHANNEL_CASES: TestCase[] = [failover, addressPort, priority];
