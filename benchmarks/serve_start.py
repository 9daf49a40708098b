"""What `svodka serve` reads before its first answer: the readers' snapshot of a store of many
synthetic articles (benchmarks.cluster_speed's stream), grouped and briefed as `svodka run` leaves it.

    python -m benchmarks.serve_start [--articles 100000] [--repeat 3]

Each read runs in a fresh process (its time and peak resident memory, medians of ``repeat``):
the snapshot (`svodka.web.state.Snapshot`: stories from their saved briefs, every Article
without its Doc) against the baseline of reading every story with every article's Doc
(`pipeline.load_stories`, what the snapshot read before). Reports both and their ratio.
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cluster_speed import store_articles
from svodka import pipeline
from svodka.pipeline import RunReport
from svodka.store import SqliteStore


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, not carried over from the parent)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def _read(what: str, db: str, out) -> None:
    from svodka.web.state import Snapshot  # imported before the clock starts, as a server has

    base = _peak_mb()
    t = time.perf_counter()
    with SqliteStore(db, reader=True) as store:
        n = len(Snapshot(store).stories) if what == "snapshot" else len(pipeline.load_stories(store)[0])
    out.send((time.perf_counter() - t, _peak_mb() - base, n))


def measure(what: str, db: str) -> tuple[float, float, int]:
    """Seconds, added peak MB and stories of one read in a fresh process."""
    ctx = multiprocessing.get_context("spawn")
    here, there = ctx.Pipe()
    proc = ctx.Process(target=_read, args=(what, db, there))
    proc.start()
    got = here.recv()
    proc.join()
    return got


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "svodka.db")
        with SqliteStore(db) as store:
            store_articles(store, args.articles)
            pipeline.cluster(store, RunReport())
            pipeline.brief_records(store)
        got = {}
        for what in ("every Doc", "snapshot"):
            runs = [measure(what, db) for _ in range(args.repeat)]
            got[what] = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
            print(f"{what}: {got[what][0]:.1f}s, +{got[what][1]:.0f} MB, {runs[0][2]} stories", flush=True)
    (base_s, base_mb), (snap_s, snap_mb) = got["every Doc"], got["snapshot"]
    print(f"{args.articles} articles: the snapshot takes {snap_s / base_s:.2f}x the time and "
          f"{snap_mb / base_mb:.2f}x the memory of reading every Doc")
    return 0


if __name__ == "__main__":
    sys.exit(main())
