"""Plain-text dumps of rendered pages -> title, lead and body, every line's decision explained.

The page is read as lines. Running prose lines ("paragraphs") anchor the body; the body is
the run of them with the most text, bridging short gaps (inline related cards, captions)
but never a section marker such as "Лента новостей" or "Recent Posts". The title is the line
near the body the headline model (`extract.headline`) rates highest; the lead, the
headline-shaped lines stacked between it and the body; everything else is boilerplate.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from svodka.extract import lines as L
from svodka.extract.headline import probability
from svodka.extract.meta import parse_dateline
from svodka.model import LineDecision

# How many non-prose lines may sit inside the body between two paragraphs (an inline card is
# headline + rubric + person = 3, a photo with caption and credit 2-3). Looked at on the shared
# samples and the DAnIEL pages rendered to text.
MAX_GAP_LINES = 6
# A body that starts after a section marker is likely a feed of teasers: weigh it down.
AFTER_MARKER_WEIGHT = 0.3
# A neighbouring block across a headline-like gap joins the body when it shares this many long
# words with it and at least this share of its own (continuation paragraphs do; teasers of
# other stories do not: a long teaser shares two words with anything by chance). Measured with
# eval.extraction --dumps: "two or 15 %" gave DAnIEL innerText 0.821, lynx 0.784, AEB 0.848;
# "two and 15 %" 0.829 / 0.799 / 0.860 (AEB lynx 0.826 -> 0.818); 10 % and 20 % do worse.
COHERENT_SHARED, COHERENT_SHARE = 2, 0.15
# How much a headline right above a block that shares its words raises the block's weight,
# and how far above it may stand (datelines, leads and captions sit between).
TITLE_BONUS, TITLE_LOOKBACK = 2.0, 8
# ... a headline with fewer long words than this counts as this many, so that a footer under
# "Комсомольская правда" is not taken for an article under its title (eval.extraction --dumps,
# DAnIEL innerText / lynx, AEB innerText / lynx: 1 (no floor) 0.842 / 0.806 / 0.857 / 0.818;
# 3: 0.848 / 0.800 / 0.859 / 0.823; 4: 0.855 / 0.808 / 0.858 / 0.826; 5: 0.855 / 0.814 / 0.858 /
# 0.830; 6: 0.851 / 0.814 / 0.858 / 0.833).
TITLE_MIN_STEMS = 5
# A headline sharing this share of its words with the body is on its topic (a title feature: the
# number of such headlines above and below a candidate); a breadcrumb or a menu line shares one or two.
TITLE_MIN_SHARE = 0.3
# A page most of whose lines are indented (lynx indents paragraphs) marks headings by printing
# them at the left edge.
MARGIN_SHARE = 0.5
# A region of at least this many blocks, nearly all (this share) one paragraph behind a
# headline, is a feed of teasers: its mass counts this much.
FEED_MIN_TEASERS, FEED_SHARE, FEED_WEIGHT = 3, 0.75, 0.3
# A question or exclamation of at most this many words opening a run of prose is its title.
QUESTION_TITLE_WORDS = 12
# A wrapped text-browser dump (lynx, w3m: 72-80 columns) has many lines just short of its
# widest line; the widest is taken at this percentile to ignore unbreakable URLs.
WRAP_MIN, WRAP_MAX, WRAP_PERCENTILE, WRAP_SHARE = 55, 100, 0.97, 0.25
WRAP_MIN_LINES = 6  # fewer long lines than this tell nothing about wrapping
HAND_WRAP_MIN = 40  # a line this long that stops mid-sentence may continue on the next
# Function-word share (lines.function_word_share): Russian and English news prose has about
# 0.25-0.35; a page whose median prose line has under LANGUAGE_KNOWN_SHARE is in another
# language and the test is skipped; a line under LIST_SHARE is a list, not a sentence.
LANGUAGE_KNOWN_SHARE, LIST_SHARE = 0.12, 0.04
# A body paragraph this long seen twice is a copy (print or e-mail versions hidden in the
# page); short repeats ("Да.", "Нет.") are kept.
REPEAT_MIN_CHARS = 40


@dataclass(frozen=True, slots=True)
class DumpResult:
    title: str | None
    paragraphs: tuple[str, ...]
    category: str | None
    published: str | None
    decisions: tuple[LineDecision, ...]
    site: str | None = None  # the outlet's name when the page states it ("© Вести Озёрска, 2024")
    author: str | None = None  # "Автор: Ирина Петрова", "By Jane Doe"


_AUTHOR = re.compile(r"^(?:автор(?:\s+материала)?|текст|by|author|written by)\s*[:—–-]?\s*"
                     r"(?P<name>[A-ZА-ЯЁ][\w'’-]+(?:\s+[A-ZА-ЯЁ][\w'’.-]+){1,2})$", re.I)


def _author(items: list[tuple[int, str]]) -> str | None:
    return next((m["name"] for _, t in items if (m := _AUTHOR.match(t.strip()))), None)


_MARK = re.compile(r"©|\(c\)|\bcopyright\b", re.I)
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)\d\d)?(?!\d)")
_RIGHTS = re.compile(r"все права (?:защищены|охраняются)(?: и охраняются законом)?|all rights reserved|protected by \S+", re.I)
# Company forms and kinds of outlet before a name: "ЗАО «ВЗГЛЯД.РУ»", "ИА «Бел.Ру»", "ЧАО "Газета "…"".
_FORMS = re.compile(r"^(?:(?:ООО|ЗАО|ОАО|ПАО|ЧАО|АО|ТОО|ИА|ИД|информационное агентство|медиахолдинг|медиа ?группа|"
                    r"редакция газеты|газета|электронное периодическое издание)\s*)+|\s+(?:ltd|llc|inc|gmbh)\.?$", re.I)
_COMPANY = re.compile(r"(?:ООО|ЗАО|ОАО|ПАО|ЧАО|АО|ТОО)\s+(?![«\"]?(?:редакция|газета|ИА|ИД|информационное агентство)\b)", re.I)
_CLOSING = {"«": "»", "<": ">", '"': '"', "“": "”"}
_NOT_COPYRIGHT = re.compile(r"фото|photo|иллюстрац|учредител|разработ|design|дизайн|rights management", re.I)


def _copyright_name(line: str, owners: bool = True) -> str | None:
    """The outlet a copyright line names: the words after the mark, without years, company forms and
    rights phrases ("© 1996-2011, Первый канал. Все права защищены", "© 2005 - 2012 ЗАО «ВЗГЛЯД.РУ»"),
    else a one-word or Latin name before it ("Белновости © 2008—2013")."""
    if not (mark := _MARK.search(line)) or _NOT_COPYRIGHT.search(line[max(0, mark.start() - 30):mark.end() + 40]):
        return None
    if after := _names(line[mark.end():]):
        name, _, company = after[0]
        return name if owners or not company else None
    before = _names(line[:mark.start()])
    if before and (before[-1][1] or len(before[-1][0].split()) == 1 or re.search(r"[A-Za-z]", before[-1][0])):
        return before[-1][0] if owners or not before[-1][2] else None
    return None


def _names(text: str) -> list[tuple[str, bool, bool]]:
    """The names a copyright line's part gives, in order, each with whether it was quoted and whether
    a company form named it (an owner's name, 'ТОО «EML»', more often than the outlet's): a quoted
    one whole (a nested quote's inner name: 'ЗАО "Редакция газеты "Московский Комсомолец"'; the
    kind before a quote left out: 'Медицинский портал «Здоровье Украины»'), the rest cut at commas,
    bars and stops."""
    text = _RIGHTS.sub("|", _YEARS.sub("|", _MARK.sub("|", text)))
    names, company = [], False
    while text := re.sub(r"^[\s,.|•;:—–-]+", "", text):
        company = company or bool(_COMPANY.match(text))
        text = _FORMS.sub("", text)
        if text[:1] in _CLOSING:
            end = text.find(_CLOSING[text[0]], 1)
            inner, text = (text[1:end], text[end + 1:]) if end > 0 else (text[1:], "")
            if _FORMS.sub("", inner) == "" or inner.endswith(" "):  # the outer of nested straight quotes
                text = _FORMS.sub("", inner) + '"' + text if text else ""
                continue
            piece, quoted = inner, True
        else:
            cut = re.search(r"[,|•;«\"]|\.(?:\s|$)|\s[—–-]\s", text)
            piece, text, quoted = (text[:cut.start()], text[cut.start():], False) if cut else (text, "", False)
            if text[:1] in _CLOSING:
                continue
        if _NOT_OUTLET.search(piece):  # a credit of who made the site: what follows is theirs
            break
        if name := _outlet_name(piece.strip().rstrip(":").removeprefix("www.")):
            names.append((name, quoted, company))
        company = False
    return names


def copyright_site(raw: str, owners: bool = True) -> str | None:
    """The outlet named by a dump's last copyright line, without classifying the page (``owners``:
    also a company's name, "© ООО «КП-ТВ»")."""
    return _site_name([(0, line) for line in raw.split("\n") if line.strip()], owners)


