// The fc.commands list of the property run: every command with its arbitrary.
import fc from 'fast-check';
import { money } from './arbitraries/money.js';
import { receipt } from './arbitraries/receipt.js';
import { clockJump } from './arbitraries/clock-jump.js';
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

/**
 * The commands, weighted: sales, link drops and boundary clock jumps come up more often than the
 * rest, so that the sequences that break the time rules (a sale, the link down, a jump past 24 h
 * or 72 h) are likely within the default number of runs. (One weighted `oneof`: fc.commands picks
 * uniformly among the arbitraries it is given.)
 */
export function registerCommands(): fc.Arbitrary<fc.AsyncCommand<RegisterModel, PropsReal>>[] {
  const w = (weight: number, arbitrary: fc.Arbitrary<fc.AsyncCommand<RegisterModel, PropsReal>>) => ({ weight, arbitrary });
  return [fc.oneof(
    w(6, receipt().map((r) => new SellCommand(r))),
    w(1, fc.nat({ max: 20 }).map((i) => new SellReturnCommand(i))),
    w(1, fc.constant(new XReportCommand())),
    w(1, fc.constant(new CloseShiftCommand())),
    w(1, fc.tuple(fc.constantFrom<'deposit' | 'withdraw'>('deposit', 'withdraw'), money({ min: 100, max: 5_000_000 })).map(([d, s]) => new CashCommand(d, s))),
    w(4, fc.constant(new LinkDropCommand())),
    w(1, fc.constant(new LinkRestoreCommand())),
    // around the 5-second rule for the operator's answer
    w(2, fc.constantFrom(4_900, 5_100, 8_000).map((ms) => new LatencySpikeCommand(ms))),
    w(1, fc.constant(new LatencyEndCommand())),
    w(1, fc.constant(new SuspendCommand())),
    w(1, fc.constant(new ResumeCommand())),
    w(1, fc.constant(new PowerCutCommand())),
    w(1, fc.constant(new PowerOnCommand())),
    w(6, clockJump().map((t) => new ClockJumpCommand(t))),
  )];
}
