import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { csvCell, journalCsv, JOURNAL_COLUMNS } from '../../src/lib/csv.js';
import { fixtureReceipt } from '../fixtures/generate.js';

test('csvCell quotes separators, quotes and newlines', () => {
  assert.is(csvCell('plain'), 'plain');
  assert.is(csvCell('a,b'), '"a,b"');
  assert.is(csvCell('say "hi"'), '"say ""hi"""');
  assert.is(csvCell('x\ny'), '"x\ny"');
  assert.is(csvCell(null), '');
});

test('journalCsv writes one row per document with totals in tenge', () => {
  const a = fixtureReceipt(1, 1, Date.UTC(2026, 10, 22, 5), 15050, false);
  const b = fixtureReceipt(2, 1, Date.UTC(2026, 10, 22, 6), 100, true);
  const csv = journalCsv([a, b]);
  const lines = csv.trimEnd().split('\r\n');
  assert.is(lines.length, 3);
  assert.is(lines[0], JOURNAL_COLUMNS.join(','));
  assert.ok(lines[1]!.startsWith('1,receipt,1,'));
  assert.ok(lines[1]!.includes(',online,'));
  assert.ok(lines[2]!.includes(',autonomous,'));
  // receipt 2 sells 3 pieces (quantity 3000) at 1.00
  assert.ok(lines[2]!.includes(',sell,3.00,3.00,,,'), lines[2]);
  assert.ok(csv.endsWith('\r\n'));
});

test.run();