# The page's own outlet named in it: "корреспондента РБК" (its correspondent), or the web address the
# page names most, at least twice and more than any other (addresses alone on DAnIEL's pages rendered
# as text: 58 right, 8 wrong; at least once: 78 / 18). With copyright lines first: 108 of 132, 3 wrong.
_OWN_CORRESPONDENT = re.compile(r"\bкорреспондент(?:а|у|ом)?\s+(?:«([^»]{2,30})»|([А-ЯЁA-Z]{2,}(?:[ -][А-ЯЁA-Z]{2,})?)\b)")
# the name a media registration line gives ('"Утро", свидетельство о регистрации СМИ Эл №ФС 77-23513',
# 'Сетевое издание «X» … Эл № ФС77-…'): only on a line with its number, not a company in the news
_REGISTERED = re.compile(r"[«\"]([^»\"\n]{2,40})[»\"],?\s+свидетельство о регистрации"
                         r"|(?:сетевое издание|средство массовой информации)\s+[«\"]([^»\"\n]{2,40})[»\"]", re.I)
_REGISTRATION_NUMBER = re.compile(r"(?:Эл|ФС)\s?№|№\s?(?:ФС|Эл)", re.I)
_WEB_ADDRESS = re.compile(r"(?<![\w@./-])((?:[a-z0-9-]+\.)+(?:ru|com|ua|net|info|org|kz|by|su|tv|biz|рф))(?![\w/-])", re.I)
ADDRESS_MENTIONS = 2


