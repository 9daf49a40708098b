"""The state of a group (an event or a story) as the online clusterer keeps it: its members, the
latest members' features and their summed vectors per language (an event), the summed vector
of all its members (a story), its key entities and days. Nothing here scores."""
from __future__ import annotations

import base64
import hashlib
import json
import math
import pickle
from collections import Counter
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from itertools import compress

import numpy as np

from svodka.cluster.features import DENSE_DIM, DocFeatures, top_entities
from svodka.cluster.index import NeighbourIndex

# A story's summed vector keeps its 500 heaviest terms, pruned when it passes twice that: the tail
# is words one report used once, and it was the clusterer's largest part (at 20 000 synthetic
# articles 1.75 M story entries against 1.55 M in the events' member sums). On ECB+ (3 orders)
# and a 20 000-article synthetic stream every event and story came out the same as uncapped; at
# 100 000 articles (benchmarks.cluster_speed --embeddings) the clusterer's memory fell from
# +1 243 MB to +907 MB.
STORY_TERMS = 500
# An article is compared with each of an event's latest members and the parts averaged
# (average linkage): against a centroid, a big event draws in every article of its story.
LINKAGE_MEMBERS = 10


def stable_id(prefix: str, seed: str) -> str:
    return prefix + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10]


@dataclass
class Sums:
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
class Group:
    id: str
    seq: int = 0  # creation order: of two merged events the older id stays
    members: list[str] = field(default_factory=list)
    _vec: dict[str, float] = field(default_factory=dict)  # a story's summed vector (`vec`)
    ents: Counter = field(default_factory=Counter)
    days: set[date] = field(default_factory=set)  # the distinct days of its members
    story: str | None = None
    is_story: bool = False
    _recent: list[DocFeatures] = field(default_factory=list)  # an event's last members (`recent`)
    _sq: float = 0.0  # squared norm of vec, kept as members are added
    _sums: dict[str | None, Sums] = field(default_factory=dict)  # language -> sums over `recent` (`sums`)
    _top: dict[str, float] | None = None
    _cold: bytes | None = None  # `vec`, `recent` and `sums` pickled while the group lies past reach
    languages: set[str] = field(default_factory=set)  # a story's members' languages
    places: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)  # the places its members' titles name

    def freeze(self) -> None:
        """Keep the vectors a comparison reads as one pickle (about a fifth of their size as
        dicts) until one is read again: a group past every window is rarely compared again."""
        if self._cold is None:
            self._cold = pickle.dumps(self.state(), protocol=pickle.HIGHEST_PROTOCOL)
            self._vec, self._recent, self._sums = {}, [], {}

    def state(self) -> tuple[dict[str, float], list[DocFeatures], dict[str | None, Sums]]:
        """(vec, recent, sums), read without thawing a frozen group."""
        if self._cold is not None:
            return pickle.loads(self._cold)
        return self._vec, self._recent, self._sums

    def _thaw(self) -> None:
        if self._cold is not None:
            self._vec, self._recent, self._sums = pickle.loads(self._cold)
            self._cold = None

    @property
    def frozen(self) -> bool:
        return self._cold is not None

    @property
    def vec(self) -> dict[str, float]:
        self._thaw()
        return self._vec

    @vec.setter
    def vec(self, value: dict[str, float]) -> None:
        self._thaw()
        self._vec = value

    @property
    def recent(self) -> list[DocFeatures]:
        self._thaw()
        return self._recent

    @recent.setter
    def recent(self, value: list[DocFeatures]) -> None:
        self._thaw()
        self._recent = value

    @property
    def sums(self) -> dict[str | None, Sums]:
        self._thaw()
        return self._sums

    @sums.setter
    def sums(self, value: dict[str | None, Sums]) -> None:
        self._thaw()
        self._sums = value

    def absorb(self, f: DocFeatures) -> None:
        self.members.append(f.id)
        if self.is_story:  # stories are scored on their summed vector, events on their latest members
            self.take(f)
        else:
            self._set_recent(self.recent + [f])
            self.ents.update(f.entities)
        if f.day:
            self.days.add(f.day)
        self._top = None

    def take(self, f: DocFeatures) -> None:
        """A story takes in a report's words, names, language and title places (its id and day aside)."""
        self._add_vec(f.vector)
        self.ents.update(f.entities)
        if f.language:
            self.languages.add(f.language)
        self.places.update(f.places)
        self._top = None

    def _set_recent(self, members: list[DocFeatures]) -> None:
        """Keep the latest members and, per language, the sums of their text and lead vectors:
        the average of an article's cosines with each member is one dot with the sum."""
        old = {id(o) for o in self.recent}
        self.recent = members[-LINKAGE_MEMBERS:]
        new = {id(o) for o in self.recent}
        for o in members:
            if (id(o) in old) != (id(o) in new):
                self.sums.setdefault(o.language, Sums()).add(o, 1.0 if id(o) in new else -1.0)

    def reweigh(self, featurize: Callable[[DocFeatures], DocFeatures]) -> None:
        """Make the latest members' features again (and their sums) under the current term weights."""
        members = [featurize(o) for o in self.recent]
        if all(m is o for m, o in zip(members, self.recent)):
            return
        self.recent, self.sums = [], {}
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


