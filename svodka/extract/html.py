"""HTML pages -> article: the dump classifier over a browser-like render, or trafilatura, by the
page's language; each is the other's fallback."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

import htmldate.extractors as htmldate_extractors
import lxml.html
import trafilatura
from lxml import etree

from svodka.extract.dump import DumpResult, classify_dump
from svodka.extract.language import detect_language
from svodka.model import LineDecision

# The languages htmldate's last-resort date parser (dateparser) tries on a date string. Given none,
# it tries all ~200 (86 ms a string); these 17 gave the same date on all 132 DAnIEL and 60 AEB pages
# in a quarter of the time (find_date over them 4.4 s -> 1.2 s).
DATE_LANGUAGES = ("ru", "uk", "be", "kk", "en", "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "tr", "ar", "zh", "ja")


@lru_cache(maxsize=1)
def _date_parser():
    from dateparser import DateDataParser

    return DateDataParser(languages=list(DATE_LANGUAGES), settings={
        "NORMALIZE": True, "PARSERS": ["custom-formats", "absolute-time"], "PREFER_DATES_FROM": "past",
        "PREFER_LOCALE_DATE_ORDER": True, "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True})


htmldate_extractors.get_external_parser = _date_parser  # htmldate has no setting for it: its settings, these languages

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "header", "footer", "blockquote", "figcaption", "ul", "ol", "table", "nav", "aside",
               "option", "dt", "dd", "figure", "main", "form", "fieldset", "legend", "address", "hr",
               "pre", "center", "title"}


@dataclass(frozen=True, slots=True)
class HtmlResult:
    title: str | None
    paragraphs: tuple[str, ...]
    published: str | None
    site: str | None
    category: str | None
    author: str | None
    method: str  # "trafilatura" | "dump"
    decisions: tuple[LineDecision, ...] = ()  # the dump classifier's, over the render's lines


# Languages whose pages go to the dump classifier first: on DAnIEL it scored 0.887 against 0.812
# for trafilatura with the classifier as its fallback, on AEB 0.870 against 0.949; a selector
# learned on page features (10-fold by site) reached 0.861 / 0.945. Others keep trafilatura.
DUMP_FIRST_LANGUAGES = frozenset({"ru"})
# Precision mode sometimes keeps only a notice or a blurb of an article: under SHORT_WORDS words
# the default mode runs too and wins when precision kept under FULLER_SHARE of its words.
# eval.extraction, trafilatura alone: AEB 0.943 -> 0.953, DAnIEL 0.718 -> 0.810 at (100, 0.15); 200
# and 300 words score the same on both and catch blurbs of just over 100 words.
SHORT_WORDS, FULLER_SHARE = 300, 0.15
PROSE_LINE_CHARS = 80  # the lines a page's language is read from

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"[ \t\r\f\v]*\n\s*\n\s*")
_PRE_TAGS = {"pre", "textarea"}
_RULE = re.compile(r"^[\s|:-]+$")  # the rule under a table's head row, as trafilatura writes tables


def _collapse(text: str) -> str:
    """A text node as it shows: runs of whitespace are one space, except that a blank line
    stays a line break (footers and notes often set white-space: pre-line; a hard-wrapped
    source paragraph has single line breaks, which join)."""
    return "\n".join(_SPACE.sub(" ", part) for part in _BLANK_LINE.split(text))


# Link text is wrapped in these private-use characters while rendering, so that each line can
# say how much of it is link text, and a data table's row is marked by the third; they never
# reach the output.
_LINK_OPEN, _LINK_CLOSE, _ROW = "\ue000", "\ue001", "\ue002"
CELL_CHARS = 100  # a data table's cells are short: a layout table's cell holds a page section
# A line is a link when this share of its characters is link text (menus, headline feeds,
# related cards); a paragraph with a link inside stays prose. 0.5, 0.8 and 0.95 give the same
# DAnIEL and AEB scores (eval.extraction).
LINK_LINE_SHARE = 0.8


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page rendered to text as a browser's innerText, with the lines that are links."""

    text: str
    links: frozenset[int]  # 1-based numbers of the lines that are mostly link text
    rows: frozenset[int] = frozenset()  # those that are rows of a data table (cells split by " | ")
    headings: tuple[str, ...] = ()  # the texts of its <h1> elements, in page order
    names: tuple[str, ...] = ()  # what its metadata calls it: og:title, then <title>


def html_to_text(html: str) -> str:
    """Render HTML as a browser's innerText would: whitespace inside text collapsed to one
    space (a source line break is not a line break, a blank line is), block elements on
    their own lines."""
    return render_html(html).text


