"""Nearest neighbours of an article among the articles of nearby days.

One exact inner-product index (faiss) per publication day, and undated articles in chunks of
their own. An article is compared only with the days an event can span, so the cost of a query
depends on how many articles a few days hold, not on how many the store holds: time per added
article stays flat as the store grows (benchmarks/cluster_speed.py measures it, `--undated` with
undated articles in the stream).

An undated article has no days to look at. It is taken to be news of the time the stream has
reached: it is compared with the articles of the latest `UNDATED_REACH_DAYS` days the index holds
and with the latest `UNDATED_CHUNKS` chunks of undated articles. Compared with every article, as
before, its query cost grew with the store (1.4 ms at the start of a 30 000-article stream with
10 % undated, 6.8 ms at its end). Older events stay within its reach through their words and
entities (the online clusterer's postings).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import faiss
import numpy as np

faiss.omp_set_num_threads(1)  # one query at a time: threads cost more than they save here

UNDATED_CHUNK = 5_000  # undated articles per exact index
# The latest this many chunks are searched, by dated and undated queries alike: the latest 5 000
# to 10 000 undated articles. With 4 chunks of 10 000, a stream of 100 000 articles, 10 % of
# them undated, slowed its dated articles from 1.34 to 2.02 ms (median, first and last tenth).
UNDATED_CHUNKS = 2
UNDATED_REACH_DAYS = 7  # an undated query looks at the latest week of dated articles


class Shard:
    __slots__ = ("index", "ids")

    def __init__(self, dim: int) -> None:
        self.index = faiss.IndexFlatIP(dim)
        self.ids: list[str] = []

    def add(self, item_id: str, vector: np.ndarray) -> None:
        self.index.add(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        self.ids.append(item_id)

    def vectors(self) -> np.ndarray:
        return self.index.reconstruct_n(0, len(self.ids)) if self.ids else np.zeros((0, self.index.d), np.float32)

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        sims, idx = self.index.search(query, min(k, len(self.ids)))
        return [(self.ids[i], float(s)) for s, i in zip(sims[0], idx[0]) if i >= 0]


class NeighbourIndex:
    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._days: dict[int, Shard] = {}  # day ordinal -> its articles
        self._undated: list[Shard] = []  # chunks of UNDATED_CHUNK, oldest first
        self._first_chunk = 0  # the number of the first chunk in `_undated`
        self.undated = 0  # how many undated articles were added
        self.log: list[tuple[int | None, int | None, str, np.ndarray]] | None = None  # additions, when kept

    def add(self, item_id: str, day: date | None, vector: np.ndarray, logged: bool = True) -> None:
        if day is None:
            chunk = self.undated // UNDATED_CHUNK
            if chunk >= self._first_chunk + len(self._undated):
                self._undated.append(Shard(self.dim))
            shard, key = self._undated[-1], None
            self.undated += 1
        else:
            key, chunk = day.toordinal(), None
            shard = self._days.get(key)
            if shard is None:
                shard = self._days[key] = Shard(self.dim)
        shard.add(item_id, vector)
        if logged and self.log is not None:
            self.log.append((key, chunk, item_id, vector))

    def points(self) -> Iterator[tuple[int | None, int | None, str, np.ndarray]]:
        """(day, undated chunk, id, vector) of every article held, as a `log` would give them."""
        for key, shard in self._days.items():
            yield from ((key, None, i, v) for i, v in zip(shard.ids, shard.vectors()))
        for n, shard in enumerate(self._undated, self._first_chunk):
            yield from ((None, n, i, v) for i, v in zip(shard.ids, shard.vectors()))

    def newest(self) -> int | None:
        return max(self._days) if self._days else None

    def day_shards(self, days: range) -> list[Shard]:
        return [self._days[d] for d in days if d in self._days]

    def undated_shards(self) -> list[Shard]:
        return self._undated[-UNDATED_CHUNKS:]

    def search(self, vector: np.ndarray, day: date | None, k: int, window: int) -> list[tuple[str, float]]:
        """The k most similar articles published within `window` days of `day`, and the latest
        undated ones; an undated query looks at the latest days the index holds."""
        if day is not None:
            o = day.toordinal()
            days = range(o - window, o + window + 1)
        elif (newest := self.newest()) is not None:  # the latest day any article was published on
            days = range(newest - UNDATED_REACH_DAYS + 1, newest + 1)
        else:
            days = range(0)
        shards = self.day_shards(days) + self.undated_shards()
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        hits = [h for shard in shards for h in shard.search(query, k)]
        hits.sort(key=lambda h: -h[1])
        return hits[:k]
