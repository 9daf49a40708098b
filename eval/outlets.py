"""The outlet of a text dump, read from its own lines (issue 33): DAnIEL's 132 Russian HTML pages
(../shared/data/daniel-ru) rendered as text, as a user copies a page, each given to
`svodka.extract.dump.page_outlet` with no URL; printed beside the site the page came from, for
reading by hand, and counted by half of the sites (crc32 parity).

    python -m eval.outlets
    python -m eval.outlets --run    # the product: the 132 dumps as .txt files in one `svodka run`,
                                    # a dump naming no outlet takes one by its chrome (extract.chrome)
    python -m eval.outlets --calibrate  # each dump that names its outlet read as if it did not, at
                                        # thresholds of the chrome's likeness, by site half

``--run`` counts an outlet taken by chrome right when a page of the same site named it itself.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from eval.common import DATA
from eval.common import host_half as half
from svodka.extract.dump import page_outlet
from svodka.extract.html import render_html


def dumps() -> list[tuple[str, str, str]]:
    """(id, site, text dump) of each DAnIEL page, in the index's order."""
    folder = DATA / "daniel-ru"
    out = []
    for line in open(folder / "index.jsonl", encoding="utf-8"):
        row = json.loads(line)
        html = (folder / row["html_path"]).read_text(encoding="utf-8", errors="replace")
        out.append((row["id"], row["site"].removeprefix("www."), render_html(html).text))
    return out


def by_page() -> int:
    named, pages = [0, 0], [0, 0]
    for _, site, text in dumps():
        outlet = page_outlet(text)
        pages[half(site)] += 1
        named[half(site)] += outlet is not None
        print(f"{site:28} {outlet or '-'}")
    print(f"an outlet for {sum(named)} of {sum(pages)} pages (site halves: {named[0]} of {pages[0]}, "
          f"{named[1]} of {pages[1]})")
    return 0


def by_run() -> int:
    counts = run_counts(show=True)
    for h, c in counts.items():
        print(f"site half {h}: an outlet for {c['named']} of {c['pages']} pages, {c['taken']} by chrome, "
              f"{c['right']} of them named by a page of the same site")
    share = [c["named"] / c["pages"] for c in counts.values()]
    named, pages = (sum(c[k] for c in counts.values()) for k in ("named", "pages"))
    print(f"share of pages with an outlet: {named / pages:.3f} (site halves {share[0]:.3f} / {share[1]:.3f})")
    return 0


def run_counts(show: bool = False) -> dict[int, dict[str, int]]:
    """By site half: pages, pages the run names an outlet of, those taken by chrome, and of them
    those a page of the same site named itself."""
    from svodka.engine import Engine
    from svodka.store import SqliteStore

    pages = dumps()
    own = {(site, o) for _, site, text in pages if (o := page_outlet(text))}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "dumps"
        folder.mkdir()
        for n, (pid, _, text) in enumerate(pages):
            (folder / f"{n:03d}_{pid}.txt").write_text(text, encoding="utf-8")
        with SqliteStore(Path(tmp) / "outlets.db") as store:
            Engine(store, embedder=None).run([folder])
            sites = {a.id.split("_", 1)[1]: a.site for a in store.articles().values()}
    counts = {h: dict.fromkeys(("pages", "named", "taken", "right"), 0) for h in (0, 1)}
    for pid, site, text in pages:
        c, outlet = counts[half(site)], sites.get(pid)
        c["pages"] += 1
        c["named"] += outlet is not None
        if outlet is not None and page_outlet(text) is None:
            c["taken"] += 1
            c["right"] += (site, outlet) in own
            if show:
                print(f"{site:28} {outlet} (by its chrome; {'right' if (site, outlet) in own else 'WRONG'})")
    return counts


def calibrate() -> int:
    """CHROME_MATCH's evidence: each page that names its outlet, matched as if it named none against
    the outlets the pages before it named (file order), at each threshold: right when it takes its own."""
    from collections import Counter

    from svodka.extract.chrome import outlet_by_chrome
    from svodka.extract.dump import classify_dump, line_key

    thresholds = (0.05, 0.1, 0.15, 0.2, 0.3)
    lines: dict[str, Counter] = {}  # an outlet -> its pages' chrome lines, each with the pages holding it
    read: Counter = Counter()  # an outlet -> its pages
    tally = {(t, h): [0, 0] for t in thresholds for h in (0, 1)}
    for _, site, text in dumps():
        own = page_outlet(text)
        if own is None:
            continue
        keys = frozenset(k for d in classify_dump(text).decisions if d.label == "boilerplate" and (k := line_key(d.text)))
        typical = {name: (frozenset(k for k, n in c.items() if 2 * n >= read[name]), read[name]) for name, c in lines.items()}
        for t in thresholds:
            match = outlet_by_chrome(keys, text, typical, typical.__getitem__, t)
            if match is not None:
                tally[t, half(site)][match.outlet == own] += 1
        lines.setdefault(own, Counter()).update(keys)
        read[own] += 1
    for t in thresholds:
        print(f"share >= {t}: wrong / right, site half 0 {tally[t, 0][0]} / {tally[t, 0][1]}, "
              f"half 1 {tally[t, 1][0]} / {tally[t, 1][1]}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", action="store_true", help="through `svodka run`, with outlets taken by chrome")
    ap.add_argument("--calibrate", action="store_true", help="the chrome threshold's evidence")
    args = ap.parse_args()
    return by_run() if args.run else calibrate() if args.calibrate else by_page()


if __name__ == "__main__":
    sys.exit(main())
