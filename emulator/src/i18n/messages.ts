// Every display message, front-panel label, document title and receipt line label of the reference
// register, in Kazakh (kz) and Russian (ru) — req 11 (keyboard and display), req 32 (receipt
// requisites in both languages). Placeholders are `{name}`; message() fills them.
// Keys are grouped by prefix: display.* (what the cashier sees), doc.* (document titles),
// line.* (receipt line labels), op.* (operations), pay.* (payment types), key.* (front panel),
// mode.* (modes), word.* (single words printed on documents), check.* (self-test check names).

export const LANGUAGES = ['kz', 'ru'] as const;
export type Lang = (typeof LANGUAGES)[number];

export interface MessageText {
  kz: string;
  ru: string;
  /** the requirement this message serves, if any */
  requirement?: string;
}

export const MESSAGES = {
  // ---- display: what the cashier sees (display.message notifications) ----
  'display.shift_expired': {
    requirement: '14',
    kz: 'Ауысым 24 сағаттан асты. Төлем құжаттары қабылданбайды: ауысымды жабыңыз (Z-есеп)',
    ru: 'Смена превысила 24 часа. Платёжные документы не принимаются: закройте смену (Z-отчёт)',
  },
  'display.offline_entered': {
    requirement: '29.2',
    kz: 'ФДО-мен байланыс жоқ. Касса автономды режимге өтті',
    ru: 'Нет связи с ОФД. Касса перешла в автономный режим',
  },
  'display.offline_too_long': {
    requirement: '29.6',
    kz: 'Автономды режим {hours} сағаттан асты. Деректер ФДО-ға берілгенге дейін операциялар бұғатталды',
    ru: 'Автономный режим более {hours} часов. Операции заблокированы до передачи данных в ОФД',
  },
  'display.online_restored': {
    requirement: '30.1',
    kz: 'ФДО-мен байланыс қалпына келтірілді. Жіберілмеген құжаттар: {count}',
    ru: 'Связь с ОФД восстановлена. Неотправленных документов: {count}',
  },
  'display.suspended_by_ofd': {
    requirement: '16',
    kz: 'ККМ жұмысын ФДО тоқтата тұрды: {text}',
    ru: 'Работа ККМ приостановлена ОФД: {text}',
  },
  'display.resumed_by_ofd': {
    requirement: '16',
    kz: 'ФДО ККМ жұмысын қайта жалғастыруға рұқсат берді',
    ru: 'ОФД разрешил возобновить работу ККМ',
  },
  'display.ofd_notification': {
    requirement: '17',
    kz: 'ФДО хабарламасы: {text}',
    ru: 'Сообщение ОФД: {text}',
  },
  'display.no_paper': {
    requirement: '6',
    kz: 'Қағаз жоқ. Қағаз салыңыз',
    ru: 'Нет бумаги. Вставьте бумагу',
  },
  'display.marking_required': {
    requirement: '7.1',
    kz: '«{item}» тауары үшін таңбалау коды қажет: тауарды сканерлеңіз',
    ru: 'Для товара «{item}» требуется код маркировки: отсканируйте товар',
  },
  'display.selftest_failed': {
    requirement: '3',
    kz: 'Өзін-өзі тексеру сәтсіз аяқталды: {reason}. ККМ бұғатталды',
    ru: 'Самотестирование не пройдено: {reason}. ККМ заблокирована',
  },
  'display.selftest_ok': {
    requirement: '2',
    kz: 'Өзін-өзі тексеру сәтті өтті',
    ru: 'Самотестирование пройдено',
  },
  'display.bad_password': {
    requirement: '10',
    kz: 'Құпиясөз қате',
    ru: 'Неверный пароль',
  },
  'display.wrong_mode': {
    requirement: '1',
    kz: 'Бұл операция «{mode}» режимінде қолжетімсіз',
    ru: 'Операция недоступна в режиме «{mode}»',
  },
  'display.shift_open': {
    requirement: '41',
    kz: 'Ауысым ашық. Бұл баптауды өзгерту үшін ауысымды жабыңыз',
    ru: 'Смена открыта. Для изменения этой настройки закройте смену',
  },
  'display.time_before_last_document': {
    requirement: '42',
    kz: 'Күні мен уақыты соңғы фискалдық құжаттың уақытынан ерте болмауы керек',
    ru: 'Дата и время не могут быть раньше последнего фискального документа',
  },
  'display.bad_signature': {
    requirement: '43.1',
    kz: 'Бағдарламалық жасақтаманың қолтаңбасы жарамсыз. Орнатудан бас тартылды',
    ru: 'Неверная подпись программного обеспечения. Установка отклонена',
  },
  'display.memory_corrupted': {
    requirement: '43.2',
    kz: 'Фискалдық жадтың тұтастығы бұзылған',
    ru: 'Нарушена целостность фискальной памяти',
  },
  'display.invalid_receipt': {
    kz: 'Чек қате толтырылған: {detail}',
    ru: 'Чек заполнен неверно: {detail}',
  },
  'display.not_supported': {
    kz: 'Операцияға қолдау көрсетілмейді',
    ru: 'Операция не поддерживается',
  },
  'display.ofd_server_block': {
    kz: 'ФДО сервері ККМ-ді бұғаттады: {text}',
    ru: 'Сервер ОФД заблокировал ККМ: {text}',
  },
  'display.power_on': {
    kz: 'ККМ қосылды',
    ru: 'ККМ включена',
  },

  // ---- document titles ----
  'doc.fiscal_receipt': { requirement: '39', kz: 'ФИСКАЛДЫҚ ЧЕК', ru: 'ФИСКАЛЬНЫЙ ЧЕК' },
  'doc.x_report': { requirement: '31', kz: 'X-ЕСЕП', ru: 'X-ОТЧЁТ' },
  'doc.z_report': { requirement: '31', kz: 'Z-ЕСЕП', ru: 'Z-ОТЧЁТ' },
  'doc.sections_report': { requirement: '31', kz: 'БӨЛІМДЕР БОЙЫНША ЕСЕП', ru: 'ОТЧЁТ ПО СЕКЦИЯМ' },
  'doc.cashiers_report': { requirement: '31', kz: 'КАССИРЛЕР БОЙЫНША ЕСЕП', ru: 'ОТЧЁТ ПО КАССИРАМ' },
  'doc.cash_in': { requirement: '27', kz: 'ҚОЛМА-ҚОЛ АҚША САЛУ', ru: 'ВНЕСЕНИЕ НАЛИЧНЫХ' },
  'doc.cash_out': { requirement: '27', kz: 'ҚОЛМА-ҚОЛ АҚША АЛУ', ru: 'ИЗЪЯТИЕ НАЛИЧНЫХ' },
  'doc.selftest': { requirement: '2', kz: 'ӨЗІН-ӨЗІ ТЕКСЕРУ', ru: 'САМОТЕСТИРОВАНИЕ' },
  'doc.ofd_message': { requirement: '17', kz: 'ФДО ХАБАРЛАМАСЫ', ru: 'СООБЩЕНИЕ ОФД' },
  'doc.offline_notice': { requirement: '29.2', kz: 'АВТОНОМДЫ РЕЖИМ', ru: 'АВТОНОМНЫЙ РЕЖИМ' },
  'doc.non_fiscal': { requirement: '43.3', kz: 'ФИСКАЛДЫҚ ЕМЕС ҚҰЖАТ', ru: 'НЕФИСКАЛЬНЫЙ ДОКУМЕНТ' },

  // ---- receipt line labels (req 32) ----
  'line.total': { kz: 'БАРЛЫҒЫ', ru: 'ИТОГО' },
  'line.subtotal': { kz: 'Аралық жиын', ru: 'Подытог' },
  'line.fiscal_sign': { requirement: '34', kz: 'Фискалдық белгі', ru: 'Фискальный признак' },
  'line.fiscal_sign_short': { requirement: '34', kz: 'ФБ', ru: 'ФП' },
  'line.autonomous_sign': { requirement: '29.4', kz: 'Автономды белгі', ru: 'Автономный признак' },
  'line.rnm': { requirement: '34', kz: 'ККМ ТНМ', ru: 'РНМ ККМ' },
  'line.znm': { kz: 'ККМ ЗНМ', ru: 'ЗНМ ККМ' },
  'line.kkm_id': { kz: 'ККМ коды', ru: 'Код ККМ' },
  'line.shift': { kz: 'Ауысым №{n}', ru: 'Смена №{n}' },
  'line.document_number': { kz: 'Құжат №{n}', ru: 'Документ №{n}' },
  'line.receipt_number': { kz: 'Чек №{n}', ru: 'Чек №{n}' },
  'line.date': { kz: 'Күні', ru: 'Дата' },
  'line.time': { kz: 'Уақыты', ru: 'Время' },
  'line.datetime': { kz: 'Күні мен уақыты', ru: 'Дата и время' },
  'line.cashier': { kz: 'Кассир', ru: 'Кассир' },
  'line.org_iin': { kz: 'ЖСН/БСН', ru: 'ИИН/БИН' },
  'line.customer_iin': { requirement: '24', kz: 'Сатып алушының ЖСН/БСН', ru: 'ИИН/БИН покупателя' },
  'line.vat': { kz: 'ҚҚС', ru: 'НДС' },
  'line.vat_included': { kz: 'оның ішінде ҚҚС {percent}%', ru: 'в т.ч. НДС {percent}%' },
  'line.section': { kz: 'Бөлім {n}', ru: 'Секция {n}' },
  'line.quantity': { kz: 'Саны', ru: 'Кол-во' },
  'line.price': { kz: 'Бағасы', ru: 'Цена' },
  'line.sum': { kz: 'Сомасы', ru: 'Сумма' },
  'line.discount': { kz: 'Жеңілдік', ru: 'Скидка' },
  'line.markup': { kz: 'Үстеме', ru: 'Наценка' },
  'line.received': { kz: 'Алынды', ru: 'Получено' },
  'line.change': { kz: 'Қайтарым', ru: 'Сдача' },
  'line.marking_code': { requirement: '7', kz: 'Таңбалау коды', ru: 'Код маркировки' },
  'line.ofd': { kz: 'ФДО', ru: 'ОФД' },
  'line.check_url': { requirement: '33', kz: 'Чекті тексеру', ru: 'Проверка чека' },
  'line.cash_in_drawer': { kz: 'Кассадағы қолма-қол ақша', ru: 'Наличные в кассе' },
  'line.documents_in_shift': { kz: 'Ауысымдағы құжаттар', ru: 'Документов за смену' },
  'line.offline_since': { requirement: '30.1', kz: 'Автономды режим басталды', ru: 'Начало автономного режима' },
  'line.offline_until': { requirement: '30.1', kz: 'Автономды режим аяқталды', ru: 'Окончание автономного режима' },
  'line.parent_receipt': { requirement: '15', kz: 'Бастапқы чек №{n}', ru: 'Исходный чек №{n}' },
  'line.thank_you': { kz: 'Сатып алғаныңызға рахмет!', ru: 'Спасибо за покупку!' },

  // ---- operations (receipt kinds, req 5) ----
  'op.sell': { requirement: '5', kz: 'Сату', ru: 'Продажа' },
  'op.sell_return': { requirement: '15', kz: 'Сатуды қайтару', ru: 'Возврат продажи' },
  'op.buy': { requirement: '5', kz: 'Сатып алу', ru: 'Покупка' },
  'op.buy_return': { requirement: '15', kz: 'Сатып алуды қайтару', ru: 'Возврат покупки' },

  // ---- payment types ----
  'pay.cash': { kz: 'Қолма-қол', ru: 'Наличные' },
  'pay.card': { kz: 'Банк картасы', ru: 'Банковская карта' },
  'pay.mobile': { kz: 'Мобильді төлем', ru: 'Мобильный платёж' },

  // ---- modes (req 1) ----
  'mode.registration': { requirement: '1', kz: 'Тіркеу', ru: 'Регистрация' },
  'mode.programming': { requirement: '1', kz: 'Бағдарламалау', ru: 'Программирование' },
  'mode.close_shift': { requirement: '1', kz: 'Ауысымды жабу', ru: 'Закрытие смены' },
  'mode.reports': { requirement: '1', kz: 'Есептер', ru: 'Отчёты' },
  'mode.service': { requirement: '1', kz: 'Қызмет көрсету', ru: 'Сервис' },

  // ---- front panel labels (req 11) ----
  'key.sell': { requirement: '11', kz: 'Сату', ru: 'Продажа' },
  'key.return': { requirement: '11', kz: 'Қайтару', ru: 'Возврат' },
  'key.cash_in': { requirement: '11', kz: 'Салу', ru: 'Внесение' },
  'key.cash_out': { requirement: '11', kz: 'Алу', ru: 'Изъятие' },
  'key.x_report': { requirement: '11', kz: 'X-есеп', ru: 'X-отчёт' },
  'key.z_report': { requirement: '11', kz: 'Z-есеп', ru: 'Z-отчёт' },
  'key.login': { requirement: '11', kz: 'Кіру', ru: 'Вход' },
  'key.logout': { requirement: '11', kz: 'Шығу', ru: 'Выход' },
  'key.mode': { requirement: '11', kz: 'Режим', ru: 'Режим' },
  'key.password': { requirement: '11', kz: 'Құпиясөз', ru: 'Пароль' },
  'key.enter': { requirement: '11', kz: 'Енгізу', ru: 'Ввод' },
  'key.clear': { requirement: '11', kz: 'Тазалау', ru: 'Сброс' },
  'key.cancel': { requirement: '11', kz: 'Болдырмау', ru: 'Отмена' },
  'key.subtotal': { requirement: '11', kz: 'Аралық жиын', ru: 'Подытог' },
  'key.total': { requirement: '11', kz: 'Барлығы', ru: 'Итог' },
  'key.pay': { requirement: '11', kz: 'Төлем', ru: 'Оплата' },
  'key.cash': { requirement: '11', kz: 'Қолма-қол', ru: 'Наличные' },
  'key.card': { requirement: '11', kz: 'Карта', ru: 'Карта' },
  'key.mobile': { requirement: '11', kz: 'Мобильді', ru: 'Мобильный' },
  'key.section': { requirement: '11', kz: 'Бөлім', ru: 'Секция' },
  'key.quantity': { requirement: '11', kz: 'Саны', ru: 'Кол-во' },
  'key.price': { requirement: '11', kz: 'Бағасы', ru: 'Цена' },
  'key.multiply': { requirement: '11', kz: '×', ru: '×' },
  'key.point': { requirement: '11', kz: ',', ru: ',' },
  'key.paper_feed': { requirement: '11', kz: 'Қағаз беру', ru: 'Протяжка' },
  'key.menu': { requirement: '11', kz: 'Мәзір', ru: 'Меню' },
  'key.scan': { requirement: '11', kz: 'Сканерлеу', ru: 'Сканировать' },
  'key.00': { requirement: '11', kz: '00', ru: '00' },
  'key.0': { requirement: '11', kz: '0', ru: '0' },
  'key.1': { requirement: '11', kz: '1', ru: '1' },
  'key.2': { requirement: '11', kz: '2', ru: '2' },
  'key.3': { requirement: '11', kz: '3', ru: '3' },
  'key.4': { requirement: '11', kz: '4', ru: '4' },
  'key.5': { requirement: '11', kz: '5', ru: '5' },
  'key.6': { requirement: '11', kz: '6', ru: '6' },
  'key.7': { requirement: '11', kz: '7', ru: '7' },
  'key.8': { requirement: '11', kz: '8', ru: '8' },
  'key.9': { requirement: '11', kz: '9', ru: '9' },

  // ---- single words printed on documents ----
  'word.autonomous': { requirement: '29.5', kz: 'Автономды', ru: 'Автономный' },
  'word.online': { kz: 'Онлайн', ru: 'Онлайн' },
  'word.blocked': { kz: 'Бұғатталған', ru: 'Заблокирована' },
  'word.ok': { kz: 'Сәтті', ru: 'Успешно' },
  'word.failed': { kz: 'Сәтсіз', ru: 'Ошибка' },

  // ---- self-test checks (req 2) ----
  'check.software': { requirement: '2.2', kz: 'Бағдарламалық жасақтаманың тұтастығы', ru: 'Целостность программного обеспечения' },
  'check.fiscal_memory': { requirement: '2.3', kz: 'Фискалдық жадтың тұтастығы', ru: 'Целостность фискальной памяти' },
  'check.ofd_link': { requirement: '2.4', kz: 'ФДО-мен байланыс', ru: 'Связь с ОФД' },
  'check.printer': { requirement: '2.1', kz: 'Баспа құрылғысы', ru: 'Печатающее устройство' },
} as const satisfies Record<string, MessageText>;

export type MessageKey = keyof typeof MESSAGES;
