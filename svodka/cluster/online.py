"""The online loop: each article joins the best event or opens one; each new event joins the best
story or opens one; what it decided is a frozen ``Assignment``. State can be rebuilt from stored
assignments, so a later run continues where the last one stopped and story ids never change.

Candidates come from two places, both bounded so that the time per article does not grow with
the store: the article's nearest neighbours among the articles of the days around its own
(cluster/index.py), and the latest events that share one of its strongest terms or key entities
(entity keys are transliterated, so a Russian and an English article on Lavrov meet). The scores
are cluster/scoring.py's, the groups' state cluster/groups.py's.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

import numpy as np

from svodka.cluster import scoring
from svodka.cluster.features import DocFeatures
from svodka.cluster.groups import Group, Tables, stable_id
from svodka.cluster.index import NeighbourIndex
from svodka.cluster.scoring import EMBEDDING_FLOOR, event_parts, merge_score, story_parts

POSTINGS = 64  # candidate retrieval: the latest this many groups per strong term or entity
NEIGHBOURS = 20  # candidate retrieval: the events of the article's nearest neighbours
SHORTLIST = 6  # ... of which this many, and as many of the groups sharing most terms, are scored in full
# ... and this many events of the nearest neighbours of its embedding in other languages, those
# whose cosine counts at all (above EMBEDDING_FLOOR: below it, names alone would have to join
# them, and the postings of names find those). English news and their Russian translations
# (eval.crosslingual): each finds its translation first; on a synthetic stream 30 % in English
# (benchmarks.cluster_speed --english 0.3) six such events and no cosine bound halved the rate.
SEMANTIC_SHORTLIST = 3
# An article close (MERGE_REACH of the threshold) to two events merges them when they match as
# wholes (average linkage over their latest members), across stories unless a person placed one;
# an event of one article is read as its article would join. ECB+ (eval.clustering) 0.818 within
# a story only, 0.842 across; the one-article reading 0.859 -> 0.870 words, 0.905 -> 0.915 with
# embeddings. A background piece merges nothing (features.is_recap).
MERGE_EVENTS = True
MERGE_REACH = 0.5
# Every SWEEP articles, groups whose latest day lies COLD_DAYS past the window in which an article
# of the stream's newest day could be compared with them are frozen (Group.freeze): a run's
# articles come oldest first, so they are rarely read again, and thaw when they are.
SWEEP = 2_000
COLD_DAYS = 7
STORY_RULES = ("series", "words", "places", "topic")  # the rules that set a story apart (`Assignment.story_apart`)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where the clusterer placed an article and why: the typed decision the store keeps (as the
    assignment's detail) and `svodka explain` reads back."""
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
    story_apart: str | None = None  # ... or, none scoring, the first a rule set apart: "series", "words" or "places"



def _lean(f: DocFeatures) -> DocFeatures:
    """An article's features as an event keeps them: without the dense vector, which only the
    neighbour index reads (and holds)."""
    return replace(f, dense=None)


