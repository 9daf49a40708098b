"""Timeline: dated sentences of a story in date order, one line per happening."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from svodka.brief.summary import candidates, contained, happening, same_contact, standalone
from svodka.cluster.features import doc_day
from svodka.config import default
from svodka.enrich.dates import foretold, period_bound, tense
from svodka.enrich.text import content_lemmas, morph
from svodka.extract.lines import wire_dateline
from svodka.model import Doc, Event, Evidence, TimelineItem

SAME_EVENT = 0.3  # lemma overlap (of the smaller sentence) above which two dated sentences tell one thing
PER_DATE = default("briefs", "timeline_per_date")


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


# A sentence naming several days is cut between them, so that each day gets the words about it
# ("... в Женеве 10 января, дискуссии ... в Брюсселе 12 января и заседание ОБСЕ в Вене 13 января"):
# at the first comma, semicolon or colon after a day that opens no subordinate clause ("…, которые
# состоялись 13 января"), else at the last "и"/"а" before the next day.
_STRONG = re.compile(r"[:;,]\s+(?!(?:котор|где|когда|что|чтобы|which|who|where|when)\w*)")
_WEAK = re.compile(r"\s+(?:и|а|and)\s+")
# A line must say something besides its day: two content words that are not calendar words.
# "МОСКВА, 25 мая." (a dateline) and a clause cut to "начиная с 12 мая." say nothing.
MIN_SUBSTANCE = 2
CALENDAR = frozenset({
    "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь",
    "декабрь", "год", "число", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье",
    "начало", "конец", "середина", "неделя", "месяц", "сутки", "день", "начинать", "начиная",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "year", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "week", "month", "day", "early", "late", "mid"})


def substance(text: str, language: str) -> set[str]:
    """The content lemmas of a line that are not calendar words."""
    return set(content_lemmas(text, language)) - CALENDAR


def _predicate_after(text: str, at: int, language: str) -> bool:
    """"… оказалось меньше 4 000 и было самым низким с 30 апреля": after "и" a verb shares the
    subject before it, and the part cut there would have none."""
    word = re.match(r"[а-яё]+", text[at:at + 40])
    return language == "ru" and word is not None and \
        str(morph().parse(word.group())[0].tag.POS) in ("VERB", "PRTS", "ADJS")


def _clauses(d: Doc, sent) -> dict[int, tuple[int, int]]:
    """Start of each date mention in the sentence -> the span of its part of the sentence."""
    text = d.article.text
    mentions = sorted({m.start: m for m in d.dates if sent.start <= m.start < sent.stop}.values(),
                      key=lambda m: m.start)
    if len({m.value for m in mentions}) < 2:
        return {}
    cuts = []
    for a, b in zip(mentions, mentions[1:]):
        strong = _STRONG.search(text, a.stop, b.start)
        weak = [w for w in _WEAK.finditer(text, a.stop, b.start) if not _predicate_after(text, w.end(), d.language)]
        cut = strong or (weak[-1] if weak else None)
        cuts.append((cut.start(), cut.end()) if cut else None)
    spans, start = {}, sent.start
    for i, m in enumerate(mentions):
        cut = cuts[i] if i < len(cuts) else None
        if cut is None and i < len(cuts):
            continue  # no cut before the next day: this part runs on to the next one's end
        stop = cut[0] if cut else sent.stop
        for n in mentions:
            if start <= n.start < stop:
                spans[n.start] = (start, stop)
        start = cut[1] if cut else stop
    # a part too thin to stand alone leaves its day the whole sentence
    return {k: v for k, v in spans.items() if len(substance(text[v[0]:v[1]], d.language)) >= MIN_SUBSTANCE}


# "МОСКВА, 17 мая, ФедералПресс.": a dateline (a place in capitals, the day, the outlet) on a line
# of its own says where and when a report was written, not what happened then (extract.is_dateline
# reads only datelines that name their year)
_DATELINE = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ-]+(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ-]+)*,\s")
DATELINE_WORDS = 6


# "По состоянию на 4 мая зарегистрировано 145 268 случаев": a running figure as of a day, not a
# happening; listed only on a day when nothing else happened.
_STATUS = re.compile(r"(?:по состоянию на|на утро|as of)\b", re.I)
_STATUS_MARK = "\x00status"
# "На сегодня в Украине действуют несколько видов пенсий", "as of today": a state the text is written
# in, dated by its writing day only; no line ("назначенные на сегодня встречи" are today's: a verb or
# participle before "на" keeps the day)
_AS_OF_TODAY = re.compile(r"(?:(?P<before>[а-яё]+)\s+)?на\s+$|\bas of\s+$", re.I)


def _as_of_today(text: str, m) -> bool:
    if m.text.lower() not in ("сегодня", "today"):
        return False
    found = _AS_OF_TODAY.search(text[max(0, m.start - 40):m.start])
    return found is not None and not (found["before"] and str(morph().parse(found["before"].lower())[0].tag.POS)
                                      in ("VERB", "INFN", "PRTF", "PRTS"))


def _statement(text: str, sent, at: int) -> tuple[int, int] | None:
    """The quoted statement («…») of a sentence that names the day ``at`` inside it, when it reads
    on its own: the happening a leaning sentence reports ("Об этом сообщает сайт: «…»")."""
    opened = text.rfind("«", sent.start, at)
    closed = text.find("»", at, sent.stop)
    if opened < 0 or closed < 0 or "»" in text[opened:at]:
        return None
    start, stop = opened + 1, closed
    return (start, stop) if standalone(text[start:stop].strip()) else None


def _fold_months(groups: dict[str, list[dict]]) -> None:
    """A line dated by its month alone that tells what a line of a day in that month tells ("в
    начале февраля" of a call, then the call "1 февраля") is left out for the day's line."""
    for value in [v for v in groups if len(v) == 7]:
        days = [g for v, gs in groups.items() if v.startswith(value + "-") for g in gs]
        groups[value] = [g for g in groups[value] if not any(_overlap(g["lemmas"], o["lemmas"]) >= SAME_EVENT for o in days)]
        if not groups[value]:
            del groups[value]


def _fold_into_spans(groups: dict[str, list[dict]]) -> None:
    """A day's line that tells what a line of a span of days holding it tells ("переговоры … 10
    января" and "9 и 10 января … прошли переговоры") is one line, the span's, citing both."""
    spans = [(v, g) for v, gs in groups.items() for g in gs if g["end"]]
    for value in [v for v in groups if len(v) == 10]:
        kept = []
        for g in groups[value]:
            into = next((o for v, o in spans if o is not g and v < value <= o["end"]
                         and _overlap(g["lemmas"], o["lemmas"]) >= SAME_EVENT), None)
            if into is None:
                kept.append(g)
            else:
                for k, ev in g["sources"].items():
                    into["sources"].setdefault(k, ev)
        groups[value] = kept
        if not kept:
            del groups[value]


# a connective that ties a sentence to the one before it, before a day or a name
_CONNECTIVE = re.compile(r"(?:После этого|Затем|Потом|Кроме того|Помимо этого|Тогда же|Позднее|Позже|При этом|Между тем|"
                         r"Однако|Впрочем|Также|А|И|Но|After that|Then|Later|Also|However|Meanwhile|But|And),?\s+"
                         r"(?=[\dА-ЯЁA-Z])")


def timeline(docs: list[Doc]) -> tuple[TimelineItem, ...]:
    groups: dict[str, list[dict]] = {}
    clauses: dict[tuple[str, int], dict[int, tuple[int, int]]] = {}  # a sentence's parts, cut once
    told: set[tuple[str, int, int]] = set()  # the words already dated
    for d in docs:
        for m in d.dates:
            if m.value.startswith("XXXX") or m.confidence < 0.5 or len(m.value) not in (7, 10) \
                    or period_bound(d.article.text, m.start, m.stop):
                continue  # "продлили запрет до 15 июня", "работает с 2015 года": no happening on that day
            if _as_of_today(d.article.text, m):
                continue
            sent = next((s for s in d.sentences if s.start <= m.start < s.stop), None)
            if sent is None:
                continue
            if standalone(sent.text):
                key = (d.id, sent.start)
                if key not in clauses:
                    clauses[key] = _clauses(d, sent)
                start, stop = clauses[key].get(m.start, (sent.start, sent.stop))
            elif (quoted := _statement(d.article.text, sent, m.start)) is not None:
                start, stop = quoted  # "Об этом сообщает сайт РПЦ: «В ночь на 4 мая 2020 года … преставился …»"
            else:
                continue
            if lean := _CONNECTIVE.match(d.article.text, start, stop):
                start = lean.end()  # "После этого 9 и 10 января в Женеве прошли …": the line starts at its day
            if (d.id, start, stop) in told:
                continue  # "from May 7 until September 7": one line, at the first day its words name
            told.add((d.id, start, stop))
            text = d.article.text[start:stop]
            if _DATELINE.match(text) and len(text.split()) <= DATELINE_WORDS:
                continue
            if cut := wire_dateline(text):  # the line starts after "МОСКВА, 25 мая (Рейтер) - "
                start, text = start + cut, text[cut:]
                if len(text.split()) < DATELINE_WORDS:
                    continue  # "ЖЕНЕВА, 25 мая — РИА Новости, Елизавета Исакова.": the dateline and its credit
            lemmas = set(content_lemmas(text, d.language))
            if len(lemmas - CALENDAR) < MIN_SUBSTANCE:
                continue
            if _STATUS.match(text):
                lemmas |= {_STATUS_MARK}
            future = tense(d.article.text, m.start, m.stop) == "future"
            bucket = groups.setdefault(m.value, [])
            for g in bucket:
                if _overlap(g["lemmas"], lemmas) >= SAME_EVENT:
                    g["sources"].setdefault(d.id, Evidence(d.id, start, stop))
                    if g["future"] and not future:  # "провёл … 1 февраля" tells it, not "пройдут 1 февраля"
                        g["text"], g["future"] = text, False
                    break
            else:
                bucket.append({"text": text, "lemmas": lemmas, "future": future, "end": m.end,
                               "sources": {d.id: Evidence(d.id, start, stop)}})
    _fold_months(groups)
    _fold_into_spans(groups)
    items = []
    for value in sorted(groups):
        happened = [g for g in groups[value] if _STATUS_MARK not in g["lemmas"]] or groups[value]
        best = sorted(happened, key=lambda g: (g["future"], -len(g["sources"]), len(g["text"])))[:PER_DATE]
        for g in best:
            ids = tuple(sorted(g["sources"]))
            items.append(TimelineItem(value, g["text"], ids, tuple(g["sources"][i] for i in ids), g["future"]))
    return tuple(items)


# A line dated up to this many days before an event's first report, citing one of its reports, tells
# its happening (a fire "ночью 10 января" reported on the 11th)
EVENT_REACH = 2
LEAD_SENTENCES = 3  # an event's line is one of its first report's first sentences
_EARLIER = re.compile(r"(?:Ранее|Напомним|Earlier|Previously)\b", re.I)  # what the report recalls, not its news


def with_events(items: tuple[TimelineItem, ...], events: Iterable[Event],
                docs: Mapping[str, Doc]) -> tuple[TimelineItem, ...]:
    """The timeline with a line for each dated event that no line tells: the lead of the event's
    first report, on the day it was published, unless a line gives that lead under its own day
    (a match report whose only dated words are the next match's "пройдёт в субботу"; a
    prosecutor's check reported days after an accident whose reports date only the accident). A
    lead that only foretells ("отметят Крещение") is no happening of that day. A story of one
    event with no dated line gets none: its summary opens with that lead."""
    events = [e for e in events if e.date and len(e.date) == 10]
    if not items and len(events) < 2:
        return items
    shown = {(ev.article_id, ev.start) for i in items for ev in i.evidence  # the spans the lines show
             if (d := docs.get(ev.article_id)) is not None and d.article.text[ev.start:ev.stop] == i.text}
    added = []
    for e in events:
        day, members = date.fromisoformat(e.date), set(e.articles)
        theirs = [i for i in items if members & set(i.sources) and not i.planned]
        if any(len(i.date) == 10 and 0 <= (day - date.fromisoformat(i.date)).days <= EVENT_REACH for i in theirs):
            continue
        first = sorted((d for a in e.articles if (d := docs.get(a)) is not None and (day_of := doc_day(d))
                        and day_of.isoformat() == e.date), key=lambda d: d.id)
        lead = next((c for d in first for c in candidates([d])
                     if c[5] < LEAD_SENTENCES and not _EARLIER.match(c[3])), None)
        if lead is None or foretold(lead[3]):
            continue
        d, start, stop, text = lead[:4]
        words = substance(text, d.language)
        if any(a == d.id and start <= at < stop for a, at in shown) or \
                any(contained(words, substance(i.text, d.language)) for i in theirs):
            continue  # a line shows the lead, or says all it says under the day its words name
        added.append(TimelineItem(e.date, text, (d.id,), (Evidence(d.id, start, stop),)))
    return tuple(sorted((*items, *added), key=lambda i: i.date)) if added else items


def event_days(items: tuple[TimelineItem, ...], events: Iterable[Event],
               docs: Mapping[str, Doc]) -> tuple[tuple[str, str], ...]:
    """The day of each undated event that a line of the timeline tells: a line citing one of its
    reports and telling the contact one of its reports opens with, the same kind between the same
    two people or more at the same place ("В Женеве завершились переговоры Лаврова и Блинкена";
    a background piece's "21 января в Женеве встретились … Лавров и … Блинкен"), on or after the
    day that report shows it was written on or after ("≥2022-01-13"): an earlier line tells an
    earlier contact."""
    undated = [e for e in events if not e.date]
    if not undated:
        return ()
    lines = [(item, happening(d, ev.start, ev.stop, " ".join(content_lemmas(item.text, d.language))))
             for item in items if len(item.date) == 10 and not item.planned and item.evidence
             and (d := docs.get((ev := item.evidence[0]).article_id)) is not None]
    out = []
    for e in undated:
        leads = [(happening(d, c[1], c[2], " ".join(content_lemmas(c[3], d.language))), d.written or "")
                 for a in e.articles if (d := docs.get(a)) is not None for c in candidates([d])[:1]]
        day = next((item.date for item, told in lines if set(e.articles) & set(item.sources)
                    and any(item.date >= written and same_contact(told, lead) for lead, written in leads)), None)
        if day:
            out.append((e.id, day))
    return tuple(out)