def _memory_index(language: str | None, dim: int) -> NeighbourIndex:
    return NeighbourIndex(dim)


@dataclass
class Tables:
    """Where the online clusterer keeps its groups and indexes: in memory, unless
    svodka.cluster.stored gives mappings that load from the store what is asked for."""
    events: MutableMapping[str, Group] = field(default_factory=dict)
    stories: MutableMapping[str, Group] = field(default_factory=dict)
    story_events: Counter = field(default_factory=Counter)  # story id -> how many live events it holds
    article_event: MutableMapping[str, str] = field(default_factory=dict)
    alias: MutableMapping[str, str] = field(default_factory=dict)  # merged-away event -> the one that took it
    postings: MutableMapping[str, list[str]] = field(default_factory=dict)  # index key -> its latest events
    neighbours: NeighbourIndex = field(default_factory=lambda: NeighbourIndex(DENSE_DIM))
    semantic: dict[str | None, NeighbourIndex] = field(default_factory=dict)  # language -> embeddings
    seq: int = 0
    new_index: Callable[[str | None, int], NeighbourIndex] = _memory_index  # a language's semantic index


# -- the state kept in the store between runs (svodka.cluster.stored): plain JSON, no pickles --------
def _array(a: np.ndarray | None) -> str | None:
    return None if a is None else base64.b64encode(np.asarray(a, dtype=np.float32).tobytes()).decode("ascii")


def _unarray(s: str | None) -> np.ndarray | None:
    return None if s is None else np.frombuffer(base64.b64decode(s), dtype=np.float32).copy()


def _day(d: date | None) -> int | None:
    return None if d is None else d.toordinal()


def _unday(o: int | None) -> date | None:
    return None if o is None else date.fromordinal(o)


def _floats(d: dict[str, float]) -> list:
    """A term -> weight dict as its terms and its weights' exact float64 bytes (compact and exact)."""
    return [list(d), base64.b64encode(np.fromiter(d.values(), dtype=np.float64, count=len(d)).tobytes()).decode("ascii")]


def _unfloats(packed: list) -> dict[str, float]:
    terms, values = packed
    return dict(zip(terms, np.frombuffer(base64.b64decode(values), dtype=np.float64).tolist()))


def encode_features(f: DocFeatures) -> dict:
    return {"id": f.id, "vector": _floats(f.vector), "lead": _floats(f.lead), "title": sorted(f.title),
            "entities": f.entities, "day": _day(f.day), "mentioned": f.mentioned, "dense": _array(f.dense), "language": f.language,
            "embedding": _array(f.embedding), "top_terms": f.top_terms, "headline": f.headline,
            "title_days": f.title_days, "kind": f.kind, "recap": f.recap, "places": f.places,
            "names": sorted(f.names)}


def decode_features(d: dict) -> DocFeatures:
    mentioned = tuple(d["mentioned"]) if d["mentioned"] else None
    return DocFeatures(d["id"], _unfloats(d["vector"]), _unfloats(d["lead"]), frozenset(d["title"]), d["entities"],
                       _unday(d["day"]), mentioned, _unarray(d["dense"]), d["language"], _unarray(d["embedding"]),
                       tuple((t, w) for t, w in d["top_terms"]), d["headline"],
                       tuple((tuple(a), tuple(b)) for a, b in d["title_days"]), d["kind"], d["recap"],
                       tuple((k, tuple(ls)) for k, ls in d.get("places", ())), frozenset(d.get("names", ())))


def encode_group(g: Group) -> str:
    """A group as JSON, every float exact (weights as float64 bytes, the rest as JSON numbers), so
    that a group read back scores as the one written."""
    vec, recent, sums = g.state()
    return json.dumps({"id": g.id, "seq": g.seq, "members": g.members, "vec": _floats(vec), "ents": dict(g.ents),
                       "days": sorted(_day(d) for d in g.days), "story": g.story, "is_story": g.is_story,
                       "recent": [encode_features(f) for f in recent], "sq": g._sq,
                       "sums": [[lang, _floats(s.text), _floats(s.lead), s.count] for lang, s in sums.items()],
                       "languages": sorted(g.languages), "places": sorted(g.places)},
                      ensure_ascii=False)


def decode_group(text: str) -> Group:
    d = json.loads(text)
    return Group(d["id"], d["seq"], d["members"], _unfloats(d["vec"]), Counter(d["ents"]),
                 {_unday(o) for o in d["days"]}, d["story"], d["is_story"], [decode_features(f) for f in d["recent"]], d["sq"],
                 {lang: Sums(_unfloats(text), _unfloats(lead), count) for lang, text, lead, count in d["sums"]},
                 languages=set(d.get("languages", ())), places={(k, tuple(ls)) for k, ls in d.get("places", ())})
