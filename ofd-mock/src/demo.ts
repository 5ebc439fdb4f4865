// A short self-demonstration: a scripted register talks to the running mock, and a fault is
// injected on the way, so that a person sees in a few lines what the mock does.
import type { OfdMock } from './server.js';
import { KkmTestClient } from './kkm-client.js';
import { SAMPLE_REGISTRATION, sampleCloseShift, sampleInfo, sampleReport, sampleTicket } from './samples.js';
import { formatTiyn, tiynFromMoney } from '../../protocol/index.js';
import type { Request } from '../../protocol/index.js';

export async function runDemo(mock: OfdMock, out: (line: string) => void): Promise<void> {
  const reg = SAMPLE_REGISTRATION;
  if (!mock.register(reg.kkmId)) mock.provision(reg);
  const c = await KkmTestClient.connect(mock.ports[0]!, mock.host);
  let token = mock.register(reg.kkmId)!.token;
  let reqNum = 0;
  const ctx = () => ({ reg, at: mock.clock.now() });
  const send = async (label: string, req: Request, same = false): Promise<void> => {
    if (!same) reqNum++;
    const a = await c.request({ version: 203, deviceId: reg.kkmId, token, reqNum }, req, 10_000);
    const r = a.message.result!;
    let extra = '';
    if (a.message.ticket) extra = ` fiscal sign ${a.message.ticket.ticketNumber} QR ${new TextDecoder().decode(a.message.ticket.qrCode)}`;
    if (a.message.report?.zxReport) extra = ` ${a.message.report.report === 1 ? 'X' : 'Z'} report shift ${a.message.report.zxReport.shiftNumber}, cash ${formatTiyn(tiynFromMoney(a.message.report.zxReport.cashSum!))} ₸`;
    for (const ad of a.message.service?.ticketAds ?? []) extra += ` [message for the cashier: "${ad.text}"]`;
    if (a.header.token !== token) extra += ` (new token ${a.header.token})`;
    token = a.header.token;
    out(`demo: ${label.padEnd(26)} → result ${r.resultCode}${r.resultText ? ` "${r.resultText}"` : ''}${extra}`);
  };
  try {
    await send('INFO', sampleInfo(ctx()));
    await send('TICKET 1500.00 cash', sampleTicket(ctx(), { priceTiyn: 150_000n }));
    mock.faults.add({ name: 'demo-busy', kind: 'result_code', direction: 'to-ofd', match: { kkmId: reg.kkmId, command: 'TICKET', count: 1 }, attrs: { result: 254 } });
    out('demo: fault demo-busy: the next ticket gets 254 without being applied');
    await send('TICKET 250.50 card', sampleTicket(ctx(), { priceTiyn: 25_050n, payment: 'card' }));
    await send('TICKET 250.50 card (again)', sampleTicket(ctx(), { priceTiyn: 25_050n, payment: 'card' }));
    await send('REPORT X', sampleReport(ctx(), 1));
    mock.notify(reg.kkmId, 'Уведомление КГД: демонстрация');
    await send('CLOSE_SHIFT', sampleCloseShift(ctx(), { frShiftNumber: 1 }));
    out(`demo: ledger holds ${mock.ledger.size} frames`);
  } finally {
    mock.faults.remove('demo-busy');
    c.destroy();
  }
}
