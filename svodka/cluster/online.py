"""Single-pass online clustering: each article joins the best event or opens one; each new
event joins the best story or opens one. State can be rebuilt from stored assignments, so a
later run continues where the last one stopped and story ids never change.

Candidates come from two places, both bounded so that the time per article does not grow with
the store: the article's nearest neighbours among the articles of the days around its own
(cluster/index.py), and the latest events that share one of its strongest terms or key entities
(entity keys are transliterated, so a Russian and an English article on Lavrov meet).
"""
from __future__ import annotations

import hashlib
import math
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import compress

import numpy as np

from svodka.cluster.features import (DENSE_DIM, Day, DocFeatures, TitleDays, dot, entity_overlap, title_days,
                                     title_overlap, top_entities)
from svodka.cluster.index import NeighbourIndex
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
# Two articles in one language, both embedded: a blend of the word score (EVENT_WEIGHTS) and the
# cosine read from 0.80 to 0.90, on the scale of EVENT_THRESHOLD. Tuned on tgcontest ru pairs and
# ECB+ together (eval.pairs and eval.clustering with --embeddings): 0.6 words + 0.4 cosine at a
# threshold of 0.475, here divided by 0.475 / EVENT_THRESHOLD so that one threshold serves
# articles with and without embeddings.
SAME_LANGUAGE_WEIGHTS = {"words": 0.33, "embedding": 0.22}
SAME_LANGUAGE_FLOOR = 0.80
SAME_LANGUAGE_SPAN = 0.10
# A pair with a headline in it (a title without text, embedded as an e5 query): its few words say
# less, its embedding more. Tuned on tgcontest titles and ECB+ first sentences (eval.pairs and
# eval.clustering --titles/--mixed --embeddings): both headlines ru 0.737 -> 0.788, ECB+ 0.719 ->
# 0.769; one side a headline ru 0.772 / 0.800 -> 0.829 / 0.840, en 0.944 either way.
HEADLINE_WEIGHTS = {"words": 0.20, "embedding": 0.35}
# ... and without embeddings, the word score of a pair with a headline counts this many times
# (at most 1), as if its threshold were 0.17: one event's reports share fewer words with a
# headline than with each other's texts. Words only, both sides headlines: ru 0.663 -> 0.690, en
# 0.914 either way, ECB+ 0.654 -> 0.695 (3 orders, x1.25-2.0: ru 0.686-0.704, ECB+ 0.676-0.707, at
# x2.0 en 0.842); one side: ru 0.753 / 0.728 -> 0.759 / 0.752, en unchanged, ECB+ half 0.734 -> 0.770.
HEADLINE_WORDS = 1.5
# Articles on one happening appear within a day of its first report; a follow-up two days
# later (the prosecutor's check after an accident) is a new event of the same story. Measured
# from the event's first day, so a chain of daily follow-ups cannot stretch one event.
EVENT_MAX_DAYS = default("grouping", "event_max_days")
# Undated articles: the latest day each names is a weak clue (an article on the phone call of
# 1 February names that day; one on the talks of 21 January names days up to 13 January). A
# mild penalty: on ECB+ a harder one (x0.5 past 7 days) cost 0.12 B-cubed F1.
MENTION_MAX_DAYS = default("grouping", "mention_max_days")
MENTION_PENALTY = default("grouping", "mention_penalty")
# Two titles of a series, alike (overlap from SERIES_TITLE) but naming days more than
# EVENT_MAX_DAYS apart ("Прогноз погоды на 8 ноября", "... на 16 ноября"), report two happenings:
# the pair scores 0. A title worded apart may name a day behind the news, so only alike titles.
# tgcontest ru pairs 0.825 -> 0.833, with embeddings 0.840 -> 0.847; ECB+ unchanged.
SERIES_TITLE = 0.5
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
# A story's summed vector keeps its 500 heaviest terms, pruned when it passes twice that: the tail
# is words one report used once, and it was the clusterer's largest part (at 20 000 synthetic
# articles 1.75 M story entries against 1.55 M in the events' member sums). On ECB+ (3 orders)
# and a 20 000-article synthetic stream every event and story came out the same as uncapped; at
# 100 000 articles (benchmarks.cluster_speed --embeddings) the clusterer's memory fell from
# +1 243 MB to +907 MB.
STORY_TERMS = 500
POSTINGS = 64  # candidate retrieval: the latest this many groups per strong term or entity
NEIGHBOURS = 20  # candidate retrieval: the events of the article's nearest neighbours
SHORTLIST = 6  # ... of which this many, and as many of the groups sharing most terms, are scored in full
# ... and this many events of the nearest neighbours of its embedding in other languages, those
# whose cosine counts at all (above EMBEDDING_FLOOR: below it, names alone would have to join
# them, and the postings of names find those). English news and their Russian translations
# (eval.crosslingual): each finds its translation first; on a synthetic stream 30 % in English
# (benchmarks.cluster_speed --english 0.3) six such events and no cosine bound halved the rate.
SEMANTIC_SHORTLIST = 3
# An article is compared with each of an event's latest members and the parts averaged
# (average linkage): against a centroid, a big event draws in every article of its story.
LINKAGE_MEMBERS = 10
# ... but the event's score is the mean of the article's LINKAGE_CLOSEST closest members' pair
# scores: one event's reports differ in whom they quote, and an article close to two of them is a
# report of it. Text and lead cosines stay averaged over the members (one dot per language).
# ECB+ recall 0.842 -> 0.861 (words), 0.860 -> 0.912 with embeddings (eval.clustering).
LINKAGE_CLOSEST = 2
# An article close (MERGE_REACH of the threshold) to two events merges them when they match as
# wholes (average linkage over their latest members), across stories unless a person placed one;
# an event of one article is read as its article would join. ECB+ (eval.clustering) 0.818 within
# a story only, 0.842 across; the one-article reading 0.859 -> 0.870 words, 0.905 -> 0.915 with
# embeddings. A background piece merges nothing (features.is_recap).
MERGE_EVENTS = True
MERGE_REACH = 0.5


