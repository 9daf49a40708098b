"""Walk the inputs a user names and turn each item into a ``Page`` or a ``Rejected``."""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from svodka.errors import Rejected
from svodka.ingest.decode import decode_bytes
from svodka.model import Page

MAX_PAGE_BYTES = 20 * 1024 * 1024  # a news page over 20 MB is a dump of something else
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<!--)", re.I)


def iter_pages(paths: list[str | os.PathLike], exclude: frozenset[Path] = frozenset()) -> Iterator[Page | Rejected]:
    """Yield pages from files and folders (recursive, sorted), in a stable order.

    ``exclude`` names files never to read as pages (the store and its journal, when a user
    keeps them inside the folder being ingested)."""
    skip = {p.resolve() for p in exclude}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and not _hidden(p, path) and p.resolve() not in skip)
            if not files:
                yield Rejected(str(path), "empty-folder", "the folder holds no files")
            for file in files:
                yield from read_page_file(file)
        elif path.is_file():
            yield from read_page_file(path)
        else:
            yield Rejected(str(path), "not-found", "no such file or folder; check the path")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_page_file(path: Path) -> Iterator[Page | Rejected]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES and path.suffix.lower() not in JSONL_SUFFIXES:
            yield Rejected(source, "too-large",
                           f"{size // (1024 * 1024)} MB is more than a news page; split it or pass a JSONL export")
            return
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(source, "unreadable", exc.strerror or str(exc))
        return
    try:
        text = decode_bytes(data, source)
    except Rejected as rej:
        yield rej
        return
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES or _HTML_SNIFF.match(text[:200]) else "text"
    yield Page(id=path.stem, source=source, raw=text, kind=kind)


def _read_jsonl(path: Path) -> Iterator[Page | Rejected]:
    with path.open("rb") as fh:
        for number, line in enumerate(fh, start=1):
            source = f"{path}:{number}"
            if not line.strip():
                continue
            if len(line) > MAX_PAGE_BYTES:
                yield Rejected(source, "too-large", "the JSONL line is over 20 MB")
                continue
            try:
                record = json.loads(decode_bytes(line, source))
            except Rejected as rej:
                yield rej
                continue
            except json.JSONDecodeError as exc:
                yield Rejected(source, "broken-jsonl", f"not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            try:
                yield page_from_record(record, source, default_id=f"{path.stem}-{number}")
            except Rejected as rej:
                yield rej


def page_from_record(record: object, source: str, default_id: str) -> Page:
    """A JSONL/API record with ``text`` or ``html`` (or only ``title``) plus optional metadata."""
    if not isinstance(record, dict):
        raise Rejected(source, "broken-jsonl", "each line must be a JSON object")
    html, text, title = record.get("html"), record.get("text"), record.get("title")
    for name, value in (("html", html), ("text", text), ("title", title)):
        if value is not None and not isinstance(value, str):
            raise Rejected(source, "broken-jsonl", f"field '{name}' must be a string")
    if not any(v and v.strip() for v in (html, text, title)):
        raise Rejected(source, "no-text", "the record has no 'text', 'html' or 'title'")
    url = _str_or_none(record.get("url"))
    site = _str_or_none(record.get("site")) or (urlparse(url).hostname if url else None)
    if site and site.startswith("www."):
        site = site[4:]
    raw, kind = (html, "html") if html and html.strip() else (text or "", "text")
    rid = record.get("id")
    return Page(
        id=str(rid) if rid not in (None, "") else default_id,
        source=url or source,
        raw=raw.replace("\r\n", "\n"),
        kind=kind,
        url=url,
        published=_str_or_none(record.get("published")),
        site=site,
        title=title.strip() if title else None,
    )


def _str_or_none(value: object) -> str | None:
    return str(value).strip() or None if value not in (None, "") else None
