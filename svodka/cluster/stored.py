"""The clusterer's state kept in the store, so that a later run does not replay every stored article.

After grouping, what the online clusterer holds is written to the store (svodka.store's cluster_*
tables): each event and story as JSON, the index keys' latest events, the vectors of the
neighbour indexes by day, the near-duplicate index's bands and the terms' document counts. A later
run reads back only what its new articles touch: the events and stories their keys, neighbours
and reprints lead to, the days around theirs, the counts of their terms. Its cost then depends on
the articles added, not on how many the store holds. The mappings here load on a miss and keep
what they loaded; ``changes`` says what to write back.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Protocol, TypeVar

import numpy as np
from datasketch import LeanMinHash

from svodka.cluster.features import DocFeatures
from svodka.cluster.groups import Group, Tables, decode_group, encode_group
from svodka.cluster.index import UNDATED_CHUNK, UNDATED_CHUNKS, NeighbourIndex, Shard
from svodka.cluster.online import POSTINGS, Assignment, OnlineClusterer
from svodka.dedup.minhash import MinHashDeduper, new_lsh

FORMAT = 3  # the stored state's layout, the entity keys and embeddings in it; a store holding another is replayed anew
DENSE = "dense"

K = TypeVar("K")
V = TypeVar("V")


class Source(Protocol):
    """What the mappings read from (svodka.store.SqliteStore)."""

    def cluster_groups(self, ids: Iterable[str]) -> dict[str, tuple[str, int | None]]: ...
    def cluster_keys(self, keys: Iterable[str]) -> dict[str, list[str]]: ...
    def cluster_alias(self, ids: Iterable[str]) -> dict[str, str]: ...
    def clustered_events(self, article_ids: Iterable[str]) -> dict[str, str]: ...
    def cluster_points(self, space: str, first: int | None = None, last: int | None = None,
                       from_chunk: int | None = None) -> list[tuple[int | None, int | None, str, np.ndarray]]: ...
    def band_hits(self, keys: Iterable[tuple[int, bytes]]) -> set[str]: ...
    def duplicates_of(self, article_ids: Iterable[str]) -> dict[str, str | None]: ...
    def credited_to(self, original: str) -> list[str]: ...


class Bound:
    """The store the state is read from, which can change: `svodka serve` opens one per request
    and keeps the grouping between them."""

    def __init__(self, store: Source) -> None:
        self.store = store

    def __getattr__(self, name: str):
        return getattr(self.store, name)


class Loaded(MutableMapping[K, V]):
    """A mapping that asks ``load`` for the keys it does not hold (and remembers the misses).
    Iterating it goes over what was loaded or set, not over the store."""

    def __init__(self, load: Callable[[list[K]], dict[K, V]]) -> None:
        self._data: dict[K, V] = {}
        self._missing: set[K] = set()
        self._load = load

    def _has(self, key: K) -> bool:
        if key in self._data:
            return True
        if key in self._missing:
            return False
        got = self._load([key])
        if key in got:
            self._data[key] = got[key]
            return True
        self._missing.add(key)
        return False

    def __getitem__(self, key: K) -> V:
        if self._has(key):
            return self._data[key]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return self._has(key)  # type: ignore[arg-type]

    def __setitem__(self, key: K, value: V) -> None:
        self._data[key] = value
        self._missing.discard(key)

    def __delitem__(self, key: K) -> None:
        if not self._has(key):
            raise KeyError(key)
        del self._data[key]
        self._missing.add(key)

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


class StoredIndex(NeighbourIndex):
    """A neighbour index whose days are read from the store when a search or an addition first
    reaches them, and whose latest undated chunks are read once."""

    def __init__(self, dim: int, source: Source, space: str, newest: int | None, undated: int) -> None:
        super().__init__(dim)
        self._source, self._space, self._newest = source, space, newest
        self._read_days: set[int] = set()
        self._read_undated = False
        self.undated = undated
        self.log = []

    def _read(self, days: Iterable[int]) -> None:
        todo = sorted(set(days) - self._read_days)
        if not todo:
            return
        for day, _, aid, vector in self._source.cluster_points(self._space, todo[0], todo[-1]):
            if day not in self._read_days:
                NeighbourIndex.add(self, aid, date.fromordinal(day), vector, logged=False)
        self._read_days.update(range(todo[0], todo[-1] + 1))

    def _read_latest(self) -> None:
        if self._read_undated:
            return
        self._read_undated = True
        if self.undated:
            last = (self.undated - 1) // UNDATED_CHUNK
            self._first_chunk = max(0, last - UNDATED_CHUNKS + 1)
            for _, chunk, aid, vector in self._source.cluster_points(self._space, from_chunk=self._first_chunk):
                while chunk >= self._first_chunk + len(self._undated):
                    self._undated.append(Shard(self.dim))
                self._undated[chunk - self._first_chunk].add(aid, vector)

    def add(self, item_id: str, day: date | None, vector: np.ndarray, logged: bool = True) -> None:
        if day is None:
            self._read_latest()
        else:
            self._read([day.toordinal()])
            self._newest = max(self._newest or 0, day.toordinal())
        super().add(item_id, day, vector, logged)

    def newest(self) -> int | None:
        return self._newest

    def day_shards(self, days: range) -> list:
        self._read(days)
        return super().day_shards(days)

    def undated_shards(self) -> list:
        self._read_latest()
        return super().undated_shards()


def _space(language: str | None) -> str:
    return "sem:" + (language or "")


def stored_tables(source: Source, meta: dict) -> Tables:
    """The clusterer's tables over the state a store keeps (``meta``: its cluster_meta)."""
    story_events: Counter = Counter()

    def groups(ids: list[str]) -> dict[str, Group]:
        out = {}
        for gid, (state, live) in source.cluster_groups(ids).items():
            g = out[gid] = decode_group(state)
            if g.is_story:
                story_events[gid] = live or 0
        return out

    def keys(ks: list[str]) -> dict[str, list[str]]:
        return {k: list(v)[-POSTINGS:] for k, v in source.cluster_keys(ks).items()}

    def index(language: str | None, dim: int, newest: int | None = None, undated: int = 0) -> NeighbourIndex:
        return StoredIndex(dim, source, _space(language), newest, undated)

    dense = meta["dense"]
    return Tables(events=Loaded(groups), stories=Loaded(groups), story_events=story_events,
                  article_event=Loaded(lambda ids: source.clustered_events(ids)),
                  alias=Loaded(lambda ids: source.cluster_alias(ids)),
                  postings=Loaded(keys), neighbours=StoredIndex(dense["dim"], source, DENSE, dense["newest"],
                                                                dense["undated"]),
                  semantic={lang: index(lang, s["dim"], s["newest"], s["undated"]) for lang, s in meta["semantic"]},
                  seq=meta["seq"], new_index=index)


