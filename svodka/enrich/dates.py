"""Date mentions resolved to ISO days or months against the article's date.

Only candidate phrases found by the patterns below are interpreted (never whole texts:
a general parser reads "+1,45" as a date). Years come, in order of trust, from the
mention itself, the article's date, the years the text names ("в декабре 2021 года ...
9 и 10 января"), then a year hint from the story. Without any, the value keeps the
placeholder year ``XXXX`` and a low confidence, for the story stage to settle.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from svodka.extract.meta import EN_MONTHS, ru_month
from svodka.model import DateMention

_RU_M = r"(январ[ьяе]|феврал[ьяе]|марте|марта?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августе|августа?|" \
        r"сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
_EN_M = r"(january|february|march|april|may|june|july|august|september|october|november|december|" \
        r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)(?!\w)"
RU_MONTH, EN_MONTH = _RU_M, _EN_M  # a month's name in a pattern, one group each
_YEAR = r"(?:\s+(\d{4})(?:\s*(?:года|год|г\.))?)?"
_RU_WEEKDAYS = {"понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4,
                "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6}
_EN_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
WEEKDAYS = {**_RU_WEEKDAYS, **_EN_WEEKDAYS}  # a weekday's word form -> its number, Monday 0
_RELATIVE = {"накануне": -1, "вчера": -1, "позавчера": -2, "сегодня": 0, "завтра": 1, "послезавтра": 2,
             "yesterday": -1, "today": 0, "tomorrow": 1}
_FUTURE = re.compile(r"\b(состоится|пройд[её]т|пройдут|будет|будут|планиру\w+|намерен\w*|может|могут|должн[аоы]?(?!\s+был)|(?:предполага|ожида|собира)(?:ется|ются|ет|ют)|will|shall|is to|are to|would|(?-i:may|might)|expected to|scheduled|plans? to)\b", re.I)
# "was originally scheduled to be played in October": a plan told in the past, no future
_PAST_PLAN = re.compile(r"\b(?:was|were|had\s+been)\s+(?:\w+ly\s+)?(?:scheduled|expected|supposed|set|due)\b", re.I)

PATTERNS = [
    ("ru_range", re.compile(r"\b(\d{1,2})\s*(?:и|-|–|—|по)\s*(\d{1,2})\s+" + _RU_M + _YEAR, re.I)),
    ("ru_day", re.compile(r"\b(\d{1,2})\s+" + _RU_M + _YEAR, re.I)),
    ("ru_month", re.compile(r"\b(?:в|во|с|до|к|на|конце|начале|середине)\s+(?:конце\s+|начале\s+|середине\s+)?"
                            + _RU_M.replace("[ьяе]", "[еяь]") + _YEAR, re.I)),
    ("numeric", re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")),
    ("iso", re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("en_md", re.compile(r"\b" + _EN_M + r"\s+(\d{1,2})(?!\d)(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?", re.I)),
    ("en_dm", re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _EN_M + r"(?:,?\s+(\d{4}))?", re.I)),
    ("en_month", re.compile(r"\bin\s+(?:early\s+|late\s+|mid-?)?" + _EN_M + r"(?:\s+(\d{4}))?", re.I)),
    ("weekday", re.compile(r"\b(?:в|во|on|last|next|this)\s+(понедельник|вторник|среду|четверг|пятницу|субботу|"
                           r"воскресенье|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("relative", re.compile(r"\b(накануне|вчера|позавчера|сегодня|завтра|послезавтра|yesterday|today|tomorrow)\b", re.I)),
    ("year_part", re.compile(r"\b(?:в\s+)?(конце|начале|середине)\s+(прошлого|позапрошлого|этого|текущего|следующего)\s+года\b|"
                             r"\b(early|late)\s+(last|this|next)\s+year\b", re.I)),
    ("rel_year", re.compile(r"\b(?:в\s+)?(прошлом|позапрошлом|этом|текущем|следующем)\s+году\b|\b(last|this|next)\s+year\b", re.I)),
    ("rel_week", re.compile(r"\b(?:на\s+)?(прошлой|этой|следующей)\s+неделе\b|\b(last|this|next)\s+week\b", re.I)),
    ("ago", re.compile(r"\b(\d{1,3}|одну|один|два|две|три|четыре|пять|шесть|семь|десять|two|three|four|five|ten|a)?\s*"
                       r"(дн(?:я|ей)|день|недел[июь]|месяц(?:а|ев)?|год(?:а)?|лет|days?|weeks?|months?|years?)\s+(назад|ago)\b|"
                       r"\b(через|in)\s+(\d{1,3}|один|одну|два|две|три|четыре|пять|two|three|four|five|a)?\s*"
                       r"(дн(?:я|ей)|день|недел[июь]|месяц(?:а|ев)?|days?|weeks?|months?)\b", re.I)),
    ("year", re.compile(r"\b(\d{4})\s*(?:году|года|год|гг?\.)(?!\w)|\b(?:in|since|by|until|during)\s+(\d{4})\b", re.I)),
]
_COUNT = {"один": 1, "одну": 1, "a": 1, "два": 2, "две": 2, "two": 2, "три": 3, "three": 3, "четыре": 4, "four": 4,
          "пять": 5, "five": 5, "шесть": 6, "семь": 7, "десять": 10, "ten": 10}
_YEAR_SHIFT = {"прошл": -1, "позапрошл": -2, "эт": 0, "текущ": 0, "нынешн": 0, "следующ": 1, "будущ": 1,
               "last": -1, "this": 0, "next": 1}
_PART_MONTH = {"конце": 12, "начале": 1, "середине": 6, "late": 12, "early": 1}
# "в сентябре прошлого года", "17 мая этого года", "in September last year": the year counted from the writing day's
_REL_AFTER = re.compile(r"\s+(?:(прошлого|позапрошлого|этого|текущего|нынешнего|следующего|будущего)\s+года|"
                        r"(last|this|next)\s+year)\b", re.I)


@dataclass(frozen=True, slots=True)
class _Raw:
    start: int
    stop: int
    kind: str
    match: re.Match


def _find(text: str) -> list[_Raw]:
    taken: list[tuple[int, int]] = []
    found: list[_Raw] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(_Raw(m.start(), m.end(), kind, m))
    return sorted(found, key=lambda r: r.start)


def _month_of(kind: str, m: re.Match) -> int | None:
    if kind == "ru_range":
        return ru_month(m[3])
    if kind == "ru_day":
        return ru_month(m[2])
    if kind == "ru_month":
        return ru_month(m[1])
    if kind == "en_md":
        return EN_MONTHS[m[1].lower()[:3]]
    if kind == "en_dm":
        return EN_MONTHS[m[2].lower()[:3]]
    if kind == "en_month":
        return EN_MONTHS[m[1].lower()[:3]]
    return None


def _explicit_year(kind: str, m: re.Match) -> int | None:
    idx = {"ru_range": 4, "ru_day": 3, "ru_month": 2, "en_md": 3, "en_dm": 3, "en_month": 2}.get(kind)
    if kind in ("numeric",):
        return int(m[3])
    if kind == "iso":
        return int(m[1])
    return int(m[idx]) if idx and m[idx] else None


def resolve_dates(text: str, anchor: date | None = None, year_hint: int | None = None) -> tuple[DateMention, ...]:
    """Every date mention in ``text``; relative ones need ``anchor`` (the article's date)."""
    raws = _find(text)
    context_year = anchor.year if anchor else None
    context_month = anchor.month if anchor else None
    last_day: date | None = None
    named_year = False
    out: list[DateMention] = []
    stated: list[int] = []  # of an undated text: mentions that name their year
    hinted: list[int] = []  # and those whose year is the story's (`year_hint`), the text naming none before
    before_year, year_stop = None, -1  # a bare year's context holds to the end of its sentence
    stop = -1
    for r in raws:
        if r.start < stop:
            continue  # "last year" of "in September last year", read with its month
        stop = r.stop
        m, kind = r.match, r.kind
        value, end, conf = None, None, 0.9
        if before_year is not None and r.start >= year_stop:
            context_year, context_month, named_year = before_year
            before_year = None
        if kind in ("weekday", "relative"):
            if _followed_by_date(text, r, raws) or _eve_of(text, r):
                continue  # "Накануне, 30 января": the explicit date says it; "накануне выборов": no day
            if anchor is None:
                continue
            day = _relative_day(text, r, anchor)
            value, conf = day.isoformat(), 0.8
        elif kind in ("year_part", "rel_year", "rel_week", "ago"):
            # "12 января … Ещё через день …": a later-than counts from the day last named.
            base = last_day if kind == "ago" and not m[3] and last_day else anchor
            if base is None or (value := _relative_span(kind, m, base)) is None:
                continue
            conf = 0.6 if kind in ("rel_week", "year_part") else 0.7
        elif kind == "year":
            value = m[1] or m[2]
            if before_year is None:
                # "в 2016 году почислен на покой. 26 апреля …", "президент с 1994 года. 8 мая …": a
                # year named alone, for the past or a target, dates its own sentence, not the next ones
                before_year = (context_year, context_month, named_year)
            year_stop = _sentence_stop(text, r.stop)
            context_year, context_month = int(value), None
            named_year = True
        else:
            month = _month_of(kind, m) or (int(m[2]) if kind in ("numeric", "iso") else None)
            year = _explicit_year(kind, m)
            named_year = named_year or year is not None
            if year is None and (rel := _REL_AFTER.match(text, r.stop)):
                stop, base = rel.end(), anchor.year if anchor else year_hint
                # with no writing day, "в сентябре прошлого года" keeps its year unknown
                year, conf = (base + _shift(rel[1] or rel[2]), 0.85) if base else (None, 0.5)
            elif year is None:
                # a verb's tense counts from the writing day, unless the text has named a year
                said = tense(text, r.start, r.stop) if anchor is not None and month and not named_year else None
                if said == "past" and period_bound(text, r.start, r.stop) == "until":
                    said = None  # "продлили запрет до 15 июня": the act is past, the day it runs to need not be
                if said == "future":
                    # the writer's future: "31 декабря останется рабочим днём" in May is this
                    # December, "продлятся с 1 по 8 января" next January
                    year, conf = anchor.year + (month < anchor.month), 0.85
                elif said == "past":
                    year, conf = anchor.year - (month > anchor.month), 0.85  # "в сентябре заявил", in May
                else:
                    year, conf = _infer_year(month, context_year, context_month, year_hint, anchor is not None)
            if year is not None:
                context_year = year
            if month is None or not 1 <= month <= 12:
                continue
            context_month = month
            ystr = f"{year:04d}" if year else "XXXX"
            if kind in ("ru_month", "en_month"):
                value = f"{ystr}-{month:02d}"
            else:
                day_n = {"ru_range": 1, "ru_day": 1, "numeric": 1, "iso": 3, "en_md": 2, "en_dm": 1}[kind]
                d = int(m[day_n])
                if not _valid(year or 2000, month, d):
                    continue
                value = f"{ystr}-{month:02d}-{d:02d}"
                if kind == "ru_range" and _valid(year or 2000, month, int(m[2])):
                    end = f"{ystr}-{month:02d}-{int(m[2]):02d}"
            if anchor is None and year is not None:
                (stated if _explicit_year(kind, m) else hinted if not named_year else []).append(len(out))
        out.append(DateMention(r.start, stop, text[r.start:stop], value, conf, end))
        if len(value) == 10 and value[:4].isdigit():
            last_day = date.fromisoformat(end or value)
    return _after_the_past(text, out, stated, hinted)


def _after_the_past(text: str, out: list[DateMention], stated: list[int], hinted: list[int]) -> tuple[DateMention, ...]:
    """An undated text written after every day it tells in the past with its year: a day it names
    without a year, given the story's year, is not put before them ("15 мая стартовало …", then
    "Напомним, в декабре 2019 года в Ухане …": May 2020, not 2019)."""
    if not hinted or not stated:
        return tuple(out)  # the common case: the clauses' verbs are read only when a day could move
    past = [out[i].value[:7] for i in stated if tense(text, out[i].start, out[i].stop) == "past"
            and not told_apart(text, out[i].start, out[i].stop, background=False)]
    if not past:
        return tuple(out)
    floor = max(past)
    for i in hinted:
        m = out[i]
        if m.value[:7] < floor:
            year = f"{int(floor[:4]) + (m.value[5:7] < floor[5:7]):04d}"
            out[i] = replace(m, value=year + m.value[4:], end=m.end and year + m.end[4:])
    return tuple(out)


_SENTENCE_STOP = re.compile(r"[.!?…](?=\s+[«\"„“(]{0,2}[A-ZА-ЯЁ0-9])|\n")


def _sentence_stop(text: str, start: int) -> int:
    found = _SENTENCE_STOP.search(text, start)
    return found.end() if found else len(text)


def _shift(word: str) -> int:
    w = word.lower()
    return next(v for k, v in _YEAR_SHIFT.items() if w.startswith(k))


def _relative_span(kind: str, m: re.Match, anchor: date) -> str | None:
    """'в прошлом году' -> the year; 'в конце прошлого года' -> its December; 'на прошлой неделе'
    -> the month of that week; '3 дня назад', 'через неделю' -> the day or month."""
    if kind == "rel_year":
        return str(anchor.year + _shift(m[1] or m[2]))
    if kind == "year_part":
        part, which = (m[1], m[2]) if m[1] else (m[3], m[4])
        return f"{anchor.year + _shift(which)}-{_PART_MONTH[part.lower()]:02d}"
    if kind == "rel_week":
        day = anchor + timedelta(weeks=_shift(m[1] or m[2]))
        return day.strftime("%Y-%m")
    count_word, unit, sign = (m[1], m[2], -1) if m[3] else (m[5], m[6], 1)
    count_word = (count_word or "1").lower()
    n = int(count_word) if count_word.isdigit() else _COUNT.get(count_word, 1)
    unit = unit.lower()
    if unit.startswith(("д", "day")):
        return (anchor + timedelta(days=sign * n)).isoformat()
    if unit.startswith(("нед", "week")):
        return (anchor + timedelta(weeks=sign * n)).isoformat()
    if unit.startswith(("мес", "month")):
        months = anchor.year * 12 + anchor.month - 1 + sign * n
        return f"{months // 12}-{months % 12 + 1:02d}"
    return str(anchor.year + sign * n)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
        return True
    except ValueError:
        return False


def _infer_year(month, context_year, context_month, hint, from_anchor) -> tuple[int | None, float]:
    if context_year is None:
        return (hint, 0.6) if hint else (None, 0.3)
    year = context_year
    if month and context_month:
        # Text runs forward in time: "в декабре 2021 ... 9 и 10 января" is January 2022.
        if month < context_month - 6:
            year += 1
        elif month > context_month + 6 and from_anchor:
            year -= 1  # "в декабре" in a January article is last December
    return year, (0.85 if from_anchor else 0.7)


_CLAUSE_EDGE = re.compile(r"[,;:.!?\n]|\s[—–]\s")


def _clause(text: str, start: int, stop: int) -> tuple[int, int]:
    """The bounds of the clause around ``text[start:stop]``: to the punctuation or dash either side."""
    left = max((m.end() for m in _CLAUSE_EDGE.finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    right = next((m.start() for m in _CLAUSE_EDGE.finditer(text, stop, stop + 200)), min(len(text), stop + 200))
    return left, right


def tense(text: str, start: int, stop: int) -> str | None:
    """"future" or "past" when the verbs of the clause around a date agree on it (Russian verbs
    by their form, "останется", "заявил"; English only "will"), else None."""
    left, right = _clause(text, start, stop)
    clause = _PAST_PLAN.sub(" ", text[left:start] + " " + text[stop:right])
    if _FUTURE.search(clause):
        return "future"
    tenses = _tenses(clause)
    if len(tenses) > 1:  # the verb right after the date is its own ("было 15 лет) и на 1 января 2028-го он достигнет")
        return next((t for w in re.findall(r"[а-яё]+", text[stop:right].lower()) if (t := _verb_tense(w))), None)
    return tenses.pop() if tenses else None


_EN_FUTURE = re.compile(r"\b(?:will|shall|is to|are to|(?:is|are) (?:set|due|expected) to)\b", re.I)
_EN_PAST = re.compile(r"\b(?:was|were|had|did|has been|have been)\b", re.I)


def _tenses(text: str) -> set[str]:
    """The tenses ("future", "past") of the Russian verb forms in a text."""
    return {_verb_tense(w) for w in re.findall(r"[а-яё]+", text.lower())} - {None}


def foretold(sentence: str) -> bool:
    """Whether a sentence tells only what is to come: a future verb and no past one ("В ночь с 18 на
    19 января белгородцы отметят Крещение", "Ремонт завершится в ноябре"; English "will" with no
    "was", "had")."""
    tenses = _tenses(sentence)
    if tenses:
        return tenses == {"future"}
    return bool(_EN_FUTURE.search(sentence)) and not _EN_PAST.search(sentence)


def foretells(sentence: str) -> bool:
    """Whether a sentence tells something to come, in any clause: a future verb, or a word of a plan
    or a chance ("разговор может состояться", "пройдут", "will", "is expected to"); told in the past
    ("was scheduled to") it does not."""
    if _FUTURE.search(_PAST_PLAN.sub(" ", sentence)):
        return True
    return "future" in _tenses(sentence)


# A day that bounds a period rather than dates a happening: the day it runs to ("до 15 июня", "until
# September 7") or the start of a state that goes on ("ещё с октября 2019 года", "впервые с 28 марта",
# "since 2015")
_BOUND = re.compile(r"(?<!\w)(?:(?P<until>до|по|until|through)|(?P<since>(?:впервые|еще|ещё|уже|подряд)\s+со?|since)|"
                    r"(?P<start>со?))\s+(?:(?:концу|началу|середине|конца|начала|середины)\s+)?$", re.I)


def period_bound(text: str, start: int, stop: int) -> str | None:
    """"until" or "since" when the day named at ``text[start:stop]`` bounds a period (`_BOUND`), else
    None. A plain "с" starts a state that goes on when the clause's verb is past and imperfective ("С
    ноября 2018 года … проводили проверку"), a change when not ("с 11 мая смягчили карантин")."""
    if re.match(r"(?:со?\s+)?\d{1,2}\s+(?:по|до)\s", text[start:stop], re.I):
        return None  # "с 16 по 22 марта": the days of a happening, not a bound
    lead = re.match(r"(?:со?|до|since|until)\s+", text[start:stop], re.I)  # a month's mention holds it: "с января"
    words = text[max(0, start - 40):start] + (lead.group() if lead else "")
    bound = _BOUND.search(words)
    if bound is None:
        return None
    if bound["start"] is None:
        return bound.lastgroup
    left, right = _clause(text, start, stop)
    return "since" if any(_past_imperfective(w) for w in re.findall(r"[а-яё]+", text[left:right].lower())) else None


# A day told as background or as a plan: "Напомним, 15 января 2018 года …", "Запуск назначен на 30
# марта 2021 года", "ракету должны были произвести 15 октября 2021", "was scheduled for October 9"
_RECALL = re.compile(r"[\s«\"„“(]*(?:напомн\w+|как известно|recall)\b", re.I)
_PLAN = re.compile(r"\b(?:назначен\w*|запланирован\w*|намечен\w*|планировал\w*|должн\w*\s+был\w*|"
                   r"scheduled|slated|planned)\b", re.I)


def told_apart(text: str, start: int, stop: int, background: bool = True) -> bool:
    """Whether the day at ``text[start:stop]`` is no day of what the text reports, so no writing day:
    a period's bound, a plan, or (``background``) what it recalls ("Напомним, …")."""
    left, right = _clause(text, start, stop)
    if period_bound(text, start, stop) or _PLAN.search(text, left, right):
        return True
    if not background:
        return False
    opening = max((m.end() for m in _SENTENCE_STOP.finditer(text, max(0, start - 400), start)),
                  default=0 if start <= 400 else None)
    return opening is not None and _RECALL.match(text, opening) is not None


@lru_cache(maxsize=100_000)
def _past_imperfective(word: str) -> bool:
    from svodka.enrich.text import morph

    # any reading: "проводили" is read first as "saw off", perfective
    return any(p.tag.POS == "VERB" and p.tag.tense == "past" and p.tag.aspect == "impf" for p in morph().parse(word))


@lru_cache(maxsize=100_000)
def _verb_tense(word: str) -> str | None:
    """"future" or "past" for a Russian verb form ("останется", "заявил"), else None."""
    from svodka.enrich.text import morph

    tag = morph().parse(word)[0].tag
    return {"futr": "future", "past": "past"}.get(tag.tense) if tag.POS == "VERB" else None


def _eve_of(text: str, r: _Raw) -> bool:
    """Whether "накануне" is "on the eve of" what the next words name ("Накануне подписания контракта",
    "накануне Нового года"), not the day before the writing day ("Накануне министр заявил")."""
    from svodka.enrich.text import morph

    if r.match[1].lower() != "накануне":
        return False
    nxt = re.match(r"\s+([А-Яа-яЁё]+)(?:\s+([А-Яа-яЁё]+))?", text[r.stop:r.stop + 60])
    if nxt is None:
        return False
    parses = morph().parse(nxt[1])
    if not (parses[0].tag.POS in ("NOUN", "ADJF", "PRTF", "NPRO") and parses[0].tag.case == "gent"):
        return False
    # "накануне дороги были обработаны": a plural subject, its verb next
    subject = any(p.tag.case == "nomn" for p in parses)
    return not (subject and nxt[2] and morph().parse(nxt[2])[0].tag.POS in ("VERB", "PRTS"))


def _followed_by_date(text: str, r: _Raw, raws: list[_Raw]) -> bool:
    nxt = next((x for x in raws if x.start >= r.stop), None)
    return nxt is not None and nxt.kind not in ("weekday", "relative") and \
        re.fullmatch(r"[\s,]*", text[r.stop:nxt.start]) is not None


def _relative_day(text: str, r: _Raw, anchor: date) -> date:
    word = r.match.group(1).lower() if r.kind == "weekday" else r.match.group(0).lower()
    if r.kind == "relative":
        return anchor + timedelta(days=_RELATIVE[word])
    target = _RU_WEEKDAYS.get(word, _EN_WEEKDAYS.get(word, 0))
    sentence = text[max(0, text.rfind(".", 0, r.start) + 1): text.find(".", r.stop) if "." in text[r.stop:] else len(text)]
    prefix = r.match.group(0).lower().split()[0]
    future = prefix == "next" or (prefix != "last" and bool(_FUTURE.search(sentence)))
    delta = (target - anchor.weekday()) % 7
    if future:  # "пройдёт в субботу" written on a Saturday: a writer would say "сегодня" of that day
        return anchor + timedelta(days=delta or 7)
    return anchor - timedelta(days=(anchor.weekday() - target) % 7)


# the words before a day that make it the writing day or the day before ("Накануне, 30 января",
# "Today (Nov. 18)"); the day itself is the mention that follows
_ANCHOR_WORD = re.compile(r"\b(" + "|".join(_RELATIVE) + r")\W{0,3}$", re.I)
STATED_YEAR = re.compile(r"\d{4}|\d\.\d{2}\b")  # "4 января 2012 г.", "Nov. 1, 2019", "17.01.12"
DATELINE_REACH = 200  # a day named this close to the text's start, before its first sentence ends


def infer_anchor(mentions: tuple[DateMention, ...], text: str = "", year: int | None = None) -> date | None:
    """The writing day of an undated article, from the days its text names (``mentions`` as
    `resolve_dates` read them without an anchor), in this order:
    1. a day named with "сегодня", "накануне", "завтра", "today", "yesterday": the writing day is
       that day, or as many days from it as the word says ("Накануне, 30 января" was written on
       31 January);
    2. a dateline: a day with its year at the text's start, before its first sentence ends
       ("время публикации: 4 января 2012 г.", "17.01.2012 13:01 В Белгородской области …"),
       unless its clause is about the future or it is `told_apart`;
    3. the latest day named with its year outside a clause about the future ("будет достроен до
       30 декабря 2011 года" is no writing day), a plan, a bound or what the text recalls;
    4. when the story's ``year`` is known (`redate`), rule 3 and then the latest day outside the
       future, each within a year of it: a day stated far from the story's year is background.
    Before, rule 4 alone took the latest day of any kind, its year read from any year the text
    named before it: a text naming a concert "Nov. 1" after a plan "by 2028" was written in 2028
    (eval.anchors: 18 of 30 English texts given a day were off by more than a week, now 6 of 18;
    the Russian ones 8 of 26, now 6 of 25, with 14 right against 12)."""
    days = [m for m in mentions if len(m.value) == 10 and m.value[:4].isdigit()]
    if not days:
        return None
    for m in days:
        word = _ANCHOR_WORD.search(text, max(0, m.start - 16), m.start) if text else None
        if word:
            return date.fromisoformat(m.value) - timedelta(days=_RELATIVE[word[1].lower()])
    past = [m for m in days if not text or (tense(text, m.start, m.stop) != "future"
                                            and not told_apart(text, m.start, m.stop))]
    stated = [m for m in past if STATED_YEAR.search(m.text)]
    first_end = re.search(r"[.!?](\s|$)", text[:DATELINE_REACH]) if text else None
    for m in stated:
        if m.start < DATELINE_REACH and (first_end is None or m.start < first_end.start()):
            return date.fromisoformat(m.value)
    near = [m for m in past if year and abs(int(m.value[:4]) - year) <= 1]
    pool = [m for m in stated if m in near] or near if year else stated
    return date.fromisoformat(max(m.value for m in pool)) if pool else None