def page_outlet(raw: str) -> str | None:
    """The outlet a text dump comes from, read from its own lines: its copyright line, the name its
    media registration gives, its own correspondent, the web address it names most, or the logo's
    text it opens with and credits its own photo to (a company's name in the copyright line is more
    often an owner's than the outlet's: not taken)."""
    if name := copyright_site(raw, owners=False):
        return name
    for line in raw.split("\n"):
        if (m := _REGISTERED.search(line)) and _REGISTRATION_NUMBER.search(line):
            return m.group(1) or m.group(2)
    for m in _OWN_CORRESPONDENT.finditer(raw):
        name = m.group(1) or m.group(2)
        if raw.count(name) >= 2:
            return name
    counts = Counter(".".join(a.lower().removeprefix("www.").split(".")[-2:]) for a in _WEB_ADDRESS.findall(raw))
    top = counts.most_common(2)
    if top and top[0][1] >= ADDRESS_MENTIONS and (len(top) == 1 or top[0][1] > top[1][1]):
        return top[0][0]
    return _masthead(raw)


MASTHEAD_WORDS = 4
_OWN_CREDIT = re.compile(r"(?:фото|photo|видео|video)\s*:\s*(.{3,40}?)\.?", re.I)
_NO_YO = str.maketrans("ёЁ", "еЕ")
_TAGLINE = re.compile(r"\s+[—–|-]\s+.*$")  # "ОЗЁРСК 24 — новости города и области"


def _masthead(raw: str) -> str | None:
    """The logo's text a dump opens with, when the page credits its own photo to it ("Радио Озёрск
    FM" first, "Фото: Радио Озёрск FM" under the article; a first line named again anywhere was a
    menu's "О нас" on 3 of DAnIEL's pages): as the credit writes it when the logo shouts."""
    lines = [line.strip() for line in raw.split("\n") if line.strip()]
    if len(lines) < 2:
        return None
    name = _TAGLINE.sub("", lines[0])
    if not 1 <= len(name.split()) <= MASTHEAD_WORDS or len(re.findall(r"[^\W\d_]", name)) < 3:
        return None
    said = re.compile(re.escape(name.translate(_NO_YO)), re.I)
    for line in lines[1:]:
        credit = _OWN_CREDIT.fullmatch(line)
        if credit and said.fullmatch(credit[1].translate(_NO_YO)):
            return credit[1] if name.isupper() else name
    return None


_NOT_OUTLET = re.compile(r"^(?:copyright|www|c|все права защищены)$|разработ|создание сайта|rights|дизайн|design|:$", re.I)


def _outlet_name(name: str) -> str | None:
    """A copyright line's name as an outlet's: without the years and marks before it ("© 2006—2011
    Городской Дозор"); none when what is left names no one ("Copyright", "Разработка сайта …")."""
    name = re.sub(r"^[\W_]+", "", _FORMS.sub("", name)).strip()
    return name if len(re.findall(r"[^\W\d_]", name)) >= 2 and not _NOT_OUTLET.search(name) else None


def _site_name(items: list[tuple[int, str]], owners: bool = True) -> str | None:
    """The outlet of the page's last copyright line: one that dates the rights ("© 1995 - 2013
    РосБизнесКонсалтинг") before one that only credits ("Информация об ограничениях © Reuters")."""
    lines = [t.strip() for _, t in items if _MARK.search(t)]
    dated = [t for t in lines if _YEARS.search(t)]
    starting = [t for t in lines if _MARK.match(t)]
    for t in dict.fromkeys([*reversed(dated), *reversed(starting)]):  # a dated line opening with © once
        if (name := _copyright_name(t, owners)) and len(L.words(name)) <= 6:
            return name
    return None


def _wrap_width(raw_lines: list[str]) -> int | None:
    """The column a text browser wrapped the dump at, or None when the dump is not wrapped."""
    lens = sorted(len(l.rstrip()) for l in raw_lines if len(l.strip()) >= 30)  # menus say nothing
    if len(lens) < WRAP_MIN_LINES:
        return None
    width = lens[int(WRAP_PERCENTILE * (len(lens) - 1))]
    near = sum(1 for n in lens if width - 12 <= n <= width) / len(lens)
    return width if WRAP_MIN <= width <= WRAP_MAX and near >= WRAP_SHARE else None


def _continues(line: str, following: str) -> bool:
    """A source wrapped by hand ("…, который проводил операцию, признал" / "свою ошибку и …"): a
    long line that stops mid-sentence and a next line that starts in lower case are one."""
    return len(line.strip()) >= HAND_WRAP_MIN and _starts_lower(following) \
        and not line.rstrip().endswith((".", "!", "?", ":", ";", "…", "»", '"'))


def _starts_lower(t: str) -> bool:
    head = t.lstrip()[:1]
    return head.isalpha() and head.islower()


def _unwrap(raw_lines: list[str]) -> list[tuple[int, str]]:
    """Join the lines of wrapped paragraphs (lynx, w3m dumps) back into one line each.

    Greedy wrapping moves a word to the next line only when it does not fit; so a line
    continues on the next one exactly when that line's first word would not have fitted."""
    width = _wrap_width(raw_lines)
    numbered = list(enumerate((l.rstrip() for l in raw_lines), start=1))
    out: list[tuple[int, str]] = []
    last_raw = ""
    for number, text in numbered:
        if out and text.strip() and last_raw.strip() and not L.BULLET.match(text) and not _RULE.match(text) and (
                (width is not None and len(last_raw) + 1 + len(text.split()[0]) > width)
                or _continues(last_raw, text)):
            out[-1] = (out[-1][0], out[-1][1] + " " + text.strip())
        else:
            out.append((number, text))
        last_raw = text
    return out


