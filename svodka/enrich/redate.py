"""Settle the year of undated mentions once the story tells it."""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date

from svodka.enrich.dates import (EN_MONTH, RU_MONTH, STATED_YEAR, WEEKDAYS, infer_anchor, resolve_dates, tense,
                                 told_apart)
from svodka.extract.meta import EN_MONTHS, ru_month
from svodka.model import DateMention, Doc


# "в воскресенье, 17 мая", "17 мая (воскресенье)", "утро понедельника, 25 мая", "Sunday, May 17": a
# day named with its weekday
_GENITIVE = {"понедельника": 0, "вторника": 1, "среды": 2, "четверга": 3, "пятницы": 4, "субботы": 5, "воскресенья": 6}
_DAY_NAMES = {**WEEKDAYS, **_GENITIVE}
_WEEKDAY = "(?P<weekday>" + "|".join(sorted(_DAY_NAMES, key=len, reverse=True)) + ")"
_RU_MONTH, _EN_MONTH = f"(?P<month>{RU_MONTH})", f"(?P<month>{EN_MONTH})"
_WEEKDAY_DATES = (
    # weekday (time of day), day month
    re.compile(_WEEKDAY + r"(?:\s+(?:утром|днём|днем|вечером|ночью))?,?\s+(?P<day>\d{1,2})\s+" + _RU_MONTH, re.I),
    # day month, weekday; of two days ("30 и 31 декабря (понедельник и вторник)") the weekday is the first's
    re.compile(r"(?:(?P<first>\d{1,2})\s*(?:и|-|–|—)\s*)?(?P<day>\d{1,2})\s+" + _RU_MONTH + r",?\s+\(?" + _WEEKDAY, re.I),
    re.compile(_WEEKDAY + r",?\s+" + _EN_MONTH + r"\s+(?P<day>\d{1,2})\b", re.I),  # weekday, Month day
)
WEEKDAY_REACH = 3  # a weekday moves the story's year by no more than this many years


def weekday_days(text: str) -> list[tuple[int, int, int]]:
    """(month, day, weekday) of each day the text names with its weekday."""
    out = []
    for pattern in _WEEKDAY_DATES:
        for m in pattern.finditer(text):
            day = m.groupdict().get("first") or m["day"]
            number = _DAY_NAMES.get(m["weekday"].lower())
            month_n = ru_month(m["month"]) or EN_MONTHS.get(m["month"].lower()[:3])
            if number is not None and month_n and 1 <= int(day) <= 31:
                out.append((month_n, int(day), number))
    return out


