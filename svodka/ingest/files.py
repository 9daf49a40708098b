"""Walk the inputs a user names and turn each item into a ``Page`` or a ``Rejected``."""
from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
import stat
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlparse

from svodka.errors import Rejected
from svodka.ingest.decode import Decoded, clean_text, decode, language_code
from svodka.ingest.feed import is_feed, read_feed
from svodka.ingest.warc import is_warc, read_warc
from svodka.model import Page

# A news page is at most a few MB (the largest of DAnIEL's and AEB's 313 pages: 1.5 MB); over this
# bound a file, a JSONL line or a POST body is a dump of something else.
MAX_PAGE_BYTES = 8 * 1024 * 1024
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
CSV_SUFFIXES = {".csv", ".tsv"}  # a table of records, one a row, under a header naming their fields
JSON_SUFFIXES = {".json"}  # a list of records, or an API's answer holding one (NewsAPI's "articles")
RECORD_SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | JSON_SUFFIXES  # files of many records: no page's size limit
GZIP_MAGIC = b"\x1f\x8b"
_HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<!--)", re.I)
_JSON_TYPES = {dict: "an object", list: "a list", bool: "true/false", int: "a number", float: "a number", str: "a string"}


def iter_pages(paths: list[str | os.PathLike], exclude: frozenset[Path] = frozenset()) -> Iterator[Page | Rejected]:
    """Yield pages from files and folders (recursive, sorted), in a stable order, and from the
    standard input for "-"; every item that is not a page (a broken link, a FIFO, a bad file) as a
    ``Rejected`` naming it.

    ``exclude`` names files never to read as pages (the store and its journal, when a user
    keeps them inside the folder being ingested)."""
    skip = {p.resolve() for p in exclude}
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            yield from read_stream(sys.stdin.buffer)
        elif path.is_dir():
            found = [p for p in entries(path) if p.resolve() not in skip]
            if not found:
                yield Rejected(shown(path), "empty-folder", "the folder holds no files")
            for entry in found:
                yield from read_page_file(entry)
        else:
            yield from read_page_file(path)


def entries(folder: Path) -> list[Path]:
    """What a folder gives to read, sorted: everything under it but folders and hidden names."""
    return sorted(p for p in folder.rglob("*") if not _hidden(p, folder) and not p.is_dir())


def missing(path: Path) -> bool:
    """Nothing at all at ``path`` (a broken symbolic link is something: it gets its own line; "-"
    is the standard input)."""
    return str(path) != "-" and not os.path.lexists(path)


