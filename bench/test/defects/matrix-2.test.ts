import { test } from 'uvu';
import { checkSlice, slice } from './matrix.js';

test(`seeded defects, slice 2: every defect fails at least one of its requirements (${slice(2).join(', ')})`, async () => {
  await checkSlice(2);
});

test.run();