def stable_id(prefix: str, seed: str) -> str:
    return prefix + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10]


@dataclass
class _Sums:
    """Sums of the text and lead vectors of an event's latest members in one language."""
    text: dict[str, float] = field(default_factory=dict)
    lead: dict[str, float] = field(default_factory=dict)
    count: int = 0

    def add(self, f: DocFeatures, sign: float) -> None:
        for total, vec in ((self.text, f.vector), (self.lead, f.lead)):
            get = total.get
            if sign > 0:
                for t, v in vec.items():
                    total[t] = get(t, 0.0) + v
                continue
            for t, v in vec.items():
                x = get(t, 0.0) - v
                if abs(x) > 1e-9:
                    total[t] = x
                else:  # a member left the window: drop its terms, or the sums only grow
                    total.pop(t, None)
        self.count += int(sign)


@dataclass
class _Group:
    id: str
    seq: int = 0  # creation order: of two merged events the older id stays
    members: list[str] = field(default_factory=list)
    vec: dict[str, float] = field(default_factory=dict)
    ents: Counter = field(default_factory=Counter)
    days: set[date] = field(default_factory=set)  # the distinct days of its members
    story: str | None = None
    is_story: bool = False
    recent: list[DocFeatures] = field(default_factory=list)  # the last members, for average linkage
    _sq: float = 0.0  # squared norm of vec, kept as members are added
    _sums: dict[str | None, _Sums] = field(default_factory=dict)  # language -> sums over `recent`
    _top: dict[str, float] | None = None

    def absorb(self, f: DocFeatures) -> None:
        self.members.append(f.id)
        if self.is_story:  # stories are scored on their summed vector, events on their latest members
            self._add_vec(f.vector)
        else:
            self._set_recent(self.recent + [f])
        self.ents.update(f.entities)
        if f.day:
            self.days.add(f.day)
        self._top = None

    def _set_recent(self, members: list[DocFeatures]) -> None:
        """Keep the latest members and, per language, the sums of their text and lead vectors:
        the average of an article's cosines with each member is one dot with the sum."""
        old = {id(o) for o in self.recent}
        self.recent = members[-LINKAGE_MEMBERS:]
        new = {id(o) for o in self.recent}
        for o in members:
            if (id(o) in old) != (id(o) in new):
                self._sums.setdefault(o.language, _Sums()).add(o, 1.0 if id(o) in new else -1.0)

    def reweigh(self, featurize: Callable[[DocFeatures], DocFeatures]) -> None:
        """Make the latest members' features again (and their sums) under the current term weights."""
        members = [featurize(o) for o in self.recent]
        self.recent, self._sums = [], {}
        self._set_recent(members)

    def _add_vec(self, vec: dict[str, float]) -> None:
        sq, mine = self._sq, self.vec
        get = mine.get
        for t, v in vec.items():
            old = get(t, 0.0)
            mine[t] = old + v
            sq += 2 * old * v + v * v
        self._sq = sq
        if len(self.vec) > 2 * STORY_TERMS:
            self._prune()

    def _prune(self) -> None:
        """Keep a story's STORY_TERMS heaviest terms: the tail is words one report used once."""
        vec = self.vec
        terms, values = list(vec), list(vec.values())
        weights = np.abs(np.array(values))
        cut = np.partition(weights, len(terms) - STORY_TERMS)[len(terms) - STORY_TERMS]
        above = weights > cut
        kept = dict(zip(compress(terms, above), compress(values, above)))
        for t in sorted(compress(terms, weights == cut))[:STORY_TERMS - len(kept)]:  # ties by name
            kept[t] = vec[t]
        self.vec = kept
        self._sq = math.fsum(v * v for v in kept.values())

    def norm(self) -> float:
        return max(self._sq, 0.0) ** 0.5

    def top(self) -> dict[str, float]:
        if self._top is None:
            self._top = top_entities(dict(self.ents))
        return self._top

    @property
    def first_day(self) -> date | None:
        return min(self.days) if self.days else None