def shown(path: Path | str) -> str:
    """A path as a line can show it: a byte of a file name that is not UTF-8 becomes U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _not_a_file(path: Path, source: str) -> Rejected | None:
    """Why ``path`` cannot be read as a page, when it cannot: missing, a broken link, not a file."""
    if missing(path):
        return Rejected(source, "not-found", "no such file or folder; check the path")
    if path.is_symlink() and not path.exists():
        return Rejected(source, "broken-link", f"a symbolic link to {shown(os.readlink(path))}, which does not exist")
    mode = path.stat().st_mode
    if not stat.S_ISREG(mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
        return Rejected(source, "not-a-file", f"{kind}; svodka reads files and folders")
    return None


def read_page_file(path: Path) -> Iterator[Page | Rejected]:
    source = shown(path)
    notes = () if source == str(path) else (f"the file name is not valid UTF-8; it is shown as {source}",)
    try:
        if refused := _not_a_file(path, source):
            yield refused
            return
        if is_warc(path):  # an archive of pages, whatever its size: each record is bounded
            yield from read_warc(path, source, MAX_PAGE_BYTES)
            return
        if _gzipped(path):
            yield from _read_gzip(path, source, notes)
            return
        if path.suffix.lower() == ".zip":  # not by content: a .docx or .xlsx is a zip too
            yield from _read_zip(path, source)
            return
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES and path.suffix.lower() not in RECORD_SUFFIXES and not _feed_file(path):
            yield Rejected(source, "too-large", f"{size / 2**20:.1f} MB is more than a news page "
                           f"(at most {MAX_PAGE_BYTES // 2**20} MB); split it or pass a JSONL export")
            return
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from _read_jsonl(path, source)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Rejected(source, "unreadable", exc.strerror or str(exc))
        return
    yield from _read_bytes(data, _at_path(path), path, source, notes)


# the identity of a record a file or a stream holds, from where in it the record is (":12", "#3", ""
# for the whole) and its bytes: a file's path and place, a stream's record by its content
Identity = Callable[[str, bytes], str]


def _at_path(path: Path) -> Identity:
    where = "path:" + shown(path.resolve())
    return lambda place, raw: where + place


def _by_content(place: str, raw: bytes) -> str:
    return "stdin:" + hashlib.sha1(raw).hexdigest()[:20]


def _read_bytes(data: bytes, identity: Identity, named: Path, source: str, notes: tuple[str, ...]) -> Iterator[Page | Rejected]:
    """The page (or a feed's items, a table's rows) in a file's bytes; ``named`` is the name they
    were stored under (``page.html`` of ``page.html.gz``), whose suffix says HTML or a table."""
    if named.suffix.lower() in JSON_SUFFIXES:
        yield from _json_records(data, identity, named, source)
        return
    if named.suffix.lower() in JSONL_SUFFIXES:
        yield from _jsonl_lines(io.BytesIO(data), identity, named, source)
        return
    if is_feed(data):
        yield from read_feed(data, source, shown(named.stem))
        return
    try:
        decoded = decode(data, source)
    except Rejected as rej:
        yield rej
        return
    if named.suffix.lower() in CSV_SUFFIXES:
        yield from _csv_rows(decoded, identity, named, source)
        return
    text = decoded.text
    kind = "html" if named.suffix.lower() in HTML_SUFFIXES or _HTML_SNIFF.match(text[:200]) else "text"
    yield Page(id=shown(named.stem), source=source, raw=text, kind=kind, identity=identity("", data),
               notes=notes + decoded.notes)


def _csv_rows(decoded: Decoded, identity: Identity, named: Path, source: str) -> Iterator[Page | Rejected]:
    """A CSV or TSV table's rows as JSONL records (a spreadsheet's export: comma, semicolon or tab
    between fields, any code page `decode` reads); its header names the fields, in any case."""
    text = decoded.text
    delimiter = "\t" if named.suffix.lower() == ".tsv" else max(",;\t", key=text.split("\n", 1)[0].count)
    csv.field_size_limit(MAX_PAGE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    if not any(h in _TEXT_COLUMNS for h in header):
        shown_header = ", ".join(header[:8]) + (", …" if len(header) > 8 else "")
        yield Rejected(source, "csv-columns", f"the table's header ({shown_header}) names no column "
                       f"{', '.join(map(repr, _TEXT_COLUMNS[:3]))}; name the article's column so")
        return
    line = reader.line_num
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            yield Rejected(f"{source}:{line + 1}", "broken-csv", f"{exc}; the rows after it are not read")
            return
        if row is None:
            return
        number, line = line + 1, reader.line_num
        row_source = f"{source}:{number}"
        if not any(v.strip() for v in row):
            continue
        record = {h: v for h, v in zip(header, row) if h and v.strip()}
        past = (f"{len(row) - len(header)} value(s) past the header's columns left out",) if len(row) > len(header) else ()
        yield _record(record, row_source, f"{shown(named.stem)}-{number}",
                      identity(f":{number}", "\x1f".join(row).encode()), decoded.notes + past)


def _json_records(data: bytes, identity: Identity, named: Path, source: str) -> Iterator[Page | Rejected]:
    """A JSON file's records: a list of them, an object holding one list of them under any key (an
    API's answer: NewsAPI's "articles", "items", "results"), or one record alone."""
    parsed = _parsed(data, source, "broken-json")
    if isinstance(parsed, Rejected):
        yield parsed
        return
    decoded, value = parsed
    if isinstance(value, dict) and not any(k in value for k in _TEXT_COLUMNS):
        lists = [v for v in value.values() if isinstance(v, list) and v and all(isinstance(x, dict) for x in v)]
        if len(lists) != 1:
            yield Rejected(source, "json-shape", "the object holds no record ('text', 'html' or 'title') and not "
                           f"one list of records (it has {len(lists)}); pass the list itself, or JSONL")
            return
        value = lists[0]
    for number, record in enumerate(value if isinstance(value, list) else [value], start=1):
        raw = json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
        yield _record(record, f"{source}#{number}", f"{shown(named.stem)}-{number}", identity(f"#{number}", raw),
                      decoded.notes)


def read_stream(stream: BinaryIO, source: str = "stdin") -> Iterator[Page | Rejected]:
    """What a pipe gives (``svodka run -``), read by its content as a file would be by its name:
    gzipped or not, JSONL, a JSON list or answer, a feed, or one page. A record with no id or url
    is known by its content, so that the same stream read again adds nothing."""
    data = stream.read()
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            yield Rejected(source, "broken-gzip", f"the gzip stream is corrupt or cut short ({exc})")
            return
    if data.startswith(b"WARC/"):
        yield Rejected(source, "warc-stream", "a WARC archive is read from its file: pass its path")
        return
    named = Path(source + _json_kind(data.lstrip()))
    yield from _read_bytes(data, _by_content, named, source, ())


def _json_kind(data: bytes) -> str:
    """".jsonl" for records one a line (a whole object on the first line, more lines after it),
    ".json" for one JSON value (a list, an API's answer on one line or many), "" for anything else:
    told by the first line, not by parsing the whole stream twice."""
    if data[:1] not in (b"{", b"["):
        return ""
    first, _, rest = data.partition(b"\n")
    try:
        json.loads(first)
    except ValueError:
        return ".json"
    return ".jsonl" if data[:1] == b"{" and rest.strip() else ".json"


def _gzipped(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == GZIP_MAGIC


def _read_gzip(path: Path, source: str, notes: tuple[str, ...]) -> Iterator[Page | Rejected]:
    """A gzipped page, feed or JSONL export (``page.html.gz``, ``export.jsonl.gz``), read as the file
    it holds; a page past MAX_PAGE_BYTES unpacked is refused, a stream cut short keeps what came before."""
    named = path.with_suffix("") if path.suffix.lower() == ".gz" else path
    try:
        if named.suffix.lower() in JSONL_SUFFIXES:
            with gzip.open(path, "rb") as fh:
                yield from _jsonl_lines(fh, _at_path(path), named, source)
            return
        table = named.suffix.lower() in CSV_SUFFIXES | JSON_SUFFIXES  # many records, read whole
        with gzip.open(path, "rb") as fh:
            data = fh.read() if table else fh.read(MAX_PAGE_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(source, "broken-gzip", f"the gzip stream is corrupt or cut short ({exc}); "
                       "what came before the break was read")
        return
    if len(data) > MAX_PAGE_BYTES and not table:
        yield Rejected(source, "too-large", f"unpacked, it is more than a news page (at most "
                       f"{MAX_PAGE_BYTES // 2**20} MB); split it or pass a JSONL export")
        return
    yield from _read_bytes(data, _at_path(path), named, source, notes)


def _read_zip(path: Path, source: str) -> Iterator[Page | Rejected]:
    """A zip archive's files, each read as a file of its name would be (``pages.zip!a/01.html``);
    folders, hidden names and macOS's resource forks are passed by, a member that cannot be read
    gets its own line."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield Rejected(source, "broken-zip", f"not a readable zip archive ({exc})")
        return
    with archive:
        members = sorted((i for i in archive.infolist() if not i.is_dir() and not any(
            part.startswith(".") or part == "__MACOSX" for part in Path(i.filename).parts)), key=lambda i: i.filename)
        if not members:
            yield Rejected(source, "empty-folder", "the archive holds no files")
        where = "path:" + shown(path.resolve()) + "!"
        for info in members:
            named, member = Path(info.filename), f"{source}!{info.filename}"
            if info.file_size > MAX_PAGE_BYTES and named.suffix.lower() not in RECORD_SUFFIXES:
                yield Rejected(member, "too-large", f"{info.file_size / 2**20:.1f} MB is more than a news page")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError, zlib.error) as exc:  # RuntimeError: encrypted
                yield Rejected(member, "broken-zip", f"the member cannot be read ({exc})")
                continue
            if data.startswith((b"WARC/", GZIP_MAGIC)):
                yield Rejected(member, "nested-archive", "an archive inside the zip: unpack it and pass its path")
                continue
            yield from _read_bytes(data, lambda place, raw, at=where + info.filename: at + place, named, member, ())


