// Interface strings in English, Russian and Turkmen. `t(key)` gives the string in the current interface
// language (falling back to English); `apply(root)` fills elements marked with data-i18n.

const STRINGS = {
  eng: {
    'skip': 'Skip to content',
    'nav.search': 'Search', 'nav.drafts': 'Drafts', 'nav.report': 'Report',
    'ui.language': 'Interface language', 'logout': 'Sign out', 'local': 'local mode',
    'search.title': 'Search the laws', 'search.label': 'Query', 'search.button': 'Search',
    'search.placeholder': 'e.g. "social worker" licensing law:social-services',
    'search.help': 'Query syntax',
    'search.help.words': 'words: all must match, in any inflected form',
    'search.help.phrase': '"a phrase": these words in this order',
    'search.help.or': 'a OR b: either; NOT a or -a: without',
    'search.help.paren': '(parentheses) group',
    'search.help.fields': 'law:NAME lang:eng|rus|tuk kind:law|draft status:in-force|repealed art:12 asof:YYYY-MM-DD',
    'search.help.fuzzy': 'word~ allows typos; prefix* matches beginnings',
    'filter.lang': 'Language', 'filter.kind': 'Kind', 'filter.status': 'Status', 'filter.work': 'Law',
    'filter.asof': 'In force on', 'filter.any': 'any',
    'results.count': '{n} articles match', 'results.none': 'No articles match.', 'results.page': 'page {p}',
    'pager.prev': '← Previous', 'pager.next': 'Next →', 'facets': 'Refine',
    'facet.work': 'Law', 'facet.lang': 'Language', 'facet.kind': 'Kind', 'facet.status': 'Status',
    'also.in': 'Also in:', 'error.position': 'at character {p}',
    'reader.contents': 'Contents', 'reader.language': 'Language', 'reader.asof': 'Version in force from',
    'reader.parallel': 'Parallel text', 'reader.citedBy': 'Cited by', 'reader.none': 'none', 'reader.repealed': 'repealed',
    'anno.panel': 'Annotations', 'anno.add': 'Annotate selection', 'anno.article': 'Annotate article',
    'anno.type': 'Type', 'anno.priority': 'Priority', 'anno.tags': 'Tags (comma-separated)', 'anno.body': 'Note (Markdown)',
    'anno.author': 'Your name', 'anno.quote': 'Quoted text', 'anno.save': 'Save', 'anno.cancel': 'Cancel',
    'anno.orphaned': 'Not found in the current text (kept, never hidden)', 'anno.none': 'No annotations.',
    'anno.reply': 'Reply', 'anno.replyLabel': 'Your reply', 'anno.status': 'Status', 'anno.stale': 'Someone else changed this annotation; it was reloaded. Apply your change again.',
    'anno.was': 'was', 'anno.now': 'now', 'anno.wholeArticle': 'whole provision', 'anno.all': 'all',
    'anno.otherLanguage': 'in another language',
    'type.comment': 'comment', 'type.gap': 'gap', 'type.recommendation': 'recommendation', 'type.conflict': 'conflict', 'type.question': 'question', 'type.editorial': 'editorial',
    'status.open': 'open', 'status.accepted': 'accepted', 'status.rejected': 'rejected', 'status.implemented': 'implemented', 'status.resolved': 'resolved',
    'priority.low': 'low', 'priority.medium': 'medium', 'priority.high': 'high',
    'drafts.title': 'Drafts', 'drafts.amends': 'amends', 'drafts.base': 'base text of', 'drafts.uploaded': 'uploaded',
    'drafts.upload': 'Upload a draft', 'drafts.text': 'Draft in the corpus format (Markdown)', 'drafts.file': 'or a file',
    'drafts.submit': 'Upload', 'drafts.none': 'No drafts.', 'drafts.remove': 'Remove',
    'redline.inline': 'Inline', 'redline.side': 'Side by side', 'redline.table': 'Comparative table',
    'redline.current': 'Current wording', 'redline.proposed': 'Proposed wording', 'redline.notes': 'Reviewers and justification',
    'redline.downloads': 'Downloads', 'redline.impact': 'Impact: provisions that cite the changed articles', 'redline.citedBy': 'cited by', 'redline.changesOnly': 'Only changed articles (unchanged ones are hidden)', 'redline.legend.ins': 'inserted', 'redline.legend.del': 'deleted',
    'dl.docx': 'DOCX with tracked changes', 'dl.table-docx': 'Comparative table (DOCX)', 'dl.html': 'HTML', 'dl.md': 'Markdown (CriticMarkup)',
    'dl.instructions-eng': 'Amendment instructions (English)', 'dl.instructions-rus': 'Amendment instructions (Russian)',
    'summary.modified': 'modified', 'summary.renumbered': 'renumbered', 'summary.new': 'new', 'summary.repealed': 'repealed', 'summary.split': 'split', 'summary.merged': 'merged', 'summary.unchanged': 'unchanged',
    'report.title': 'Review report', 'report.work': 'Law', 'report.all': 'all laws',
    'login.title': 'Sign in', 'login.name': 'Name', 'login.password': 'Password', 'login.submit': 'Sign in',
    'loading': 'Loading…', 'error.generic': 'Something went wrong',
  },
  rus: {
    'skip': 'К содержанию',
    'nav.search': 'Поиск', 'nav.drafts': 'Законопроекты', 'nav.report': 'Отчёт',
    'ui.language': 'Язык интерфейса', 'logout': 'Выйти', 'local': 'локальный режим',
    'search.title': 'Поиск по законам', 'search.label': 'Запрос', 'search.button': 'Найти',
    'search.placeholder': 'например: "социальный работник" лицензирование',
    'search.help': 'Синтаксис запроса',
    'search.help.words': 'слова: должны встретиться все, в любой форме',
    'search.help.phrase': '"фраза": эти слова в этом порядке',
    'search.help.or': 'a OR b: любое из двух; NOT a или -a: без',
    'search.help.paren': '(скобки) группируют',
    'search.help.fields': 'law:ИМЯ lang:eng|rus|tuk kind:law|draft status:in-force|repealed art:12 asof:ГГГГ-ММ-ДД',
    'search.help.fuzzy': 'слово~ допускает опечатки; начало* ищет по началу слова',
    'filter.lang': 'Язык', 'filter.kind': 'Вид', 'filter.status': 'Статус', 'filter.work': 'Закон',
    'filter.asof': 'Действует на дату', 'filter.any': 'любой',
    'results.count': 'Найдено статей: {n}', 'results.none': 'Ничего не найдено.', 'results.page': 'страница {p}',
    'pager.prev': '← Назад', 'pager.next': 'Далее →', 'facets': 'Уточнить',
    'facet.work': 'Закон', 'facet.lang': 'Язык', 'facet.kind': 'Вид', 'facet.status': 'Статус',
    'also.in': 'Также на:', 'error.position': 'в позиции {p}',
    'reader.contents': 'Содержание', 'reader.language': 'Язык', 'reader.asof': 'Редакция, действующая с',
    'reader.parallel': 'Параллельный текст', 'reader.citedBy': 'Ссылаются', 'reader.none': 'нет', 'reader.repealed': 'утратила силу',
    'anno.panel': 'Аннотации', 'anno.add': 'Аннотировать выделенное', 'anno.article': 'Аннотировать статью',
    'anno.type': 'Тип', 'anno.priority': 'Приоритет', 'anno.tags': 'Метки (через запятую)', 'anno.body': 'Заметка (Markdown)',
    'anno.author': 'Ваше имя', 'anno.quote': 'Цитата', 'anno.save': 'Сохранить', 'anno.cancel': 'Отмена',
    'anno.orphaned': 'Не найдены в действующем тексте (сохранены, не скрываются)', 'anno.none': 'Аннотаций нет.',
    'anno.reply': 'Ответить', 'anno.replyLabel': 'Ваш ответ', 'anno.status': 'Статус', 'anno.stale': 'Аннотацию изменил другой пользователь; она перезагружена. Повторите изменение.',
    'anno.was': 'было', 'anno.now': 'стало', 'anno.wholeArticle': 'вся норма', 'anno.all': 'все',
    'anno.otherLanguage': 'на другом языке',
    'type.comment': 'комментарий', 'type.gap': 'пробел', 'type.recommendation': 'рекомендация', 'type.conflict': 'коллизия', 'type.question': 'вопрос', 'type.editorial': 'редакционное',
    'status.open': 'открыта', 'status.accepted': 'принята', 'status.rejected': 'отклонена', 'status.implemented': 'реализована', 'status.resolved': 'решена',
    'priority.low': 'низкий', 'priority.medium': 'средний', 'priority.high': 'высокий',
    'drafts.title': 'Законопроекты', 'drafts.amends': 'изменяет', 'drafts.base': 'на основе редакции от', 'drafts.uploaded': 'загружен',
    'drafts.upload': 'Загрузить законопроект', 'drafts.text': 'Законопроект в формате корпуса (Markdown)', 'drafts.file': 'или файл',
    'drafts.submit': 'Загрузить', 'drafts.none': 'Законопроектов нет.', 'drafts.remove': 'Удалить',
    'redline.inline': 'Правка в тексте', 'redline.side': 'Две колонки', 'redline.table': 'Сравнительная таблица',
    'redline.current': 'Действующая редакция', 'redline.proposed': 'Предлагаемая редакция', 'redline.notes': 'Замечания и обоснование',
    'redline.downloads': 'Скачать', 'redline.impact': 'Последствия: нормы, ссылающиеся на изменяемые статьи', 'redline.citedBy': 'ссылаются', 'redline.changesOnly': 'Только изменённые статьи (неизменённые скрыты)', 'redline.legend.ins': 'добавлено', 'redline.legend.del': 'исключено',
    'dl.docx': 'DOCX с исправлениями', 'dl.table-docx': 'Сравнительная таблица (DOCX)', 'dl.html': 'HTML', 'dl.md': 'Markdown (CriticMarkup)',
    'dl.instructions-eng': 'Текст изменений (английский)', 'dl.instructions-rus': 'Текст изменений (русский)',
    'summary.modified': 'изменено', 'summary.renumbered': 'перенумеровано', 'summary.new': 'новых', 'summary.repealed': 'исключено', 'summary.split': 'разделено', 'summary.merged': 'объединено', 'summary.unchanged': 'без изменений',
    'report.title': 'Отчёт об экспертизе', 'report.work': 'Закон', 'report.all': 'все законы',
    'login.title': 'Вход', 'login.name': 'Имя', 'login.password': 'Пароль', 'login.submit': 'Войти',
    'loading': 'Загрузка…', 'error.generic': 'Произошла ошибка',
  },
  tuk: {
    'skip': 'Mazmuna geç',
    'nav.search': 'Gözleg', 'nav.drafts': 'Taslamalar', 'nav.report': 'Hasabat',
    'ui.language': 'Interfeýsiň dili', 'logout': 'Çykmak', 'local': 'ýerli tertip',
    'search.title': 'Kanunlarda gözleg', 'search.label': 'Sorag', 'search.button': 'Gözle',
    'search.placeholder': 'meselem: "sosial işgär" ygtyýarnama',
    'search.help': 'Soragyň sintaksisi',
    'search.help.words': 'sözler: hemmesi islendik görnüşde bolmaly',
    'search.help.phrase': '"söz düzümi": şu sözler şu tertipde',
    'search.help.or': 'a OR b: biri; NOT a ýa-da -a: onsuz',
    'search.help.paren': '(ýaýlar) toparlaýar',
    'search.help.fields': 'law:ADY lang:eng|rus|tuk kind:law|draft status:in-force|repealed art:12 asof:ÝÝÝÝ-AA-GG',
    'search.help.fuzzy': 'söz~ ýalňyşlara ýol berýär; başy* başlangyç boýunça',
    'filter.lang': 'Dil', 'filter.kind': 'Görnüş', 'filter.status': 'Ýagdaý', 'filter.work': 'Kanun',
    'filter.asof': 'Güýjüne giren senesi', 'filter.any': 'islendik',
    'results.count': '{n} madda tapyldy', 'results.none': 'Hiç zat tapylmady.', 'results.page': '{p}-nji sahypa',
    'pager.prev': '← Öňki', 'pager.next': 'Indiki →', 'facets': 'Takyklamak',
    'facet.work': 'Kanun', 'facet.lang': 'Dil', 'facet.kind': 'Görnüş', 'facet.status': 'Ýagdaý',
    'also.in': 'Başga dillerde:', 'error.position': '{p}-nji orunda',
    'reader.contents': 'Mazmuny', 'reader.language': 'Dil', 'reader.asof': 'Güýjüne giren redaksiýa',
    'reader.parallel': 'Parallel tekst', 'reader.citedBy': 'Salgylanýanlar', 'reader.none': 'ýok', 'reader.repealed': 'güýjüni ýitirdi',
    'anno.panel': 'Bellikler', 'anno.add': 'Bellik goş', 'anno.article': 'Madda bellik goş',
    'anno.type': 'Görnüşi', 'anno.priority': 'Ileri tutulmagy', 'anno.tags': 'Tegler (otur bilen)', 'anno.body': 'Bellik (Markdown)',
    'anno.author': 'Adyňyz', 'anno.quote': 'Sitata', 'anno.save': 'Ýatda sakla', 'anno.cancel': 'Ýatyr',
    'anno.orphaned': 'Häzirki tekstde tapylmady (saklanýar, gizlenmeýär)', 'anno.none': 'Bellik ýok.',
    'anno.reply': 'Jogap ber', 'anno.replyLabel': 'Jogabyňyz', 'anno.status': 'Ýagdaýy', 'anno.stale': 'Bu belligi başga biri üýtgetdi; täzeden ýüklendi. Üýtgetmäňizi gaýtadan ediň.',
    'anno.was': 'öň', 'anno.now': 'häzir', 'anno.wholeArticle': 'tutuş norma', 'anno.all': 'hemmesi',
    'anno.otherLanguage': 'başga dilde',
    'type.comment': 'teswir', 'type.gap': 'boşluk', 'type.recommendation': 'maslahat', 'type.conflict': 'gapma-garşylyk', 'type.question': 'sorag', 'type.editorial': 'redaksion',
    'status.open': 'açyk', 'status.accepted': 'kabul edildi', 'status.rejected': 'ret edildi', 'status.implemented': 'ýerine ýetirildi', 'status.resolved': 'çözüldi',
    'priority.low': 'pes', 'priority.medium': 'orta', 'priority.high': 'ýokary',
    'drafts.title': 'Taslamalar', 'drafts.amends': 'üýtgedýär', 'drafts.base': 'esas redaksiýa', 'drafts.uploaded': 'ýüklendi',
    'drafts.upload': 'Taslama ýükle', 'drafts.text': 'Korpus formatyndaky taslama (Markdown)', 'drafts.file': 'ýa-da faýl',
    'drafts.submit': 'Ýükle', 'drafts.none': 'Taslama ýok.', 'drafts.remove': 'Aýyr',
    'redline.inline': 'Tekstde', 'redline.side': 'Iki sütün', 'redline.table': 'Deňeşdirme tablisasy',
    'redline.current': 'Häzirki redaksiýa', 'redline.proposed': 'Teklip edilýän redaksiýa', 'redline.notes': 'Bellikler we esaslandyrma',
    'redline.downloads': 'Göçürip almak', 'redline.impact': 'Täsiri: üýtgedilýän maddalara salgylanýan kadalar', 'redline.citedBy': 'salgylanýarlar', 'redline.changesOnly': 'Diňe üýtgedilen maddalar (üýtgemedikler gizlenen)', 'redline.legend.ins': 'goşuldy', 'redline.legend.del': 'aýryldy',
    'dl.docx': 'Üýtgetmeler bilen DOCX', 'dl.table-docx': 'Deňeşdirme tablisasy (DOCX)', 'dl.html': 'HTML', 'dl.md': 'Markdown (CriticMarkup)',
    'dl.instructions-eng': 'Üýtgetmeleriň teksti (iňlisçe)', 'dl.instructions-rus': 'Üýtgetmeleriň teksti (rusça)',
    'summary.modified': 'üýtgedildi', 'summary.renumbered': 'täzeden belgilendi', 'summary.new': 'täze', 'summary.repealed': 'aýryldy', 'summary.split': 'bölündi', 'summary.merged': 'birleşdirildi', 'summary.unchanged': 'üýtgemedi',
    'report.title': 'Seljeriş hasabaty', 'report.work': 'Kanun', 'report.all': 'ähli kanunlar',
    'login.title': 'Girmek', 'login.name': 'Ady', 'login.password': 'Açar sözi', 'login.submit': 'Gir',
    'loading': 'Ýüklenýär…', 'error.generic': 'Ýalňyşlyk ýüze çykdy',
  },
};

export const LANGS = ['eng', 'rus', 'tuk'];
const HTML_LANG = { eng: 'en', rus: 'ru', tuk: 'tk' };

let current = 'eng';

/** The interface language now. */
export function uiLang() { return current; }

/** The BCP 47 tag of a Kanun language code (for `lang` attributes). */
export function htmlLang(code) { return HTML_LANG[code] || code; }

/** Sets the interface language (remembered in localStorage). */
export function setLang(code, remember) {
  if (!STRINGS[code]) return;
  current = code;
  document.documentElement.lang = htmlLang(code);
  if (remember) {
    try { localStorage.setItem('kanun.ui', code); } catch (_) { /* private mode: not remembered */ }
  }
}

/** The remembered interface language, if any. */
export function rememberedLang() {
  try { return localStorage.getItem('kanun.ui'); } catch (_) { return null; }
}

/** A string; `{name}` placeholders are filled from `vars`. */
export function t(key, vars) {
  let s = (STRINGS[current] && STRINGS[current][key]) || STRINGS.eng[key] || key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

/** Fills every element with data-i18n under `root`. */
export function apply(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
}
