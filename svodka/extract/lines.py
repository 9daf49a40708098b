"""Line shapes of rendered news pages: the features the dump classifier decides on.

Everything here looks at one line in isolation; ``dump.py`` adds position and context.
The phrase lists name interface strings that news templates share (navigation, feeds,
players, comment notices), never strings of one particular site.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path


# Sharing widgets stand under an article and also inside it (a box between two paragraphs): the
# body may go on past them when the text after them is on the same topic.
SHARE_MARKERS = {"поделиться", "share", "share this", "share this article"}
# Section headers after which a page shows other content, not the article (sharing boxes too).
END_MARKERS = SHARE_MARKERS | {
    "recent posts", "лента новостей", "теги", "теги:", "tags", "tags:", "авторы", "авторы:",
    "комментарии", "comments", "похожие новости", "похожие материалы", "related", "related posts",
    "related articles", "популярное", "самое читаемое", "most read", "most popular", "читайте также",
    "читайте также:", "другие новости", "новости партнеров", "новости партнёров", "смотрите также",
    "you may also like", "more stories", "прямой эфир", "последние новости", "latest news",
    "комментарии:", "добавить комментарий", "leave a reply", "leave a comment", "сообщить об опечатке",
    "report a typo",
}
_MARKER_KEYS = frozenset(m.strip(":") for m in END_MARKERS)  # is_marker reads every line of a page

# Lines that are interface chrome wherever they stand.
CHROME = re.compile(
    r"^(перейти к (основному )?(контенту|содержанию)|skip to (main )?content|главная|home|меню|menu|"
    r"поиск|search|войти|вход|log ?in|sign ?in|подписаться|subscribe|реклама|advertisement|"
    r"ошибка воспроизведения видео.*|video (playback )?error.*|your browser does not support.*|"
    r"обновите (ваш )?браузер.*|загрузка\.*|loading\.*|"
    r"\d+ из \d+|\d+ of \d+|"  # carousels
    r"(все )?комментари[ийя]( \(\d+\))?|\d+ комментари[ийя]|comments? \(\d+\)|"
    r"(чтобы )?(оставить|написать) комментарий.*|комментарии (закрыты|отключены).*|"
    r"comments are closed.*|to comment.*(log|sign) ?in.*|"
    r"версия для печати|print|распечатать|источник:?|source:?|"
    r"купить( со скидкой)?|зарегистрироваться|register|узнать больше|learn more|read more|"
    r"читать (далее|полностью)|подробнее|далее|назад|next|previous|вперед|"
    r"нашли ошибку\?.*|found a typo\?.*)$",
    re.I,
)

CAPTION = re.compile(
    r"(\(?\b(фото|photo|фотография|иллюстрация|кадр|скриншот|image|picture|credit|видео)\s*:|"
    r"©|\bgetty images\b|\breuters\b\s*$|\bafp\b\s*$|/\s*(тасс|риа новости|reuters|afp|ap|epa)\s*\)?\s*$)",
    re.I,
)
TIME_TAIL = re.compile(r"(,\s*)?(\d{1,2}\s+\w{3,9}\.?,?\s+)?\d{1,2}:\d{2}\s*$")
TIME_HEAD = re.compile(r"^\s*\d{1,2}:\d{2}\s+\w")
DATE_ONLY = re.compile(r"^\s*(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(\s*,?\s*\d{1,2}:\d{2})?\s*$")
TICKER = re.compile(r"^[A-Z]{3}\s+\S+:\s*[\d.,]+\s*\([+-−]?[\d.,]+\)\s*$|^(курс|exchange rate)\s", re.I)
NUMERIC = re.compile(r"^[\d\s.,:%+\-−/|()]*$")
BULLET = re.compile(r"^\s*([•·▪►▸◦*–-]|\d+\.)\s+")
# A sentence ends in . ! ? … possibly inside closing quotes or brackets; a headline that
# merely ends in a quoted name ("… за «Единую Россию»") does not.
SENTENCE_END = re.compile(r"[.!?…。！？](\s?[»\"”)\]」』])*\s*$")  # a closing quote may stand apart: reason. "
TEASER_END = re.compile(r"(,|\w)\s*(…|\.\.\.)\s*$")
CATEGORY_PREFIX = re.compile(r"^(categories|category|рубрика|рубрики|раздел|section)\s*:\s*(.+)$", re.I)
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", re.U)
NAME_WORD = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё]+(-[A-ZА-ЯЁ][a-zа-яё]+)?$")


# Function words: running prose is full of them (a quarter of the words in Russian and English
# news), lists of regions, rubrics or tags have none. Russian here, English from scikit-learn.
RU_FUNCTION_WORDS = frozenset(
    "в во на и а но или что чтобы как с со по не ни о об из за к ко для от до при после у же бы ли "
    "уже это он она оно они его ее её их им ему ей был была было были будет также который которая "
    "которые которого то так там тут где когда если все всё вы мы я".split())


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from the one module that holds them: importing
    scikit-learn itself takes a second, which a command that makes no brief need not pay."""
    import importlib.util

    package = importlib.util.find_spec("sklearn")  # found, not imported
    path = Path(package.submodule_search_locations[0]) / "feature_extraction" / "_stop_words.py" if package else None
    if path is None or not path.is_file():  # another layout: the import
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        return frozenset(ENGLISH_STOP_WORDS)
    spec = importlib.util.spec_from_file_location("svodka_english_stop_words", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return frozenset(module.ENGLISH_STOP_WORDS)


def function_word_share(line: str) -> float:
    ws = [w.lower() for w in WORD.findall(line)]
    english = english_stop_words()
    return sum(w in RU_FUNCTION_WORDS or w in english for w in ws) / len(ws) if ws else 0.0


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def words(line: str) -> list[str]:
    """Words of a line; in Chinese, Japanese and Korean, which do not space words, every two
    characters count as one word, about the average word length there."""
    found = WORD.findall(line)
    cjk = len(_CJK.findall(line))
    if cjk:
        found = [w for w in found if not _CJK.search(w)] + ["字"] * (cjk // 2)
    return found


def _marker_key(line: str) -> str:
    return line.strip().strip(":").lower()


def is_marker(line: str) -> bool:
    return _marker_key(line) in _MARKER_KEYS


# Markers of a box of links that a page also sets inside an article, between two paragraphs
# ("Related articles" and two headlines, then the article goes on): like a sharing box, the body
# may go on past one when the text after it is on the same topic.
INLINE_MARKERS = SHARE_MARKERS | {"related", "related articles"}


def is_inline_marker(line: str) -> bool:
    return _marker_key(line) in INLINE_MARKERS


# A breadcrumb or a list of feeds: short names between path separators ("NEWSru.com // Новости в
# мире // Четверг, 5 января 2012 г.", "#RSS / Главные новости RSS / В мире RSS", "Home > World >
# Europe"). Prose spaces a slash rarely, and never between three short names.
PATH_SEPARATOR = re.compile(r"\s(?://|/|>|»|›|→)\s")
PATH_MIN_PARTS = 3
PATH_PART_MAX_WORDS = 5


def is_breadcrumb(line: str) -> bool:
    parts = PATH_SEPARATOR.split(line)
    return len(parts) >= PATH_MIN_PARTS and all(len(words(p)) <= PATH_PART_MAX_WORDS for p in parts)


def is_chrome(line: str) -> bool:
    return bool(CHROME.match(line.strip().rstrip(".,:;!"))) or bool(NUMERIC.match(line)) or is_breadcrumb(line)


# A photo credit without a colon: "Фото РИА Новости", "Фото с scimedx.com", "Photo by Jane Doe".
CREDIT = re.compile(r"^(фото|photo|image|иллюстрация|illustration)(\s+(с|из|by|from|courtesy of))?\s+\S", re.I)
CREDIT_MAX_WORDS = 6
# A caption of any length that ends with its photo credit in brackets: "… in Buffalo, N.Y. (AP
# Photo/Jeffrey T. Barnes)", "(Photo by Kevin Mazur/Getty Images)", "(Image credit: Future plc)".
CREDIT_END = re.compile(r"\((?:[\w.&' ]+ )?(?:photo|image|picture|фото)s?(?:\s+credit)?\s*(?:[:/]|by\s)[^()]{1,80}\)\s*$",
                        re.I)


# ... or with its credit after the caption's sentence, no colon: "… нет. Фото city.kharkov.ua", "… колонии.
# Кадр телеканала "Россия 1"", "… на всю жизнь / shutterstock"
CREDIT_AFTER = re.compile(r"[.!?…]\s+(?:Фото|Кадр|Скриншот|Иллюстрация|Photo|Image)\b(?:[^.!?…]|\.(?=\w)){1,60}$"
                          r"|\s/\s*(?:shutterstock|getty images|depositphotos|pixabay|unsplash|east news)\s*$", re.I)


def is_caption(line: str) -> bool:
    n = len(words(line))
    return ((bool(CAPTION.search(line)) and n <= 25) or (bool(CREDIT.match(line)) and n <= CREDIT_MAX_WORDS)
            or bool(CREDIT_END.search(line)) or (bool(CREDIT_AFTER.search(line)) and n <= 25))


def is_name_only(line: str) -> bool:
    """'Сергей Лавров', 'Энтони Блинкен': a photo caption or a card's person line."""
    toks = line.strip().split()
    return 1 <= len(toks) <= 3 and all(NAME_WORD.match(t) for t in toks) and len(toks) >= 2


def is_feed_item(line: str) -> bool:
    """A headline with a rubric and/or a time glued on: '… Политика, 18:56', '10:17 Новый
    город-миллионник появился в России'."""
    if TIME_HEAD.match(line):
        return not SENTENCE_END.search(line.strip()[-1:])
    return bool(TIME_TAIL.search(line)) and not SENTENCE_END.search(TIME_TAIL.sub("", line).strip()[-1:] or "x")


# A feed item run together by the renderer: its date or time glued to the headline after it
# ("28.11.2011Общество В Баку…", "18:53Крупнейшие нефтяные компании…").
GLUED_STAMP = re.compile(r"^(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2})[A-ZА-ЯЁ«\"]")
# ... or a whole feed on one line: "18:52 Президент принял делегацию18:44 Музыка Кара Караева…"
STAMP = re.compile(r"(?<![\d:.])(\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2})(?![\d:])")
FEED_STAMPS = 3
GLUED_AFTER_WORD = re.compile(r"[^\W\d_]\d{1,2}:\d{2}(?!\d)")


def is_run_together_feed(line: str) -> bool:
    """A schedule in a sentence ("в 10:00, 12:30 и 15:00.") ends like one and spaces its times."""
    if GLUED_STAMP.match(line):
        return True
    return len(STAMP.findall(line)) >= FEED_STAMPS and (
        bool(GLUED_AFTER_WORD.search(line)) or not SENTENCE_END.search(line))


# A notice about comments that speaks to the reader ("Свой комментарий Вы можете написать в
# форме ниже", "Помните, что ваш комментарий может быть удалён", "Пожалуйста, не оставляйте
# оскорбительные комментарии", "Leave your comment below").
COMMENT_WORD = re.compile(r"коммент|comment", re.I)
# (the forms of "ваш" spelled out: "Вашингтон" is not the reader)
READER_WORD = re.compile(r"(?<!\w)(вы|вас|вам|ваш(?:а|е|и|его|ей|ему|им|ими|их|у|ем)?|пожалуйста|просим|"
                         r"you|your|please)(?!\w)", re.I)


# The outlet's rights, reprint terms and disclaimers ("Все права защищены", "При использовании
# материалов сайта ссылка на … обязательна", "Использование материалов разрешено только при
# наличии гиперссылки", "Администрация сайта не несет ответственности за содержание сообщений",
# "All rights reserved", "This material may not be published, broadcast, …").
RIGHTS = re.compile(r"все\s+права\s+(защищены|охраняются|на\s+материалы)|rights\s+reserved", re.I)
# Terms that news text may use too ("использование информации допускается …", "without
# permission"): a notice only when the line also names the site, a link or the editors.
TERMS = re.compile(
    r"(при|в\s+случае)\s+(полно\w+\s+или\s+частично\w+\s+)?(использовании\s+(любых\s+)?(материал|информаци|новост|"
    r"статей|текст)|(цитировани|перепечатк|копировани|воспроизведени)\w*)|"
    r"(перепечатка|копирование|воспроизведение)[\s,]+.{0,80}(запрещ|разреш|допуска|только|возможн|обязательн)|"
    r"(использование|воспроизведение|копирование|перепечатка)\s+(материалов|информации|текстов)\s+.{0,80}"
    r"(разреш|допуска|запрещ|возможн|только\s+с)|"
    r"только\s+(с|при)\s+(письменного\s+|предварительного\s+)?(разрешения|согласия|согласовани\w*)\s+(с\s+)?"
    r"(редакци|администраци|правообладател)|"
    r"(редакция|администрация\s+(сайта|портала|ресурса))\s+не\s+(несет|несёт)\s+ответственност|"
    r"мнени\w*\s+(редакции|автор\w*)\s+.{0,40}не\s+(совпада|отража)|"
    r"(may|must)\s+not\s+be\s+(reproduced|published|broadcast|rewritten|redistributed|copied)|"
    r"without\s+(the\s+)?(prior\s+)?(express\s+)?(written\s+)?permission|not\s+responsible\s+for\s+the\s+content",
    re.I)
SITE_WORD = re.compile(r"сайт|ссылк|редакци|администраци|издани|портал|©|\bsite\b|material|content|copyright", re.I)
RIGHTS_MAX_WORDS = 80
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")


def is_rights_notice(line: str) -> bool:
    """What stands in quotation marks is left out: the outlet's name often does ('ссылка на
    "Банкфакс" обязательна'), and quoted speech is reporting, not the outlet's notice."""
    if len(words(line)) > RIGHTS_MAX_WORDS:
        return False
    said = QUOTED.sub(" ", line)
    return bool(RIGHTS.search(said)) or bool(TERMS.search(said) and SITE_WORD.search(said))


# A call to follow the outlet elsewhere ("Читайте новости Comments.UA в социальных сетях
# facebook и twitter", "Подписывайтесь на наш канал в Telegram", "Follow us on Twitter").
PROMO_VERB = re.compile(r"(?<!\w)(читайте|подписывайтесь|подписывайся|подпишитесь|подписаться|следите|присоединяйтесь|"
                        r"добавить|жми|будь в курсе|ваш(?:а|е|и|его|ей|ему|им|ими|их|у|ем)?|наш(?:а|е|и|его|ей|ем|им|ими|их|у)?|"
                        r"follow|subscribe|join)(?!\w)", re.I)
PROMO_PLACE = re.compile(r"соц\w*\s*сет|facebook|twitter|вконтакте|в контакте|telegram|телеграм|instagram|youtube|"
                         r"дзен|яндекс|избранн|\bnews\b|social media|newsletter|рассылк", re.I)
PROMO_MAX_WORDS = 25


def is_promo(line: str) -> bool:
    return (len(words(line)) <= PROMO_MAX_WORDS and bool(PROMO_VERB.search(line))
            and bool(PROMO_PLACE.search(line)))


def is_comment_notice(line: str) -> bool:
    """A quoted speaker who says "you" near "comment" is reporting, not a notice: lines with
    quotation marks are left alone."""
    return (bool(COMMENT_WORD.search(line) and READER_WORD.search(line)) and len(words(line)) <= 60
            and not any(q in line for q in "«»“”\""))


# Markup printed as text (an ad or embed code the page escaped): not prose.
MARKUP_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


# A text browser prints a frame as its address: "IFRAME: //www.facebook.com/plugins/like.php?…" (lynx).
FRAME_LINE = re.compile(r"^\s*I?FRAME:\s*\S")


def is_markup(line: str) -> bool:
    return len(MARKUP_TAG.findall(line)) >= 2 or bool(FRAME_LINE.match(line))


def is_paragraph(line: str) -> bool:
    """Running prose: several words that end like a sentence, or a long multi-clause line."""
    n = len(words(line))
    if TEASER_END.search(line) and n < 40:
        return False
    if n >= 6 and SENTENCE_END.search(line):
        return True
    return n >= 25 and len(line) >= 150


def is_headline(line: str) -> bool:
    n = len(words(line))
    return 3 <= n <= 30 and not line.rstrip().endswith((".", ",", ";", ":")) and not BULLET.match(line)


def letter_ratio(line: str) -> float:
    stripped = line.replace(" ", "")
    return sum(c.isalpha() for c in stripped) / max(1, len(stripped))


# The end of a text flattened to one line (an export's "text" field) carries the page's notices
# inside the last paragraph: "… ОАК утверждена правительством. Читайте нас в Яндексе", "Интересно?
# Жми, чтобы подписаться на сайт в Яндексе Автор: Мария Федорова", "© 2019 New York Times News
# Service", "Читайте также: <another headline>".
_TAIL_CREDIT = re.compile(r"\s*(?:Автор|Авторы|Источник|Фото|Текст|Рубрика|Author|Source|Photo)\s*[:—–]\s*[^.!?:]{1,80}[.]?\s*$")
# the label of a photo credit ("Фото: Ирина Штольба/ РГ"), wherever it stands
CREDIT_LABEL = r"(?:Фото|Фотограф|Photo|Photograph|Credit)\s*:"
# a wire's credit line closing its text: "(Reporting by Joyce Zhou, …; writing by …; editing by …)"
_TAIL_WIRE = re.compile(r"\s*\((?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^()]{0,300}\)\s*$", re.I)
_TAIL_MARKER = re.compile(r"(?:^|(?<=[.!?»\"]\s))(?:Читайте|Смотрите) также\s*:?.{0,300}$|(?:^|(?<=[.!?]\s))Read more\s*:.{0,300}$")
SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+")


def is_notice(sentence: str) -> bool:
    """A call to follow the outlet, a rights line or a credit standing as the text's last sentence."""
    return is_promo(sentence) or (len(words(sentence)) <= PROMO_MAX_WORDS and "©" in sentence) \
        or is_rights_notice(sentence)


def trim_tail(text: str) -> str:
    """``text`` without the notices that end it (above), as it was written up to them; maybe ""."""
    while True:
        before = text
        text = _TAIL_MARKER.sub("", _TAIL_CREDIT.sub("", _TAIL_WIRE.sub("", text))).rstrip()
        starts = [0] + [m.end() for m in SENTENCE_BREAK.finditer(text)]
        while starts and is_notice(text[starts[-1]:]):
            text = text[:starts.pop()].rstrip()
            if starts and len(words(text[starts[-1]:])) <= 2 and text.endswith("?"):
                text = text[:starts.pop()].rstrip()  # "Интересно?" before "Жми, чтобы подписаться …"
        if text == before:
            return text


# A wire's dateline opening a report's first sentence: the place or the outlet in capitals, maybe a
# country, a day and the agency, then a dash ("МОСКВА, 25 мая (Рейтер) -", "HARLOW, England
# (Reuters) -", "PARIS, Nov 2 —", "INTERFAX.RU -", "TOKYO (Nov 14):", "ТБИЛИСИ, 17 ноя - РИА Новости.")
_WIRE_DATELINE = re.compile(
    r"(?:[A-ZА-ЯЁ][A-ZА-ЯЁ.'’-]+(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ.'’-]+){0,3})"
    r"(?:,\s+[A-ZА-ЯЁ][a-zа-яё]+(?:\s+[A-ZА-ЯЁ][a-zа-яё]+)?)?"
    r"(?:,\s+(?:\d{1,2}\s+[а-яё]{3,}\.?(?:\s+\d{4}(?:\s+г(?:ода|\.)?)?)?|[A-Z][a-z]{2,}\.?\s+\d{1,2}(?:,\s+\d{4})?))?"
    r"(?:\s*\([^()\n]{2,30}\))?"
    r"(?:\s*:|\s+[-—–])\s+(?=[A-ZА-ЯЁ\d«\"“/])"
    # and the agency's credit after the dash ("— РИА Новости, Елизавета Исакова.", "- /ТАСС/.")
    r"(?:/?[A-ZА-ЯЁ][\w-]*/?(?:\s+[A-ZА-ЯЁ][\w-]*)?(?:,\s+[А-ЯЁA-Z][а-яёa-z]+\s+[А-ЯЁA-Z][а-яёa-z]+)?\.\s*"
    r"(?=[A-ZА-ЯЁ«\"“]))?")


def wire_dateline(sentence: str) -> int:
    """How many characters of a sentence's start are a wire's dateline (`_WIRE_DATELINE`, what
    follows it capitalised: "МВД: преступник задержан" has none), else 0."""
    m = _WIRE_DATELINE.match(sentence)
    if m is None or sum(c.isupper() for c in m.group()) < 3:
        return 0
    return m.end()