def _feed_file(path: Path) -> bool:
    with path.open("rb") as fh:
        return is_feed(fh.read(4096))


def _read_jsonl(path: Path, shown_path: str) -> Iterator[Page | Rejected]:
    with path.open("rb") as fh:
        yield from _jsonl_lines(fh, _at_path(path), path, shown_path)


def _jsonl_lines(lines: Iterable[bytes], identity: Identity, named: Path, shown_path: str) -> Iterator[Page | Rejected]:
    for number, line in enumerate(lines, start=1):
        source = f"{shown_path}:{number}"
        if not line.strip():
            continue
        if len(line) > MAX_PAGE_BYTES:
            yield Rejected(source, "too-large", f"the JSONL line is over {MAX_PAGE_BYTES // 2**20} MB")
            continue
        parsed = _parsed(line, source, "broken-jsonl")
        if isinstance(parsed, Rejected):
            yield parsed
            continue
        decoded, record = parsed
        yield _record(record, source, f"{shown(named.stem)}-{number}", identity(f":{number}", line.strip()),
                      decoded.notes)


def _parsed(raw: bytes, source: str, reason: str) -> tuple[Decoded, object] | Rejected:
    """A JSON value and the text it was read from, or why it could not be read."""
    try:
        decoded = decode(raw, source)
        return decoded, json.loads(decoded.text)
    except Rejected as rej:
        return rej
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        return Rejected(source, reason, f"not valid JSON ({exc.msg} at {where})")


def _record(record: object, source: str, default_id: str, default_identity: str,
            notes: tuple[str, ...]) -> Page | Rejected:
    """A record's page with the notes its reading made, or why it is no page."""
    try:
        page = page_from_record(record, source, default_id=default_id, default_identity=default_identity)
    except Rejected as rej:
        return rej
    return replace(page, notes=notes + page.notes) if notes else page


