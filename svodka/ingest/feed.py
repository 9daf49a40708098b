"""RSS and Atom feeds (feedparser): one page per item, its full text when the feed carries it,
else its headline and lead."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from svodka.errors import Rejected
from svodka.ingest.decode import clean_text, language_code
from svodka.model import Page

_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_TAG = re.compile(r"<[^>]+>")


def is_feed(head: bytes) -> bool:
    """An RSS 0.9x/1.0/2.0 or Atom document, by its root element (whatever the file's name)."""
    start = head.lstrip()[:1]
    return start == b"<" and bool(_ROOT.search(head[:4096]))


def read_feed(data: bytes, source: str, stem: str) -> Iterator[Page | Rejected]:
    """Each item of a feed as a page: ``content:encoded`` or Atom ``content`` as an HTML page,
    else the title and description as a headline with its lead; the link is its url, its date
    ``published``, the channel its site when the link names none. A feed that is not well-formed
    is read leniently and says so on a line of its own (a note on its first item)."""
    import feedparser

    parsed = feedparser.parse(data)
    channel = parsed.feed.get("title") or None
    home = urlparse(parsed.feed.get("link") or "").hostname
    stated: list[str] = []
    language = language_code(parsed.feed.get("language"), stated, "the feed's language")
    notes = tuple(stated)
    if parsed.get("bozo"):
        notes += (f"the feed {source} is not well-formed XML ({_reason(parsed.get('bozo_exception'))}); "
                  f"read leniently, {len(parsed.entries)} items found",)
    if not parsed.entries:
        yield Rejected(source, "empty-feed", "the feed holds no items" + (f" ({notes[0]})" if notes else ""))
        return
    for n, entry in enumerate(parsed.entries, start=1):
        item = f"{source}#{n}"
        try:
            yield _page(entry, item, f"{stem}-{n}", (channel, home, language), notes if n == 1 else ())
        except Rejected as rej:
            yield rej


def _page(entry, item: str, default_id: str, feed: tuple[str | None, str | None, str | None],
          notes: tuple[str, ...]) -> Page:
    """An item as a page; ``feed``: the channel's title, home host and language (an item's own
    xml:lang goes first)."""
    channel, home, language = feed
    title = _plain(entry.get("title")) or None
    link = (entry.get("link") or "").strip() or None
    guid = (entry.get("id") or "").strip()
    content = next((c.get("value") for c in entry.get("content", []) if (c.get("value") or "").strip()), None)
    summary = entry.get("summary") or ""
    if content and len(_plain(content).split()) > len(_plain(summary).split()):
        raw, kind = f"<html><body><article>{content}</article></body></html>", "html"
    else:
        raw, kind = _plain(summary), "text"
    raw, dropped = clean_text(raw)
    title = clean_text(title)[0] if title else None
    if dropped:
        notes += (f"{dropped} control character{'s' * (dropped > 1)} dropped from the item",)
    if not (title or raw.strip()):
        raise Rejected(item, "no-text", "the item has no title, description or content")
    stated: list[str] = []
    language = language_code((entry.get("title_detail") or {}).get("language"), stated, "the item's xml:lang") or language
    notes += tuple(stated)
    own = guid if guid and not guid.startswith(("http://", "https://")) else ""
    host = urlparse(link).hostname if link else None
    site = host or home or channel
    return Page(id=own or default_id, source=link or item, raw=raw, kind=kind, url=link,
                published=_date(entry), site=site[4:] if site and site.startswith("www.") else site, title=title,
                language=language,
                identity=f"id:{own}" if own else f"url:{link}" if link else None, notes=notes)


def _plain(html: str | None) -> str:
    """Text of a title or description that may hold markup, its paragraphs on lines of their own."""
    import html as entities

    text = re.sub(r"(?i)</p>|<br\s*/?>", "\n", html or "")
    return "\n".join(" ".join(entities.unescape(_TAG.sub(" ", line)).split()) for line in text.split("\n")).strip()


def _date(entry) -> str | None:
    """The item's date as the feed states it (its own day, not UTC's)."""
    for key in ("published", "updated", "created"):
        value = (entry.get(key) or "").strip()
        if not value:
            continue
        for parse in (parsedate_to_datetime, lambda v: datetime.fromisoformat(v.replace("Z", "+00:00"))):
            try:
                return parse(value).isoformat()
            except (TypeError, ValueError, IndexError):
                continue
    return None


def _reason(exc: object) -> str:
    message = getattr(exc, "getMessage", lambda: str(exc))() if exc else "unknown error"
    line = getattr(exc, "getLineNumber", lambda: None)()
    return f"{message} at line {line}" if line else message
