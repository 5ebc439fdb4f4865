// The fc.commands list of the property run: every command with its arbitrary.
import fc from 'fast-check';
import { money } from './arbitraries/money.js';
import { receipt } from './arbitraries/receipt.js';
import { CashCommand } from './commands/cash.js';
import { ClockJumpCommand } from './commands/clock-jump.js';
import { CloseShiftCommand } from './commands/close-shift.js';
import { LatencyEndCommand } from './commands/latency-end.js';
import { LatencySpikeCommand } from './commands/latency-spike.js';
import { LinkDropCommand } from './commands/link-drop.js';
import { LinkRestoreCommand } from './commands/link-restore.js';
import { PowerCutCommand } from './commands/power-cut.js';
import { PowerOnCommand } from './commands/power-on.js';
import { SellReturnCommand } from './commands/sell-return.js';
import { SellCommand } from './commands/sell.js';
import { ResumeCommand } from './commands/resume.js';
import { SuspendCommand } from './commands/suspend.js';
import { XReportCommand } from './commands/x-report.js';
import type { PropsReal, RegisterModel } from './model.js';

const HOUR = 3_600_000;

export function registerCommands(): fc.Arbitrary<fc.AsyncCommand<RegisterModel, PropsReal>>[] {
  return [
    receipt().map((r) => new SellCommand(r)),
    fc.nat({ max: 20 }).map((i) => new SellReturnCommand(i)),
    fc.constant(new XReportCommand()),
    fc.constant(new CloseShiftCommand()),
    fc.tuple(fc.constantFrom<'deposit' | 'withdraw'>('deposit', 'withdraw'), money({ min: 100, max: 5_000_000 })).map(([d, s]) => new CashCommand(d, s)),
    fc.constant(new LinkDropCommand()),
    fc.constant(new LinkRestoreCommand()),
    fc.constantFrom(4_900, 5_100, 8_000).map((ms) => new LatencySpikeCommand(ms)),
    fc.constant(new LatencyEndCommand()),
    fc.constant(new SuspendCommand()),
    fc.constant(new ResumeCommand()),
    fc.constant(new PowerCutCommand()),
    fc.constant(new PowerOnCommand()),
    fc.constantFrom(10 * 60_000, 2 * HOUR, 25 * HOUR, 73 * HOUR).map((ms) => new ClockJumpCommand(ms)),
  ];
}
