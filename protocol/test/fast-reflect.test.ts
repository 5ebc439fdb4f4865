import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { reflect } from '@bufbuild/protobuf/reflect';
import { shareFieldMaps } from '../src/fast-reflect.js';
import { RequestSchema, ResponseSchema, TicketRequestSchema } from '../src/gen/ofd-protocol_pb.js';

test('the shared field maps are installed and answer per descriptor', () => {
  assert.is(shareFieldMaps(), true);
  assert.is(shareFieldMaps(), true); // idempotent
  for (const desc of [RequestSchema, ResponseSchema, TicketRequestSchema, RequestSchema]) {
    const r = reflect(desc);
    for (const f of desc.fields) assert.is(r.findNumber(f.number), f, `${desc.typeName} field ${f.number}`);
    assert.is(r.findNumber(99999), undefined);
  }
});

test.run();
