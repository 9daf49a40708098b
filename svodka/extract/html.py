"""HTML pages -> article, with trafilatura as the base and the dump classifier as the fallback."""
from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from svodka.extract.dump import classify_dump

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


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_SPACE = re.compile(r"\s+")
_BLANK_LINE = re.compile(r"[ \t\r\f\v]*\n\s*\n\s*")
_PRE_TAGS = {"pre", "textarea"}


def _collapse(text: str) -> str:
    """A text node as it shows: runs of whitespace are one space, except that a blank line
    stays a line break (footers and notes often set white-space: pre-line; a hard-wrapped
    source paragraph has single line breaks, which join)."""
    return "\n".join(_SPACE.sub(" ", part) for part in _BLANK_LINE.split(text))


def html_to_text(html: str) -> str:
    """Render HTML as a browser's innerText would: whitespace inside text collapsed to one
    space (a source line break is not a line break, a blank line is), block elements on
    their own lines."""
    try:  # lxml refuses a str that still declares its encoding (<?xml ... encoding="utf-8"?>)
        tree = lxml.html.fromstring(_XML_DECLARATION.sub("", html, count=1))
    except (etree.ParserError, ValueError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template|//svg"):
        bad.drop_tree()
    keep = {el for pre in tree.iter(*_PRE_TAGS) for el in pre.iter()}  # holding them keeps lxml's proxies stable
    for el in tree.iter():
        if el.tail and el.getparent() is not None and el.getparent() not in keep:
            el.tail = _collapse(el.tail)
        if not isinstance(el.tag, str):  # comments and processing instructions
            continue
        if el.text and el not in keep:
            el.text = _collapse(el.text)
        if el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    lines = (line.strip() for line in tree.text_content().split("\n"))
    return re.sub(r"\n\n\n+", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    # favor_precision: on the DAnIEL pages menus and related blocks are what trafilatura gets
    # wrong (precision 0.68); measured on DAnIEL and AEB with eval.extraction (README).
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if doc is not None and doc.text and doc.text.strip():
        title = (doc.title or "").strip() or None
        paragraphs = tuple(p.strip() for p in doc.text.split("\n") if p.strip())
        if title and paragraphs and paragraphs[0] == title:
            paragraphs = paragraphs[1:]
        categories = [c for c in (doc.categories or []) if c]
        return HtmlResult(title, paragraphs, doc.date, doc.hostname or doc.sitename,
                          categories[0] if categories else None, doc.author, "trafilatura")
    dump = classify_dump(html_to_text(html))
    return HtmlResult(dump.title, dump.paragraphs, dump.published, dump.site, dump.category, dump.author, "dump")
