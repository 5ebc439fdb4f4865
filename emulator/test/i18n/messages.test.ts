import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { MESSAGES, LANGUAGES, type MessageKey } from '../../src/i18n/messages.js';
import { message, bilingual, placeholders } from '../../src/i18n/message.js';
import { EmulatorError } from '../../src/errors.js';

const keys = Object.keys(MESSAGES) as MessageKey[];
const CYRILLIC_KZ_ONLY = /[ӘәҒғҚқҢңӨөҰұҮүҺһІі]/;

test('req 11: every key has a non-empty Kazakh and Russian text', () => {
  assert.ok(keys.length > 100);
  for (const k of keys) {
    for (const lang of LANGUAGES) {
      const t = (MESSAGES[k] as Record<string, unknown>)[lang];
      assert.type(t, 'string', `${k}.${lang}`);
      assert.ok((t as string).trim().length > 0, `${k}.${lang} is empty`);
    }
  }
});

test('req 11: both languages of a key use the same placeholders', () => {
  for (const k of keys) {
    const e = MESSAGES[k];
    assert.equal(placeholders(e.kz).sort(), placeholders(e.ru).sort(), k);
  }
});

test('req 11: Russian texts contain no Kazakh-only letters', () => {
  for (const k of keys) assert.not.ok(CYRILLIC_KZ_ONLY.test(MESSAGES[k].ru), `${k}.ru: ${MESSAGES[k].ru}`);
});

test('req 11: no word mixes Latin and Cyrillic letters (a Latin i in a Kazakh word, a Cyrillic с in X)', () => {
  const mixed = /[\u0400-\u04FF][A-Za-z]|[A-Za-z][\u0400-\u04FF]/u;
  for (const k of keys) for (const lang of LANGUAGES) assert.not.ok(mixed.test(MESSAGES[k][lang]), `${k}.${lang}: ${MESSAGES[k][lang]}`);
});

test('req 11: display messages and titles are really translated (kz differs from ru)', () => {
  for (const k of keys) {
    if (!k.startsWith('display.') && !k.startsWith('doc.') && !k.startsWith('mode.')) continue;
    assert.is.not(MESSAGES[k].kz, MESSAGES[k].ru, k);
  }
});

test('the keys the register needs exist', () => {
  const needed: MessageKey[] = [
    'display.shift_expired', 'display.offline_entered', 'display.offline_too_long', 'display.suspended_by_ofd',
    'display.ofd_notification', 'display.no_paper', 'display.marking_required', 'display.selftest_failed',
    'display.bad_password', 'display.wrong_mode', 'display.shift_open', 'display.time_before_last_document',
    'display.bad_signature', 'word.autonomous', 'doc.fiscal_receipt', 'key.sell', 'key.return', 'key.cash_in',
    'key.cash_out', 'key.x_report', 'key.z_report', 'key.login', 'mode.registration', 'key.0', 'key.9',
    'line.total', 'pay.cash', 'pay.card', 'pay.mobile', 'line.fiscal_sign', 'line.rnm', 'line.znm', 'line.shift',
    'line.document_number', 'line.date',
  ];
  for (const k of needed) assert.ok(k in MESSAGES, k);
});

test('req 39 / 29.5: the fiscal title and the word "Автономный" in both languages', () => {
  assert.is(message('doc.fiscal_receipt', 'ru'), 'ФИСКАЛЬНЫЙ ЧЕК');
  assert.is(message('doc.fiscal_receipt', 'kz'), 'ФИСКАЛДЫҚ ЧЕК');
  assert.is(message('word.autonomous', 'ru'), 'Автономный');
  assert.is(message('word.autonomous', 'kz'), 'Автономды');
  assert.is(message('doc.offline_notice', 'kz'), 'АВТОНОМДЫ РЕЖИМ');
});

test('message fills placeholders', () => {
  assert.is(message('line.shift', 'ru', { n: 7 }), 'Смена №7');
  assert.is(message('display.offline_too_long', 'kz', { hours: 72 }).includes('72 сағаттан'), true);
  assert.equal(bilingual('line.document_number', { n: 12n }), { kz: 'Құжат №12', ru: 'Документ №12' });
});

test('message fills every text of every key exactly as a placeholder replace would (texts split once, cached)', () => {
  for (const key of Object.keys(MESSAGES) as MessageKey[]) {
    for (const lang of LANGUAGES) {
      const text = MESSAGES[key][lang];
      const params = Object.fromEntries(placeholders(text).map((n, i) => [n, `<${n}$&${i}>`]));
      const expected = text.replace(/\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g, (_, n: string) => String(params[n]));
      assert.is(message(key, lang, params), expected, `${key} ${lang}`);
      assert.is(message(key, lang, params), expected, `${key} ${lang} (cached)`);
    }
  }
});

test('message throws EMU_I18N on a missing parameter, unknown key or language', () => {
  for (const f of [
    () => message('line.shift', 'ru'),
    () => message('nope' as MessageKey, 'ru'),
    () => message('line.total', 'en' as 'ru'),
  ]) {
    try {
      f();
      assert.unreachable('should throw');
    } catch (e) {
      assert.instance(e, EmulatorError);
      assert.is((e as EmulatorError).code, 'EMU_I18N');
    }
  }
});

test.run();
