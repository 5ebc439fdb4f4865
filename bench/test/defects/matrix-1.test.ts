import { test } from 'uvu';
import { checkSlice, slice } from './matrix.js';

test(`seeded defects, slice 1: every defect fails at least one of its requirements (${slice(1).join(', ')})`, async () => {
  await checkSlice(1);
});

test.run();
