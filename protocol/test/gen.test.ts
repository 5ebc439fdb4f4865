// The committed schema variants and generated code are what `npm run gen:proto` produces now.
import { skipUnless } from '../../tools/skip.js';
skipUnless('protocol generated code up to date', 'protoc');

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { staleFiles, VARIANTS } from '../scripts/gen.js';

test('protocol/schema/v*/ and protocol/src/gen/ are up to date (else run npm run gen:proto)', () => {
  assert.equal(staleFiles(), []);
});

test('the 2.0.2 variant differs from the canonical schema exactly in OrgRegInfo field 6 and the package', () => {
  const canonical = readFileSync(new URL('../schema/ofd-protocol.proto', import.meta.url), 'utf8');
  const v202 = readFileSync(new URL('../schema/v202/ofd-protocol.proto', import.meta.url), 'utf8');
  assert.equal(VARIANTS.map((v) => v.dir), ['v202']);
  assert.match(v202, /package ofd\.kkm\.v202;/);
  assert.match(v202, /optional int32 tenant_id = 6;/);
  assert.not.match(v202, /address_kz = 6/);
  assert.match(canonical, /optional string address_kz = 6;/);
  const strip = (s: string) => s.split('\n').filter((l) => !/^\/\/ GENERATED|^\/\/ Variant|^\/\/   - |package |tenant_id|address_kz = 6/.test(l)).join('\n').trim();
  assert.is(strip(v202), strip(canonical));
});

test.run();
