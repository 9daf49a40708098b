"""Extraction speed on the DAnIEL pages: svodka against trafilatura, in the same run.

    python -m benchmarks.extraction_speed [--repeat 3]

Each page is extracted by both, alternating, `repeat` times; the report gives the median time
per page of each and the ratio of the medians (svodka / trafilatura), for the HTML path and for
svodka's dump path on the same pages rendered to text.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

from eval.extraction import load, render
from svodka.extract import extract_article
from svodka.extract.dump import classify_dump
from svodka.model import Page


def main(argv: list[str] | None = None) -> int:
    import trafilatura

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    rows = load("daniel")
    dumps = [render(h, "innertext") for _, h, _ in rows]
    extract_article(Page(id="warm", source="warm", raw=rows[0][1], kind="html"))  # load models once
    times: dict[str, list[float]] = {"svodka html": [], "trafilatura": [], "svodka dump": []}
    for _ in range(args.repeat):
        for (doc_id, html, _), dump in zip(rows, dumps):
            t = time.perf_counter()
            trafilatura.bare_extraction(html, with_metadata=True)
            times["trafilatura"].append(time.perf_counter() - t)
            t = time.perf_counter()
            try:
                extract_article(Page(id=doc_id, source=doc_id, raw=html, kind="html"))
            except Exception:  # a rejected page still took its time
                pass
            times["svodka html"].append(time.perf_counter() - t)
            t = time.perf_counter()
            classify_dump(dump)
            times["svodka dump"].append(time.perf_counter() - t)
    base = statistics.median(times["trafilatura"])
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:12} median {med * 1000:6.1f} ms/page   ratio to trafilatura {med / base:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
