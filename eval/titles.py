"""The headline of a page (what a story, an event and a source are called), against DAnIEL's gold:
its hand-cleaned text opens with the page's headline (../shared/data/daniel-ru/PROVENANCE.md), so
a title is right when it is that first paragraph (case, quotes, spaces and a closing full stop
aside), or of three words or more opens or ends it (the gold kept the site's name after the
headline, "… - Новости медицины / Likar.INFO", or a time or rubric glued before it). The 132
Russian pages go through `svodka run` as HTML records, or (``--dumps``) as innerText dumps of the
rendered pages, as a user copies them; by half of the sites (crc32 parity).
The baseline is trafilatura's metadata title of the same HTML.

    python -m eval.titles            # HTML records
    python -m eval.titles --dumps    # the same pages as text dumps
    python -m eval.titles --show     # and each wrong title beside the gold's
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

from eval.common import DATA, run_file, site_half
from eval.extraction import render
from svodka.store import SqliteStore


def norm(title: str | None) -> str:
    t = (title or "").casefold().replace("ё", "е")
    t = re.sub(r"[«»\"“”„']", "", t)
    return " ".join(t.split()).rstrip(" .")


def right(title: str | None, gold: str) -> bool:
    ours, theirs = norm(title), norm(gold)
    return ours == theirs or (len(ours.split()) >= 3 and (theirs.startswith(ours) or theirs.endswith(ours)))


def pages() -> list[tuple[str, str, str, str]]:
    """(id, site, html, the gold's first paragraph) of each page."""
    folder = DATA / "daniel-ru"
    out = []
    for line in open(folder / "index.jsonl", encoding="utf-8"):
        row = json.loads(line)
        gold = (folder / row["gold_path"]).read_text(encoding="utf-8").strip().split("\n\n")[0]
        out.append((row["id"], row["site"], (folder / row["html_path"]).read_text(encoding="utf-8", errors="replace"),
                    gold.strip()))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dumps", action="store_true")
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    import trafilatura

    rows = pages()
    records = [{"id": i, "text": render(html, "innertext")} if args.dumps else {"id": i, "html": html}
               for i, _, html, _ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        db, summary = run_file(records, Path(tmp), "daniel")
        with SqliteStore(db) as store:
            titles = {i: a.title for i, a in store.articles().items()}
    hits, base, n = [0, 0], [0, 0], [0, 0]
    for i, site, html, gold in rows:
        half = site_half(f"http://{site}/")
        meta = trafilatura.extract_metadata(html)
        n[half] += 1
        ok = right(titles.get(i), gold)
        hits[half] += ok
        base[half] += right(meta.title if meta else None, gold)
        if args.show and not ok:
            print(f"{site[:24]:24} ours: {(titles.get(i) or '-')[:80]}\n{'':24} gold: {gold[:80]}")
    print(summary)
    print(f"titles equal to the gold's headline: svodka {sum(hits)} of {sum(n)} (site halves {hits[0]} of {n[0]}, "
          f"{hits[1]} of {n[1]}); trafilatura's metadata title {sum(base)} ({base[0]}, {base[1]})")
    print(f"share right: svodka {sum(hits) / sum(n):.3f} (site halves {hits[0] / n[0]:.3f} / {hits[1] / n[1]:.3f}), "
          f"trafilatura {sum(base) / sum(n):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
