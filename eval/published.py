"""The day a page was published, as `svodka run` reads it from the HTML, judged by DAnIEL's crawl
days (../shared/data/daniel-ru: each page was crawled on its `crawl_date`, so it was published on
that day or before): a day more than one after the crawl (a time zone), or over a year before it, is
wrong (an old story can be crawled late, so a few of those are right). By half of the sites (crc32 parity); the baseline is
trafilatura's metadata date (htmldate) of the same HTML.

    python -m eval.published          # counts
    python -m eval.published --show   # each page dated wrong, with both readings
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from eval.common import DATA, run_file, site_half
from svodka.store import SqliteStore


def verdict(published: str | None, crawled: date) -> str:
    """"none", "right" (from a day after the crawl, a time zone, to a year before it) or "wrong"."""
    if not published:
        return "none"
    gap = (crawled - date.fromisoformat(published[:10])).days
    return "right" if -1 <= gap <= 365 else "wrong"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    import trafilatura

    folder = DATA / "daniel-ru"
    rows = [json.loads(line) for line in open(folder / "index.jsonl", encoding="utf-8")]
    html = {r["id"]: (folder / r["html_path"]).read_text(encoding="utf-8", errors="replace") for r in rows}
    with tempfile.TemporaryDirectory() as tmp:
        db, summary = run_file([{"id": r["id"], "html": html[r["id"]]} for r in rows], Path(tmp), "published")
        with SqliteStore(db) as store:
            ours = {i: a.published for i, a in store.articles().items()}
    counts = {(who, half, v): 0 for who in ("svodka", "trafilatura") for half in (0, 1) for v in ("none", "right", "wrong")}
    for r in rows:
        crawled = date(int(r["crawl_date"][:4]), int(r["crawl_date"][4:6]), int(r["crawl_date"][6:]))
        half = site_half(f"http://{r['site']}/")
        meta = trafilatura.extract_metadata(html[r["id"]])
        theirs = meta.date if meta else None
        mine = verdict(ours.get(r["id"]), crawled)
        counts["svodka", half, mine] += 1
        counts["trafilatura", half, verdict(theirs, crawled)] += 1
        if args.show and mine != "right":
            print(f"{r['site'][:24]:24} crawled {crawled}  svodka {ours.get(r['id'])}  trafilatura {theirs}")
    print(summary)
    for who in ("svodka", "trafilatura"):
        print(f"{who:12} " + "  ".join(f"site half {h}: right {counts[who, h, 'right']}, wrong {counts[who, h, 'wrong']}, "
                                       f"none {counts[who, h, 'none']}" for h in (0, 1)))
    share = {(who, h): counts[who, h, "wrong"] / sum(counts[who, h, v] for v in ("none", "right", "wrong"))
             for who in ("svodka", "trafilatura") for h in (0, 1)}
    print(f"share dated wrongly (fewer is better): svodka {share['svodka', 0]:.3f} / {share['svodka', 1]:.3f}, "
          f"trafilatura {share['trafilatura', 0]:.3f} / {share['trafilatura', 1]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