# A horizontal rule (lynx prints <hr> as a line of underscores) ends a paragraph, however wide.
_RULE = re.compile(r"^\s*[_=~*—–-]{5,}\s*$")


# Text browsers print an image without alt text as its file name: "[spacer.gif]", "[IMG]".
_IMAGE_PLACEHOLDER = re.compile(r"\[(?:[\w.-]+\.(?:gif|png|jpe?g|svg|webp|ico|bmp)|IMG|INLINE)\]", re.I)


def _clean(text: str) -> str:
    """One line, spaces collapsed; a placeholder alone stays a (non-prose) line."""
    text = text.replace("\u00a0", " ").replace("\ufeff", "")
    return " ".join(_IMAGE_PLACEHOLDER.sub(" ", text).split()) or " ".join(text.split())


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in L.words(text) if len(w) > 3}


def line_key(line: str) -> str:
    """What makes two lines the same template line: their words and numbers, in lower case
    (numbers count: "объект номер 3" and "объект номер 4" are different lines)."""
    return " ".join(re.findall(r"\w+", line.lower()))


def _numbered(raw_lines: list[str]) -> list[tuple[int, str]]:
    """Each line (wrapped ones joined) cleaned, with its number."""
    return [(n, _clean(t)) for n, t in _unwrap(raw_lines)]


def template_lines(raw: str) -> set[str]:
    """The keys of a dump's lines, for the site memory."""
    return {k for _, t in _numbered(raw.split("\n")) if (k := line_key(t))}


def classify_dump(raw: str, known_title: str | None = None, template: frozenset[str] = frozenset(),
                  links: frozenset[int] = frozenset(), rows: frozenset[int] = frozenset()) -> DumpResult:
    """Classify every line of a text dump. ``template``: keys of lines that recur on other pages
    of the same site (the site memory); they are boilerplate because they recur, whatever
    their length. ``links``: numbers of the lines that are mostly link text, when the dump was
    rendered from HTML (menus, feeds of headlines, related cards); they are never prose. ``rows``:
    those that are rows of a data table; inside the body they are kept."""
    raw_lines = raw.split("\n")
    numbered = _numbered(raw_lines)
    items = [(n, t) for n, t in numbered if t]
    if not items:
        return DumpResult(None, (), None, None, ())
    decisions: dict[int, tuple[str, str]] = {}
    recurring = {i for i, (_, t) in enumerate(items) if template and line_key(t) in template}
    for i in recurring:
        decisions[items[i][0]] = ("boilerplate", "recurs on other pages of this site")
    for n, _ in items:
        if n in links:
            decisions[n] = ("boilerplate", "a link (menu, headline feed or related card)")
    prose, region = _body(items, recurring, links)
    if region is None:
        for n, t in items:
            decisions[n] = ("boilerplate", "no running prose on the page")
        return DumpResult(known_title, (), None, None, _ordered(numbered, decisions))
    first, last = region
    body_stems = _body_stems(items, prose, region)

    # The title: the line the headline model rates highest near the body; the lead: the
    # headline-shaped stack between it and the body.
    title_idx, chance = None, 0.0
    if known_title is None:
        skip = recurring | {i for i, (n, _) in enumerate(items) if n in links}
        title_idx, chance = _choose_title(items, prose, region, _headings_by_margin(raw_lines, items), skip)
    lead_idx = _leads(items, first, body_stems, known_title, title_idx, recurring)
    title = known_title or (items[title_idx][1] if title_idx is not None else None)
    category = _category(items[:first])

    paragraphs: list[str] = []  # of the body
    leads: list[tuple[int, str]] = []
    in_box = False  # after an inline box's marker inside the body, until the prose goes on
    for i, (n, t) in enumerate(items):
        if (i in recurring or n in links) and i != title_idx:
            continue
        if i == title_idx and i < first:
            decisions[n] = ("title", f"the line the headline model rates highest ({chance:.2f})")
        elif i in lead_idx:
            decisions[n] = ("lead", "headline or lead line between the title and the body")
            leads.append((n, t))
        elif first <= i <= last:
            in_box = (in_box or L.is_marker(t)) and i not in prose
            label, reason = (("boilerplate", "a sharing or related-articles box inside the body") if in_box
                             else ("body", "a row of a table inside the body") if n in rows
                             else _inside_body(t, i in prose))
            if label == "body" and len(t) >= REPEAT_MIN_CHARS and _repeats(t, [x for _, x in leads] + paragraphs):
                label, reason = "boilerplate", "repeats a paragraph above (a hidden copy of the article)"
            if i == title_idx:  # a text whose headline is its first sentence keeps the sentence
                reason += f"; the title too, as the headline model rates it highest ({chance:.2f})"
            decisions[n] = (label, reason)
            if label == "body":
                paragraphs.append(t)
        elif i < first and is_dateline(t):
            decisions[n] = ("dateline", "the page's date next to the title")
        elif known_title and _clean(known_title) == t:
            decisions[n] = ("title", "equals the title given with the page")
        else:
            decisions[n] = ("boilerplate", _why_outside(t, i < first))
        if decisions[n][0] == "boilerplate" and i < first and (_is_category_line(t) or L.CATEGORY_PREFIX.match(t)):
            decisions[n] = ("category", "rubric line above the title")

    # A lead line every sentence of which the body says again further down is a caption or pull
    # quote set above it (text browsers print them where a browser shows a photo); a standfirst
    # that the first paragraph opens with is a lead.
    for n, t in leads:
        if paragraphs and len(t) >= REPEAT_MIN_CHARS and _repeats(t, paragraphs) and not paragraphs[0].startswith(t):
            decisions[n] = ("boilerplate", "says again a sentence of the body (caption or pull quote)")
        elif title and line_key(t) == line_key(title):
            decisions[n] = ("boilerplate", "says the title again")
    paragraphs = [t for n, t in leads if decisions[n][0] == "lead"] + paragraphs
    while paragraphs and (kept := L.trim_tail(paragraphs[-1])) != paragraphs[-1]:  # a flattened text's notices
        if kept:
            paragraphs[-1] = kept
            break
        paragraphs.pop()
    published = next((parse_dateline(t) for n, t in items if decisions[n][0] == "dateline"), None)
    return DumpResult(title, tuple(paragraphs), category, published, _ordered(numbered, decisions),
                      _site_name(items[last + 1:], owners=False), _author([x for i, x in enumerate(items) if i < first or i > last]))


