import { test } from 'uvu';
import { checkSlice, slice } from './matrix.js';

test(`seeded defects, slice 4: every defect fails at least one of its requirements (${slice(4).join(', ')})`, async () => {
  await checkSlice(4);
});

test.run();