@dataclass(frozen=True, slots=True)
class Assignment:
    article_id: str
    event_id: str
    story_id: str
    new_event: bool
    new_story: bool
    event_score: float
    story_score: float
    event_parts: dict[str, float]
    merged: tuple[str, ...] = ()  # events this article showed to be the same as `event_id`, absorbed into it
    left_stories: tuple[str, ...] = ()  # stories the merged events were taken from (other than `story_id`)
    # a new event: the event that scored highest (`event_score`, under the threshold), if any was scored
    closest_event: str | None = None
    closest_story: str | None = None  # a new story: the story that scored highest (`story_score`), if any


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
    if kinds_apart(f, o):
        parts["kinds_apart"] = 1.0
    return parts


def kinds_apart(f: DocFeatures, o: DocFeatures) -> bool:
    """Two reports of two kinds of contact (a call, a meeting): two happenings."""
    return f.kind is not None and o.kind is not None and f.kind != o.kind


def score_pair(f: DocFeatures, o: DocFeatures) -> float:
    """The event score of two articles on their own."""
    return pair_score(f, o, pair_parts(f, o))


def cross_language(f: DocFeatures, o: DocFeatures) -> bool:
    return bool(f.language and o.language and f.language != o.language)


def read_cosine(cos: float, floor: float, span: float) -> float:
    return min(1.0, max(0.0, (cos - floor) / span))


def pair_score(f: DocFeatures, o: DocFeatures, parts: dict[str, float]) -> float:
    if "title_days_apart" in parts or "kinds_apart" in parts:
        return 0.0
    if cross_language(f, o):
        floor = CROSS_HEADLINE_FLOOR if f.headline and o.headline else EMBEDDING_FLOOR
        emb = read_cosine(parts.get("embedding", 0.0), floor, EMBEDDING_SPAN)
        return CROSS_LANGUAGE_WEIGHTS["entities"] * parts["entities"] + CROSS_LANGUAGE_WEIGHTS["embedding"] * emb
    return _with_embedding(sum(EVENT_WEIGHTS[k] * parts[k] for k in EVENT_WEIGHTS), parts.get("embedding"),
                           f.headline or o.headline)


