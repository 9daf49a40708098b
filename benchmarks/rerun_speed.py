"""What a later run costs: pages added to a store that already holds many.

    python -m benchmarks.rerun_speed [--articles 20000] [--small 1000] [--added 100] [--rounds 3] [--pages 20]

`svodka run` over new pages, and every page added through `svodka serve`, replays the stored
groups before placing the new articles (pipeline.cluster): the near-duplicate index and the
clusterer are rebuilt from the store, then the new articles are placed. This builds a store of
`articles` synthetic articles (the stream of benchmarks.cluster_speed: realistic length, events
and stories, no NLP models), places them all once (the baseline, in the same process), then
`rounds` times adds `added` articles and runs the clustering step again. Reports the median time
of a later run, the parts it spends on (reading the store, the near-duplicate index, features,
replay, placing), and the ratio of a later run to the first, whole one.

Then pages one at a time, as `svodka serve` adds them (pipeline.group_added, after the page is
stored: place it, refresh its story's brief): three pages with the store replayed for each, then
`pages` pages placed from the groups kept in memory (grouping.LiveGrouping; the first of them
reads the store once). Reports the median time per page of each and their ratio. Last, what
a reader of `svodka serve` waits for after a page is added: the readers' snapshot (ranked stories
and their front-page rows) made from the whole store, against the same snapshot updated with
the stories the page changed (median of 3 pages each).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from benchmarks.cluster_speed import stream
from svodka import grouping, pipeline
from svodka.pipeline import RunReport
from svodka.report import write_outputs
from svodka.store import SqliteStore


class _Clock:
    """Times the named steps of pipeline.cluster by wrapping the functions it calls."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, owner, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.spent[label] = self.spent.get(label, 0.0) + time.perf_counter() - t

        setattr(owner, name, timed)


def _small(docs: list, articles: int, added: int, rounds: int, clock: _Clock) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp, SqliteStore(Path(tmp) / "svodka.db") as store:
        return _later_runs(docs, articles, added, rounds, clock, store, Path(tmp) / "out")


def _outputs(store: SqliteStore, out: Path) -> float:
    """What `svodka run` does after grouping: the stories' brief records and the output files."""
    t = time.perf_counter()
    write_outputs(out, *pipeline.brief_records(store))
    return time.perf_counter() - t


