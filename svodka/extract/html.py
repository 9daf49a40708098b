"""HTML pages -> article, with trafilatura as the base and the dump classifier as the fallback."""
from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from svodka.extract.dump import classify_dump

_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
               "article", "header", "footer", "blockquote", "figcaption", "ul", "ol", "table", "nav", "aside"}


@dataclass(frozen=True, slots=True)
class HtmlResult:
    title: str | None
    paragraphs: tuple[str, ...]
    published: str | None
    site: str | None
    category: str | None
    author: str | None
    method: str  # "trafilatura" | "dump"


def html_to_text(html: str) -> str:
    """Render HTML as a browser's innerText would: block elements on their own lines."""
    try:
        tree = lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for bad in tree.xpath("//script|//style|//noscript|//template|//svg"):
        bad.drop_tree()
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    text = tree.text_content()
    return re.sub(r"\n\s*\n+", "\n\n", text)


def extract_html(html: str, url: str | None = None) -> HtmlResult:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
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
