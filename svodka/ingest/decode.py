"""Bytes -> text: UTF-8 first, then the Cyrillic single-byte code pages, or a clear refusal."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from svodka.errors import Rejected

# Code pages a Russian news dump is realistically saved in, besides UTF-8.
_CANDIDATES = ["cp1251", "koi8_r", "utf_16", "iso8859_5", "mac_cyrillic", "latin_1"]
_SNIFF = 8192


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes in the head of a file that has no UTF-16 BOM."""
    head = data[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return control > len(head) * 0.05


def _cyrillic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if "\u0400" <= c <= "\u04ff") / len(letters)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode a page; raise ``Rejected`` when it is binary, empty or undecodable."""
    if not data.strip():
        raise Rejected(source, "empty", "the file is empty or holds only whitespace")
    if looks_binary(data):
        raise Rejected(source, "binary", "the file holds binary data, not a text or HTML page")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(data, source)
    if not text.strip():
        raise Rejected(source, "empty", "the file holds only whitespace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode_legacy(data: bytes, source: str) -> str:
    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise Rejected(source, "undecodable",
                       "the bytes are neither UTF-8 nor cp1251/koi8-r; re-save the page as UTF-8")
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