@lru_cache(maxsize=4)  # a page is rendered for its extraction and again for the site memory
def render_html(html: str) -> Rendered:
    """``html_to_text`` and the numbers of its lines that are mostly the text of links."""
    try:  # lxml refuses a str that still declares its encoding (<?xml ... encoding="utf-8"?>)
        tree = lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return Rendered("", frozenset())
    names = tuple(" ".join(n.split()) for n in [*tree.xpath("//meta[@property='og:title']/@content"),
                                                   *tree.xpath("//title/text()")] if n.strip())
    headings = tuple(" ".join(h.text_content().split()) for h in tree.iter("h1"))
    for bad in tree.xpath("//head|//script|//style|//noscript|//template|//svg"):
        bad.drop_tree()
    keep = {el for pre in tree.iter(*_PRE_TAGS) for el in pre.iter()}  # holding them keeps lxml's proxies stable
    _mark_rows(tree)
    for el in tree.iter():
        if el.tail and el.getparent() is not None and el.getparent() not in keep:
            el.tail = _collapse(el.tail)
        if not isinstance(el.tag, str):  # comments and processing instructions
            continue
        if el.text and el not in keep:
            el.text = _collapse(el.text)
        tag = el.tag.lower()
        if tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if tag != "br":
                el.text = "\n" + (el.text or "")
        if tag == "a" and el.get("href"):
            el.text = _LINK_OPEN + (el.text or "")
            el.tail = _LINK_CLOSE + (el.tail or "")
    lines, links, rows, depth, blank = [], set(), set(), 0, False
    for raw_line in tree.text_content().split("\n"):
        chars, in_link, visible, row = [], 0, 0, False
        for ch in raw_line:
            if ch == _ROW:
                row = True
            elif ch == _LINK_OPEN:
                depth += 1
            elif ch == _LINK_CLOSE:
                depth = max(0, depth - 1)
            else:
                chars.append(ch)
                if not ch.isspace():
                    visible += 1
                    in_link += depth > 0
        line = "".join(chars).strip()
        if not line and (blank or not lines):  # one blank line between blocks, none on top
            continue
        blank = not line
        lines.append(line)
        if visible and in_link >= LINK_LINE_SHARE * visible:
            links.add(len(lines))
        elif row and line:
            rows.add(len(lines))
    while lines and not lines[-1]:
        lines.pop()
    return Rendered("\n".join(lines) + "\n", frozenset(links), frozenset(rows), headings, names)


# the separators between a headline and the site's name or rubric in <title> ("… | Здоровье | АиФ")
_TITLE_PARTS = re.compile(r"\s+(?:[-|/»«:—–]|::)\s+")
HEADLINE_WORDS = 3  # fewer words are a logo or a rubric ("РБК", "Здоровье")


_NAME_CUT = re.compile(_TITLE_PARTS.pattern + r"|\s*\|\s*|:\s+")  # "X|Y", "LinkNaija: …" too


def without_site(title: str | None, sitename: str | None) -> str | None:
    """A title without the site's name the page's metadata gives (og:site_name) where it stands
    before or after the headline ("… | Al Bawaba", "… - The Paradigm", "LinkNaija | Nigeria's
    popular news platform: …"; "Inexhibit" of "Inexhibit magazine"), when HEADLINE_WORDS are left."""
    name = _letters(sitename or "")
    if not title or len(name) < 3:
        return title
    cuts = list(_NAME_CUT.finditer(title))
    options = []  # (the part taken for the name, the rest): the whole name first, then a part of it
    for cut in cuts:  # a site name holding a separator itself, whole at either end
        if _letters(title[:cut.start()]) == name:
            options.append((title[:cut.start()], title[cut.end():]))
        if _letters(title[cut.end():]) == name:
            options.append((title[cut.end():], title[:cut.start()]))
    if cuts:
        options += [(title[cuts[-1].end():], title[:cuts[-1].start()]), (title[:cuts[0].start()], title[cuts[0].end():])]
    for part, rest in options:
        letters = _letters(part)
        if len(letters) >= 3 and name.startswith(letters) and len(rest.split()) >= HEADLINE_WORDS:
            return rest.strip()
    return title


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def stated_title(rendered: Rendered) -> str | None:
    """The headline the page states as its own, standing as a line of the render: an <h1> that its
    metadata name holds ("Кейт Миддлтон нашла замену …" in "Кейт Миддлтон нашла замену … | Здоровье"),
    else a part or a run of parts of that name; None when neither is a line (a logo's <h1>, a title
    the page does not show)."""
    lines = {" ".join(line.split()) for line in rendered.text.split("\n")}
    folded = [n.casefold() for n in rendered.names]
    for heading in rendered.headings:
        if heading in lines and len(heading.split()) >= HEADLINE_WORDS and any(heading.casefold() in n for n in folded):
            return heading
    for name in rendered.names:  # its parts and runs of parts ("… погиб, 21 - получил травмы. - Новости дня")
        cuts = list(_TITLE_PARTS.finditer(name))
        starts, stops = [0, *(c.end() for c in cuts)], [*(c.start() for c in cuts), len(name)]
        for part in (name[a:b] for a in starts for b in stops if a < b):
            if part in lines and len(part.split()) >= HEADLINE_WORDS:
                return part
    return None


