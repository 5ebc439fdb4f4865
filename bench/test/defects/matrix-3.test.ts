import { test } from 'uvu';
import { checkSlice, slice } from './matrix.js';

test(`seeded defects, slice 3: every defect fails at least one of its requirements (${slice(3).join(', ')})`, async () => {
  await checkSlice(3);
});

test.run();