def band_keys(hashvalues: np.ndarray) -> list[tuple[int, bytes]]:
    """The near-duplicate index's band keys of a signature: two articles are candidates when one
    band of theirs is the same (the bands datasketch's MinHashLSH makes at LSH_THRESHOLD)."""
    return [(i, np.asarray(hashvalues[a:b], dtype=np.uint64).tobytes()) for i, (a, b) in enumerate(_ranges())]


@lru_cache(maxsize=1)
def _ranges() -> list[tuple[int, int]]:
    return new_lsh().hashranges


class StoredBands:
    """MinHashLSH's query and insert over the bands kept in the store and those added since."""

    def __init__(self, source: Source) -> None:
        self._source = source
        self._added = new_lsh()

    def query(self, m: LeanMinHash) -> list[str]:
        return sorted(set(self._added.query(m)) | self._source.band_hits(band_keys(m.hashvalues)))

    def insert(self, key: str, m: LeanMinHash, check_duplication: bool = False) -> None:
        self._added.insert(key, m, check_duplication=False)


class StoredDeduper(MinHashDeduper):
    """The near-duplicate check over the store's bands: a candidate's lemmas and the original it
    was marked a reprint of are read from the store when it comes up."""

    def __init__(self, source: Source, lemmas: Callable[[str], Iterable[str]]) -> None:
        super().__init__()
        self._lsh = StoredBands(source)
        self._source, self._lemmas_of = source, lemmas

    def _shingles_of(self, article_id: str) -> frozenset[str]:
        if article_id not in self._lemmas:
            self._lemmas[article_id] = tuple(self._lemmas_of(article_id))
        return super()._shingles_of(article_id)

    def _original_of(self, article_id: str) -> str | None:
        if article_id not in self._original:
            self._original[article_id] = self._source.duplicates_of([article_id]).get(article_id)
        return self._original[article_id]

    def _credited(self, original: str) -> list[str]:
        for a in self._source.credited_to(original):
            self._original_of(a)
        return super()._credited(original)