def _mark_rows(tree) -> None:
    """Mark the rows of data tables (two rows or more, each of two short cells or more, no table
    inside) and put " | " between their cells, as a text browser lays a table out."""
    for table in tree.iter("table"):
        # its own rows: a row of a table inside it belongs to that table
        trs = [tr for tr in table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr") if not tr.xpath(".//table")]
        data = [tr for tr in trs if len(cells := tr.xpath("./td|./th")) >= 2
                and all(len(c.text_content().strip()) <= CELL_CHARS for c in cells)]
        if len(data) < 2 or len(data) < len(trs) / 2:
            continue
        for tr in data:
            tr.text = _ROW + (tr.text or "")
            for cell in tr.xpath("./td|./th")[:-1]:
                cell.tail = " | " + (cell.tail or "")


def extract_html(html: str, url: str | None = None, template: frozenset[str] = frozenset(),
                 rendered: Rendered | None = None) -> HtmlResult:
    """The article of an HTML page, by the extractor measured best for the page's language:
    the dump classifier over the innerText render (link lines marked) for Russian pages,
    trafilatura for the others; each falls back to the other when it finds no body.
    ``template``: the site memory (see ``classify_dump``), for the dump classifier; ``rendered``:
    the page's ``render_html``, when the caller made it already."""
    rendered = rendered or render_html(html)
    if _prose_language(rendered.text) in DUMP_FIRST_LANGUAGES:
        dump = classify_dump(rendered.text, links=rendered.links, template=template, rows=rendered.rows)
        if dump.paragraphs and (stated := stated_title(rendered)) and stated != dump.title:
            titled = classify_dump(rendered.text, known_title=stated, links=rendered.links, template=template,
                                   rows=rendered.rows)
            dump = titled if titled.paragraphs else dump
        if dump.paragraphs:  # the page's metadata from trafilatura (htmldate's date) where it has some
            meta = trafilatura.extract_metadata(html, default_url=url)
            if not dump.title and _text(meta.title):
                # the page's own title tells the classifier where the article starts
                titled = classify_dump(rendered.text, known_title=_text(meta.title), links=rendered.links,
                                       template=template, rows=rendered.rows)
                dump = titled if titled.paragraphs else dump
            res = _from_dump(dump)
            return replace(res, title=res.title or without_site(_text(meta.title), meta.sitename),
                           published=page_day(meta.date, res.published),
                           site=meta.hostname or meta.sitename or res.site,
                           category=res.category or _first(meta.categories), author=res.author or _text(meta.author))
        return _trafilatura(html, url) or _from_dump(dump)
    return _trafilatura(html, url) or _from_dump(classify_dump(rendered.text, links=rendered.links, template=template,
                                                               rows=rendered.rows))


# A metadata day this many days after the day printed with the article is a later save of the page
# (htmldate reads a menu's links to "/archive/2013/04/10/" on a page of 2011), not its publication.
RESAVED_DAYS = 30


def page_day(meta: str | None, printed: str | None) -> str | None:
    """A page's day: its metadata's (htmldate), unless the day printed with its article shows that one
    to be a later save of the page (RESAVED_DAYS) or a year alone (1 January: "© 2005")."""
    if not meta or not printed or len(printed) < 10 or len(meta) < 10:
        return meta or printed
    year_alone = meta[5:10] == "01-01" and printed[5:10] != "01-01"
    resaved = (date.fromisoformat(meta[:10]) - date.fromisoformat(printed[:10])).days > RESAVED_DAYS
    return printed if year_alone or resaved else meta


def _prose_language(text: str) -> str | None:
    """The language of a rendered page's long lines (menus and buttons say little)."""
    return detect_language("\n".join(line for line in text.split("\n") if len(line) >= PROSE_LINE_CHARS))


def _trafilatura(html: str, url: str | None) -> HtmlResult | None:
    # favor_precision: on the DAnIEL pages menus and related blocks are what trafilatura gets
    # wrong (precision 0.68); measured on DAnIEL and AEB with eval.extraction (README). On some
    # pages precision mode keeps next to nothing of an article the default mode finds whole.
    doc = _bare(html, url, favor_precision=True)
    if _words(doc) < SHORT_WORDS:
        fuller = _bare(html, url)
        if _words(fuller) * FULLER_SHARE > _words(doc):
            doc = fuller
    if doc is None or not doc.text or not doc.text.strip():
        return None
    title = without_site(_text(doc.title), doc.sitename)
    paragraphs = tuple(p.strip() for p in doc.text.split("\n") if p.strip() and not _RULE.match(p))
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return HtmlResult(title, paragraphs, doc.date, doc.hostname or doc.sitename, _first(doc.categories),
                      doc.author, "trafilatura")


def _bare(html: str, url: str | None, **mode):
    # tables kept (results, prices, recipes): eval.extraction svodka html AEB 0.953 -> 0.957, DAnIEL 0.902 = 0.902
    return trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                       include_tables=True, **mode)


def _words(doc) -> int:
    return len(doc.text.split()) if doc is not None and doc.text else 0


def _from_dump(dump: DumpResult) -> HtmlResult:
    return HtmlResult(dump.title, dump.paragraphs, dump.published, dump.site, dump.category, dump.author, "dump",
                      dump.decisions)


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _first(values: list[str] | None) -> str | None:
    return next((v for v in values or [] if v), None)
