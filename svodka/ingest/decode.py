"""Bytes -> text: a BOM, UTF-8, the page's declared charset, then detection over every code page;
stray bytes are dropped and said, a page that is not text is refused."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from svodka.errors import Rejected

_SNIFF = 8192
# <meta charset="…">, <meta http-equiv="Content-Type" content="text/html; charset=…"> or <?xml encoding="…"?>
_DECLARED = re.compile(rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([a-zA-Z0-9_.:-]+)""", re.I)
# C0 controls a text never holds (tab, line feed, form feed and carriage return stay); lxml refuses them
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UTF8_CHAR = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()  # what was repaired, for the run's one line per repair


def looks_binary(data: bytes) -> bool:
    """Many NUL or control bytes in the head of a file that has no UTF-16 BOM (one stray NUL in a
    text is a repair, not a binary file)."""
    head = data[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > max(2, len(head) * 0.05)


def clean_text(text: str) -> tuple[str, int]:
    """The text without the control characters no page shows, and how many there were."""
    cleaned, dropped = _CONTROL.subn("", text)
    return cleaned, dropped


def decode_bytes(data: bytes, source: str) -> str:
    """``decode``'s text alone."""
    return decode(data, source).text


def decode(data: bytes, source: str, declared: str | None = None) -> Decoded:
    """Decode a page; raise ``Rejected`` when it is binary, empty or undecodable. ``declared``: the
    charset its transport named (an HTTP header), tried before the page's own declaration."""
    if not data.strip():
        raise Rejected(source, "empty", "the file is empty or holds only whitespace")
    if looks_binary(data):
        raise Rejected(source, "binary", "the file holds binary data, not a text or HTML page")
    text, encoding, notes = _decode(data, source, declared)
    text, dropped = clean_text(text)
    if dropped:
        notes.append(f"{dropped} control character{'s' * (dropped > 1)} (NUL and the like) dropped")
    if not text.strip():
        raise Rejected(source, "empty", "the file holds only whitespace")
    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, tuple(notes))


def _decode(data: bytes, source: str, stated: str | None = None) -> tuple[str, str, list[str]]:
    for bom, name in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            body = data[len(bom):] if name == "utf-8" else data
            return _without_replacements(body.decode(name, errors="replace"), name)
    try:  # bytes that read as UTF-8 are UTF-8, whatever a page declares (a mislabelled page)
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    declared = _codec(stated) or _declared(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared, []
        except UnicodeDecodeError:
            pass  # a wrong declaration: the bytes tell
    if _mostly_utf8(data):
        return _without_replacements(data.decode("utf-8", errors="replace"), "utf-8")
    return _decode_legacy(data, source), "detected", []


def _without_replacements(text: str, encoding: str) -> tuple[str, str, list[str]]:
    bad = text.count("\ufffd")
    notes = [f"{bad} byte sequence{'s' * (bad > 1)} not valid {encoding} dropped"] if bad else []
    return text.replace("\ufffd", ""), encoding, notes


def _declared(data: bytes) -> str | None:
    """The charset the page's head declares, when Python knows it."""
    found = _DECLARED.search(data[:_SNIFF])
    return _codec(found.group(1).decode("ascii", errors="replace")) if found else None


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes (a cut last character, a byte gone astray) rather than a
    single-byte code page: the valid multi-byte characters far outnumber the invalid bytes."""
    bad = data.decode("utf-8", errors="replace").count("\ufffd")
    return len(_UTF8_CHAR.findall(data)) >= 10 * bad


def _decode_legacy(data: bytes, source: str) -> str:
    best = from_bytes(data).best()
    if best is None:
        raise Rejected(source, "undecodable", "the bytes fit no known code page; re-save the page as UTF-8")
    text = str(best)
    # charset-normalizer may pick cp1251 for koi8-r text or the reverse when the sample is
    # short; of the two, the reading with more lowercase Cyrillic letters is the right one
    # (each code page maps the other's lowercase letters to uppercase).
    if best.encoding in ("cp1251", "koi8_r"):
        other = "koi8_r" if best.encoding == "cp1251" else "cp1251"
        try:
            alt = data.decode(other)
        except UnicodeDecodeError:
            alt = None
        if alt is not None and _lower_cyr(alt) > _lower_cyr(text):
            text = alt
    if "\ufffd" in text and text.count("\ufffd") > len(text) * 0.01:
        raise Rejected(source, "undecodable", "too many bytes cannot be decoded; re-save the page as UTF-8")
    return text


def _lower_cyr(text: str) -> int:
    return sum(1 for c in text if "\u0430" <= c <= "\u044f")


_LANGUAGE_TAG = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]{2,8})*")


def language_code(value: str | None, notes: list[str], field: str = "field 'language'") -> str | None:
    """A stated language as svodka names languages, ISO 639-1 ("ru" of "ru-RU", "EN"); another
    value is left out with a note, and the language is then detected from the text."""
    if value is None:
        return None
    if tag := _LANGUAGE_TAG.fullmatch(value.strip().lower()):
        return tag.group(1)
    notes.append(f"{field} is '{value[:40]}', not a two-letter ISO 639-1 code (ru, en, de…); "
                 "the language is detected from the text")
    return None
