"""Extract: Page -> Article (title, body paragraphs, metadata). Pure apart from model loading."""
from __future__ import annotations

from urllib.parse import urlparse

from svodka.errors import Rejected
from svodka.extract import lines as L
from svodka.extract.dump import DumpResult, classify_dump, copyright_site, is_dateline, page_outlet, template_lines
from svodka.extract.html import HtmlResult, Rendered, extract_html, render_html
from svodka.extract.language import detect_language
from svodka.extract.meta import is_date_title, normalize_published, parse_dateline
from svodka.model import Article, Page

__all__ = ["extract_article", "classify_dump", "site_key", "template_lines", "page_lines", "DumpResult"]


def extract_article(page: Page, template: frozenset[str] = frozenset(), rendered: Rendered | None = None) -> Article:
    """The clean article of a page; ``Rejected`` when the page holds no article text.
    ``template``: the site memory, keys of lines recurring on the site's other pages;
    ``rendered``: an HTML page's render, when the caller made it already (``page_lines``)."""
    stated, dated = page.title, None
    if stated and is_date_title(stated):
        # "June 06, 2013" where the title should be (feeds and exports that title a page by its
        # date): the page's date, and the title comes from its text
        stated, dated = None, parse_dateline(stated)
    if page.kind == "html":
        res: HtmlResult | DumpResult = extract_html(page.raw, url=page.url, template=template, rendered=rendered)
    else:
        res = classify_dump(page.raw, known_title=stated, template=template)
    # what the dump classifier dropped (trafilatura says nothing of the kind)
    removed = tuple(d.text for d in res.decisions if d.label == "boilerplate")
    title, paragraphs = stated or res.title, res.paragraphs
    if not title and not paragraphs and page.kind == "text":
        title, paragraphs, dated = _short_text(page.raw, page.title is not None) or (None, (), dated)
    elif title and not paragraphs and page.kind == "text":  # a headline's lead, as a feed or export gives it
        paragraphs = _lead(page.raw, title)
    published, site = page.published or res.published or dated, page.site or _site(page.url) or res.site
    if site is None and page.kind == "text":
        site = page_outlet(page.raw)
    if not paragraphs and not title:
        raise Rejected(page.source, "no-text", "no article text found on the page (only menus, feeds or captions)")
    title = title or _first_words(paragraphs[0])
    language = page.language or detect_language(title + "\n" + "\n".join(paragraphs))
    return Article(
        id=page.id, source=page.source, title=title, paragraphs=paragraphs, language=language,
        site=site, category=res.category, published=normalize_published(published), url=page.url, removed=removed,
        author=res.author,
    )


# A text with no running prose is still an item when a line of it reads as a headline: menus and
# button rows are one or two words a line.
HEADLINE_WORDS = 4


def _short_text(raw: str, titled: bool) -> tuple[str, tuple[str, ...], str | None] | None:
    """A headline (and its lead) with no running prose, as feeds and exports give one: its first
    line that is not a dateline is the title, the rest the text; the dateline dates it. None when
    no line reads as a headline (``titled``: a record whose title was a date: any line will do)."""
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    words = [line for line in lines if not is_dateline(line)]
    if not words or not (titled or any(len(line.split()) >= HEADLINE_WORDS for line in words)):
        return None
    dated = next((parse_dateline(line) for line in lines if is_dateline(line)), None)
    return words[0], tuple(words[1:]), dated


LEAD_LINES = 5  # a headline's lead is a line or a few; more lines with no prose are a page's menus


def _lead(raw: str, title: str) -> tuple[str, ...]:
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    if len(lines) > LEAD_LINES:
        return ()
    return tuple(line for line in lines if not is_dateline(line) and line != title.strip() and not _notice(line))


def _notice(line: str) -> bool:
    """A line a page says around any article: a call to follow, interface text, rights terms."""
    return L.is_promo(line) or L.is_chrome(line) or L.is_rights_notice(line) or L.is_comment_notice(line)


def page_lines(page: Page) -> tuple[set[str], Rendered | None]:
    """The keys of a page's lines for the site memory (an HTML page's lines as rendered) and, for an
    HTML page, the render they were read from."""
    rendered = render_html(page.raw) if page.kind == "html" else None
    return template_lines(rendered.text if rendered else page.raw), rendered


def site_key(page: Page) -> str | None:
    """Which site a page comes from, for the site memory: stated, from its URL, or from the
    copyright line of a text dump."""
    if page.site or page.url:
        return page.site or _site(page.url)
    return copyright_site(page.raw) if page.kind == "text" else None


def _site(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or None


def _first_words(text: str, limit: int = 12) -> str:
    words = text.split()
    return " ".join(words[:limit]) + ("…" if len(words) > limit else "")
