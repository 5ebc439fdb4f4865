import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { assertParams, paramIssues, PARAM_SHAPES } from '../../src/dcp/validate.js';
import { DCP_METHODS } from '../../src/dcp/types.js';
import { DcpInvalidParams } from '../../src/dcp/handler.js';

const receipt = {
  operation: 'sell',
  items: [{ name: 'Хлеб', price: 25000, quantity: 1000, section: 1, taxPercent: 12 }],
  payments: [{ type: 'cash', sum: 25000 }],
};

test('every dcp.md method has a params shape', () => {
  for (const m of DCP_METHODS) assert.type(PARAM_SHAPES[m], 'function', m);
  assert.is(Object.keys(PARAM_SHAPES).length, DCP_METHODS.length);
});

test('valid params of each method pass', () => {
  const ok: [string, unknown][] = [
    ['dcp.hello', {}],
    ['power.off', { abrupt: true }],
    ['power.off', {}],
    ['clock.advance', { ms: 72 * 3600_000 }],
    ['clock.set', { now: '2026-11-22T10:15:00.000+05:00', password: '2222' }],
    ['session.login', { mode: 'registration', password: '1111' }],
    ['receipt.create', receipt],
    ['receipt.create', { ...receipt, operation: 'sell_return', parentNumber: 3, customerIin: '123456789012', idempotencyKey: 'k1' }],
    ['cash.deposit', { sum: 100 }],
    ['settings.set', { rnm: '010101234567', token: 778, channels: [{ name: 'main', host: '127.0.0.1', port: 7777, priority: 1, enabled: true }] }],
    ['scanner.scan', { code: '010460043993125621JgXJ5.T' }],
    ['printer.paper', { present: false }],
    ['firmware.install', { image: 'AAEC', signature: 'AA==' }],
    ['journal.read', { fromNumber: 1 }],
    ['journal.tamper', { number: 3, patch: { total: 1 } }],
    ['unknown.extension', { anything: 1 }],
  ];
  for (const [m, p] of ok) assert.equal(paramIssues(m, p), [], `${m} ${JSON.stringify(p)}`);
});

test('bad params are refused with the path of each problem', () => {
  const cases: [string, unknown, string[]][] = [
    ['clock.advance', {}, ['$.ms']],
    ['clock.advance', { ms: -1 }, ['$.ms']],
    ['clock.advance', { ms: 1.5 }, ['$.ms']],
    ['clock.set', { now: '2026-11-22 10:15', password: '1' }, ['$.now']],
    ['clock.set', { now: '2026-11-22T10:15:00', password: '1' }, ['$.now']],
    ['session.login', { mode: 'admin', password: 1111 }, ['$.mode', '$.password']],
    ['dcp.hello', { extra: true }, ['$.extra']],
    ['receipt.create', { ...receipt, operation: 'gift' }, ['$.operation']],
    ['receipt.create', { ...receipt, items: [] }, ['$.items']],
    ['receipt.create', { ...receipt, items: [{ name: 'x', price: 1.5, quantity: 1000 }] }, ['$.items[0].price']],
    ['receipt.create', { ...receipt, items: [{ name: 'x', price: 100, quantity: 0 }] }, ['$.items[0].quantity']],
    ['receipt.create', { ...receipt, payments: [{ type: 'crypto', sum: -1 }] }, ['$.payments[0].type', '$.payments[0].sum']],
    ['receipt.create', { ...receipt, payments: undefined }, ['$.payments']],
    ['cash.withdraw', { sum: '100' }, ['$.sum']],
    ['settings.set', { channels: [{ name: 'a', host: 'h', port: 70000, priority: 1, enabled: 'yes' }] }, ['$.channels[0].port', '$.channels[0].enabled']],
    ['printer.paper', {}, ['$.present']],
    ['firmware.install', { image: 'not base64!', signature: 'AA==' }, ['$.image']],
    ['journal.tamper', { number: 1, patch: [] }, ['$.patch']],
    ['state.get', null, ['$']],
  ];
  for (const [m, p, paths] of cases) {
    assert.equal(paramIssues(m, p).map((i) => i.path), paths, `${m} ${JSON.stringify(p)}`);
  }
});

test('assertParams throws DcpInvalidParams naming every problem', () => {
  try {
    assertParams('session.login', { mode: 'admin' });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, DcpInvalidParams);
    const err = e as DcpInvalidParams;
    assert.is(err.path, '$.mode');
    assert.is(err.issues?.length, 2);
    assert.match(err.message, '$.password is required');
  }
});

test.run();
