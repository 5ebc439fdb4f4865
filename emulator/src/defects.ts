// Seeded defects: each is a small named switch, checked at the one place where it breaks a rule,
// so the bench can prove that its tests fail against a register that breaks that rule.
// `listDefects()` is the catalogue; the CLI prints it with `--list-defects`.
import { EmulatorError } from './errors.js';

export interface DefectInfo {
  name: string;
  requirements: string[];
  description: string;
}

export const DEFECTS = [
  { name: 'password-not-checked', requirements: ['1', '1.1', '1.2', '1.3', '10'], description: 'any password opens any mode' },
  { name: 'selftest-skipped', requirements: ['2', '2.1', '2.2', '9'], description: 'power.on/selftest.run report ok without running any check' },
  { name: 'tamper-undetected', requirements: ['2.3', '3', '3.3', '9', '13', '43.2'], description: 'the fiscal memory integrity check is not run: tampered records pass' },
  { name: 'link-test-skipped', requirements: ['2.4'], description: 'the operator link check reports ok without sending a test message' },
  { name: 'selftest-failure-ignored', requirements: ['3', '3.3'], description: 'a failed self-test does not block the register' },
  { name: 'no-reg-info', requirements: ['4', '20', '21'], description: 'requests to the operator carry no reg_info' },
  { name: 'receipt-not-sent', requirements: ['5', '21', '23'], description: 'receipts are printed without being sent to the operator (autonomous sign while online)' },
  { name: 'no-paper-ignored', requirements: ['6'], description: 'receipts are issued without paper' },
  { name: 'marking-not-sent', requirements: ['7'], description: 'scanned marking codes are not sent to the operator (list_excise_stamp empty)' },
  { name: 'marking-not-checked', requirements: ['7.1'], description: 'a marked item is sold without its marking code' },
  { name: 'offline-queue-lost', requirements: ['8', '28', '30.2'], description: 'unsent documents are dropped at power-on (marked transmitted without sending)' },
  { name: 'mode-not-checked', requirements: ['10', '1.1', '1.3'], description: 'operations are accepted in any mode (or without login)' },
  { name: 'z-not-closing', requirements: ['12', '22'], description: 'report.z prints a Z but does not close the shift at the operator (no CLOSE_SHIFT sent)' },
  { name: 'shift-not-limited', requirements: ['14'], description: 'payment documents are accepted after 24 h of shift' },
  { name: 'return-as-sale', requirements: ['15'], description: 'returns are sent to the operator as sales without parent ticket' },
  { name: 'suspension-ignored', requirements: ['16'], description: 'result 15 (BLOCKED) is treated as a lost link: sales continue autonomously' },
  { name: 'notification-ignored', requirements: ['17'], description: 'operator notices (TICKET_AD_INFO) are neither shown nor printed' },
  { name: 'single-channel', requirements: ['18', '40.5'], description: 'only the first channel is ever used (no failover, priorities ignored)' },
  { name: 'token-not-rotated', requirements: ['20'], description: 'a new token in the operator\'s answer is ignored' },
  { name: 'sign-altered', requirements: ['23', '43.4'], description: 'the printed online fiscal sign differs from the operator\'s ticket_number' },
  { name: 'customer-iin-dropped', requirements: ['24'], description: 'the customer IIN is neither printed nor sent' },
  { name: 'slow-cycle', requirements: ['25'], description: 'the receipt cycle waits 8 s after the answer before printing' },
  { name: 'cash-not-sent', requirements: ['27'], description: 'cash in/out are not sent to the operator' },
  { name: 'no-autonomous-after-5s', requirements: ['29', '29.1', '25', '26'], description: 'the register waits 30 s for an answer instead of going autonomous after 5 s' },
  { name: 'no-offline-display', requirements: ['29.2'], description: 'the cashier is not told that the register went autonomous' },
  { name: 'autonomous-sign-reused', requirements: ['29.3'], description: 'every autonomous receipt carries the same sign' },
  { name: 'autonomous-sign-not-printed', requirements: ['29.4'], description: 'the autonomous sign is not printed on the receipt' },
  { name: 'no-autonomous-word', requirements: ['29.5'], description: 'autonomous receipts do not say "Автономный"' },
  { name: 'no-offline-block', requirements: ['29.6'], description: 'no block after 72 h in autonomous mode' },
  { name: 'offline-z-refused', requirements: ['29.7', '31.5'], description: 'report.z is refused while offline' },
  { name: 'no-offline-period-message', requirements: ['30.1'], description: 'on reconnect no offline period message is sent' },
  { name: 'queue-out-of-order', requirements: ['30', '30.2'], description: 'the offline queue is uploaded newest first' },
  { name: 'no-offline-marks', requirements: ['30.3'], description: 'uploaded documents carry no offline ticket number / is_offline mark' },
  { name: 'receipt-not-printed', requirements: ['31', '31.1'], description: 'receipts are not printed (no document.printed)' },
  { name: 'no-cashiers-report', requirements: ['31', '31.2'], description: 'report.cashiers is not supported' },
  { name: 'no-sections-report', requirements: ['31.3'], description: 'report.sections is not supported' },
  { name: 'x-report-always-local', requirements: ['31.4'], description: 'the X report is never requested from the operator' },
  // Russian only still complies with 11 (Kazakh and/or Russian on the display); it breaks 32 (both on the receipt)
  { name: 'russian-only', requirements: ['32'], description: 'receipts and display messages are in Russian only' },
  { name: 'display-transliterated', requirements: ['11'], description: 'display messages are shown in Latin transliteration: neither Kazakh nor Russian as written' },
  { name: 'no-qr', requirements: ['33', '34', '36'], description: 'receipts carry no QR code' },
  { name: 'qr-wrong-sum', requirements: ['34', '35'], description: 'the QR s parameter is the total in tiyn written as tenge' },
  { name: 'qr-no-png', requirements: ['36'], description: 'the QR PNG is not rendered' },
  { name: 'title-without-sign', requirements: ['39', '43.3'], description: 'non-fiscal documents (X report) carry the title "ФИСКАЛЬНЫЙ ЧЕК"' },
  { name: 'settings-with-shift-open', requirements: ['41'], description: 'operator connection settings and the clock can be changed with a shift open' },
  { name: 'channels-not-applied', requirements: ['40', '40.1'], description: 'settings.set channels is accepted but the old channels stay in use' },
  { name: 'kkm-id-misreported', requirements: ['40.3'], description: 'settings.get reports a register id other than the one in the frame headers' },
  { name: 'rnm-not-validated', requirements: ['40', '40.2'], description: 'an RNM shorter than 12 characters is accepted' },
  { name: 'token-readable', requirements: ['40.4'], description: 'settings.get returns the token' },
  { name: 'time-before-last-document', requirements: ['42'], description: 'the clock can be set before the last fiscal document' },
  // the self-test still verifies the installed image, which is what 2.2 asks: 2.2 is not broken here
  { name: 'unsigned-firmware', requirements: ['43', '43.1'], description: 'firmware with a bad signature is installed' },
  { name: 'software-check-skipped', requirements: ['2.2'], description: 'the self-test does not check the software (no hash/signature check of the installed image)' },
] as const satisfies readonly DefectInfo[];

export type DefectName = (typeof DEFECTS)[number]['name'];

export function listDefects(): DefectInfo[] {
  return DEFECTS.map((d) => ({ name: d.name, requirements: [...d.requirements], description: d.description }));
}

export function isDefectName(x: string): x is DefectName {
  return DEFECTS.some((d) => d.name === x);
}

/** The set of active defects of one register. */
export class Defects {
  private readonly on: ReadonlySet<DefectName>;
  constructor(names: readonly string[] = []) {
    for (const n of names) if (!isDefectName(n)) throw new EmulatorError('EMU_BAD_OPTION', `defects: unknown defect ${n} (see listDefects())`);
    this.on = new Set(names as DefectName[]);
  }
  has(name: DefectName): boolean {
    return this.on.has(name);
  }
  get names(): DefectName[] {
    return [...this.on];
  }
}