def _body(items, recurring, links) -> tuple[list[int], tuple[int, int] | None]:
    """The running prose lines (not noise, template or link lines) and the body region among them."""
    prose = [i for i, (n, t) in enumerate(items)
             if L.is_paragraph(t) and not _is_noise(t) and i not in recurring and n not in links]
    prose = _without_question_titles(items, _without_lists(items, prose))
    return prose, _best_region(items, prose)


def _body_stems(items, prose, region) -> set[str]:
    return set().union(*(_stems(items[i][1]) for i in prose if region[0] <= i <= region[1]))


# a web address, which a text browser may wrap in two ("…/amerikantsyi-pole znyim-v-mire-205272/")
_ADDRESS = re.compile(r"^(https?://|www\.)\S+(\s\S*[/_-]\S*)?$")


def _repeats(t: str, paragraphs: list[str]) -> bool:
    """Every sentence of ``t`` stands in the paragraphs above: a second copy of the article
    (a print version), however the copy breaks its paragraphs. A teaser cut short above
    ("…, у которых... Подробнее »") does not make its full paragraph a copy."""
    above = "\n".join(paragraphs)
    # a caption or a teaser may drop the final full stop of the sentence it repeats; the address
    # a print copy ends with is not a sentence
    sentences = [s.rstrip(".!?… ") for s in L.SENTENCE_BREAK.split(t) if not _ADDRESS.match(s)]
    return bool(sentences) and all(s in above for s in sentences)


