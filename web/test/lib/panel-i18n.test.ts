import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { label, modeName, PANEL_LABELS } from '../../src/lib/panel-i18n.js';

test('req 11: every panel key has a Kazakh and a Russian label', () => {
  for (const [k, v] of Object.entries(PANEL_LABELS)) {
    assert.ok(v.kz.trim() && v.ru.trim(), k);
  }
});

test("req 11: the register's own labels win, upper-cased as keycaps; ours otherwise", () => {
  const reg = { 'key.cash_in': { kz: 'Салу', ru: 'Внесение' }, 'mode.registration': { kz: 'Тіркеу', ru: 'Регистрация' } };
  assert.is(label('cashIn', 'kz', reg), 'САЛУ');
  assert.is(label('cashIn', 'ru', reg), 'ВНЕСЕНИЕ');
  assert.is(label('cashIn', 'kz'), PANEL_LABELS.cashIn.kz);
  assert.is(label('power', 'kz', reg), 'ҚОСУ');
  assert.is(modeName('registration', 'kz', reg), 'Тіркеу');
  assert.is(modeName('registration', 'kz'), 'Сату');
  assert.is(modeName('unknown', 'ru'), 'unknown');
});

test.run();