def _later_runs(docs: list, articles: int, added: int, rounds: int, clock: _Clock, store: SqliteStore,
                out: Path) -> tuple[float, float]:
    """Place the first ``articles`` at once, then ``rounds`` times add ``added`` and group again;
    the median time of those later runs' grouping, and of their grouping and outputs."""
    for i, d in enumerate(docs[:articles]):
        store.add_doc(d, f"hash{i}")
    t = time.perf_counter()
    pipeline.cluster(store, RunReport())
    first = time.perf_counter() - t
    written = _outputs(store, out)
    print(f"first run: {articles} articles placed in {first:.1f}s ({articles / first:.0f} articles/s); "
          f"briefs and outputs {written:.1f}s")
    later, whole = [], []
    for r in range(rounds):
        start = articles + r * added
        for i, d in enumerate(docs[start:start + added], start):
            store.add_doc(d, f"hash{i}")
        clock.spent.clear()
        t = time.perf_counter()
        report = RunReport()
        pipeline.cluster(store, report)
        later.append(time.perf_counter() - t)
        whole.append(later[-1] + _outputs(store, out))
        shown = ", ".join(f"{k} {v:.2f}s" for k, v in clock.spent.items())
        how = f"{report.replayed} articles replayed" if report.replayed else "the stored state loaded"
        print(f"  later run {r + 1}: {added} added to {start}: {later[-1]:.2f}s, {how} ({shown}); with the briefs "
              f"and outputs {whole[-1]:.2f}s", flush=True)
    median = statistics.median(later)
    print(f"later run at {articles}: median {median:.2f}s for {added} added articles, {statistics.median(whole):.2f}s "
          f"with the briefs and outputs; ratio to the first, whole run {median / first:.3f}")
    return median, statistics.median(whole)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--added", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--small", type=int, default=1000, help="the same later runs on a store of this many first (0: not)")
    args = ap.parse_args(argv)

    replayed_pages = 3
    total = args.articles + args.added * 2 * args.rounds + replayed_pages + args.pages
    replayed: list[float] = []
    docs, _, _ = stream(total, per_day=1000, embeddings=False)
    clock = _Clock()
    from svodka.cluster import online
    from svodka.dedup import minhash
    clock.wrap(SqliteStore, "docs", "read the store")
    clock.wrap(minhash.MinHashDeduper, "add", "near-duplicate index")
    clock.wrap(minhash.MinHashDeduper, "restore", "near-duplicate index")
    clock.wrap(pipeline.Featurizer, "__call__", "features")
    clock.wrap(online.OnlineClusterer, "restore", "replay")
    clock.wrap(online.OnlineClusterer, "add", "placing")
    for name in ("cluster_groups", "cluster_keys", "cluster_points", "band_hits", "term_counts", "clustered_events"):
        clock.wrap(SqliteStore, name, "stored state read")
    clock.wrap(SqliteStore, "save_cluster_state", "stored state written")

    small = _small(docs, args.small, args.added, args.rounds, clock) if args.small else None
    with tempfile.TemporaryDirectory() as tmp, SqliteStore(Path(tmp) / "svodka.db") as store:
        median, whole = _later_runs(docs, args.articles, args.added, args.rounds, clock, store, Path(tmp) / "out")
        if small:
            print(f"a later run at {args.articles} against one at {args.small}: grouping ratio {median / small[0]:.2f}; "
                  f"with the briefs and outputs ratio {whole / small[1]:.2f}")
        for r in range(args.rounds):  # the same, with the stored state dropped: every article replayed
            start = args.articles + (args.rounds + r) * args.added
            for i, d in enumerate(docs[start:start + args.added], start):
                store.add_doc(d, f"hash{i}")
            store.drop_cluster_state()
            t = time.perf_counter()
            pipeline.cluster(store, RunReport())
            replayed.append(time.perf_counter() - t)
        print(f"the same later run replaying every stored article: median {statistics.median(replayed):.1f}s; "
              f"ratio of loading the stored state to it {median / statistics.median(replayed):.3f}")

        start = args.articles + args.added * 2 * args.rounds
        live = grouping.LiveGrouping()
        per_page: dict[str, list[float]] = {"read": [], "kept": []}
        for n, d in enumerate(docs[start:], start):
            how = "read" if n < start + replayed_pages else "kept"
            kept = live.get(store) if how == "kept" else None
            store.add_doc(d, f"hash{n}")
            t = time.perf_counter()
            pipeline.group_added(store, d.id, RunReport(), kept, live if how == "kept" else None)
            per_page[how].append(time.perf_counter() - t)
            if how == "kept" and kept is None:
                print(f"  the store read once, for the groups kept in memory: {per_page[how].pop():.1f}s")
        read, kept_median = (statistics.median(per_page[k]) for k in ("read", "kept"))
        print(f"one page at a time (svodka serve), to a store of {start}: groups read from the stored state median "
              f"{1000 * read:.0f} ms per page, kept in memory median {1000 * kept_median:.0f} ms per page "
              f"({len(per_page['kept'])} pages); ratio kept/read {kept_median / read:.3f}")

        from svodka.web.state import Snapshot

        snap = Snapshot(store)
        whole, updated = [], []
        for n, d in enumerate(docs[-6:], len(docs) + 1):
            kept = live.get(store)
            store.add_doc(replace(d, article=replace(d.article, id=f"again-{n}")), f"hash{n}")
            report = RunReport()
            pipeline.group_added(store, f"again-{n}", report, kept, live)
            t = time.perf_counter()
            if n % 2:
                snap = Snapshot(store)
                whole.append(time.perf_counter() - t)
            else:
                snap = Snapshot(store, snap, frozenset(report.stories))
                updated.append(time.perf_counter() - t)
        w, u = statistics.median(whole), statistics.median(updated)
        print(f"readers' snapshot after a page is added: from the whole store {w:.2f}s, updated with the changed "
              f"stories {1000 * u:.0f} ms; ratio {u / w:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
