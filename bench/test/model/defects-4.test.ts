import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkSlice, slice } from './kills.js';

test(`model paths, seeded defects slice 4: each defect whose requirement the model tags fails a model path on a transition tagged with it (${slice(4).join(', ')})`, async () => {
  const rows = await checkSlice(4);
  for (const r of rows) if (r.killedBy) assert.ok(r.requirements.includes(r.killedBy.requirement), r.defect);
});

test.run();
