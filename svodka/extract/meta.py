"""Metadata read off a page: datelines, categories, sites."""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

RU_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "мая": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}
EN_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RU = re.compile(r"\b(\d{1,2})\s+(январ\w*|феврал\w*|март\w*|апрел\w*|ма[яй]\w*|июн\w*|июл\w*|"
                 r"август\w*|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)\s+(\d{4})\b", re.I)
# "May 3, 2013", "May. 3, 2013", "May 3rd, 2013", "3 May 2013", "21st July 2013"
_EN = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b|"
                 r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b",
                 re.I)


def ru_month(word: str) -> int | None:
    w = word.lower()
    for stem in sorted(RU_MONTHS, key=len, reverse=True):
        if w.startswith(stem):
            return RU_MONTHS[stem]
    return None


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def parse_dateline(line: str) -> str | None:
    """The first full date (day, month, year) in a dateline, as ISO, else None."""
    if m := _ISO.search(line):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.search(line):
        return _iso(int(m[3]), int(m[2]), int(m[1]))
    if m := _RU.search(line):
        month = ru_month(m[2])
        return _iso(int(m[3]), month, int(m[1])) if month else None
    if m := _EN.search(line):
        if m[1]:
            return _iso(int(m[3]), EN_MONTHS[m[1].lower()[:3]], int(m[2]))
        return _iso(int(m[6]), EN_MONTHS[m[5].lower()[:3]], int(m[4]))
    return None


_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
_YEAR_WORD = re.compile(r"(?<!\w)(?:г\.?|гг\.?|года?)(?!\w)", re.I)
_STAMP_WORDS = {"опубликовано", "обновлено", "дата", "published", "updated", "posted", "date"}


def is_date_title(title: str) -> bool:
    """A title given with a page that is its date and no title ("June 06, 2013", "МОСКВА, 25 мая
    2020", "Опубликовано: 25.05.2020 14:30"): the date alone, or after a place ("Москва,") or a
    stamp word. "Погода на 16 мая 2020 года" and "Итоги 16 мая 2020 года" are titles that name a
    day."""
    if len(title.split()) > 8 or parse_dateline(title) is None:
        return False
    rest = title
    for pattern in (_ISO, _NUMERIC, _RU, _EN, _CLOCK, _YEAR_WORD):
        rest = pattern.sub(" ", rest)
    words = [w for w in re.split(r"\s+", rest.strip(" \t,.:;|/-—–()")) if w.strip(",.:;|/-—–()")]
    if not words:
        return True
    if words[0].lower().strip(",.:;-—–") in _STAMP_WORDS and len(words) <= 2:
        return True
    place = rest.strip().endswith((",", "—", "–", "-", "|")) or all(w.isupper() for w in words)
    return place and len(words) <= 3 and all(w[:1].isupper() for w in words)


# "20220121", "20220121T103000Z" (GDELT), "2022/01/21 10:30"; seconds or milliseconds since 1970
_COMPACT = re.compile(r"(\d{4})(/?)(\d{2})\2(\d{2})(?:[T ]\d{2}:?\d{2}(?::?\d{2})?Z?)?")
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")


def normalize_published(value: str | None) -> str | None:
    """A JSONL/HTML date as given, cut to an ISO date when it parses as one."""
    if not value:
        return None
    stripped = value.strip()
    if m := _COMPACT.fullmatch(stripped):
        return _iso(int(m[1]), int(m[3]), int(m[4])) or value
    if _EPOCH.fullmatch(stripped):
        return datetime.fromtimestamp(int(stripped[:10]), timezone.utc).date().isoformat()
    return parse_dateline(value) or value
