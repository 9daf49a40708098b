"""Nearest neighbours of an article among the articles of nearby days.

One exact inner-product index (faiss) per publication day, plus one for undated articles. An
article is compared only with the days an event can span, so the cost of a query depends on how
many articles a few days hold, not on how many the store holds: time per added article stays
flat as the store grows (benchmarks/cluster_speed.py measures it).
"""
from __future__ import annotations

from datetime import date

import faiss
import numpy as np

faiss.omp_set_num_threads(1)  # one query at a time: threads cost more than they save here


class NeighbourIndex:
    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._shards: dict[int | None, tuple[faiss.IndexFlatIP, list[str]]] = {}

    def add(self, item_id: str, day: date | None, vector: np.ndarray) -> None:
        key = day.toordinal() if day else None
        shard = self._shards.get(key)
        if shard is None:
            shard = self._shards[key] = (faiss.IndexFlatIP(self.dim), [])
        shard[0].add(np.asarray(vector, dtype=np.float32).reshape(1, -1))
        shard[1].append(item_id)

    def search(self, vector: np.ndarray, day: date | None, k: int, window: int) -> list[tuple[str, float]]:
        """The k most similar articles published within `window` days of `day`, and undated
        ones; an undated query looks at every day."""
        if day is None:
            keys = list(self._shards)
        else:
            o = day.toordinal()
            keys = [d for d in range(o - window, o + window + 1) if d in self._shards] + [None]
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        hits: list[tuple[str, float]] = []
        for key in keys:
            shard = self._shards.get(key)
            if shard is None or not shard[1]:
                continue
            sims, idx = shard[0].search(query, min(k, len(shard[1])))
            hits.extend((shard[1][i], float(s)) for s, i in zip(sims[0], idx[0]) if i >= 0)
        hits.sort(key=lambda h: -h[1])
        return hits[:k]