def _with_embedding(words: float, cos: float | None, headlines: bool = False) -> float:
    """Two articles in one language: their word score, blended with their embeddings' cosine
    when both have one (``headlines``: either is a title without text)."""
    if cos is None:
        return min(1.0, HEADLINE_WORDS * words) if headlines else words
    weights = HEADLINE_WEIGHTS if headlines else SAME_LANGUAGE_WEIGHTS
    return weights["words"] * words + weights["embedding"] * read_cosine(cos, SAME_LANGUAGE_FLOOR, SAME_LANGUAGE_SPAN)


def pair_decision(f: DocFeatures, o: DocFeatures) -> tuple[dict[str, float], float, float]:
    """Two articles as the clusterer weighs them (for `svodka explain`): the pair's parts, its event
    score (with the rule on undated texts naming days weeks apart) and the story score of ``f``
    against a story of ``o`` alone."""
    parts = pair_parts(f, o)
    event_score = pair_score(f, o, parts) * mention_factor(f, [o], parts)
    story = _Group(o.id, is_story=True)
    story.absorb(o)
    return parts, event_score, story_parts(f.vector, f.entities, f.day, story)["score"]


def mentioned_gap(a: Day, b: Day) -> int:
    """Days between two named days; when a year is unknown, the nearer reading is taken."""
    if a[0] is not None and b[0] is not None:
        return abs((date(a[0], a[1], a[2]) - date(b[0], b[1], b[2])).days)
    da, db = date(2001, a[1], min(a[2], 28 if a[1] == 2 else a[2])), date(2001, b[1], min(b[2], 28 if b[1] == 2 else b[2]))
    gap = abs((da - db).days)
    return min(gap, 365 - gap)


def titles_days_apart(a: TitleDays, b: TitleDays, title: float) -> int | None:
    """Two titles naming days too far apart for one happening: more than EVENT_MAX_DAYS for two
    titles of a series (``title``: their overlap, from SERIES_TITLE), more than TITLE_DAYS_APART
    for any two. The days between the closest two (0 when one's range holds a day of the
    other's); else None."""
    if not a or not b:
        return None
    gap = min(_range_gap(x, y) for x in a for y in b)
    return gap if gap > (EVENT_MAX_DAYS if title >= SERIES_TITLE else TITLE_DAYS_APART) else None


def series_apart(a: Doc, b: Doc) -> bool:
    """Two pages of a series for days apart (or titles naming days a month apart): their words may
    repeat each other's (a forecast or a horoscope written to a template), they are no reprint."""
    return titles_days_apart(title_days(a), title_days(b),
                             title_overlap(frozenset(a.title_lemmas), frozenset(b.title_lemmas))) is not None


def _range_gap(x: tuple[Day, Day], y: tuple[Day, Day]) -> int:
    if _holds(x, y[0]) or _holds(y, x[0]):
        return 0
    return min(mentioned_gap(a, b) for a in x for b in y)


def _holds(r: tuple[Day, Day], day: Day) -> bool:
    return mentioned_gap(r[0], day) + mentioned_gap(day, r[1]) == mentioned_gap(r[0], r[1])


def _group_linkage(f: DocFeatures, g: _Group) -> dict[str, float]:
    """The article against an event's latest members: the parts averaged over them (as
    `_linkage([f], g.recent)`, the text and lead cosines summed by one dot per language), and the
    score the mean of its LINKAGE_CLOSEST closest members' pair scores."""
    n = len(g.recent)
    if not n:
        return {**dict.fromkeys(EVENT_WEIGHTS, 0.0), "score": 0.0}
    text = lead = 0.0
    n_same = 0  # members in the article's language
    for lang, sums in g._sums.items():
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
    kinds = 0
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
            scores.append(0.0)
        elif kinds_apart(f, o):
            kinds += 1
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
    if kinds:
        parts["kinds_apart"] = float(kinds)
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


