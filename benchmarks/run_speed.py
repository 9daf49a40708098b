"""A whole `svodka run` over DAnIEL's 132 HTML pages against trafilatura.extract alone over the same
pages, each a process of its own, alternating, in the same run (the measure of issue 35).

    python -m benchmarks.run_speed [--repeat 3]

Reports the median wall time of each and the ratio of the medians (svodka / trafilatura).
"""
from __future__ import annotations

import argparse
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


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    pages = DATA / "daniel-ru" / "html"
    ours, theirs = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            ours.append(timed([sys.executable, "-m", "svodka.cli", "run", str(pages), "--out", f"{tmp}/o",
                               "--db", str(Path(tmp) / "s.db"), "-q"]))
        theirs.append(timed([sys.executable, "-c", TRAFILATURA, str(pages)]))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"svodka run {a:.1f} s, trafilatura.extract alone {b:.1f} s (medians of {args.repeat}): ratio {a / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
