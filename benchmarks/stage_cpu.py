"""Where the CPU of `svodka run` goes: each per-page stage over DAnIEL's 132 HTML pages on one thread,
in one process, against trafilatura.extract alone over the same pages in the same process.

    OMP_NUM_THREADS=1 python -m benchmarks.stage_cpu [--repeat 3]

Reports the median seconds of each stage (extraction, the topic model, enrichment) and of
trafilatura, and what two cores could at best make of the stages' sum: the floor of the wall time
of `svodka run --workers 2` before its models load and its groups and briefs are made.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from eval.common import DATA
from svodka import embed
from svodka.extract.bounds import bounded
from svodka.ingest.files import iter_pages
from svodka.model import Page
from svodka.prepare import default_classifier
from svodka.stages import Stages


def main(argv: list[str] | None = None) -> int:
    import trafilatura

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    pages = [p for p in iter_pages([DATA / "daniel-ru" / "html"]) if isinstance(p, Page)]
    stages, classify = Stages(), default_classifier()
    warm = stages.extractor(bounded(pages[0]))
    stages.enricher(warm), classify([warm]), trafilatura.extract(pages[0].raw)  # models load once
    runs: dict[str, list[float]] = {"extraction": [], "topic model": [], "enrichment": [], "trafilatura": []}
    for _ in range(args.repeat):
        embed._RECENT.clear()  # the texts embedded in the run before: each repeat embeds them again
        spent = dict.fromkeys(runs, 0.0)
        for page in pages:
            t0 = time.process_time()
            article = stages.extractor(bounded(page))
            t1 = time.process_time()
            classify([article])
            t2 = time.process_time()
            stages.enricher(article)
            t3 = time.process_time()
            trafilatura.extract(page.raw)
            t4 = time.process_time()
            for name, took in zip(runs, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
                spent[name] += took
        for name, took in spent.items():
            runs[name].append(took)
    med = {name: statistics.median(v) for name, v in runs.items()}
    ours = med["extraction"] + med["topic model"] + med["enrichment"]
    print(f"{len(pages)} pages, CPU seconds on one thread, medians of {args.repeat}: "
          + ", ".join(f"{k} {v:.1f}" for k, v in med.items()))
    print(f"svodka's stages {ours:.1f} s = {ours / med['trafilatura']:.2f}x trafilatura; on two cores at best "
          f"{ours / 2:.1f} s ({ours / 2 / med['trafilatura']:.2f}x), without the topic model "
          f"{(ours - med['topic model']) / 2:.1f} s ({(ours - med['topic model']) / 2 / med['trafilatura']:.2f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
