"""How alike an article and a group are: the pure scores of the online clusterer. A pair of
articles (``pair_parts``, ``pair_score``), an article against an event's latest members
(``event_parts``), an event against a story (``story_parts``), two events as wholes
(``merge_score``); with the settings' weights and thresholds (svodka.config)."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from datetime import date

import numpy as np

from svodka.cluster.features import (Day, DocFeatures, TitleDays, dot, entity_overlap, named, names_a_place,
                                     places_apart, title_days, title_overlap, title_places)
from svodka.cluster.groups import Group
from svodka.config import default
from svodka.model import Doc


# The settings' (svodka/data/settings.toml says what each was tuned on): a pair's weighted parts
# against one threshold.
EVENT_WEIGHTS = default("grouping", "event_weights")
EVENT_THRESHOLD = default("grouping", "event_threshold")
# Two articles in different languages share no words: they are compared on their key entities
# (transliterated) and, when both carry one, their multilingual embeddings.
CROSS_LANGUAGE_WEIGHTS = {"entities": 0.5, "embedding": 0.5}
# e5 cosines of unrelated texts sit near 0.75, of one event's reports near 0.9: a cosine is read
# as clip((cos - EMBEDDING_FLOOR) / EMBEDDING_SPAN) in 0..1.
EMBEDDING_FLOOR = 0.75
EMBEDDING_SPAN = 0.15
# Two headlines in two languages (each embedded as an e5 query) read alike more easily: unrelated
# ones sit 0.03 higher than unrelated articles (median 0.762 against 0.730, a headline against an
# article 0.731-0.739; eval.crosslingual's English news and their Russian translations), so their
# cosine is read from that much higher. Pairs of headlines across languages there (eval.crosslingual
# --titles --embeddings): F1 at the threshold 0.698 -> 0.958 (precision 0.540 -> 0.974).
CROSS_HEADLINE_FLOOR = 0.78
# ... and the names they share count only as far as their embeddings agree, in full from this read
# (cosine 0.795 for articles): a Russian report of Trump's call with Macron and an English one of
# activists taking Macron's portraits (cosine 0.763) shared three names. Not fitted: eval.pile --run
# pairs of two languages in one event 2 -> 1 at 0.3 and 0.6 alike; eval.crosslingual --run unchanged.
CROSS_ENTITY_GATE = 0.3
# Two articles in one language, both embedded: the word score moved by the cosine, by up to
# SAME_LANGUAGE_SHIFT down or up as it runs from MID - SPAN to MID + SPAN. Fitted through `svodka
# run` on ECB+ odd topics + tgcontest ru pairs site half 0, measured on the other halves, and back
# (eval.blend): ECB+ 0.868 / 0.859, ru pairs 0.857 / 0.792, against words alone 0.854 / 0.851,
# 0.846 / 0.779 (the 0.33 words + 0.22 cosine blend it replaces: 0.824 / 0.790, 0.871 / 0.817).
SAME_LANGUAGE_MID, SAME_LANGUAGE_SHIFT, SAME_LANGUAGE_SPAN = 0.86, 0.20, 0.10
# A pair with a headline in it (a title without text, embedded as an e5 query): its few words say
# less, its embedding more, read from HEADLINE_FLOOR to HEADLINE_FLOOR + SAME_LANGUAGE_SPAN. Tuned
# on tgcontest titles and ECB+ first sentences (eval.pairs and eval.clustering --titles/--mixed
# --embeddings): both headlines ru 0.737 -> 0.788, ECB+ 0.719 -> 0.769; one side a headline ru
# 0.772 / 0.800 -> 0.829 / 0.840, en 0.944 either way.
HEADLINE_WEIGHTS = {"words": 0.20, "embedding": 0.35}
HEADLINE_FLOOR = 0.80
# ... and without embeddings, the word score of a pair with a headline counts this many times
# (at most 1), as if its threshold were 0.17: one event's reports share fewer words with a
# headline than with each other's texts. Words only, both sides headlines: ru 0.663 -> 0.690, en
# 0.914 either way, ECB+ 0.654 -> 0.695 (3 orders, x1.25-2.0: ru 0.686-0.704, ECB+ 0.676-0.707, at
# x2.0 en 0.842); one side: ru 0.753 / 0.728 -> 0.759 / 0.752, en unchanged, ECB+ half 0.734 -> 0.770.
HEADLINE_WORDS = 1.5
# Articles on one happening appear within a week of its first report (ECB+'s events hold reports
# of several days), the widest window that keeps the Geneva talks and call (11 days) apart; from
# the event's first day, so a chain of follow-ups cannot stretch one event.
EVENT_MAX_DAYS = default("grouping", "event_max_days")
# Undated articles: the latest day each names is a weak clue (an article on the phone call of
# 1 February names that day; one on the talks of 21 January names days up to 13 January). A
# mild penalty: on ECB+ a harder one (x0.5 past 7 days) cost 0.12 B-cubed F1.
MENTION_MAX_DAYS = default("grouping", "mention_max_days")
MENTION_PENALTY = default("grouping", "mention_penalty")
# Two titles of a series, alike (overlap from SERIES_TITLE) but naming days more than
# SERIES_DAYS_APART apart ("Прогноз погоды на 8 ноября", "... на 16 ноября"), report two happenings:
# the pair scores 0. A title worded apart may name a day behind the news, so only alike titles.
# tgcontest ru pairs 0.825 -> 0.833, with embeddings 0.840 -> 0.847; ECB+ unchanged.
SERIES_TITLE, SERIES_DAYS_APART = 0.5, 1
# Two titles worded apart that name days more than a month apart report two happenings too
# ("Гороскоп на 17 ноября: ..." and "Гороскоп на сегодня: 16 мая 2020 года", one event in
# eval.pile before). A week would do as well on every measured set (eval.pile, eval.pairs,
# eval.clustering, eval.crosslingual: all unchanged but that pair), but a title may name the day
# of a fall a week behind the death it reports; a month is seldom behind the news.
TITLE_DAYS_APART = 30
STORY_WEIGHTS = default("grouping", "story_weights")
STORY_THRESHOLD = default("grouping", "story_threshold")
STORY_MAX_DAYS = default("grouping", "story_max_days")  # a story's events follow each other within weeks
# A story is joined on shared key entities and topic, not on one shared place: the entity overlap
# is taken over at least this much entity weight (two people, ENTITY_WEIGHT), so an article naming
# only "США" no longer overlaps fully with every story about the US (one undated science article
# joined a coronavirus story so, with a text cosine of 0.03). On ECB+ (eval.clustering, stories
# against the gold events, 3 orders) story B-cubed precision rose from 0.821 to 0.838 at the same
# recall (0.881); tgcontest pairs in one story were unchanged. Events take theirs over less.
STORY_ENTITY_MASS = 2.0
# An event's entity overlap is taken over at least one person's weight: two reports sharing one
# person can overlap fully, two sharing only a place or a company cannot ("В Белове ..." no longer
# joins "Bolivia president resigns" on one key). eval.pile pairs in one event 24 -> 19, ECB+ 0.861
# -> 0.859, tgcontest pairs and cross-lingual events unchanged.
EVENT_ENTITY_MASS = 1.0
# ... but the event's score is the mean of the article's LINKAGE_CLOSEST closest members' pair
# scores: one event's reports differ in whom they quote, and an article close to two of them is a
# report of it. Text and lead cosines stay averaged over the members (one dot per language).
# ECB+ recall 0.842 -> 0.861 (words), 0.860 -> 0.912 with embeddings (eval.clustering).
LINKAGE_CLOSEST = 2


def _days_apart(day: date | None, days) -> int | None:
    if day is None or not days:
        return None
    return min(abs((day - d).days) for d in days)


def pair_parts(f: DocFeatures, o: DocFeatures) -> dict[str, float]:
    parts = {
        "text": dot(f.vector, o.vector),
        "lead": dot(f.lead, o.lead),
        "entities": entity_overlap(f.entities, o.entities, EVENT_ENTITY_MASS),
        "title": title_overlap(f.title, o.title),
    }
    if f.embedding is not None and o.embedding is not None:
        parts["embedding"] = float(np.dot(f.embedding, o.embedding))
    gap = titles_days_apart(f.title_days, o.title_days, parts["title"])
    if gap is not None:
        parts["title_days_apart"] = float(gap)
        if parts["title"] >= SERIES_TITLE:
            parts["series_apart"] = 1.0
    if kinds_apart(f, o):
        parts["kinds_apart"] = 1.0
    if two_places(f, o):
        parts["places_apart"] = 1.0
    return parts


def kinds_apart(f: DocFeatures, o: DocFeatures) -> bool:
    """Two reports of two kinds of contact (a call, a meeting): two happenings."""
    return f.kind is not None and o.kind is not None and f.kind != o.kind


# eval.rules, switched off: tgcontest ru pairs by site halves -0.016 / -0.011, ECB+ odd / even 0 / +0.007.
# Two headlines have no text to name each other's place ("Queens hit and run", "New York woman killed"):
# when both are embedded, their cosine reads the places (eval.clustering and eval.pairs --run --titles,
# without the rule: ECB+ titles odd / even +0.017 / +0.028, ru title pairs site halves -0.009 / +0.023,
# en +0.030); by words alone the rule stays (ru -0.025 / -0.005 without it).
PLACES_APART = True


def two_places(f: DocFeatures, o: DocFeatures) -> bool:
    """Two reports in one language whose titles name other places (features.places_apart), unless
    both are headlines with embeddings."""
    embedded_headlines = f.headline and o.headline and f.embedding is not None and o.embedding is not None
    return PLACES_APART and not embedded_headlines and not cross_language(f, o) and \
        places_apart(f.places, f.names, f.vector, o.places, o.names, o.vector)


def score_pair(f: DocFeatures, o: DocFeatures) -> float:
    """The event score of two articles on their own."""
    return pair_score(f, o, pair_parts(f, o))


def cross_language(f: DocFeatures, o: DocFeatures) -> bool:
    return bool(f.language and o.language and f.language != o.language)


def read_cosine(cos: float, floor: float, span: float) -> float:
    return min(1.0, max(0.0, (cos - floor) / span))


def pair_score(f: DocFeatures, o: DocFeatures, parts: dict[str, float]) -> float:
    if "title_days_apart" in parts or "kinds_apart" in parts or "places_apart" in parts:
        return 0.0
    if cross_language(f, o):
        floor = CROSS_HEADLINE_FLOOR if f.headline and o.headline else EMBEDDING_FLOOR
        emb = read_cosine(parts.get("embedding", 0.0), floor, EMBEDDING_SPAN)
        entities = parts["entities"] * (min(1.0, emb / CROSS_ENTITY_GATE) if "embedding" in parts else 1.0)
        return CROSS_LANGUAGE_WEIGHTS["entities"] * entities + CROSS_LANGUAGE_WEIGHTS["embedding"] * emb
    return _with_embedding(word_score(parts), parts.get("embedding"), f.headline or o.headline)


def word_score(parts: dict[str, float]) -> float:
    """The words-and-names part of an event score, before any rule that tells two happenings apart."""
    return sum(EVENT_WEIGHTS[k] * parts.get(k, 0.0) for k in EVENT_WEIGHTS)


def _with_embedding(words: float, cos: float | None, headlines: bool = False) -> float:
    """Two articles in one language: their word score, blended with their embeddings' cosine
    when both have one (``headlines``: either is a title without text)."""
    if cos is None:
        return min(1.0, HEADLINE_WORDS * words) if headlines else words
    if headlines:
        return HEADLINE_WEIGHTS["words"] * words + HEADLINE_WEIGHTS["embedding"] * read_cosine(
            cos, HEADLINE_FLOOR, SAME_LANGUAGE_SPAN)
    return words + SAME_LANGUAGE_SHIFT * (2 * read_cosine(cos, SAME_LANGUAGE_MID - SAME_LANGUAGE_SPAN,
                                                          2 * SAME_LANGUAGE_SPAN) - 1)


def pair_decision(f: DocFeatures, o: DocFeatures) -> tuple[dict[str, float], float, dict[str, float]]:
    """Two articles as the clusterer weighs them (for `svodka explain`): the pair's parts, its event
    score (with the rule on undated texts naming days weeks apart) and the story parts of ``f``
    against a story of ``o`` alone (its "score" the story score)."""
    parts = pair_parts(f, o)
    event_score = pair_score(f, o, parts) * mention_factor(f, [o], parts)
    story = Group(o.id, is_story=True)
    story.absorb(o)
    return parts, event_score, story_parts(f, story, series="series_apart" in parts, nearest=word_score(parts))


def mentioned_gap(a: Day, b: Day) -> int:
    """Days between two named days; when a year is unknown, the nearer reading is taken."""
    if a[0] is not None and b[0] is not None:
        return abs((date(a[0], a[1], a[2]) - date(b[0], b[1], b[2])).days)
    da, db = date(2001, a[1], min(a[2], 28 if a[1] == 2 else a[2])), date(2001, b[1], min(b[2], 28 if b[1] == 2 else b[2]))
    gap = abs((da - db).days)
    return min(gap, 365 - gap)


def titles_days_apart(a: TitleDays, b: TitleDays, title: float) -> int | None:
    """Two titles naming days too far apart for one happening: more than SERIES_DAYS_APART for two
    titles of a series (``title``: their overlap, from SERIES_TITLE), more than TITLE_DAYS_APART
    for any two. The days between the closest two (0 when one's range holds a day of the
    other's); else None."""
    if not a or not b:
        return None
    gap = min(_range_gap(x, y) for x in a for y in b)
    return gap if gap > (SERIES_DAYS_APART if title >= SERIES_TITLE else TITLE_DAYS_APART) else None


def series_apart(a: Doc, b: Doc) -> bool:
    """Two pages of a series for days apart (or titles naming days a month apart) or for places
    apart: their words may repeat each other's (a forecast, a horoscope or a daily count written
    to a template), they are no reprint."""
    if titles_days_apart(title_days(a), title_days(b),
                         title_overlap(frozenset(a.title_lemmas), frozenset(b.title_lemmas))) is not None:
        return True
    return PLACES_APART and a.language == b.language and \
        places_apart(title_places(a), named(a), set(a.lemmas), title_places(b), named(b), set(b.lemmas))


def _range_gap(x: tuple[Day, Day], y: tuple[Day, Day]) -> int:
    if _holds(x, y[0]) or _holds(y, x[0]):
        return 0
    return min(mentioned_gap(a, b) for a in x for b in y)


def _holds(r: tuple[Day, Day], day: Day) -> bool:
    return mentioned_gap(r[0], day) + mentioned_gap(day, r[1]) == mentioned_gap(r[0], r[1])


def _group_linkage(f: DocFeatures, g: Group) -> dict[str, float]:
    """The article against an event's latest members: the parts averaged over them (as
    `_linkage([f], g.recent)`, the text and lead cosines summed by one dot per language), and the
    score the mean of its LINKAGE_CLOSEST closest members' pair scores."""
    n = len(g.recent)
    if not n:
        return {**dict.fromkeys(EVENT_WEIGHTS, 0.0), "score": 0.0}
    text = lead = 0.0
    n_same = 0  # members in the article's language
    for lang, sums in g.sums.items():
        if sums.count and not (f.language and lang and f.language != lang):
            text += dot(f.vector, sums.text)
            lead += dot(f.lead, sums.lead)
            n_same += sums.count
    f_ents, f_title, f_emb = f.entities, f.title, f.embedding
    # the average text and lead cosine over the members in the article's language
    words = (EVENT_WEIGHTS["text"] * text + EVENT_WEIGHTS["lead"] * lead) / n_same if n_same else 0.0
    w_ents, w_title = EVENT_WEIGHTS["entities"], EVENT_WEIGHTS["title"]
    ents = title = emb = 0.0
    n_emb = 0
    scores = []
    title_gaps = []
    kinds = places = series = 0
    # a background piece in the event recounts other happenings too: it decides no join but its own
    skip_recaps = any(not o.recap for o in g.recent)
    for o in g.recent:  # the loop of pair_parts and pair_score, without a dict per member
        e, t = entity_overlap(f_ents, o.entities, EVENT_ENTITY_MASS), title_overlap(f_title, o.title)
        ents += e
        title += t
        cos = None
        if f_emb is not None and o.embedding is not None:
            cos = float(np.dot(f_emb, o.embedding))
            emb += cos
            n_emb += 1
        if o.recap and skip_recaps:
            continue
        if f.title_days and o.title_days and (gap := titles_days_apart(f.title_days, o.title_days, t)) is not None:
            title_gaps.append(gap)
            series += t >= SERIES_TITLE
            scores.append(0.0)
        elif kinds_apart(f, o):
            kinds += 1
            scores.append(0.0)
        elif two_places(f, o):
            places += 1
            scores.append(0.0)
        elif cross_language(f, o):
            p = {"entities": e, "title": t} if cos is None else {"entities": e, "title": t, "embedding": cos}
            scores.append(pair_score(f, o, p))
        else:
            scores.append(_with_embedding(words + w_ents * e + w_title * t, cos, f.headline or o.headline))
    closest = sorted(scores, reverse=True)[:LINKAGE_CLOSEST]
    parts = {"text": text / n, "lead": lead / n, "entities": ents / n, "title": title / n,
             "score": math.fsum(closest) / len(closest), "members": float(n), "closest": float(len(closest))}
    if n_emb:
        parts["embedding"] = emb / n_emb
    if title_gaps:
        parts["title_days_apart"] = float(min(title_gaps))
    if series:
        parts["series_apart"] = float(series)
    if kinds:
        parts["kinds_apart"] = float(kinds)
    if places:
        parts["places_apart"] = float(places)
    return parts


def _linkage(fs: list[DocFeatures], gs: list[DocFeatures]) -> dict[str, float]:
    """Average of the pair parts and scores over every pair across the two member lists."""
    total: Counter = Counter()
    n = 0
    for f in fs:
        for o in gs:
            p = pair_parts(f, o)
            p["score"] = pair_score(f, o, p)
            total.update(p)
            n += 1
    parts = {k: v / n for k, v in total.items()} if n else {"score": 0.0}
    for k in EVENT_WEIGHTS:
        parts.setdefault(k, 0.0)
    return parts


def merge_score(a: Group, b: Group) -> float:
    """How two events an article came close to match as wholes: average linkage over their latest
    members; an event of one article, though, is read as that article against the other's
    latest members, the mean of its LINKAGE_CLOSEST closest pair scores, as a join reads it."""
    if len(a.members) > 1 and len(b.members) > 1:
        return _linkage(a.recent, b.recent)["score"]
    one, other = (a, b) if len(a.members) == 1 else (b, a)
    f = one.recent[0]
    closest = sorted((score_pair(f, o) for o in other.recent), reverse=True)[:LINKAGE_CLOSEST]
    return math.fsum(closest) / len(closest)


def mention_factor(f: DocFeatures, others: Iterable[DocFeatures], parts: dict[str, float]) -> float:
    """What an undated article's score against ``others`` is taken by: MENTION_PENALTY when the
    fewest days between the latest day it names and the latest day each undated one of them names
    is more than MENTION_MAX_DAYS (recorded in ``parts`` as "mentioned_days_apart"), else 1."""
    if f.day is not None or not f.mentioned:
        return 1.0
    gaps = [mentioned_gap(f.mentioned, o.mentioned) for o in others if o.day is None and o.mentioned]
    if not gaps or min(gaps) <= MENTION_MAX_DAYS:
        return 1.0
    parts["mentioned_days_apart"] = float(min(gaps))
    return MENTION_PENALTY


def event_parts(f: DocFeatures, g: Group) -> dict[str, float]:
    parts = _group_linkage(f, g)
    parts["score"] *= mention_factor(f, g.recent, parts)
    gap = _days_apart(f.day, [g.first_day] if g.days else [])
    if gap is not None and gap > EVENT_MAX_DAYS:
        parts["days_apart"] = float(gap)
        parts["score"] = 0.0
    return parts


# eval.rules, switched off: tgcontest ru pairs in one story -0.009; ECB+ events, the pile unchanged
STORY_PLACES = True
# A series is no story: an article whose title is worded as an event's member's but names another
# day ("Прогноз погоды на 8 ноября", "… на 18 ноября": `series_apart`) does not join that event's story
STORY_SERIES = True
# Names alone make no story: an article with text joins a story in its language only when it shares
# the story's words too (text cosine from this floor). Picked on the 300 pair texts' story joins read
# by hand; switched off (eval.rules story-words): ru pairs in one story -0.004, pile stories +1 join.
STORY_TEXT_FLOOR = 0.2


# An article (not a headline) in a story's language joins it only when its words come this close
# to one of the story's events (``nearest``, `word_score`), not only to the story's words summed: a
# topic is no story (eval.rules story-topic: the pile's story joins 22 -> 17 at 0.2, both site halves
# fewer, 0.15 none fewer; 0.25 costs the ru pairs in one story 0.003)
STORY_EVENT_FLOOR = 0.2


def story_parts(f: DocFeatures, s: Group, series: bool = False, nearest: float = 1.0) -> dict[str, float]:
    """An article against a story; a story past STORY_MAX_DAYS scores 0 unread (a frozen one stays
    so), and so does one with reports in the article's language whose titles name places, when
    the story names none of the places the article's title names and the article none of its,
    (``series``) one holding a report whose title the article's repeats for another day, and one
    none of whose events the article comes within STORY_EVENT_FLOOR of."""
    gap = _days_apart(f.day, s.days)
    if gap is not None and gap > STORY_MAX_DAYS:
        return {"text": 0.0, "entities": 0.0, "days_apart": float(gap), "score": 0.0}
    text = dot(f.vector, s.vec) / (s.norm() or 1.0)
    parts = {"text": text, "entities": entity_overlap(f.entities, s.top(), STORY_ENTITY_MASS)}
    parts["score"] = sum(STORY_WEIGHTS[k] * parts[k] for k in STORY_WEIGHTS)
    if STORY_SERIES and series:
        parts["series_apart"], parts["score"] = 1.0, 0.0
    elif STORY_PLACES and f.places and s.places and f.language in s.languages and \
            not names_a_place(s.ents, s.vec, f.places) and not names_a_place(f.names, f.vector, s.places):
        parts["places_apart"], parts["score"] = 1.0, 0.0
    elif text < STORY_TEXT_FLOOR and not f.headline and f.language in s.languages:
        parts["words_apart"], parts["score"] = 1.0, 0.0
    elif nearest < STORY_EVENT_FLOOR and not f.headline and f.language in s.languages:
        parts["topic_apart"], parts["score"] = 1.0, 0.0
    return parts

