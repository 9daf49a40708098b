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


class _Shard:
    __slots__ = ("index", "ids")

    def __init__(self, dim: int) -> None:
        self.index = faiss.IndexFlatIP(dim)
        self.ids: list[str] = []

    def add(self, item_id: str, vector: np.ndarray) -> None:
        self.index.add(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        self.ids.append(item_id)

    def search(self, query: np.ndarray, k: int) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        sims, idx = self.index.search(query, min(k, len(self.ids)))
        return [(self.ids[i], float(s)) for s, i in zip(sims[0], idx[0]) if i >= 0]


class NeighbourIndex:
    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._days: dict[int, _Shard] = {}  # day ordinal -> its articles
        self._undated: list[_Shard] = []  # chunks of UNDATED_CHUNK, oldest first

    def add(self, item_id: str, day: date | None, vector: np.ndarray) -> None:
        if day is None:
            if not self._undated or len(self._undated[-1].ids) >= UNDATED_CHUNK:
                self._undated.append(_Shard(self.dim))
            shard = self._undated[-1]
        else:
            key = day.toordinal()
            shard = self._days.get(key)
            if shard is None:
                shard = self._days[key] = _Shard(self.dim)
        shard.add(item_id, vector)

    def search(self, vector: np.ndarray, day: date | None, k: int, window: int) -> list[tuple[str, float]]:
        """The k most similar articles published within `window` days of `day`, and the latest
        undated ones; an undated query looks at the latest days the index holds."""
        if day is not None:
            o = day.toordinal()
            days = range(o - window, o + window + 1)
        elif self._days:
            newest = max(self._days)  # the latest day any article was published on
            days = range(newest - UNDATED_REACH_DAYS + 1, newest + 1)
        else:
            days = range(0)
        shards = [self._days[d] for d in days if d in self._days] + self._undated[-UNDATED_CHUNKS:]
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        hits = [h for shard in shards for h in shard.search(query, k)]
        hits.sort(key=lambda h: -h[1])
        return hits[:k]