class OnlineClusterer:
    def __init__(self, event_threshold: float | None = None, story_threshold: float | None = None,
                 merge_events: bool = MERGE_EVENTS, pinned: frozenset[str] = frozenset(),
                 tables: Tables | None = None) -> None:
        """``pinned``: events a person put in their story; they never move to another story. The
        thresholds: the settings' (svodka.config) unless given. ``tables``: where the groups and
        indexes are kept (in memory unless given: svodka.cluster.stored loads them from a store)."""
        self.event_threshold = scoring.EVENT_THRESHOLD if event_threshold is None else event_threshold
        self.story_threshold = scoring.STORY_THRESHOLD if story_threshold is None else story_threshold
        self.merge_events = merge_events
        self.pinned = pinned
        t = self.tables = tables if tables is not None else Tables()
        self._story_events = t.story_events  # story id -> how many live events it holds
        self.events, self.stories, self.article_event = t.events, t.stories, t.article_event
        self._alias = t.alias  # merged-away event -> the event that absorbed it
        self._postings = t.postings
        self._neighbours = t.neighbours
        # the articles' sentence embeddings, when the run has them, one index per language: an
        # article's reports in other languages share no words with it and are found here. In its
        # own language its words find them (ECB+ titles, embedded: 0.769 words, 0.765 with this
        # index searched too; and a monolingual stream pays nothing for it)
        self._semantic = t.semantic
        self._seq = t.seq
        self._placed = 0  # articles placed or restored, for the sweeps
        self._newest: date | None = None  # the latest day of an article placed

    # -- bookkeeping --------------------------------------------------------------------------
    def _event(self, event_id: str) -> Group | None:
        while event_id in self._alias:
            event_id = self._alias[event_id]
        return self.events.get(event_id)

    def _keys(self, f: DocFeatures) -> list[str]:
        return [*(t for t, _ in f.top_terms), *f.entities]

    def _index_doc(self, f: DocFeatures, event_id: str) -> None:
        for k in self._keys(f):  # a list capped at POSTINGS: a deque(maxlen) takes ten times the memory
            q = self._postings.get(k)
            if q is None:
                self._postings[k] = [event_id]
            elif q[-1] != event_id:
                q.append(event_id)
                if len(q) > POSTINGS:
                    del q[0]
        if f.dense is not None:
            self._neighbours.add(f.id, f.day, f.dense)
        if f.embedding is not None:
            index = self._semantic.get(f.language)
            if index is None:
                index = self._semantic[f.language] = self.tables.new_index(f.language, len(f.embedding))
            index.add(f.id, f.day, f.embedding)
        self.article_event[f.id] = event_id
        if f.day is not None and (self._newest is None or f.day > self._newest):
            self._newest = f.day
        self._placed += 1
        if self._placed % SWEEP == 0:
            self.sweep()

    def sweep(self) -> int:
        """Freeze the groups past reach: their latest day COLD_DAYS past the days an article of the
        newest day is compared with (events by their first day, stories by any); how many."""
        if self._newest is None:
            return 0
        frozen = 0
        for table, reach in ((self.events, scoring.EVENT_MAX_DAYS), (self.stories, scoring.STORY_MAX_DAYS)):
            last = self._newest.toordinal() - reach - COLD_DAYS
            for g in table.values():
                if not g.frozen and g.days and max(g.days).toordinal() < last:
                    g.freeze()
                    frozen += 1
        return frozen

    def _candidates(self, f: DocFeatures) -> tuple[list[Group], list[Group]]:
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
        best: dict[str, Group] = {}
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
            for aid, sim in index.search(vector, day, NEIGHBOURS, scoring.EVENT_MAX_DAYS):
                if sim > above:
                    eid = self.article_event[aid]
                    near[eid] = max(near.get(eid, -1.0), sim)
        return [e for e, _ in sorted(near.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]

    def _new_group(self, table: dict[str, Group], gid: str, story: str | None = None) -> Group:
        self._seq += 1
        g = table[gid] = Group(gid, seq=self._seq, story=story, is_story=table is self.stories)
        return g

    def restore(self, f: DocFeatures, event_id: str, story_id: str) -> None:
        """Replay a stored assignment without scoring it."""
        ev = self.events.get(event_id)
        if ev is None:
            ev = self._new_group(self.events, event_id, story_id)
            self._story_events[story_id] += 1
        ev.absorb(_lean(f))
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
        scored: list[tuple[float, Group]] = []
        series: set[str] = set()  # stories of events whose titles the article's repeats for another day
        if duplicate_of is not None and duplicate_of in self.article_event:
            best = self._event(self.article_event[duplicate_of])
            best_parts = {"score": 1.0, "duplicate": 1.0}
        candidates, touched = self._candidates(f) if best is None else ([], [])
        nearest: dict[str | None, float] = {}  # story id -> the word score of its closest event
        if best is None:
            for ev in candidates:
                if reweigh is not None:
                    ev.reweigh(reweigh)
                parts = event_parts(f, ev)
                nearest[ev.story] = max(nearest.get(ev.story, 0.0), scoring.word_score(parts))
                if f.day and ev.days and abs((f.day - ev.first_day).days) > scoring.EVENT_MAX_DAYS:
                    continue  # too far to join, near enough to tie the article to its story
                scored.append((parts["score"], ev))
                if "series_apart" in parts:
                    series.add(ev.story)
                if parts["score"] > best_parts["score"]:
                    best, best_parts = ev, parts
        if best is not None and best_parts["score"] >= self.event_threshold:
            best.absorb(_lean(f))
            self.stories[best.story].absorb(f)
            self._index_doc(f, best.id)
            merged: list[str] = []
            left: list[str] = []
            if self.merge_events and not f.recap:  # a background piece bridges no happenings
                best, merged, left = self._merge_bridged(best, scored)
            return Assignment(f.id, best.id, best.story, False, False, best_parts["score"], 1.0, best_parts,
                              tuple(merged), tuple(left))
        event = self._new_group(self.events, stable_id("e", f.id))
        event.absorb(_lean(f))
        story, s_score = None, 0.0
        apart: tuple[str | None, str | None] = (None, None)  # the first story a rule set apart, and the rule
        for s in self._story_candidates(touched):
            sp = story_parts(f, s, series=s.id in series, nearest=nearest.get(s.id, 0.0))
            if sp["score"] > s_score:
                story, s_score = s, sp["score"]
            elif apart[0] is None and (rule := next((r for r in STORY_RULES if f"{r}_apart" in sp), None)):
                apart = (s.id, rule)
        new_story = story is None or s_score < self.story_threshold
        if story is None:
            closest_story, story_apart = apart
        else:
            closest_story, story_apart = (story.id if new_story else None), None
        if new_story:
            story = self._new_group(self.stories, stable_id("s", f.id))
        story.absorb(f)
        event.story = story.id
        self._story_events[story.id] += 1
        self._index_doc(f, event.id)
        return Assignment(f.id, event.id, story.id, True, new_story, best_parts["score"], s_score, best_parts,
                          closest_event=best.id if best is not None else None, closest_story=closest_story,
                          story_apart=story_apart)

    def _story_candidates(self, events: list[Group]) -> list[Group]:
        ids = {ev.story for ev in events if ev.story in self.stories}
        return [self.stories[s] for s in sorted(ids)]

    def _merge_bridged(self, event: Group, scored: list[tuple[float, Group]]
                       ) -> tuple[Group, list[str], list[str]]:
        """Merge into `event` the other events the new article came close to, when the two
        match as wholes. The older id stays, and so does its story. Returns the event, the
        events absorbed into it and the stories they were taken from."""
        merged, left = [], set()
        for score, other in sorted(scored, key=lambda x: (-x[0], x[1].id)):
            if score < MERGE_REACH * self.event_threshold or other is event or other.id not in self.events:
                continue
            if other.story != event.story and (other.id in self.pinned or event.id in self.pinned):
                continue
            if event.first_day and other.first_day and abs((event.first_day - other.first_day).days) > scoring.EVENT_MAX_DAYS:
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

    def _move_story(self, event: Group, story_id: str) -> None:
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
            new.take(f)
        new.days.update(event.days)
        self._story_events[story_id] += 1
        event.story = story_id
