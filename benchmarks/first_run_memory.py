"""What the product's first grouping holds: peak resident memory of `pipeline.cluster` over a store
of synthetic articles (benchmarks.cluster_speed's stream, stored one at a time).

    python -m benchmarks.first_run_memory [--articles 20000]

Reports the peak before grouping (storing the articles) and after it (reading every Doc, the
near-duplicate index, the clusterer, writing the whole state), and the peak per article.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cluster_speed import store_articles
from svodka import pipeline
from svodka.pipeline import RunReport
from svodka.store import SqliteStore


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, SqliteStore(Path(tmp) / "svodka.db") as store:
        store_articles(store, args.articles)
        stored = _peak_mb()
        t = time.perf_counter()
        pipeline.cluster(store, RunReport())
        took = time.perf_counter() - t
        placed = len(store.clustered())
    peak = _peak_mb()
    print(f"{args.articles} articles stored (peak {stored:.0f} MB); first grouping {took:.0f}s, {placed} placed, "
          f"peak {peak:.0f} MB: {1024 * (peak - stored) / args.articles:.0f} KB an article")
    return 0


if __name__ == "__main__":
    sys.exit(main())
