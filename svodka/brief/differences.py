"""Where sources differ: the same dated happening or the same measured thing given different
values by different articles of a story ("10 января" vs "9 и 10 января", "40 метров" vs "42 метра"),
and the same words attributed to different speakers.

A claim is a value with the clause it stands in. Two claims from different articles are about
the same thing when their clauses share enough content words (figures: and the articles report one
event); they disagree when the values differ. Dates further apart than a few days are different
happenings, not a disagreement.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from svodka.brief.timeline import CALENDAR  # calendar words name no happening
from svodka.enrich.text import content_lemmas, lemma
from svodka.model import Difference, Doc, Side

SAME_THING = 2  # shared content lemmas (besides the unit) that make two clauses speak of one thing
DATE_WINDOW = 3  # days: dates further apart are different happenings
_CLAUSE = re.compile(r"[,;:()]|\s[—–-]\s(?=[а-яёa-z])")
_WORD_NUMBERS = {"полтора": 1.5, "полторы": 1.5, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
                 "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "сто": 100, "двух": 2, "трёх": 3, "трех": 3,
                 "half": 0.5, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
# the upper end of a range ("6-11 метров в секунду", "от 3 до 5 градусов") is no value of its own
# a figure grouped by spaces ("1 400 человек", "67 373") is one figure, not its last group
_NUMBER = re.compile(r"(?<![\w.,\-–—…])(?<!до )(?<!\d[ \u00a0\u202f\u2009])"
                     r"(\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d.,]\d)|\d+(?:[.,]\d+)?|" + "|".join(_WORD_NUMBERS) + r")"
                     r"\s*(млн|млрд|тыс\.?|million|billion|%)?\s+([^\W\d_]{3,})", re.I)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")  # an English figure's thousands
_SCALE = {"млн": 1e6, "million": 1e6, "млрд": 1e9, "billion": 1e9, "тыс": 1e3, "тыс.": 1e3}
# Units whose values are worth comparing: time spans, amounts, distances, counts of people.
_UNITS = {"час", "минута", "день", "сутки", "неделя", "месяц", "год", "рубль", "доллар", "евро", "метр",
          "километр", "тонна", "человек", "процент", "дом", "hour", "minute", "day", "week", "month", "year",
          "dollar", "euro", "meter", "metre", "kilometer", "ton", "people", "percent", "house", "home"}


# Words that make a figure an update of an earlier one ("число погибших выросло до пяти", "ранее
# сообщалось о четырёх"): a figure that grew since is no disagreement.
UPDATE = re.compile(r"\b(выросл\w*|возросл\w*|увеличил\w*|достигл\w*|ранее сообщал\w*|по уточн[её]нным|"
                    r"по последним данным|уточнил\w*|обновл\w*|rose to|risen to|climbed to|has grown to|"
                    r"previously reported|earlier reported|updated|latest figures)", re.I)


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str  # "date" | "number"
    unit: str
    value: str
    context: frozenset[str]
    article: str
    text: str
    clause: str = ""  # the words around the value, as the article says them
    update: bool = False  # stated as an update of an earlier figure (UPDATE in its sentence, or the lead's title)
    published: str | None = None  # the article's day


def _clause(text: str, start: int, stop: int) -> str:
    left = max((m.end() for m in _CLAUSE.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _CLAUSE.finditer(text, stop)), len(text))
    return text[left:right]


def claims(doc: Doc) -> list[Claim]:
    out = []
    text = doc.article.text
    updated_title = bool(UPDATE.search(doc.article.title))
    day = (doc.article.published or "")[:10] or None
    for s in doc.sentences:
        for m in doc.dates:
            if s.start <= m.start < s.stop and not m.value.startswith("XXXX") and len(m.value) in (7, 10):
                clause = _clause(s.text, m.start - s.start, m.stop - s.start)
                ctx = frozenset(content_lemmas(clause.replace(m.text, " "), doc.language)) - CALENDAR
                value = m.value if not m.end else f"{m.value}/{m.end[-2:]}"
                out.append(Claim("date", "date", value, ctx, doc.id, text[m.start:m.stop],
                                 _label(clause, m.text)))
        for m in _NUMBER.finditer(s.text):
            unit = lemma(m.group(3), doc.language)
            if unit not in _UNITS:
                continue
            raw = m.group(1).lower()
            if unit in ("год", "year") and len(raw) == 4 and raw.isdigit():
                continue  # "2022 года" is a date, not a span of 2 022 years
            if doc.language not in ("ru", "uk") and _THOUSANDS.fullmatch(raw):
                raw = raw.replace(",", "")  # "12,000 euros": twelve thousand, not twelve
            value = _WORD_NUMBERS.get(raw) or float(re.sub(r"[ \u00a0\u202f\u2009]", "", raw).replace(",", "."))
            value *= _SCALE.get((m.group(2) or "").lower(), 1)
            clause = _clause(s.text, m.start(), m.end())
            ctx = frozenset(content_lemmas(clause.replace(m.group(0), " "), doc.language)) - {unit}
            out.append(Claim("number", unit, f"{value:g}", ctx, doc.id, m.group(0), _label(clause, m.group(1)),
                             (updated_title and s is doc.sentences[0]) or bool(UPDATE.search(s.text)), day))
    return out


LABEL_BEFORE, LABEL_AFTER = 7, 5  # words of the clause around the value a label keeps


def _label(clause: str, value: str) -> str:
    """The words of the clause around the value, the value left out (a figure's unit kept): what
    the sides speak of ("… years and fined them … euros", "Ремонтники заменили … метров ограждения")."""
    words = clause.replace(value, "\x00", 1).split()
    at = next((i for i, w in enumerate(words) if "\x00" in w), 0)
    kept = words[max(0, at - LABEL_BEFORE):at + LABEL_AFTER + 1]
    label = " ".join(kept).replace("\x00", "…").strip(" ,.;:")
    return ("… " if at > LABEL_BEFORE else "") + label + (" …" if at + LABEL_AFTER + 1 < len(words) else "")


def _is_update(group: list[Claim]) -> bool:
    """Figures of one thing from articles of different days, or one stated as an update: the later
    figure updates the earlier, the sources do not disagree."""
    if any(c.update for c in group):
        return True
    days = {c.published for c in group}
    return group[0].kind == "number" and None not in days and len(days) > 1


def _days(value: str) -> tuple[date, date] | None:
    try:
        first = date.fromisoformat(value[:10])
    except ValueError:
        return None
    last = first.replace(day=int(value[11:])) if "/" in value else first
    return first, last


def _one_day_in_all(values: set[str], kind: str) -> bool:
    """Dates that share a day ("9 и 10 января" and "10 января"): a span holding the other's day
    says more, not otherwise."""
    spans = [_days(v) for v in values] if kind == "date" else []
    return bool(spans) and all(spans) and max(s[0] for s in spans) <= min(s[1] for s in spans)


def _comparable(a: Claim, b: Claim, event_of: dict[str, str]) -> bool:
    """Claims of two articles on one thing; figures only within one event: another happening's
    figure (another region's count, another day's toll) is not the same thing at the same time."""
    return a.article != b.article and (a.kind != "number" or event_of.get(a.article) == event_of.get(b.article)) \
        and _same_thing(a, b)


def _same_thing(a: Claim, b: Claim) -> bool:
    if a.kind != b.kind or a.unit != b.unit:
        return False
    if len(a.context & b.context) < SAME_THING:
        return False
    if a.kind == "date":
        da, db = _days(a.value), _days(b.value)
        if not da or not db:
            return False
        return abs((da[0] - db[0]).days) <= DATE_WINDOW
    return True


def _many_valued(a: Claim, group: list[Claim], by_article: dict[str, list[Claim]]) -> bool:
    """One article gives the thing two values ("сейчас положена с 80 лет", "предложили с 75 лет"; a
    digest's "10.05.2020 — … превью", "13.05.2020 — … превью"): several things alike, not one the
    sources disagree on."""
    values = {c.value for c in group}
    for article in {c.article for c in group}:
        own = [c for c in by_article[article] if c.kind == a.kind and c.unit == a.unit]
        if len({c.value for c in own if _same_thing(a, c)}) > 1:
            return True
        if len(values & {c.value for c in own}) > 1:
            return True  # an article that states both values knows both: it disagrees with neither
    return False


def _speaker_key(name: str) -> str:
    return name.lower().replace("ё", "е").split()[-1][:5]


def attributions(docs: list[Doc], event_of: dict[str, str]) -> list[Difference]:
    """The same words put in different mouths by different articles."""
    said: dict[str, dict[str, tuple[str, set[str], str]]] = defaultdict(dict)
    for d in docs:
        for q in d.quotes:
            if q.speaker is None:
                continue
            key = " ".join(content_lemmas(q.text, d.language)[:8])
            if not key:
                continue
            who = said[key].setdefault(_speaker_key(q.speaker), (q.speaker, set(), q.text))
            who[1].add(d.id)
    out = []
    for key, speakers in said.items():
        if len(speakers) < 2:
            continue
        ids = {i for _, s, _ in speakers.values() for i in s}
        events = {event_of.get(i) for i in ids}
        text = next(iter(speakers.values()))[2]
        out.append(Difference(events.pop() if len(events) == 1 else None,
                              f"attribution: «{' '.join(text.split()[:8])}…»",
                              tuple(Side(name, tuple(sorted(s)), name) for name, s, _ in sorted(speakers.values()))))
    return out


def differences(docs: list[Doc], event_of: dict[str, str]) -> tuple[Difference, ...]:
    """Claims that disagree across articles, each with the articles on every side."""
    all_claims = [c for d in docs for c in claims(d)]
    by_article: dict[str, list[Claim]] = defaultdict(list)
    for c in all_claims:
        by_article[c.article].append(c)
    seen: set[frozenset] = set()
    out = []
    for i, a in enumerate(all_claims):
        group = [a] + [b for b in all_claims[i + 1:] if _comparable(a, b, event_of)]
        # An article that also states a's value about the same thing agrees with a; its other
        # value there is about something else ("12 января … НАТО", then "через день … ОБСЕ").
        agreeing = {b.article for b in all_claims if b.value == a.value and _comparable(a, b, event_of)}
        group = [a] + [b for b in group[1:] if b.article not in agreeing or b.value == a.value]
        values = {c.value for c in group}
        if len(values) < 2 or _is_update(group) or _one_day_in_all(values, a.kind) or _many_valued(a, group, by_article):
            continue
        key = frozenset((c.article, c.value) for c in group)
        if key in seen:
            continue
        seen.add(key)
        sides: dict[str, set[str]] = defaultdict(set)
        for c in group:
            sides[c.value].add(c.article)
        events = {event_of.get(c.article) for c in group}
        # what the sides speak of: the first side's clause, as its article says it
        shared = sorted(a.context & set().union(*(c.context for c in group[1:])))
        out.append(Difference(
            events.pop() if len(events) == 1 else None,
            f"{a.kind}: {a.clause or ' '.join(shared[:6])}",
            tuple(Side(v, tuple(sorted(ids)), next(c.text for c in group if c.value == v))
                  for v, ids in sorted(sides.items())),
        ))
    return tuple(out + attributions(docs, event_of))
