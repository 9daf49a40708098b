"""A whole `svodka run` over DAnIEL's 132 HTML pages, with --workers 1 and --workers 2, against
trafilatura.extract alone over the same pages, each a process of its own, alternating, in the same
run (the measure of issue 35).

    python -m benchmarks.run_speed [--repeat 3]

Reports the median wall time of each and the ratios of the medians, what the default
embeddings cost (--workers 2 against --workers 2 --no-embeddings), and --workers 1 on one core:
in one process the e5 engine runs two OpenMP threads, so the plain --workers 1 uses both cores
while it embeds (OMP_NUM_THREADS=1 holds it to one).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from eval.common import DATA

TRAFILATURA = """
import glob, sys, trafilatura
for f in sorted(glob.glob(sys.argv[1] + "/*")):
    trafilatura.extract(open(f, encoding="utf-8", errors="replace").read())
"""


def timed(cmd: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env={**os.environ, **(env or {})})
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    pages = DATA / "daniel-ru" / "html"
    one, two, words, single, theirs = [], [], [], [], []
    runs = ((1, one, [], None), (2, two, [], None), (2, words, ["--no-embeddings"], None),
            (1, single, [], {"OMP_NUM_THREADS": "1"}))
    for _ in range(args.repeat):
        for n, times, flags, env in runs:
            with tempfile.TemporaryDirectory() as tmp:
                times.append(timed([sys.executable, "-m", "svodka.cli", "run", str(pages), "--out", f"{tmp}/o",
                                    "--db", str(Path(tmp) / "s.db"), "-q", "--workers", str(n), *flags], env))
        theirs.append(timed([sys.executable, "-c", TRAFILATURA, str(pages)]))
    a, b, t = statistics.median(one), statistics.median(two), statistics.median(theirs)
    print(f"medians of {args.repeat}: svodka run --workers 1 {a:.1f} s, --workers 2 {b:.1f} s, "
          f"trafilatura.extract alone {t:.1f} s")
    print(f"--workers 2 against trafilatura {b / t:.2f}, --workers 1 against trafilatura {a / t:.2f}, "
          f"--workers 2 is {a / b:.2f}x faster than --workers 1")
    w = statistics.median(words)
    print(f"--workers 2 --no-embeddings {w:.1f} s: the default embeddings cost {b / w:.2f}x")
    s = statistics.median(single)
    print(f"--workers 1 on one core (OMP_NUM_THREADS=1) {s:.1f} s: --workers 2 is {s / b:.2f}x faster")
    return 0


if __name__ == "__main__":
    sys.exit(main())
