// Front-panel labels in Kazakh and Russian (req 11: keyboard marks and displayed information in
// the state language and Russian). Display messages themselves come from the register.
export type Lang = 'kz' | 'ru';

export const PANEL_LABELS = {
  power: { kz: 'ҚОСУ', ru: 'ВКЛ' },
  mode: { kz: 'РЕЖИМ', ru: 'РЕЖИМ' },
  login: { kz: 'КІРУ', ru: 'ВХОД' },
  logout: { kz: 'ШЫҒУ', ru: 'ВЫХОД' },
  clear: { kz: 'ТАЗАЛАУ', ru: 'СБРОС' },
  price: { kz: 'БАҒА', ru: 'ЦЕНА' },
  cash: { kz: 'ҚОЛМА-ҚОЛ', ru: 'НАЛИЧНЫЕ' },
  card: { kz: 'КАРТА', ru: 'КАРТА' },
  sellReturn: { kz: 'ҚАЙТАРУ', ru: 'ВОЗВРАТ' },
  cashIn: { kz: 'ЕНГІЗУ', ru: 'ВНЕСЕНИЕ' },
  cashOut: { kz: 'АЛУ', ru: 'ИЗЪЯТИЕ' },
  xReport: { kz: 'X-ЕСЕП', ru: 'X-ОТЧЁТ' },
  zReport: { kz: 'Z-ЕСЕП', ru: 'Z-ОТЧЁТ' },
} as const satisfies Record<string, Record<Lang, string>>;
export type PanelKey = keyof typeof PANEL_LABELS;

export const MODE_LABELS: Record<string, Record<Lang, string>> = {
  registration: { kz: 'Сату', ru: 'Регистрация' },
  programming: { kz: 'Бағдарламалау', ru: 'Программирование' },
  close_shift: { kz: 'Ауысымды жабу', ru: 'Закрытие смены' },
  reports: { kz: 'Есептер', ru: 'Отчёты' },
  service: { kz: 'Қызмет', ru: 'Сервис' },
};

export const STATUS_TEXT = {
  off: { kz: 'Өшірулі', ru: 'Выключена' },
  noMode: { kz: 'Режимді таңдаңыз', ru: 'Выберите режим' },
  shiftOpen: { kz: 'Ауысым ашық', ru: 'Смена открыта' },
  shiftClosed: { kz: 'Ауысым жабық', ru: 'Смена закрыта' },
  autonomous: { kz: 'АВТОНОМДЫ РЕЖИМ', ru: 'АВТОНОМНЫЙ РЕЖИМ' },
  blocked: { kz: 'БҰҒАТТАЛҒАН', ru: 'ЗАБЛОКИРОВАНА' },
  total: { kz: 'Жиыны', ru: 'Итого' },
  password: { kz: 'Құпиясөз', ru: 'Пароль' },
  queued: { kz: 'жіберілмеген', ru: 'не отправлено' },
} as const satisfies Record<string, Record<Lang, string>>;

/** Which of the register's own texts (emulator MESSAGES) names each panel key. */
export const REGISTER_KEY: Partial<Record<PanelKey, string>> = {
  mode: 'key.mode', login: 'key.login', logout: 'key.logout', clear: 'key.clear', price: 'key.price', cash: 'key.cash',
  card: 'key.card', sellReturn: 'key.return', cashIn: 'key.cash_in', cashOut: 'key.cash_out', xReport: 'key.x_report', zReport: 'key.z_report',
};

export type RegisterLabels = Record<string, { kz: string; ru: string }>;

/** A key's label: the register's own text when it has one (upper-cased, as keycaps), else ours. */
export function label(key: PanelKey, lang: Lang, register: RegisterLabels = {}): string {
  const r = REGISTER_KEY[key] ? register[REGISTER_KEY[key]!] : undefined;
  return r ? r[lang].toLocaleUpperCase(lang === 'kz' ? 'kk' : 'ru') : PANEL_LABELS[key][lang];
}

/** A mode's name: the register's (mode.*) or ours. */
export function modeName(mode: string, lang: Lang, register: RegisterLabels = {}): string {
  return register[`mode.${mode}`]?.[lang] ?? MODE_LABELS[mode]?.[lang] ?? mode;
}