# Other names exports give these fields (news-please's maintext, date_publish and source_domain,
# NewsAPI's description and publishedAt, the Russian column names of media-monitoring exports):
# read when the field itself is absent.
ALIASES = {"text": ("maintext", "description", "текст"), "title": ("headline", "заголовок"),
           "published": ("date_publish", "publishedAt", "date", "дата"), "url": ("link", "ссылка"),
           "site": ("source_domain", "источник", "сми"), "language": ("lang", "язык")}
# the fields a table's header (a JSON object's keys) must name one of, to hold articles
_TEXT_COLUMNS = ("text", "html", "title", *ALIASES["text"], *ALIASES["title"])


def page_from_record(record: object, source: str, default_id: str, default_identity: str | None = None) -> Page:
    """A JSONL/API record with ``text`` or ``html`` (or only ``title``) plus optional metadata
    (``ALIASES`` names other exports' names for them). Its identity is its ``id``, else its ``url``,
    else ``default_identity`` (the file and line); a metadata field of the wrong type is left out,
    with a note naming it."""
    if not isinstance(record, dict):
        raise Rejected(source, "broken-jsonl", f"each line must be a JSON object, not {_type(record)}")
    keys = [_key(record, name) for name in ("html", "text", "title")]
    for key in keys:
        if (value := record.get(key)) is not None and not isinstance(value, str):
            raise Rejected(source, "broken-jsonl", f"field '{key}' must be a string, not {_type(value)}")
    notes: list[str] = []
    html, text, title = (_clean(record.get(key), key, notes) for key in keys)
    if not any(v and v.strip() for v in (html, text, title)):
        *others, last = map(repr, _TEXT_COLUMNS[3:])
        raise Rejected(source, "no-text", f"the record has no 'text', 'html' or 'title' (nor {', '.join(others)} or {last})")
    url, site, published = (_field(record, name, notes) for name in ("url", "site", "published"))
    site = site or (urlparse(url).hostname if url else None)
    if site and site.startswith("www."):
        site = site[4:]
    raw, kind = (html, "html") if html and html.strip() else (text or "", "text")
    rid = record.get("id")
    if isinstance(rid, bool) or not isinstance(rid, (str, int, float, type(None))):
        notes.append(f"field 'id' is {_type(rid)}, not a string or number; the record is stored as '{default_id}'")
        rid = None
    rid = str(rid).strip() if rid is not None else ""
    identity = f"id:{rid}" if rid else f"url:{url}" if url else default_identity
    return Page(
        id=rid or default_id,
        source=url or source,
        raw=raw.replace("\r\n", "\n"),
        kind=kind,
        url=url,
        published=published,
        site=site,
        title=title.strip() if title else None,
        language=language_code(_field(record, "language", notes), notes, f"field '{_key(record, 'language')}'"),
        identity=identity,
        notes=tuple(notes),
    )


def _type(value: object) -> str:
    return "null" if value is None else _JSON_TYPES.get(type(value), type(value).__name__)


def _clean(value: str | None, name: str, notes: list[str]) -> str | None:
    if not value:
        return value
    value, dropped = clean_text(value)
    if dropped:
        notes.append(f"{dropped} control character{'s' * (dropped > 1)} dropped from field '{name}'")
    if (unquoted := csv_unquoted(value)) is not None:
        notes.append(f"field '{name}' was quoted as a CSV value (\"…\"\"…\"\"…\"); unquoted")
        return unquoted
    return value


def csv_unquoted(value: str) -> str | None:
    """A value an export left quoted as a CSV field ("Глава сказал ""нет"". "), unquoted; None when it
    is not one: the whole value in quote marks, every mark inside doubled, at least one pair."""
    stripped = value.strip()
    inner = stripped[1:-1]
    if len(stripped) < 2 or stripped[0] != '"' or stripped[-1] != '"' or '""' not in inner \
            or '"' in inner.replace('""', ""):
        return None
    return inner.replace('""', '"').strip()


def _key(record: dict, name: str) -> str:
    """The field that gives ``name``: itself, else the first of its ``ALIASES`` the record fills."""
    return next((k for k in (name, *ALIASES.get(name, ())) if record.get(k) not in (None, "")), name)


def _field(record: dict, name: str, notes: list[str]) -> str | None:
    """A metadata field as a string; a field of another type is left out, with a note."""
    key = _key(record, name)
    value = record.get(key)
    if value is None or value == "":
        return None
    if name == "published" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # seconds or milliseconds since 1970
    if not isinstance(value, str):
        notes.append(f"field '{key}' is {_type(value)}, not a string; left out")
        return None
    return value.strip() or None
