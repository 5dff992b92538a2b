// Interface strings in English, Russian and Turkmen. `t(key)` gives the string in the current interface
// language (falling back to English); `apply(root)` fills elements marked with data-i18n.

export const STRINGS = {
  eng: {
    'nav.users': 'Users', 'error.noPage': '{path}: there is no such page', 'error.details': 'Details from the server',
    'err.bad_request': 'The request could not be carried out: check what was entered.', 'err.bad_query': 'The query cannot be read',
    'err.not_found': 'Not found: it may have been removed or renamed.', 'err.unauthenticated': 'Please sign in.',
    'err.forbidden': 'Your role does not allow this.', 'err.csrf': 'This page is out of date: reload it and try again.',
    'err.stale': 'Someone else changed this in the meantime; it was reloaded. Apply your change again.',
    'err.precondition_required': 'The page did not say which version it changes: reload it and try again.',
    'err.conflict': 'This conflicts with what is already there.', 'err.too_large': 'This is too large to be accepted.',
    'err.too_many_requests': 'Too many attempts: wait a moment and try again.', 'err.internal': 'The server could not do this; the details are in its log.',
    'err.network': 'The server cannot be reached. Is Kanun still running?',
    'lang.eng': 'English', 'lang.rus': 'Russian', 'lang.tuk': 'Turkmen',
    'kind.law': 'laws', 'kind.draft': 'drafts', 'kind.annotation': 'annotations', 'kind.one.law': 'law', 'kind.one.draft': 'draft', 'kind.one.annotation': 'annotation',
    'docstatus.in-force': 'in force', 'docstatus.repealed': 'repealed', 'docstatus.draft': 'draft', 'docstatus.not-yet-in-force': 'not yet in force',
    'results.outOfRange': 'There is no page {p}: the results end on page {n}.', 'results.lastPage': 'Go to the last page',
    'pager.label': 'Result pages', 'pager.page': 'Page {p}', 'results.export': 'Export these results:', 'results.label': 'Results',
    'title.search': 'Search', 'title.drafts': 'Drafts', 'title.report': 'Review report', 'title.login': 'Sign in', 'title.users': 'Users',
    'reader.notCurrent': 'This is not the current text. It shows the version in force from {date}.', 'reader.currentLink': 'Read the text in force now',
    'reader.future': 'This version comes into force on {date}; it is not yet the text in force.',
    'reader.definition': 'Definition of “{term}”', 'reader.close': 'Close', 'reader.copyCitation': 'Copy citation', 'reader.copied': 'Citation copied',
    'reader.languageFallback': 'There is no {lang} text in force on {date}; shown: the {shown} version of {date2}.',
    'anno.edit': 'Edit', 'anno.delete': 'Delete', 'anno.deleteConfirm': 'Delete this annotation? It is kept as a deleted record and can be restored from the store.',
    'anno.deleted': 'Annotation deleted.', 'anno.keyboardHint': 'Select text with the mouse or press S on a provision to quote it by keyboard; A annotates.',
    'anno.quoteBox': 'Quote from this provision: select the words and press Enter', 'anno.useQuote': 'Annotate this quote',
    'kbd.title': 'Keyboard shortcuts', 'kbd.search': 'go to the search box', 'kbd.nextHit': 'next / previous result or provision',
    'kbd.open': 'open the result', 'kbd.annotate': 'annotate the selection or the current provision', 'kbd.quote': 'quote words of the current provision',
    'kbd.save': 'save the note', 'kbd.help': 'show this help', 'kbd.close': 'close',
    'drafts.noLanguage': 'This draft has no {lang} text.', 'drafts.fileOrWord': 'or a file: Markdown, or a Word document (DOCX)',
    'drafts.wordLegend': 'The Word document', 'drafts.amendsLabel': 'It amends', 'drafts.baseLabel': 'The version it amends', 'drafts.nameLabel': 'Name of the draft (optional)',
    'drafts.wordNote': 'Its paragraphs are read as articles, parts and points; tracked changes are taken as accepted.', 'drafts.word': 'or a Word document (DOCX)', 'drafts.trackedChanges': 'Tracked changes in the Word file',
    'drafts.accept': 'accept them', 'drafts.suggest': 'keep them as suggestions',
    'dl.instructions': 'Amendment instructions ({lang})',
    'users.title': 'Users', 'users.add': 'Add a user', 'users.name': 'Name', 'users.role': 'Role', 'users.password': 'Password', 'users.status': 'Status',
    'users.active': 'active', 'users.disabled': 'disabled', 'users.disable': 'Disable', 'users.enable': 'Enable', 'users.reset': 'Reset password', 'users.save': 'Save',
    'role.reader': 'reader', 'role.reviewer': 'reviewer', 'role.drafter': 'drafter', 'role.admin': 'admin',
    'report.replies': 'Replies', 'report.matrix': 'Themes and laws',
    'skip': 'Skip to content',
    'nav.editor': 'Drafting', 'editor.title': 'Drafting', 'editor.intro': 'Drafts written here, provision by provision, from the law in force.',
    'editor.none': 'No drafts yet.', 'editor.revisionBy': 'revision {n} · {date} ·', 'editor.start': 'Start a draft', 'editor.law': 'From the law in force',
    'editor.name': 'Name of the draft', 'editor.nameHint': 'lowercase Latin letters, digits and hyphens', 'editor.numbering': 'Numbering',
    'editor.numbering.insertion': 'insertion numbers (12-1 after 12)', 'editor.numbering.renumber': 'full renumbering', 'editor.startButton': 'Start', 'editor.lock': 'Lock number', 'editor.unlock': 'Unlock number', 'editor.locked': 'Number locked: kept in renumbering',
    'editor.word': 'Start a draft from a Word document', 'editor.wordIntro': 'A document written on the law in force, with its changes tracked: its text before the changes must be the law.',
    'editor.wordFile': 'Word document (.docx)', 'editor.wordLang': 'Language of the document', 'editor.wordChanges': 'Its tracked changes',
    'editor.wordAccept': 'take them into the draft (each a revision, credited to its author)', 'editor.wordSuggest': 'make them suggestions for a drafter to accept or decline',
    'editor.wordButton': 'Read the document', 'editor.wordDone': 'Draft {name} started from {file}: {matched} of the law\'s {articles} articles as in force; now at revision {n}.',
    'editor.wordTaken': 'Taken into the draft', 'editor.wordSuggested': 'Made suggestions', 'editor.wordNotTaken': 'Not taken', 'editor.wordUntracked': 'Changed without tracking (look at these)',
    'editor.wordNone': 'The document has no changes to the law.', 'editor.wordBy': 'by {who}', 'editor.open': 'Open the draft',
    'editor.word.op.edit': 'new wording', 'editor.word.op.insert': 'new provision', 'editor.word.op.repeal': 'deleted',
    'editor.why.structure': 'a provision added or deleted: make it in the editor', 'editor.why.closing-words': 'closing words after the parts: write them in the editor', 'editor.why.refused': 'could not be made',
    'editor.empty': 'no text yet', 'editor.justification': 'Justification', 'editor.edit': 'New wording', 'editor.insertAfter': 'Insert after',
    'editor.repeal': 'Repeal', 'editor.move': 'Move', 'editor.atRevision': 'Revision {n}',
    'finding.numbering-gap': 'a number is missing before it', 'finding.duplicate-number': 'its number is given twice', 'finding.numbering-order': 'its number is lower than the one before it',
    'finding.missing-reference': 'cites a provision the draft does not have', 'finding.repealed-reference': 'cites a repealed provision',
    'finding.no-justification': 'changed without a justification', 'finding.needs-translation': 'needs translation', 'editor.noFindings': 'Nothing to settle.',
    'editor.rev.start': 'Started from the law in force', 'editor.op.edit': 'New wording of', 'editor.op.insert': 'Inserted after', 'editor.op.repeal': 'Repealed',
    'editor.op.move': 'Moved', 'editor.op.split': 'Split', 'editor.op.merge': 'Merged', 'editor.op.lock': 'Number locked:',
    'editor.compareMilestone': 'redline at this milestone', 'editor.followed': 'Citations that followed the provision (check them)', 'editor.confirm': 'Checked',
    'editor.stale': 'Not saved: the draft was changed meanwhile. Your words are still in the form.', 'editor.save': 'Save', 'editor.heading': 'Heading',
    'editor.wording': 'Wording (a blank line between paragraphs)', 'editor.newAfter': 'New provision after this one', 'editor.repealConfirm': 'Repeal this provision?',
    'editor.after': 'after', 'editor.before': 'before', 'editor.moveTo': 'Move it', 'editor.moveTarget': 'the provision', 'editor.milestone': 'Name this version a milestone',
    'editor.suggest': 'Suggest wording', 'editor.suggestTitle': 'Your wording for this provision', 'editor.suggestWhy': 'A suggestion needs a justification.', 'editor.suggestions': 'Suggestions', 'editor.suggestedBy': 'suggested by', 'suggestion.open': 'open', 'suggestion.accepted': 'accepted', 'suggestion.declined': 'declined', 'suggestion.accept': 'Accept', 'suggestion.decline': 'Decline', 'suggestion.reason': 'Reason for declining', 'suggestion.none': 'No suggestions.',
    'finding.undefined-term': 'uses a term the draft no longer defines', 'editor.split': 'Split', 'editor.merge': 'Merge with the next', 'editor.splitAfter': 'The rest becomes a new provision after', 'editor.mergeConfirm': 'Merge the provision that follows into this one?',
    'editor.comment': 'Comment', 'editor.commentTitle': 'Your comment on this provision', 'editor.commentWhy': 'Write the comment first.', 'suggestion.comment': 'Comment', 'suggestion.wording': 'Wording', 'suggestion.gone': 'no longer in the draft', 'suggestion.closed': 'closed', 'suggestion.close': 'Close',
    'editor.corpusFile': 'Corpus file (Markdown)', 'editor.jsonl': 'The draft with every revision (JSONL, for git)',
    'editor.milestoneSave': 'Save the milestone', 'editor.keys': 'Click a provision, or go to it with j / k, to see what can be done with it: e new wording, i insert after, r repeal, m move, s split; Esc closes a form.', 'editor.textLabel': 'The draft', 'editor.sideLabel': 'Redline and checks', 'editor.findings': 'To settle', 'editor.revisions': 'Revisions',
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
    'filter.asofShort': '1 July 2024', 'filter.asofFormat': 'e.g. 1 July 2024 or 2024-07-01', 'filter.asofBad': '“{v}” is not a date: write it as 1 July 2024, 01.07.2024 or 2024-07-01',
    'results.count': '{n} articles match', 'results.countMore': 'More than {n} articles match', 'results.none': 'No articles match.', 'results.page': 'page {p}',
    'pager.prev': '← Previous', 'pager.next': 'Next →', 'facets': 'Refine',
    'facet.work': 'Law', 'facet.lang': 'Language', 'facet.kind': 'Kind', 'facet.status': 'Status', 'facet.more': '{n} more not shown: refine the search',
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
    'redline.views': 'Views', 'redline.inline': 'Inline', 'redline.side': 'Side by side', 'redline.table': 'Comparative table',
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
    'nav.users': 'Пользователи', 'error.noPage': '{path}: такой страницы нет', 'error.details': 'Подробности от сервера',
    'err.bad_request': 'Запрос не выполнен: проверьте введённые данные.', 'err.bad_query': 'Запрос не удаётся разобрать',
    'err.not_found': 'Не найдено: возможно, удалено или переименовано.', 'err.unauthenticated': 'Войдите в систему.',
    'err.forbidden': 'Ваша роль не позволяет это сделать.', 'err.csrf': 'Страница устарела: обновите её и повторите.',
    'err.stale': 'Тем временем это изменил другой пользователь; данные перезагружены. Повторите изменение.',
    'err.precondition_required': 'Страница не указала изменяемую версию: обновите её и повторите.',
    'err.conflict': 'Это противоречит уже существующим данным.', 'err.too_large': 'Слишком большой объём.',
    'err.too_many_requests': 'Слишком много попыток: подождите немного и повторите.', 'err.internal': 'Сервер не смог это выполнить; подробности в его журнале.',
    'err.network': 'Сервер недоступен. Kanun всё ещё запущен?',
    'lang.eng': 'английский', 'lang.rus': 'русский', 'lang.tuk': 'туркменский',
    'kind.law': 'законы', 'kind.draft': 'законопроекты', 'kind.annotation': 'аннотации', 'kind.one.law': 'закон', 'kind.one.draft': 'законопроект', 'kind.one.annotation': 'аннотация',
    'docstatus.in-force': 'действует', 'docstatus.repealed': 'утратил силу', 'docstatus.draft': 'проект', 'docstatus.not-yet-in-force': 'ещё не вступил в силу',
    'results.outOfRange': 'Страницы {p} нет: результаты заканчиваются на странице {n}.', 'results.lastPage': 'Перейти на последнюю страницу',
    'pager.label': 'Страницы результатов', 'pager.page': 'Страница {p}', 'results.export': 'Выгрузить результаты:', 'results.label': 'Результаты',
    'title.search': 'Поиск', 'title.drafts': 'Законопроекты', 'title.report': 'Отчёт об экспертизе', 'title.login': 'Вход', 'title.users': 'Пользователи',
    'reader.notCurrent': 'Это не действующий текст. Показана редакция, действовавшая с {date}.', 'reader.currentLink': 'Открыть действующую редакцию',
    'reader.future': 'Эта редакция вступает в силу {date}; она ещё не действует.',
    'reader.definition': 'Определение понятия «{term}»', 'reader.close': 'Закрыть', 'reader.copyCitation': 'Копировать ссылку', 'reader.copied': 'Ссылка скопирована',
    'reader.languageFallback': 'Текста на языке «{lang}», действующего на {date}, нет; показана редакция на языке «{shown}» от {date2}.',
    'anno.edit': 'Изменить', 'anno.delete': 'Удалить', 'anno.deleteConfirm': 'Удалить аннотацию? Она сохранится как удалённая запись и может быть восстановлена.',
    'anno.deleted': 'Аннотация удалена.', 'anno.keyboardHint': 'Выделите текст мышью или нажмите S на норме, чтобы выделить цитату с клавиатуры; A — аннотировать.',
    'anno.quoteBox': 'Цитата из нормы: выделите слова и нажмите Enter', 'anno.useQuote': 'Аннотировать цитату',
    'kbd.title': 'Сочетания клавиш', 'kbd.search': 'перейти к строке поиска', 'kbd.nextHit': 'следующий / предыдущий результат или норма',
    'kbd.open': 'открыть результат', 'kbd.annotate': 'аннотировать выделенное или текущую норму', 'kbd.quote': 'выбрать цитату из текущей нормы',
    'kbd.save': 'сохранить заметку', 'kbd.help': 'показать эту справку', 'kbd.close': 'закрыть',
    'drafts.noLanguage': 'У этого законопроекта нет текста на языке «{lang}».', 'drafts.fileOrWord': 'или файл: Markdown или документ Word (DOCX)',
    'drafts.wordLegend': 'Документ Word', 'drafts.amendsLabel': 'Изменяет закон', 'drafts.baseLabel': 'Изменяемая редакция', 'drafts.nameLabel': 'Имя законопроекта (необязательно)',
    'drafts.wordNote': 'Абзацы читаются как статьи, части и пункты; исправления считаются принятыми.', 'drafts.word': 'или документ Word (DOCX)', 'drafts.trackedChanges': 'Исправления в файле Word',
    'drafts.accept': 'принять', 'drafts.suggest': 'сохранить как предложения',
    'dl.instructions': 'Текст изменений ({lang})',
    'users.title': 'Пользователи', 'users.add': 'Добавить пользователя', 'users.name': 'Имя', 'users.role': 'Роль', 'users.password': 'Пароль', 'users.status': 'Состояние',
    'users.active': 'активен', 'users.disabled': 'отключён', 'users.disable': 'Отключить', 'users.enable': 'Включить', 'users.reset': 'Сменить пароль', 'users.save': 'Сохранить',
    'role.reader': 'читатель', 'role.reviewer': 'эксперт', 'role.drafter': 'разработчик', 'role.admin': 'администратор',
    'report.replies': 'Ответы', 'report.matrix': 'Темы и законы',
    'skip': 'К содержанию',
    'nav.editor': 'Редактор', 'editor.title': 'Редактор законопроектов', 'editor.intro': 'Законопроекты, подготовленные здесь постатейно на основе действующего закона.',
    'editor.none': 'Законопроектов пока нет.', 'editor.revisionBy': 'версия {n} · {date} ·', 'editor.start': 'Начать законопроект', 'editor.law': 'На основе действующего закона',
    'editor.name': 'Имя законопроекта', 'editor.nameHint': 'строчные латинские буквы, цифры и дефисы', 'editor.numbering': 'Нумерация',
    'editor.numbering.insertion': 'вставками (12-1 после 12)', 'editor.numbering.renumber': 'сплошная перенумерация', 'editor.startButton': 'Начать', 'editor.lock': 'Закрепить номер', 'editor.unlock': 'Открепить номер', 'editor.locked': 'Номер закреплён: сохраняется при перенумерации',
    'editor.word': 'Начать законопроект из документа Word', 'editor.wordIntro': 'Документ, подготовленный на основе действующего закона, с записанными исправлениями: его текст без исправлений должен совпадать с законом.',
    'editor.wordFile': 'Документ Word (.docx)', 'editor.wordLang': 'Язык документа', 'editor.wordChanges': 'Записанные исправления',
    'editor.wordAccept': 'внести в законопроект (каждое — версия с указанием автора)', 'editor.wordSuggest': 'сделать предложениями, которые разработчик примет или отклонит',
    'editor.wordButton': 'Прочитать документ', 'editor.wordDone': 'Законопроект {name} начат из {file}: {matched} из {articles} статей закона совпадают с действующей редакцией; текущая версия {n}.',
    'editor.wordTaken': 'Внесено в законопроект', 'editor.wordSuggested': 'Стало предложениями', 'editor.wordNotTaken': 'Не внесено', 'editor.wordUntracked': 'Изменено без записи исправлений (проверьте)',
    'editor.wordNone': 'В документе нет изменений закона.', 'editor.wordBy': 'автор: {who}', 'editor.open': 'Открыть законопроект',
    'editor.word.op.edit': 'новая редакция', 'editor.word.op.insert': 'новое положение', 'editor.word.op.repeal': 'исключено',
    'editor.why.structure': 'положение добавлено или исключено: внесите его в редакторе', 'editor.why.closing-words': 'заключительные слова после частей: внесите их в редакторе', 'editor.why.refused': 'не удалось внести',
    'editor.empty': 'текста пока нет', 'editor.justification': 'Обоснование', 'editor.edit': 'Новая редакция', 'editor.insertAfter': 'Вставить после',
    'editor.repeal': 'Признать утратившей силу', 'editor.move': 'Переместить', 'editor.atRevision': 'Версия {n}',
    'finding.numbering-gap': 'перед ней пропущен номер', 'finding.duplicate-number': 'её номер повторяется', 'finding.numbering-order': 'её номер меньше предыдущего',
    'finding.missing-reference': 'ссылается на норму, которой нет в проекте', 'finding.repealed-reference': 'ссылается на утратившую силу норму',
    'finding.no-justification': 'изменена без обоснования', 'finding.needs-translation': 'нужен перевод', 'editor.noFindings': 'Замечаний нет.',
    'editor.rev.start': 'Начат на основе действующего закона', 'editor.op.edit': 'Новая редакция', 'editor.op.insert': 'Вставка после', 'editor.op.repeal': 'Утратила силу',
    'editor.op.move': 'Перемещена', 'editor.op.split': 'Разделена', 'editor.op.merge': 'Объединена', 'editor.op.lock': 'Номер закреплён:',
    'editor.compareMilestone': 'сравнение на этом этапе', 'editor.followed': 'Ссылки, исправленные вслед за нормой (проверьте)', 'editor.confirm': 'Проверено',
    'editor.stale': 'Не сохранено: за это время проект изменили. Ваш текст остался в форме.', 'editor.save': 'Сохранить', 'editor.heading': 'Заголовок',
    'editor.wording': 'Текст (абзацы разделяются пустой строкой)', 'editor.newAfter': 'Новая норма после этой', 'editor.repealConfirm': 'Признать эту норму утратившей силу?',
    'editor.after': 'после', 'editor.before': 'перед', 'editor.moveTo': 'Поместить', 'editor.moveTarget': 'норма', 'editor.milestone': 'Назвать эту версию этапом',
    'editor.suggest': 'Предложить редакцию', 'editor.suggestTitle': 'Ваша редакция этой нормы', 'editor.suggestWhy': 'Предложение требует обоснования.', 'editor.suggestions': 'Предложения', 'editor.suggestedBy': 'предложил(а)', 'suggestion.open': 'на рассмотрении', 'suggestion.accepted': 'принято', 'suggestion.declined': 'отклонено', 'suggestion.accept': 'Принять', 'suggestion.decline': 'Отклонить', 'suggestion.reason': 'Причина отклонения', 'suggestion.none': 'Предложений нет.',
    'finding.undefined-term': 'использует понятие, которое проект больше не определяет', 'editor.split': 'Разделить', 'editor.merge': 'Объединить со следующей', 'editor.splitAfter': 'Остальное станет новой нормой после', 'editor.mergeConfirm': 'Присоединить следующую норму к этой?',
    'editor.comment': 'Комментарий', 'editor.commentTitle': 'Ваш комментарий к этой норме', 'editor.commentWhy': 'Сначала напишите комментарий.', 'suggestion.comment': 'Комментарий', 'suggestion.wording': 'Редакция', 'suggestion.gone': 'нормы больше нет в проекте', 'suggestion.closed': 'закрыт', 'suggestion.close': 'Закрыть',
    'editor.corpusFile': 'Файл корпуса (Markdown)', 'editor.jsonl': 'Законопроект со всеми версиями (JSONL, для git)',
    'editor.milestoneSave': 'Сохранить этап', 'editor.keys': 'Щёлкните по норме или перейдите к ней клавишами j / k, чтобы увидеть действия: e — новая редакция, i — вставить после, r — утратила силу, m — переместить, s — разделить; Esc закрывает форму.', 'editor.textLabel': 'Текст проекта', 'editor.sideLabel': 'Сравнение и проверки', 'editor.findings': 'Что нужно решить', 'editor.revisions': 'Версии',
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
    'filter.asofShort': 'ДД.ММ.ГГГГ', 'filter.asofFormat': 'ДД.ММ.ГГГГ, например 01.07.2024', 'filter.asofBad': '«{v}» — не дата: напишите её как 01.07.2024',
    'results.count': 'Найдено статей: {n}', 'results.countMore': 'Найдено статей: больше {n}', 'results.none': 'Ничего не найдено.', 'results.page': 'страница {p}',
    'pager.prev': '← Назад', 'pager.next': 'Далее →', 'facets': 'Уточнить',
    'facet.work': 'Закон', 'facet.lang': 'Язык', 'facet.kind': 'Вид', 'facet.status': 'Статус', 'facet.more': 'Не показано ещё: {n}. Уточните запрос',
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
    'redline.views': 'Вид', 'redline.inline': 'Правка в тексте', 'redline.side': 'Две колонки', 'redline.table': 'Сравнительная таблица',
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
    'nav.users': 'Ulanyjylar', 'error.noPage': '{path}: beýle sahypa ýok', 'error.details': 'Serwerden jikme-jiklikler',
    'err.bad_request': 'Haýyş ýerine ýetirilmedi: girizilen maglumatlary barlaň.', 'err.bad_query': 'Soragy okap bolmaýar',
    'err.not_found': 'Tapylmady: pozulan ýa-da adynyň üýtgedilen bolmagy mümkin.', 'err.unauthenticated': 'Ulgama giriň.',
    'err.forbidden': 'Siziň roluňyz muňa rugsat bermeýär.', 'err.csrf': 'Bu sahypa köneldi: täzeläň we gaýtadan synanyşyň.',
    'err.stale': 'Şol wagt başga biri muny üýtgetdi; täzeden ýüklendi. Üýtgetmäňizi gaýtadan ediň.',
    'err.precondition_required': 'Sahypa haýsy wersiýany üýtgedýändigini görkezmedi: täzeläň we gaýtadan synanyşyň.',
    'err.conflict': 'Bu eýýäm bar bolan maglumatlara gapma-garşy.', 'err.too_large': 'Bu kabul etmek üçin gaty uly.',
    'err.too_many_requests': 'Synanyşyk köp: birneme garaşyň we gaýtadan synanyşyň.', 'err.internal': 'Serwer muny ýerine ýetirip bilmedi; jikme-jiklikler onuň žurnalynda.',
    'err.network': 'Serwere baryp bolmaýar. Kanun henizem işleýärmi?',
    'lang.eng': 'iňlisçe', 'lang.rus': 'rusça', 'lang.tuk': 'türkmençe',
    'kind.law': 'kanunlar', 'kind.draft': 'taslamalar', 'kind.annotation': 'bellikler', 'kind.one.law': 'kanun', 'kind.one.draft': 'taslama', 'kind.one.annotation': 'bellik',
    'docstatus.in-force': 'güýjünde', 'docstatus.repealed': 'güýjüni ýitirdi', 'docstatus.draft': 'taslama', 'docstatus.not-yet-in-force': 'entek güýje girmedik',
    'results.outOfRange': '{p}-nji sahypa ýok: netijeler {n}-nji sahypada gutarýar.', 'results.lastPage': 'Soňky sahypa geç',
    'pager.label': 'Netijeleriň sahypalary', 'pager.page': '{p}-nji sahypa', 'results.export': 'Netijeleri göçürip al:', 'results.label': 'Netijeler',
    'title.search': 'Gözleg', 'title.drafts': 'Taslamalar', 'title.report': 'Seljeriş hasabaty', 'title.login': 'Girmek', 'title.users': 'Ulanyjylar',
    'reader.notCurrent': 'Bu häzirki tekst däl: {date} senesinden güýjüne giren redaksiýa görkezilýär.', 'reader.currentLink': 'Häzirki güýjündäki teksti aç',
    'reader.future': 'Bu redaksiýa {date} senesinde güýjüne girýär; ol entek güýjünde däl.',
    'reader.definition': '«{term}» düşünjesiniň kesgitlemesi', 'reader.close': 'Ýap', 'reader.copyCitation': 'Salgylanmany göçür', 'reader.copied': 'Salgylanma göçürildi',
    'reader.languageFallback': '{date} senesinde güýjünde bolan {lang} tekst ýok; {shown} {date2} redaksiýasy görkezilýär.',
    'anno.edit': 'Üýtget', 'anno.delete': 'Poz', 'anno.deleteConfirm': 'Bu bellik pozulsynmy? Ol pozulan ýazgy hökmünde saklanýar we dikeldilip bilner.',
    'anno.deleted': 'Bellik pozuldy.', 'anno.keyboardHint': 'Teksti syçan bilen saýlaň ýa-da sitatany klawiatura bilen saýlamak üçin normada S basyň; A — bellik goşmak.',
    'anno.quoteBox': 'Normadan sitata: sözleri saýlaň we Enter basyň', 'anno.useQuote': 'Bu sitata bellik goş',
    'kbd.title': 'Klawiatura gysgaltmalary', 'kbd.search': 'gözleg setirine geç', 'kbd.nextHit': 'indiki / öňki netije ýa-da norma',
    'kbd.open': 'netijäni aç', 'kbd.annotate': 'saýlanana ýa-da häzirki norma bellik goş', 'kbd.quote': 'häzirki normadan sitata saýla',
    'kbd.save': 'belligi ýatda sakla', 'kbd.help': 'bu kömegi görkez', 'kbd.close': 'ýap',
    'drafts.noLanguage': 'Bu taslamanyň {lang} teksti ýok.', 'drafts.fileOrWord': 'ýa-da faýl: Markdown ýa-da Word resminamasy (DOCX)',
    'drafts.wordLegend': 'Word resminamasy', 'drafts.amendsLabel': 'Üýtgedýän kanuny', 'drafts.baseLabel': 'Üýtgedilýän redaksiýa', 'drafts.nameLabel': 'Taslamanyň ady (hökmany däl)',
    'drafts.wordNote': 'Abzaslar maddalar, bölekler we bentler hökmünde okalýar; düzedişler kabul edilen hasaplanýar.', 'drafts.word': 'ýa-da Word resminamasy (DOCX)', 'drafts.trackedChanges': 'Word faýlyndaky düzedişler',
    'drafts.accept': 'kabul et', 'drafts.suggest': 'teklip hökmünde sakla',
    'dl.instructions': 'Üýtgetmeleriň teksti ({lang})',
    'users.title': 'Ulanyjylar', 'users.add': 'Ulanyjy goş', 'users.name': 'Ady', 'users.role': 'Roly', 'users.password': 'Açar sözi', 'users.status': 'Ýagdaýy',
    'users.active': 'işjeň', 'users.disabled': 'öçürilen', 'users.disable': 'Öçür', 'users.enable': 'Aç', 'users.reset': 'Açar sözüni täzele', 'users.save': 'Ýatda sakla',
    'role.reader': 'okyjy', 'role.reviewer': 'bilermen', 'role.drafter': 'taslamaçy', 'role.admin': 'administrator',
    'report.replies': 'Jogaplar', 'report.matrix': 'Temalar we kanunlar',
    'skip': 'Mazmuna geç',
    'nav.editor': 'Redaktor', 'editor.title': 'Taslamalary taýýarlamak', 'editor.intro': 'Güýjündäki kanunyň esasynda şu ýerde madda-madda taýýarlanan taslamalar.',
    'editor.none': 'Entek taslama ýok.', 'editor.revisionBy': 'wersiýa {n} · {date} ·', 'editor.start': 'Taslama başla', 'editor.law': 'Güýjündäki kanunyň esasynda',
    'editor.name': 'Taslamanyň ady', 'editor.nameHint': 'latyn kiçi harplary, sanlar we defisler', 'editor.numbering': 'Belgilemek',
    'editor.numbering.insertion': 'goşmaça belgiler (12-den soň 12-1)', 'editor.numbering.renumber': 'doly täzeden belgilemek', 'editor.startButton': 'Başla', 'editor.lock': 'Belgini berkit', 'editor.unlock': 'Belgini boşat', 'editor.locked': 'Belgi berkidildi: täzeden belgilenende saklanýar',
    'editor.word': 'Word resminamasyndan taslama başla', 'editor.wordIntro': 'Güýjündäki kanunyň esasynda taýýarlanan, düzedişleri ýazgy edilen resminama: onuň düzedişsiz teksti kanun bilen gabat gelmeli.',
    'editor.wordFile': 'Word resminamasy (.docx)', 'editor.wordLang': 'Resminamanyň dili', 'editor.wordChanges': 'Ýazgy edilen düzedişler',
    'editor.wordAccept': 'taslama girizmek (her biri awtory görkezilen wersiýa)', 'editor.wordSuggest': 'taslamaçy kabul eder ýa-da ret eder ýaly teklip etmek',
    'editor.wordButton': 'Resminamany oka', 'editor.wordDone': '{name} taslamasy {file} faýlyndan başlandy: kanunyň {articles} maddasyndan {matched}-si güýjündäki görnüşi bilen gabat gelýär; häzirki wersiýa {n}.',
    'editor.wordTaken': 'Taslama girizildi', 'editor.wordSuggested': 'Teklip edildi', 'editor.wordNotTaken': 'Girizilmedi', 'editor.wordUntracked': 'Düzediş ýazgysyz üýtgedildi (barlaň)',
    'editor.wordNone': 'Resminamada kanuna üýtgeşme ýok.', 'editor.wordBy': 'awtory: {who}', 'editor.open': 'Taslamany aç',
    'editor.word.op.edit': 'täze redaksiýa', 'editor.word.op.insert': 'täze düzgün', 'editor.word.op.repeal': 'aýryldy',
    'editor.why.structure': 'düzgün goşuldy ýa-da aýryldy: ony redaktorda giriziň', 'editor.why.closing-words': 'böleklerden soňky jemleýji sözler: olary redaktorda ýazyň', 'editor.why.refused': 'girizip bolmady',
    'editor.empty': 'entek tekst ýok', 'editor.justification': 'Esaslandyrma', 'editor.edit': 'Täze redaksiýa', 'editor.insertAfter': 'Soňuna goş',
    'editor.repeal': 'Güýjüni ýitiren diýip hasap et', 'editor.move': 'Süýş', 'editor.atRevision': 'Wersiýa {n}',
    'finding.numbering-gap': 'öňünde belgi ýetmeýär', 'finding.duplicate-number': 'belgisi gaýtalanýar', 'finding.numbering-order': 'belgisi öňkiden kiçi',
    'finding.missing-reference': 'taslamada ýok norma salgylanýar', 'finding.repealed-reference': 'güýjüni ýitiren norma salgylanýar',
    'finding.no-justification': 'esaslandyrmasyz üýtgedildi', 'finding.needs-translation': 'terjime gerek', 'editor.noFindings': 'Çözülmeli zat ýok.',
    'editor.rev.start': 'Güýjündäki kanunyň esasynda başlandy', 'editor.op.edit': 'Täze redaksiýa:', 'editor.op.insert': 'Soňuna goşuldy:', 'editor.op.repeal': 'Güýjüni ýitirdi:',
    'editor.op.move': 'Süýşürildi:', 'editor.op.split': 'Bölündi:', 'editor.op.merge': 'Birleşdirildi:', 'editor.op.lock': 'Belgisi berkidildi:',
    'editor.compareMilestone': 'şu tapgyrdaky deňeşdirme', 'editor.followed': 'Norma bilen bile düzedilen salgylanmalar (barlaň)', 'editor.confirm': 'Barlandy',
    'editor.stale': 'Ýatda saklanmady: şol wagt taslama üýtgedildi. Siziň tekstiňiz formada galdy.', 'editor.save': 'Ýatda sakla', 'editor.heading': 'Ady',
    'editor.wording': 'Tekst (abzaslaryň arasynda boş setir)', 'editor.newAfter': 'Şundan soň täze norma', 'editor.repealConfirm': 'Bu norma güýjüni ýitiren diýip hasap edilsinmi?',
    'editor.after': 'soňuna', 'editor.before': 'öňüne', 'editor.moveTo': 'Ýerleşdir', 'editor.moveTarget': 'norma', 'editor.milestone': 'Bu wersiýa tapgyr ady ber',
    'editor.suggest': 'Redaksiýa teklip et', 'editor.suggestTitle': 'Bu norma üçin siziň redaksiýaňyz', 'editor.suggestWhy': 'Teklibiň esaslandyrmasy bolmaly.', 'editor.suggestions': 'Teklipler', 'editor.suggestedBy': 'teklip eden', 'suggestion.open': 'seredilýär', 'suggestion.accepted': 'kabul edildi', 'suggestion.declined': 'ret edildi', 'suggestion.accept': 'Kabul et', 'suggestion.decline': 'Ret et', 'suggestion.reason': 'Ret etmegiň sebäbi', 'suggestion.none': 'Teklip ýok.',
    'finding.undefined-term': 'taslamanyň indi kesgitlemeýän düşünjesini ulanýar', 'editor.split': 'Böl', 'editor.merge': 'Indiki bilen birleşdir', 'editor.splitAfter': 'Galany şundan soň täze norma bolar', 'editor.mergeConfirm': 'Indiki norma şu norma birleşdirilsinmi?',
    'editor.comment': 'Teswir', 'editor.commentTitle': 'Bu norma siziň teswiriňiz', 'editor.commentWhy': 'Ilki teswiri ýazyň.', 'suggestion.comment': 'Teswir', 'suggestion.wording': 'Redaksiýa', 'suggestion.gone': 'norma indi taslamada ýok', 'suggestion.closed': 'ýapyldy', 'suggestion.close': 'Ýap',
    'editor.corpusFile': 'Korpus faýly (Markdown)', 'editor.jsonl': 'Ähli wersiýalary bilen taslama (JSONL, git üçin)',
    'editor.milestoneSave': 'Tapgyry ýatda sakla', 'editor.keys': 'Amallary görmek üçin norma basyň ýa-da oňa j / k düwmeleri bilen geçiň: e — täze redaksiýa, i — soňuna goş, r — güýjüni ýitirdi, m — süýş, s — böl; Esc formany ýapýar.', 'editor.textLabel': 'Taslamanyň teksti', 'editor.sideLabel': 'Deňeşdirme we barlaglar', 'editor.findings': 'Çözülmeli', 'editor.revisions': 'Wersiýalar',
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
    'filter.asofShort': 'GG.AA.ÝÝÝÝ', 'filter.asofFormat': 'GG.AA.ÝÝÝÝ, meselem 01.07.2024', 'filter.asofBad': '«{v}» sene däl: ony 01.07.2024 görnüşinde ýazyň',
    'results.count': '{n} madda tapyldy', 'results.countMore': '{n}-den köp madda tapyldy', 'results.none': 'Hiç zat tapylmady.', 'results.page': '{p}-nji sahypa',
    'pager.prev': '← Öňki', 'pager.next': 'Indiki →', 'facets': 'Takyklamak',
    'facet.work': 'Kanun', 'facet.lang': 'Dil', 'facet.kind': 'Görnüş', 'facet.status': 'Ýagdaý', 'facet.more': 'Görkezilmedik: {n}. Gözlegi takyklaň',
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
    'redline.views': 'Görnüşler', 'redline.inline': 'Tekstde', 'redline.side': 'Iki sütün', 'redline.table': 'Deňeşdirme tablisasy',
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

/** A language's name in the interface language: `rus` → «русский» in the Russian interface. */
export function langName(code) { return STRINGS[current][`lang.${code}`] || STRINGS.eng[`lang.${code}`] || code; }

/** A date (`YYYY-MM-DD`) as people of the interface language write it: 1 July 2024, 01.07.2024. */
export function fmtDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return iso || '';
  if (current === 'eng') {
    const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
    return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
  }
  return `${m[3]}.${m[2]}.${m[1]}`;
}

const MONTHS_ENG = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/**
 * A date as a person types it, back to `YYYY-MM-DD`: the form `fmtDate` shows (1 July 2024, 01.07.2024), day first
 * with `.`, `/` or `-` (1.7.2024), or ISO. `null` when it is not a date of the calendar; `''` for nothing typed.
 */
export function parseDate(text) {
  const s = (text || '').trim().toLowerCase();
  if (!s) return '';
  let y; let m; let d;
  let x;
  if ((x = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) [y, m, d] = [x[1], x[2], x[3]];
  else if ((x = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s))) [d, m, y] = [x[1], x[2], x[3]];
  else if ((x = /^(\d{1,2})\s+([a-z]+)\s+(\d{4})$/.exec(s)) && MONTHS_ENG.includes(x[2])) [d, m, y] = [x[1], String(MONTHS_ENG.indexOf(x[2]) + 1), x[3]];
  else return null;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** The status of a text (in-force, repealed, draft) in the interface language. */
export function docStatus(s) { return t(`docstatus.${s}`); }
