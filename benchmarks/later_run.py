"""What `svodka run` costs when it adds real pages to a store that already holds many.

    python -m benchmarks.later_run [--articles 100000] [--small 1000] [--pages 100]
                                   [--dir ../shared/data/daniel-ru/html]

For each size, a store of synthetic articles (benchmarks.cluster_speed's stream) is grouped and
its outputs written once, as a first `svodka run` would; then the first ``pages`` HTML pages of
``dir`` (DAnIEL's Russian news pages) are added with the library calls `svodka run` makes:
`Engine.run` (read, extract, enrich, store, group), `Engine.records` (briefs) and
`write_outputs`, in one process (the models loaded before by a run into a scratch store). Reports each part for both sizes and the ratio of the whole
later run at ``articles`` to the one at ``small`` (issue 35: at most 2).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.cluster_speed import store_articles
from svodka import pipeline
from svodka.embed import e5_embedder
from svodka.engine import Engine
from svodka.pipeline import RunReport
from svodka.report import write_outputs
from svodka.store import SqliteStore


def later_run(size: int, pages: Path, tmp: Path) -> dict[str, float]:
    """The seconds a later run adding ``pages`` to a store of ``size`` spends in each part."""
    with SqliteStore(tmp / f"{size}.db") as store:
        store_articles(store, size)
        pipeline.cluster(store, RunReport())
        write_outputs(tmp / f"out{size}", *pipeline.brief_records(store))
        engine = Engine(store, embedder=e5_embedder(), embed_stored=False)  # as `svodka run` by default
        spent = {}
        t = time.perf_counter()
        report = engine.run([pages])
        spent["read, store and group"] = time.perf_counter() - t
        t = time.perf_counter()
        records, stored = engine.records()
        spent["briefs"] = time.perf_counter() - t
        t = time.perf_counter()
        write_outputs(tmp / f"out{size}", records, stored)
        spent["outputs"] = time.perf_counter() - t
    print(f"store of {size}: {len(report.added)} pages added in {sum(spent.values()):.1f}s ("
          + ", ".join(f"{k} {v:.1f}s" for k, v in spent.items()) + f"), {report.replayed} stored articles replayed",
          flush=True)
    return spent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/daniel-ru/html")
    args = ap.parse_args(argv)
    if not args.dir.is_dir():
        print(f"{args.dir}: no such folder of HTML pages; give one with --dir", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        pages = tmp / "pages"
        pages.mkdir()
        for path in sorted(args.dir.glob("*.htm*"))[:args.pages]:
            shutil.copy(path, pages)
        with SqliteStore(tmp / "warm.db") as store:  # the models loaded once, before anything is timed
            Engine(store, embedder=e5_embedder(), embed_stored=False).run([pages])
        small, large = (sum(later_run(n, pages, tmp).values()) for n in (args.small, args.articles))
    print(f"adding {args.pages} pages to a store of {args.articles} against one of {args.small}: ratio {large / small:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
