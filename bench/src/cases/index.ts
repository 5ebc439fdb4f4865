// Every automatic test case, one file per requirement group.
import type { TestCase } from '../case.js';
import { PASSWORD_CASES } from './passwords.js';
import { SELFTEST_CASES } from './selftest.js';
import { INTEGRITY_CASES } from './integrity.js';
import { LINK_CASES } from './link.js';
import { OFFLINE_CASES } from './offline.js';
import { UPLOAD_CASES } from './upload.js';
import { SHIFT_CASES } from './shift.js';
import { ORDER_CASES } from './operator-orders.js';
import { CHANNEL_CASES } from './channels.js';
import { SETTINGS_CASES } from './settings.js';
import { DOCUMENT_CASES } from './documents.js';
import { QR_CASES } from './qr.js';
import { DEVICE_CASES } from './devices.js';
import { FIRMWARE_CASES } from './firmware.js';

export const ALL_CASES: readonly TestCase[] = Object.freeze([
  ...PASSWORD_CASES, ...SELFTEST_CASES, ...INTEGRITY_CASES, ...LINK_CASES, ...OFFLINE_CASES, ...UPLOAD_CASES,
  ...SHIFT_CASES, ...ORDER_CASES, ...CHANNEL_CASES, ...SETTINGS_CASES, ...DOCUMENT_CASES, ...QR_CASES,
  ...DEVICE_CASES, ...FIRMWARE_CASES,
]);

export function caseById(id: string): TestCase | undefined {
  return ALL_CASES.find((c) => c.id === id);
}

/** The cases that cover any of `requirements` (exact ids; a top-level id also selects its sub-items' cases). */
export function casesFor(requirements: readonly string[]): TestCase[] {
  const want = (r: string) => requirements.some((q) => r === q || r.startsWith(`${q}.`));
  return ALL_CASES.filter((c) => c.covers.some(want));
}