def _fits(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return date(year, month, day).weekday() == weekday
    except ValueError:
        return False


def story_year(docs: list[Doc]) -> int | None:
    """The year most of a story's resolved dates fall in (anchors first, then days and months). A day named
    with its weekday ("в воскресенье, 17 мая") settles between such years, and may move the year
    by up to WEEKDAY_REACH to the nearest one its weekday fits (an anchor read off a biography's
    "2016" loses to three reports of "воскресенье, 17 мая", which fits 2020), or to a year a title or
    text names ("Rugby World Cup 2019 … Friday, November 1" under a record of "19 December 1953"), never to one
    before a year the reports tell in the past ("утро понедельника, 25 мая" beside "активизировался
    в ноябре 2016 года" is 2020, not 2015)."""
    years = Counter(int(d.anchor_date[:4]) for d in docs if d.anchor_date)
    if not years:  # a year named alone ("президент с 1994 года", "в 2019 году") is background: no date
        years = Counter(int(m.value[:4]) for d in docs for m in d.dates if len(m.value) >= 7 and m.value[:4].isdigit())
        if years and max(_years_told(docs), default=0) > years.most_common(1)[0][0]:
            return None  # "236 pounds in September 2016" beside "a very busy 2020": background, year unknown
        if years and (year := _before_targets(docs)) is not None:
            years = Counter({year: 1})
    if not years:
        return None
    named = [days for d in docs if (days := weekday_days(d.article.text))]
    if not named:
        return years.most_common(1)[0][0]
    near = {y + k for y in years for k in range(-WEEKDAY_REACH, WEEKDAY_REACH + 1)} | _named_years(docs)
    if past := _years_told(docs, past=True):  # written after what it tells in the past: a weekday's
        floor = max(past)                     # year is no earlier, and one of the seven after fits
        near = {y for y in near if y >= floor} | set(range(floor, floor + 7))
    # each candidate: the reports whose weekdays all fit it, then the dated evidence for it, then
    # how close it is to the commonest year
    top = years.most_common(1)[0][0]
    return max(sorted(near), key=lambda y: (sum(all(_fits(y, *t) for t in days) for days in named),
                                            years.get(y, 0), -abs(y - top)))


def _target(text: str, m: DateMention) -> bool:
    """Whether a day is named for what is to come, a plan or a bound ("завершится в ноябре 2012 года",
    "Сдача запланирована на ноябрь 2012 года")."""
    return tense(text, m.start, m.stop) == "future" or told_apart(text, m.start, m.stop, False)


def _before_targets(docs: list[Doc]) -> int | None:
    """When every day the reports name with a year is a target, the year of their days named without
    one that come before it: the target's, or the year before when such a day falls on or after the
    target's month ("Псков. 28 ноября" beside "завершится в ноябре 2012 года" is 2011)."""
    dated = [(d, m) for d in docs for m in d.dates if len(m.value) >= 7 and m.value[:4].isdigit()]
    if not dated or not all(_target(d.article.text, m) for d, m in dated):
        return None
    first = min(m.value for _, m in dated)
    told = [m.value[5:] for d in docs for m in d.dates
            if m.value.startswith("XXXX-") and len(m.value) == 10 and not _target(d.article.text, m)]
    return int(first[:4]) - any(day >= first[5:] for day in told)


_NAMED_YEAR = re.compile(r"(?<![\d.,:/-])(19[5-9]\d|20[0-4]\d)(?![\d.,:/-]\d)")


def _named_years(docs: list[Doc]) -> set[int]:
    return {int(y) for d in docs for y in _NAMED_YEAR.findall(f"{d.article.title}\n{d.article.text}")}


def _years_told(docs: list[Doc], past: bool = False) -> set[int]:
    """The years the reports name outside a clause about the future or a plan ("В 2019 году в Коми
    снизились …", not "запустят в январе 2020 года", "планировалось закончить к 2023 году");
    ``past``: only in a clause whose verbs are past ("активизировался в ноябре 2016 года")."""
    out = set()
    for d in docs:
        for text in (d.article.title, d.article.text):
            for m in _NAMED_YEAR.finditer(text or ""):
                said = tense(text, m.start(), m.end())
                if (said == "past" if past else said != "future") and not told_apart(text, m.start(), m.end(), False):
                    out.add(int(m.group(1)))
    return out


def redate(doc: Doc, year_hint: int | None) -> Doc:
    """Re-resolve a doc's dates with the story's year when some of them lack a year, when the
    doc has no writing day yet names days (their year then tells it, `infer_anchor`'s rule 4), or
    when the writing day its text gave is more than a year from the story's."""
    lacks_year = any(m.value.startswith("XXXX") for m in doc.dates)
    undated_days = doc.anchor_date is None and any(len(m.value) == 10 for m in doc.dates)
    if year_hint is None:
        return doc
    read_off_background = doc.written is not None and abs(int(doc.written[:4]) - year_hint) > 1
    if not (lacks_year or undated_days or read_off_background):
        return doc
    text = doc.article.text
    dates = resolve_dates(text, None, year_hint)
    anchor = infer_anchor(dates, text, year_hint)
    if anchor is not None:
        dates = resolve_dates(text, anchor, year_hint)
    title_dates = resolve_dates(doc.article.title, anchor, year_hint) if doc.article.title else ()
    return replace(doc, dates=dates, anchor_date=anchor.isoformat() if anchor else None, anchor_inferred=True,
                   title_dates=title_dates)


def told_days(docs: list[Doc], year: int | None) -> dict[str, int]:
    """The year of each day ("12-02") some report of the story names with it, when all that do name
    one year, within a year of the story's ``year`` ("9 мая 1945 года" does not place this year's "9 мая")."""
    years: dict[str, set[int]] = defaultdict(set)
    for d in docs:
        for m in (*d.dates, *d.title_dates):
            if len(m.value) == 10 and m.value[:4].isdigit() and STATED_YEAR.search(m.text):
                years[m.value[5:]].add(int(m.value[:4]))
    return {day: y for day, (y, *more) in ((k, sorted(v)) for k, v in years.items())
            if not more and (year is None or abs(y - year) <= 1)}


def as_told(doc: Doc, told: dict[str, int]) -> Doc:
    """A doc whose days named without a year ("2 декабря") take the year another report of the story
    names for that day ("2 декабря 2019 года"): one calendar for the story's reports."""
    def placed(m: DateMention) -> DateMention:
        year = told.get(m.value[5:]) if len(m.value) == 10 and not STATED_YEAR.search(m.text) else None
        if year is None or m.value.startswith(str(year)):
            return m
        shift = year - int(m.value[:4]) if m.value[:4].isdigit() else 0
        end = m.end and (f"{int(m.end[:4]) + shift}{m.end[4:]}" if m.end[:4].isdigit() else f"{year}{m.end[4:]}")
        return replace(m, value=f"{year}{m.value[4:]}", end=end)
    dates, title_dates = tuple(map(placed, doc.dates)), tuple(map(placed, doc.title_dates))
    return doc if (dates, title_dates) == (doc.dates, doc.title_dates) else replace(doc, dates=dates, title_dates=title_dates)