def _without_lists(items: list[tuple[int, str]], prose: list[int]) -> list[int]:
    """Drop long lines without function words (regions, tags, rubrics run together) when the
    page's prose is in a language whose function words are known (its median line has many)."""
    shares = {i: L.function_word_share(items[i][1]) for i in prose}
    if not shares or sorted(shares.values())[len(shares) // 2] < LANGUAGE_KNOWN_SHARE:
        return prose
    return [i for i in prose if shares[i] >= LIST_SHARE]


def _without_question_titles(items: list[tuple[int, str]], prose: list[int]) -> list[int]:
    """'Жевательная резинка избавит от лишнего веса?': a short question or exclamation that opens
    a run of prose is its headline, not its first paragraph."""
    is_prose = set(prose)
    out = []
    for i in prose:
        t = items[i][1]
        if (t.rstrip().endswith(("?", "!")) and len(L.words(t)) <= QUESTION_TITLE_WORDS
                and i - 1 not in is_prose and any(j in is_prose for j in (i + 1, i + 2))):
            continue
        out.append(i)
    return out


def _is_noise(text: str) -> bool:
    return (L.is_caption(text) or L.is_chrome(text) or bool(L.TICKER.match(text))
            or L.is_run_together_feed(text) or L.is_markup(text) or L.is_comment_notice(text)
            or bool(L.TIME_HEAD.match(text)) or L.is_promo(text) or L.is_rights_notice(text))


def _long_stems(text: str) -> set[str]:
    # Words of six letters or more are nearly all content words in Russian and English news.
    return {w.lower()[:5] for w in L.words(text) if len(w) >= 6}


def _blocks(prose: list[int]) -> list[list[int]]:
    """Runs of prose lines with nothing but blank lines between them."""
    blocks: list[list[int]] = [[prose[0]]]
    for prev, cur in zip(prose, prose[1:]):
        if cur == prev + 1:
            blocks[-1].append(cur)
        else:
            blocks.append([cur])
    return blocks


def _coherent(block_stems: set[str], region_stems: set[str]) -> bool:
    shared = len(block_stems & region_stems)
    return bool(block_stems) and shared >= max(COHERENT_SHARED, COHERENT_SHARE * len(block_stems))


def _best_region(items: list[tuple[int, str]], prose: list[int]) -> tuple[int, int] | None:
    """The body: a seed block grown over short gaps into neighbouring blocks on the same topic.

    Each block is tried as the seed; a region scores its characters, raised when the headline
    right above it shares its words, lowered when it starts after a section marker. Teaser
    feeds lose: each teaser is its own block and its neighbours are on other topics."""
    if not prose:
        return None
    blocks = _blocks(prose)
    stems = [set().union(*(_long_stems(items[i][1]) for i in b)) for b in blocks]
    markers = [i for i, (_, t) in enumerate(items) if L.is_marker(t)]
    # what stands between block k and block k + 1, read once for every seed
    gaps = [_Gap.of([t for _, t in items[a[-1] + 1:b[0]]]) for a, b in zip(blocks, blocks[1:])]

    def joins(k: int, block_stems: set[str], region_stems: set[str]) -> bool:
        """Whether the region goes on across gap k into the block on its other side."""
        g = gaps[k]
        # Captions, credits and player errors between paragraphs: the body goes on. A headline
        # or a sharing box between them may start a teaser of another story: then the topic
        # must carry over.
        return g.open and (not (g.headline or g.box) or _coherent(block_stems, region_stems))

    best, best_score = None, -1.0
    for seed in range(len(blocks)):
        lo = hi = seed
        region_stems = set(stems[seed])
        grown = True
        while grown:
            grown = False
            if lo > 0 and joins(lo - 1, stems[lo - 1], region_stems):
                lo -= 1
                region_stems |= stems[lo]
                grown = True
            if hi + 1 < len(blocks) and joins(hi, stems[hi + 1], region_stems):
                hi += 1
                region_stems |= stems[hi]
                grown = True
        first, last = blocks[lo][0], blocks[hi][-1]
        mass = sum(len(items[i][1]) for b in blocks[lo:hi + 1] for i in b)
        if _teaser_feed(blocks[lo:hi + 1], gaps[lo:hi]):
            mass *= FEED_WEIGHT
        score = mass * (1 + TITLE_BONUS * _title_affinity(items, first, region_stems))
        # after a section marker that itself follows running prose ("Комментарии" under an
        # article; the same word in the menu above everything does not count)
        if any(prose[0] < m < first for m in markers):
            score *= AFTER_MARKER_WEIGHT
        if score > best_score:
            best, best_score = (first, last), score
    return best


@dataclass(frozen=True, slots=True)
class _Gap:
    """The non-prose lines between two blocks of prose."""

    open: bool  # few enough lines (a list in lower case does not count), no section marker but an inline box's
    headline: bool  # a headline stands in it: it may start a teaser of another story
    box: bool  # a sharing or related-articles box stands in it

    @classmethod
    def of(cls, lines: list[str]) -> "_Gap":
        markers = [t for t in lines if L.is_marker(t)]
        return cls(sum(not _list_item(t) for t in lines) <= MAX_GAP_LINES
                   and all(L.is_inline_marker(t) for t in markers),
                   any(_headline_like(t) or _RULE.match(t) for t in lines), bool(markers))


def _teaser_feed(blocks: list[list[int]], gaps: list[_Gap]) -> bool:
    """Paragraphs one by one, nearly each under its own headline: teasers of other stories (an
    article's subheadings stand over several paragraphs, or over some of them). ``gaps``: those
    between the blocks."""
    if len(blocks) < FEED_MIN_TEASERS:
        return False
    single = sum(len(b) == 1 for b in blocks)
    headed = sum(g.headline for g in gaps)
    return single >= FEED_SHARE * len(blocks) and headed >= FEED_SHARE * len(gaps)


def _list_item(t: str) -> bool:
    """An item of a list inside the body: it goes on the sentence above, in lower case
    ("любая рыба (и морская и речная)")."""
    return _starts_lower(t)


def _headline_like(t: str) -> bool:
    return L.is_headline(t) and not (L.is_caption(t) or L.is_name_only(t) or L.is_chrome(t) or is_dateline(t))


def _title_affinity(items: list[tuple[int, str]], first: int, region_stems: set[str]) -> float:
    """Share of the nearest headline's words found in the region (0 when none is close above);
    a headline of one or two long words ("Комсомольская правда") counts as TITLE_MIN_STEMS."""
    for i in range(first - 1, max(-1, first - 1 - TITLE_LOOKBACK), -1):
        t = items[i][1]
        if is_dateline(t) or L.is_caption(t) or L.is_name_only(t):
            continue
        if L.is_headline(t):
            title = _long_stems(t)
            return len(title & region_stems) / max(len(title), TITLE_MIN_STEMS)
    return 0.0


def _headings_by_margin(raw_lines: list[str], items: list[tuple[int, str]]) -> frozenset[int]:
    """Items printed at the left edge of a page whose text is indented: how a text browser (lynx)
    sets headings apart from paragraphs, which it indents. Empty for pages without a margin."""
    text = [l for l in raw_lines if l.strip()]
    if not text or sum(l[0].isspace() for l in text) < MARGIN_SHARE * len(text):
        return frozenset()
    return frozenset(i for i, (n, _) in enumerate(items) if not raw_lines[n - 1][:1].isspace())


def _leads(items, first, body_stems, known_title, title_idx, recurring) -> set[int]:
    """The lead lines: walking up from the body over headline, lead and caption lines, those of
    five words or more that share the body's words and stand below the title (below the known
    title's line, or, with no title, below the top headline sharing the body's words)."""
    stack: list[int] = []
    i = first - 1
    while i >= 0:
        t = items[i][1]
        if is_dateline(t) or L.CATEGORY_PREFIX.match(t):
            i -= 1  # metadata between the title and the body: step over it
            continue
        if L.is_marker(t) or L.is_chrome(t) or _is_category_line(t) or L.is_feed_item(t) or i in recurring:
            break
        if not (L.is_headline(t) or L.is_paragraph(t) or L.is_caption(t) or L.is_name_only(t)
                or len(L.words(t)) >= 5):
            break
        stack.append(i)
        i -= 1
    candidates = [j for j in reversed(stack) if not (L.is_caption(items[j][1]) or L.is_name_only(items[j][1])
                                                     or _is_caption_echo(items, j))]
    known = _clean(known_title) if known_title else None
    if known is None and title_idx is None:
        title_idx = next((j for j in candidates if L.is_headline(items[j][1]) and _stems(items[j][1]) & body_stems), None)
    return {j for j in candidates
            if (items[j][1] != known if known is not None else title_idx is not None and j > title_idx)
            and len(L.words(items[j][1])) >= 5 and _stems(items[j][1]) & body_stems}


# How far above the body the headline may stand: a margin (set, not tuned) over DAnIEL's dumps,
# whose headline stands at most 19 lines above the body (in 10 of 264 it is the body's first line).
TITLE_LOOKBACK_LINES = 40
ECHO_LINES = 15  # how far above a candidate a shorter line saying its words is looked for (a title over its lead)
# a line that dates the page: a date, a time, or both, with a few words ("25 ноября, 06:30 | Елена ТКАЧЕНКО")
_DATED = re.compile(r"\b\d{1,2}:\d\d\b|\b\d{1,2}[./]\d{1,2}[./](?:19|20)?\d\d\b")
TITLE_FEATURES = (
    "lines_to_body_log", "right_above_body", "first_body_line", "words_log", "words_1_2", "words_3_6",
    "words_7_10", "words_11_14", "words_15_plus", "words_over_25", "body_share", "first_paragraph_share",
    "ends_full_stop", "ends_question", "ends_colon", "headline_shaped", "paragraph", "noise", "chrome", "caption",
    "dateline", "feed_item", "category_line", "marker", "name_only", "notice", "dated_below", "dated_above",
    "breadcrumb_tail", "repeated", "feed_around", "margin_heading", "capitals", "site_separator", "commas",
    "headlines_below", "headlines_above", "told_longer_below", "tells_shorter_above", "subtitle_below",
)


def _dated(t: str) -> bool:
    return len(L.words(t)) <= 12 and (parse_dateline(t) is not None or bool(_DATED.search(t)))


@dataclass(frozen=True, slots=True)
class _Near:
    """What the title features read of a page's lines near its body, each read once."""

    items: list[tuple[int, str]]
    first: int  # the body's first line
    body: set[str]  # the body's stems
    rest: set[str]  # ... from its second line on
    flush: frozenset[int]
    words: dict[int, int]  # of the lines near the body: their word counts, stems, shapes
    stems: dict[int, set[str]]
    headline: dict[int, bool]
    dated: dict[int, bool]
    tails: set[str]  # the lines' ends after a space, in lower case (a breadcrumb's last step)
    keys: Counter

    @classmethod
    def of(cls, items, prose, region, flush) -> "_Near":
        first, last = region
        near = range(max(0, first - TITLE_LOOKBACK_LINES - ECHO_LINES), min(len(items), first + 4))
        body = {i: _stems(items[i][1]) for i in prose if first <= i <= last}
        return cls(items, first, set().union(*body.values()), set().union(*(s for i, s in body.items() if i > first)),
                   flush, {i: len(L.words(items[i][1])) for i in near}, {i: _stems(items[i][1]) for i in near},
                   {i: L.is_headline(items[i][1]) for i in near}, {i: _dated(items[i][1]) for i in near},
                   _tails(items), Counter(line_key(t) for _, t in items))


BREADCRUMB_WORDS = 40  # longer lines are prose, not breadcrumbs


def _tails(items: list[tuple[int, str]]) -> set[str]:
    out = set()
    for _, t in items:
        lowered = t.lower().rstrip(" .")
        if len(words := lowered.split(" ")) <= BREADCRUMB_WORDS:
            out.update(" ".join(words[k:]) for k in range(1, len(words)))
    return out


def title_features(near: _Near, j: int) -> tuple[float, ...]:
    """The features (TITLE_FEATURES) of line ``j`` as the headline of the body (whose first line is
    read as a candidate too, against the rest of the body)."""
    items, first, t = near.items, near.first, near.items[j][1]
    n, stems, key = near.words[j], near.stems[j], line_key(t)
    body = near.rest if j == first else near.body
    opening = near.stems[min(j + 1, len(items) - 1) if j == first else first]

    def share(i: int) -> float:
        return len(near.stems[i] & body) / max(len(near.stems[i]), TITLE_MIN_STEMS)

    def says(mine: set[str], i: int) -> bool:  # line i says much of what the words ``mine`` say
        return len(mine & near.stems[i]) >= max(2, 0.3 * len(mine))

    def sharing(i: int) -> bool:
        return near.headline[i] and share(i) >= TITLE_MIN_SHARE

    around = [i for i in range(max(0, j - 3), min(first, j + 4)) if i != j]
    return tuple(float(x) for x in (
        math.log1p(max(first - j, 0)), first - j == 1, j == first, math.log1p(n), n < 3, 3 <= n <= 6,
        7 <= n <= 10, 11 <= n <= 14, n >= 15, n > 25, share(j), len(stems & opening) / max(len(stems), 3),
        t.endswith("."), t.endswith(("?", "!")), t.endswith(":"), near.headline[j], L.is_paragraph(t), _is_noise(t),
        L.is_chrome(t), L.is_caption(t), is_dateline(t), L.is_feed_item(t), _is_category_line(t), L.is_marker(t),
        L.is_name_only(t), L.is_promo(t) or L.is_rights_notice(t) or L.is_comment_notice(t),
        any(near.dated[i] for i in range(j + 1, min(j + 4, len(items)))), any(near.dated[i] for i in range(max(0, j - 2), j)),
        t.lower().rstrip(" .") in near.tails,
        bool(key) and near.keys[key] > 1,
        sum(near.words[i] >= 4 and near.headline[i] and share(i) < 0.2 for i in around) / 6,
        j in near.flush, t.isupper(), " | " in t or " - " in t or " — " in t, t.count(",") / max(n, 1),
        sum(sharing(i) for i in range(j + 1, first)) / 3, sum(sharing(i) for i in range(max(0, j - 8), j)) / 3,
        any(near.words[i] >= max(n + 3, 9) and says(stems, i) for i in range(j + 1, first + 1)),
        any(3 <= near.words[i] <= n - 3 and says(near.stems[i], j) for i in range(max(0, j - ECHO_LINES), j)),
        j + 1 < first and near.words[j + 1] >= 3 and says(stems, j + 1) and share(j) >= TITLE_MIN_SHARE
        and share(j + 1) >= TITLE_MIN_SHARE,
    ))


def _title_candidates(items, region, skip) -> list[int]:
    """The lines above the body, and its first line when more of the body follows."""
    first = region[0]
    return [j for j in range(max(0, first - TITLE_LOOKBACK_LINES), first + (region[1] > first)) if j not in skip]


def _choose_title(items, prose, region, flush, skip) -> tuple[int | None, float]:
    """The candidate line the headline model rates highest, with its probability."""
    near = _Near.of(items, prose, region, flush)
    rated = [(probability(TITLE_FEATURES, title_features(near, j)), j) for j in _title_candidates(items, region, skip)]
    if not rated:
        return None, 0.0
    chance, j = max(rated)
    return j, chance


def title_rows(raw: str) -> list[tuple[str, tuple[float, ...]]]:
    """Each candidate headline line of a dump with its features, as `classify_dump` rates them
    (the training rows of `eval.titles --train`); empty when the dump has no body."""
    raw_lines = raw.split("\n")
    items = [(n, t) for n, t in _numbered(raw_lines) if t]
    prose, region = _body(items, set(), frozenset())
    if region is None:
        return []
    near = _Near.of(items, prose, region, _headings_by_margin(raw_lines, items))
    return [(items[j][1], title_features(near, j)) for j in _title_candidates(items, region, frozenset())]


def is_dateline(t: str) -> bool:
    """A line that is a date and little else ("June 06, 2013", "МОСКВА, 25 мая 2020")."""
    return len(L.words(t)) <= 6 and parse_dateline(t) is not None


def _is_caption_echo(items, j) -> bool:
    """A line repeated by the next one with a credit: 'Сергей Лавров' + 'Сергей Лавров (Фото: ТАСС)'."""
    return j + 1 < len(items) and items[j + 1][1].startswith(items[j][1]) and L.is_caption(items[j + 1][1])


def _is_category_line(t: str) -> bool:
    return bool(L.CATEGORY_PREFIX.match(t)) or (
        t.rstrip().endswith(",") and 1 <= len(L.words(t)) <= 5)


def _category(header: list[tuple[int, str]]) -> str | None:
    for _, t in header:
        if m := L.CATEGORY_PREFIX.match(t):
            return m[2].split(",")[0].strip() or None
        if _is_category_line(t):
            return t.rstrip(" ,").strip() or None
    return None


def _inside_body(t: str, is_prose: bool) -> tuple[str, str]:
    if L.is_caption(t):
        return "boilerplate", "photo caption or credit"
    if L.is_chrome(t):
        return "boilerplate", "interface text (player, ads, navigation)"
    if L.is_promo(t):
        return "boilerplate", "a call to follow the outlet (social networks, newsletter)"
    if is_prose:  # never a notice: those are noise, not prose
        return "body", "running prose inside the densest text block"
    if L.is_rights_notice(t):
        return "boilerplate", "the outlet's rights and reprint terms"
    if L.is_comment_notice(t):
        return "boilerplate", "a notice about comments"
    if len(L.words(t)) >= 4 and t.rstrip().endswith((":", ";")):
        return "body", "list lead-in or list item inside the body"
    if _list_item(t):
        return "body", "list item inside the body (goes on in lower case)"
    if L.SENTENCE_END.search(t) and L.words(t) and not L.TEASER_END.search(t):
        return "body", "a short sentence inside the body (an answer, a one-line paragraph)"
    if L.is_name_only(t):
        return "boilerplate", "a name alone: caption or related-card byline"
    if L.is_feed_item(t):
        return "boilerplate", "headline with a time: a feed item"
    return "boilerplate", "short non-sentence line inside the body: related card or rubric"


def _why_outside(t: str, before: bool) -> str:
    if L.is_marker(t):
        return "section marker: what follows is not the article"
    if L.is_chrome(t):
        return "interface text (navigation, player, ads)"
    if L.DATE_ONLY.match(t):
        return "a date standing alone: another post's date"
    if L.TICKER.match(t):
        return "currency or market ticker"
    if L.is_feed_item(t):
        return "headline with a time: a feed item"
    if L.is_caption(t):
        return "photo caption or credit"
    if L.is_rights_notice(t):
        return "the outlet's rights and reprint terms"
    return "above the article" if before else "after the article"


def _ordered(numbered, decisions) -> tuple[LineDecision, ...]:
    out = []
    for n, t in numbered:
        if not t:
            continue
        label, reason = decisions.get(n, ("boilerplate", "outside the article"))
        out.append(LineDecision(n, t, label, reason))
    return tuple(out)
