"""WARC web archives (warcio): every HTML response record is a page; the other records are
counted and named on one line."""
from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

from svodka.errors import Rejected
from svodka.ingest.decode import decode
from svodka.model import Page

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_warc(path: Path) -> bool:
    """A WARC file, compressed or not, by its first bytes."""
    try:
        with path.open("rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            if head == b"\x1f\x8b":
                with gzip.open(fh) as inner:
                    return inner.read(8).startswith(b"WARC/")
            return fh.read(8).startswith(b"WARC/")
    except (OSError, EOFError):
        return False


def read_warc(path: Path, source: str, max_bytes: int) -> Iterator[Page | Rejected]:
    """The archive's HTML responses as pages, with the target URI as ``url`` and the response's
    date (else the record's) as ``published``. A record past ``max_bytes`` is refused, an archive
    cut short keeps the records before the cut, and the records that are no HTML responses are
    counted on one line."""
    from warcio.archiveiterator import ArchiveIterator

    other: Counter = Counter()
    n = 0
    with path.open("rb") as fh:
        try:
            for record in ArchiveIterator(fh):
                n += 1
                item = f"{source}#{n}"
                charset = _html_response(record)
                if charset is None:
                    other[_what(record)] += 1
                    continue
                body = record.content_stream().read(max_bytes + 1)
                if len(body) > max_bytes:
                    yield Rejected(item, "too-large", f"the response is over {max_bytes // 2**20} MB")
                    continue
                try:
                    decoded = decode(body, item, declared=charset)
                except Rejected as rej:
                    yield rej
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI")
                yield Page(id=f"{path.name.split('.')[0]}-{n}", source=uri or item, raw=decoded.text, kind="html",
                           url=uri, published=_date(record), identity=f"url:{uri}" if uri else f"path:{item}",
                           notes=decoded.notes)
        except Exception as exc:  # warcio raises plain exceptions for a cut or damaged archive
            yield Rejected(f"{source}#{n + 1}", "broken-archive", f"the archive is cut short or damaged "
                           f"({type(exc).__name__}: {exc}); the {n} records before are read")
        else:
            if cut := _cut_short(path):  # warcio ends quietly at a gzip member cut in the middle
                yield Rejected(f"{source}#{n + 1}", "broken-archive", f"the archive is cut short or damaged "
                               f"({cut}); the {n} records before are read")
    if other:
        count = sum(other.values())
        yield Rejected(source, "not-html", f"{_records(count)} that {'is' if count == 1 else 'are'} no HTML "
                       "response (" + ", ".join(f"{k}s: {v}" for k, v in other.most_common()) + ")", count=count)


def _records(n: int) -> str:
    return f"{n} record" + ("" if n == 1 else "s")


def _cut_short(path: Path) -> str | None:
    """Why a gzipped archive ends before its last member does, if it does."""
    try:
        with path.open("rb") as fh:
            if fh.read(2) != b"\x1f\x8b":
                return None
        with gzip.open(path) as inner:
            while inner.read(1 << 20):
                pass
    except (EOFError, OSError, zlib.error) as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _html_response(record) -> str | None:
    """The charset an HTML response declares ("" when none), or None for any other record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    ctype = (record.http_headers.get_header("Content-Type") or "").lower()
    if not ctype.startswith(HTML_TYPES):
        return None
    charset = next((p.split("=", 1)[1].strip(' "') for p in ctype.split(";") if p.strip().startswith("charset=")), "")
    return charset


def _what(record) -> str:
    if record.rec_type == "response" and record.http_headers is not None:
        return (record.http_headers.get_header("Content-Type") or "untyped").split(";")[0].strip() + " response"
    return f"{record.rec_type} record"


def _date(record) -> str | None:
    value = record.http_headers.get_header("Date") if record.http_headers is not None else None
    if value:
        try:
            return parsedate_to_datetime(value).isoformat()
        except (TypeError, ValueError):
            pass
    return record.rec_headers.get_header("WARC-Date")
