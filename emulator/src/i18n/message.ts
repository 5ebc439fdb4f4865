import { EmulatorError } from '../errors.js';
import { LANGUAGES, MESSAGES, type Lang, type MessageKey, type MessageText } from './messages.js';

export type MessageParams = Readonly<Record<string, string | number | bigint>>;

const PLACEHOLDER = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/g;

/** Placeholder names used by a message text (`{n}` → `n`), in order of appearance. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function isLang(x: unknown): x is Lang {
  return typeof x === 'string' && (LANGUAGES as readonly string[]).includes(x);
}

/**
 * The text of `key` in `lang`, with `{name}` placeholders filled from `params`.
 * Throws EMU_I18N for an unknown key or language, or a placeholder without a parameter.
 */
export function message(key: MessageKey, lang: Lang, params: MessageParams = {}): string {
  const entry = (MESSAGES as Record<string, MessageText>)[key];
  if (entry === undefined) throw new EmulatorError('EMU_I18N', `unknown message key: ${String(key)}`);
  if (!isLang(lang)) throw new EmulatorError('EMU_I18N', `unknown language: ${String(lang)} (expected kz or ru)`);
  // each text is split once at its placeholders (receipts fill several texts each)
  const texts = SPLIT[lang];
  let parts = texts.get(key);
  if (parts === undefined) texts.set(key, (parts = entry[lang].split(PLACEHOLDER_SPLIT)));
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const v = params[parts[i]!];
    if (v === undefined) throw new EmulatorError('EMU_I18N', `message ${key} needs parameter ${parts[i]}`);
    out += String(v) + parts[i + 1]!;
  }
  return out;
}

/** the same placeholder, for split(): [text, name, text, name, …, text] */
const PLACEHOLDER_SPLIT = /\{([a-zA-Z_][a-zA-Z0-9_]*)\}/;
const SPLIT: Record<Lang, Map<string, string[]>> = { kz: new Map(), ru: new Map() };

/** Both languages, Kazakh first then Russian (req 32 prints requisites in both). */
export function bilingual(key: MessageKey, params: MessageParams = {}): { kz: string; ru: string } {
  return { kz: message(key, 'kz', params), ru: message(key, 'ru', params) };
}