@dataclass
class Change:
    """What to write to the store's cluster_* tables (svodka.store.SqliteStore.save_cluster_state),
    each read once."""
    groups: Iterable[tuple[str, str, int | None]] = field(default_factory=list)  # (id, JSON, live events of a story)
    gone: list[str] = field(default_factory=list)  # groups merged away or left empty
    keys: Iterable[tuple[str, list[str]]] = field(default_factory=list)
    alias: list[tuple[str, str]] = field(default_factory=list)
    points: Iterable[tuple[str, int | None, int | None, str, np.ndarray]] = field(default_factory=list)
    bands: Iterable[tuple[int, bytes, str]] = field(default_factory=list)
    terms: list[tuple[str, int]] = field(default_factory=list)  # counts to add
    meta: dict = field(default_factory=dict)


def _meta(c: OnlineClusterer, extra: dict) -> dict:
    def index(ix: NeighbourIndex) -> dict:
        return {"dim": ix.dim, "newest": ix.newest(), "undated": ix.undated}

    return {"format": FORMAT, "seq": c._seq, "dense": index(c._neighbours),
            "semantic": [[lang, index(ix)] for lang, ix in c._semantic.items()], **extra}


def _group_row(c: OnlineClusterer, g: Group) -> tuple[str, str, int | None]:
    return g.id, encode_group(g), c._story_events[g.id] if g.is_story else None


def _indexes(c: OnlineClusterer) -> list[tuple[str, NeighbourIndex]]:
    return [(DENSE, c._neighbours), *((_space(lang), ix) for lang, ix in c._semantic.items())]


def whole_state(c: OnlineClusterer, df: Counter, signatures: dict[str, np.ndarray], extra: dict) -> Change:
    """All the clusterer holds, for a store whose state is written anew: its rows made as they are
    written (a store of a million articles is not encoded at once). Starts the logs of what is
    added from now on (`changes`)."""
    ch = Change(meta=_meta(c, extra))
    ch.groups = (_group_row(c, g) for table in (c.events, c.stories) for g in table.values())
    ch.keys = ((k, list(q)) for k, q in c._postings.items())
    ch.alias = list(c._alias.items())
    ch.points = ((space, *p) for space, ix in _indexes(c) for p in ix.points())
    for _, ix in _indexes(c):
        ix.log = []
    ch.bands = ((band, key, aid) for aid, sig in signatures.items() for band, key in band_keys(sig))
    ch.terms = list(df.items())
    return ch


def changes(c: OnlineClusterer, placed: list[Assignment], features: list[DocFeatures], counted: Counter,
            bands: list[tuple[str, np.ndarray]], extra: dict) -> Change:
    """What placing these articles changed: their events and stories (and those merged into
    them), their index keys and vectors, their bands and terms."""
    ch = Change(meta=_meta(c, extra))
    events = {a.event_id for a in placed} | {m for a in placed for m in a.merged}
    stories = {a.story_id for a in placed} | {s for a in placed for s in a.left_stories}
    for table, ids in ((c.events, events), (c.stories, stories)):
        for gid in sorted(ids):
            if gid in table:
                ch.groups.append(_group_row(c, table[gid]))
            else:
                ch.gone.append(gid)
    ch.alias = [(m, c._alias[m]) for a in placed for m in a.merged]
    keys = {k for f in features for k in c._keys(f)}
    ch.keys = [(k, list(c._postings[k])) for k in sorted(keys) if k in c._postings]
    for space, ix in _indexes(c):
        ch.points += [(space, *p) for p in ix.log or ()]
        ix.log = []
    ch.bands = [(band, key, aid) for aid, sig in bands for band, key in band_keys(sig)]
    ch.terms = list(counted.items())
    return ch