def merge_score(a: _Group, b: _Group) -> float:
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


def event_parts(f: DocFeatures, g: _Group) -> dict[str, float]:
    parts = _group_linkage(f, g)
    parts["score"] *= mention_factor(f, g.recent, parts)
    gap = _days_apart(f.day, [g.first_day] if g.days else [])
    if gap is not None and gap > EVENT_MAX_DAYS:
        parts["days_apart"] = float(gap)
        parts["score"] = 0.0
    return parts


def story_parts(vec: dict[str, float], ents: dict[str, float], day: date | None, s: _Group) -> dict[str, float]:
    text = dot(vec, s.vec) / (s.norm() or 1.0)
    parts = {"text": text, "entities": entity_overlap(ents, s.top(), STORY_ENTITY_MASS)}
    parts["score"] = sum(STORY_WEIGHTS[k] * parts[k] for k in STORY_WEIGHTS)
    gap = _days_apart(day, s.days)
    if gap is not None and gap > STORY_MAX_DAYS:
        parts["days_apart"] = float(gap)
        parts["score"] = 0.0
    return parts


class OnlineClusterer:
    def __init__(self, event_threshold: float | None = None, story_threshold: float | None = None,
                 merge_events: bool = MERGE_EVENTS, pinned: frozenset[str] = frozenset()) -> None:
        """``pinned``: events a person put in their story; they never move to another story. The
        thresholds: the settings' (svodka.config) unless given."""
        self.event_threshold = EVENT_THRESHOLD if event_threshold is None else event_threshold
        self.story_threshold = STORY_THRESHOLD if story_threshold is None else story_threshold
        self.merge_events = merge_events
        self.pinned = pinned
        self._story_events: Counter = Counter()  # story id -> how many live events it holds
        self.events: dict[str, _Group] = {}
        self.stories: dict[str, _Group] = {}
        self.article_event: dict[str, str] = {}
        self._alias: dict[str, str] = {}  # merged-away event -> the event that absorbed it
        self._postings: dict[str, deque[str]] = {}
        self._neighbours = NeighbourIndex(DENSE_DIM)
        # the articles' sentence embeddings, when the run has them, one index per language: an
        # article's reports in other languages share no words with it and are found here. In its
        # own language its words find them (ECB+ titles, embedded: 0.769 words, 0.765 with this
        # index searched too; and a monolingual stream pays nothing for it)
        self._semantic: dict[str | None, NeighbourIndex] = {}
        self._seq = 0

    # -- bookkeeping --------------------------------------------------------------------------
    def _event(self, event_id: str) -> _Group | None:
        while event_id in self._alias:
            event_id = self._alias[event_id]
        return self.events.get(event_id)

    def _keys(self, f: DocFeatures) -> list[str]:
        return [*(t for t, _ in f.top_terms), *f.entities]

    def _index_doc(self, f: DocFeatures, event_id: str) -> None:
        for k in self._keys(f):
            q = self._postings.get(k)
            if q is None:
                q = self._postings[k] = deque(maxlen=POSTINGS)
            if not q or q[-1] != event_id:
                q.append(event_id)
        if f.dense is not None:
            self._neighbours.add(f.id, f.day, f.dense)
        if f.embedding is not None:
            index = self._semantic.get(f.language)
            if index is None:
                index = self._semantic[f.language] = NeighbourIndex(len(f.embedding))
            index.add(f.id, f.day, f.embedding)
        self.article_event[f.id] = event_id

    def _candidates(self, f: DocFeatures) -> tuple[list[_Group], list[_Group]]:
        """The few events worth scoring in full (the events of the article's nearest neighbours,
        by words and, in other languages, by embedding, and those sharing the most of its
        strongest terms and entities), and every event it touched at all (their stories are the
        story candidates)."""
        hits: Counter = Counter()
        for t, w in f.top_terms:
            for eid in self._postings.get(t, ()):
                hits[eid] += w
        for k, w in f.entities.items():
            for eid in self._postings.get(k, ()):
                hits[eid] += w
        chosen = self._nearest([self._neighbours], f.dense, f.day)
        if f.embedding is not None:
            semantic = self._nearest([index for lang, index in sorted(self._semantic.items(), key=lambda kv: kv[0] or "")
                                      if lang != f.language], f.embedding, f.day, SEMANTIC_SHORTLIST, EMBEDDING_FLOOR)
            chosen += semantic
            for eid in semantic:
                hits.setdefault(eid, 0.0)  # their stories are candidates too
        chosen += [e for e, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:SHORTLIST]]
        best: dict[str, _Group] = {}
        for eid in chosen:
            ev = self._event(eid)
            if ev is not None:
                best[ev.id] = ev
        touched = dict(best)
        for eid in hits:
            ev = self._event(eid)
            if ev is not None:
                touched[ev.id] = ev
        return [best[k] for k in sorted(best)], [touched[k] for k in sorted(touched)]

    def _nearest(self, indexes: list[NeighbourIndex], vector: np.ndarray | None, day: date | None,
                 top: int = SHORTLIST, above: float = -1.0) -> list[str]:
        """The ``top`` events closest to the vector by their nearest members in the indexes (those
        members closer than ``above``)."""
        if vector is None:
            return []
        near: dict[str, float] = {}
        for index in indexes:
            for aid, sim in index.search(vector, day, NEIGHBOURS, EVENT_MAX_DAYS):
                if sim > above:
                    eid = self.article_event[aid]
                    near[eid] = max(near.get(eid, -1.0), sim)
        return [e for e, _ in sorted(near.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]

    def _new_group(self, table: dict[str, _Group], gid: str, story: str | None = None) -> _Group:
        self._seq += 1
        g = table[gid] = _Group(gid, seq=self._seq, story=story, is_story=table is self.stories)
        return g

    def restore(self, f: DocFeatures, event_id: str, story_id: str) -> None:
        """Replay a stored assignment without scoring it."""
        ev = self.events.get(event_id)
        if ev is None:
            ev = self._new_group(self.events, event_id, story_id)
            self._story_events[story_id] += 1
        ev.absorb(f)
        st = self.stories.get(story_id) or self._new_group(self.stories, story_id)
        st.absorb(f)
        self._index_doc(f, event_id)

    # -- placing one article -------------------------------------------------------------------
    def add(self, f: DocFeatures, duplicate_of: str | None = None,
            reweigh: Callable[[DocFeatures], DocFeatures] | None = None) -> Assignment:
        """Place an article: join the best event at the threshold or open one (and find its story).
        ``reweigh``: an earlier article's features made again under the current term weights, given
        when they changed since articles were placed (a grouping kept between pages, whose IDF
        learns each page); the candidate events' latest members are then scored as a run over the
        grown store would score them. A member featurized when the store was smaller, before the
        new page made the terms they share commoner, weighs those terms more and scores the page
        higher (ECB+ through `svodka serve`: 0.01-0.02 higher, 0.975 of the batch's groups; 0.993
        reweighed, as one run per page, eval.stream --serve)."""
        best, best_parts = None, {"score": 0.0}
        scored: list[tuple[float, _Group]] = []
        if duplicate_of is not None and duplicate_of in self.article_event:
            best = self._event(self.article_event[duplicate_of])
            best_parts = {"score": 1.0, "duplicate": 1.0}
        candidates, touched = self._candidates(f) if best is None else ([], [])
        if best is None:
            for ev in candidates:
                if f.day and ev.days and abs((f.day - ev.first_day).days) > EVENT_MAX_DAYS:
                    continue
                if reweigh is not None:
                    ev.reweigh(reweigh)
                parts = event_parts(f, ev)
                scored.append((parts["score"], ev))
                if parts["score"] > best_parts["score"]:
                    best, best_parts = ev, parts
        if best is not None and best_parts["score"] >= self.event_threshold:
            best.absorb(f)
            self.stories[best.story].absorb(f)
            self._index_doc(f, best.id)
            merged: list[str] = []
            left: list[str] = []
            if self.merge_events and not f.recap:  # a background piece bridges no happenings
                best, merged, left = self._merge_bridged(best, scored)
            return Assignment(f.id, best.id, best.story, False, False, best_parts["score"], 1.0, best_parts,
                              tuple(merged), tuple(left))
        event = self._new_group(self.events, stable_id("e", f.id))
        event.absorb(f)
        story, s_score = None, 0.0
        for s in self._story_candidates(touched):
            sp = story_parts(f.vector, f.entities, f.day, s)
            if sp["score"] > s_score:
                story, s_score = s, sp["score"]
        new_story = story is None or s_score < self.story_threshold
        closest_story = story.id if new_story and story is not None else None
        if new_story:
            story = self._new_group(self.stories, stable_id("s", f.id))
        story.absorb(f)
        event.story = story.id
        self._story_events[story.id] += 1
        self._index_doc(f, event.id)
        return Assignment(f.id, event.id, story.id, True, new_story, best_parts["score"], s_score, best_parts,
                          closest_event=best.id if best is not None else None, closest_story=closest_story)

    def _story_candidates(self, events: list[_Group]) -> list[_Group]:
        ids = {ev.story for ev in events if ev.story in self.stories}
        return [self.stories[s] for s in sorted(ids)]

    def _merge_bridged(self, event: _Group, scored: list[tuple[float, _Group]]
                       ) -> tuple[_Group, list[str], list[str]]:
        """Merge into `event` the other events the new article came close to, when the two
        match as wholes. The older id stays, and so does its story. Returns the event, the
        events absorbed into it and the stories they were taken from."""
        merged, left = [], set()
        for score, other in sorted(scored, key=lambda x: (-x[0], x[1].id)):
            if score < MERGE_REACH * self.event_threshold or other is event or other.id not in self.events:
                continue
            if other.story != event.story and (other.id in self.pinned or event.id in self.pinned):
                continue
            if event.first_day and other.first_day and abs((event.first_day - other.first_day).days) > EVENT_MAX_DAYS:
                continue
            if merge_score(event, other) < self.event_threshold:
                continue
            keep, gone = (event, other) if event.seq <= other.seq else (other, event)
            if gone.story != keep.story:
                left.add(gone.story)
                self._move_story(gone, keep.story)
            for m in gone.members:
                self.article_event[m] = keep.id
            keep.members.extend(gone.members)
            keep._set_recent(keep.recent + gone.recent)
            keep.ents.update(gone.ents)
            keep.days.update(gone.days)
            keep._top = None
            del self.events[gone.id]
            self._story_events[keep.story] -= 1
            self._alias[gone.id] = keep.id
            merged.append(gone.id)
            event = keep
        return event, [m for m in merged if m != event.id], sorted(left - {event.story})

    def _move_story(self, event: _Group, story_id: str) -> None:
        """Take an event's articles out of its story into another. Stories keep sums, not their
        members' vectors: the latest members' share is moved, older members' stays behind
        (a story left without events is dropped)."""
        old, new = self.stories.get(event.story), self.stories[story_id]
        gone = set(event.members)
        if old is not None:
            old.members = [m for m in old.members if m not in gone]
            for f in event.recent:
                old._add_vec({t: -v for t, v in f.vector.items()})
                old.ents.subtract(f.entities)
            old.ents = +old.ents
            old._top = None
            self._story_events[old.id] -= 1
            if self._story_events[old.id] <= 0:
                del self.stories[old.id]
                del self._story_events[old.id]
        new.members.extend(event.members)
        for f in event.recent:
            new._add_vec(f.vector)
            new.ents.update(f.entities)
        new.days.update(event.days)
        new._top = None
        self._story_events[story_id] += 1
        event.story = story_id
