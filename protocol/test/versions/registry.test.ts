import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { commandInVersion, resultName, versionSpec } from '../../src/versions/index.js';
import { SUPPORTED_VERSIONS } from '../../src/header.js';

test('result 18 means different things: none in 2.0.2, barcode lookup in 2.0.3, de-registered in 2.0.4', () => {
  assert.is(resultName(18, 202), undefined);
  assert.is(resultName(18, 203), 'ELEMENT_NOT_FOUND_BY_BARCODE');
  assert.is(resultName(18, 204), 'DEREGISTERED');
  assert.is(resultName(19, 204), 'DISCONNECTED');
  assert.is(resultName(19, 203), undefined);
  assert.is(resultName(16, 203), 'SHIFT_ALREADY_OPENED');
  assert.is(resultName(16, 204), undefined);
  for (const v of SUPPORTED_VERSIONS) {
    assert.is(resultName(15, v), 'BLOCKED');
    assert.is(resultName(254, v), 'SERVICE_TEMPORARILY_UNAVAILABLE');
  }
});

test('commands per version: CANCEL_TICKET gone in 2.0.4, QR commands only in 2.0.4, OPEN_SHIFT nowhere', () => {
  assert.equal(SUPPORTED_VERSIONS.map((v) => commandInVersion(7, v)), [true, true, false]);
  assert.equal(SUPPORTED_VERSIONS.map((v) => commandInVersion(100, v)), [false, false, true]);
  assert.equal(SUPPORTED_VERSIONS.map((v) => commandInVersion(9, v)), [false, false, false]);
});

test('only 2.0.2 uses its own wire schema (OrgRegInfo field 6 is a varint there)', () => {
  const org = (v: 202 | 203 | 204) => versionSpec(v).wire.request.file.messages.find((m) => m.name === 'OrgRegInfo')!;
  assert.is(org(202).fields.find((f) => f.number === 6)!.name, 'tenant_id');
  assert.is(org(203).fields.find((f) => f.number === 6)!.name, 'address_kz');
  assert.is(org(204), org(203));
  assert.throws(() => versionSpec(125 as never), /125/);
});

test.run();
