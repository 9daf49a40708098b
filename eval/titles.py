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
    python -m eval.titles --dumps --held-out   # each site half by the headline model trained on the other
    python -m eval.titles --aeb [--held-out]   # English: AEB's pages as dumps, against their og:title
    python -m eval.titles --train [--write]    # the headline model of text dumps (extract.headline)

``--train``: every line near the body of each page's innerText and lynx dumps, DAnIEL's labelled by
whether it is the gold's headline, AEB's (English; its gold has no headline) by whether it is the
page's og:title, else its <title>; as `classify_dump` rates them. A logistic regression trained on
one site half of both sets is measured on the other half of each (the share of dumps whose
top-rated line is the headline, against the share with any line that is), then the swap; ``--write``
fits all pages and writes svodka/data/headline.json.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

from eval.common import DATA, run_file
from eval.common import host_half as half
from eval.extraction import render
from svodka.extract.dump import TITLE_FEATURES, title_rows
from svodka.extract.headline import WEIGHTS
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


# The regression's regularisation: each set's halves moved by at most three dumps between 0.1 and 1.
C = 0.3
SETS = ("DAnIEL", "AEB")
_OG_TITLE = re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=([\"'])(.*?)\1", re.S)
_TITLE = re.compile(r"<title[^>]*>([^<]+)")
_SITE = re.compile(r"<(?:link[^>]+rel=[\"']canonical[\"'][^>]+href|meta[^>]+property=[\"']og:url[\"'][^>]+content)"
                   r"=[\"']https?://(?:www\.)?([^/\"']+)")


def aeb_pages() -> list[tuple[str, str, str, str]]:
    """(id, site, html, og:title or <title>) of AEB's pages; the site from the canonical or og:url
    address (116 sites), else the page's id."""
    rows = []
    for path in sorted((DATA / "aeb-en" / "html").glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        named, site = _OG_TITLE.search(page) or _TITLE.search(page), _SITE.search(page)
        i = path.name.split(".")[0]
        rows.append((i, site[1] if site else i, page, html.unescape(named.groups()[-1]).strip() if named else ""))
    return rows


def training_rows() -> list[tuple[str, int, list[tuple[float, ...]], list[bool]]]:
    """(set, site half, features, is the headline) of the candidate lines of each page's dumps."""
    out = []
    for name, rows in zip(SETS, (pages(), aeb_pages())):
        for _, site, page, gold in rows:
            for renderer in ("innertext", "lynx"):
                lines = title_rows(render(page, renderer))
                out.append((name, half(site), [f for _, f in lines], [right(t, gold) for t, _ in lines]))
    return out


def _fit(data):
    from sklearn.linear_model import LogisticRegression
    x = np.array([f for _, _, fs, _ in data for f in fs])
    y = np.array([label for _, _, _, ys in data for label in ys])
    return LogisticRegression(C=C, max_iter=5000).fit(x, y)


def _tops(model, held) -> list[tuple[float, bool]]:
    """The top-rated line's probability and whether it is the headline, for each dump of ``held``."""
    return [(float(p.max()), bool(ys[int(p.argmax())])) for _, _, fs, ys in held if fs
            for p in [model.predict_proba(np.array(fs))[:, 1]]]


def _by_half(data):
    """(half measured, set, its dumps of that half, the model trained on the other half of both sets)."""
    for test in (0, 1):
        model = _fit([p for p in data if p[1] != test])
        for name in SETS:
            yield test, name, [p for p in data if p[1] == test and p[0] == name], model


def cross_validated(data=None) -> dict[tuple[str, int], float]:
    """Of each set's site halves, the share of dumps whose top-rated line is the headline, by the
    model trained on the other half of both sets."""
    return {(name, test): sum(ok for _, ok in _tops(model, held)) / len(held)
            for test, name, held, model in _by_half(data or training_rows())}


def _weights(model, path: Path) -> None:
    path.write_text(json.dumps({
        "features": list(TITLE_FEATURES), "weights": [round(float(w), 5) for w in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 5), "C": C,
        "trained on": "DAnIEL-ru and AEB-en innerText and lynx dumps: python -m eval.titles --train --write"},
        ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def train(write: bool) -> None:
    data = training_rows()
    for test, name, held, model in _by_half(data):
        tops = _tops(model, held)
        print(f"{name}, trained on site half {1 - test} of both sets, measured on half {test}: the top-rated "
              f"line is the headline on {sum(ok for _, ok in tops)} of {len(held)} dumps "
              f"({sum(ok for _, ok in tops) / len(held):.3f}); a line is on {sum(any(p[3]) for p in held)}")
        print("  top-rated lines under a probability, right / wrong: " + ", ".join(
            f"{th}: {sum(ok for p, ok in tops if p < th)} / {sum(not ok for p, ok in tops if p < th)}"
            for th in (0.05, 0.1, 0.15, 0.2, 0.3)))
    if write:
        _weights(_fit(data), WEIGHTS)
        print(f"wrote {WEIGHTS}")


def _titles(rows, renderer: str | None) -> tuple[dict[str, str], str]:
    """Each page's title as `svodka run` reads the pages: HTML records, or dumps by ``renderer``."""
    records = [{"id": i, "text": render(page, renderer)} if renderer else {"id": i, "html": page}
               for i, _, page, _ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        db, summary = run_file(records, Path(tmp), "pages")
        with SqliteStore(db) as store:
            return {i: a.title for i, a in store.articles().items()}, summary


def _held_out(rows, renderer: str | None) -> tuple[dict[str, str], str]:
    """Each page's title from a run whose headline model was trained on the other site half."""
    from svodka.extract import headline

    data, titles, summaries = training_rows(), {}, []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for h in (0, 1):
                headline.WEIGHTS = Path(tmp) / f"half{h}.json"
                _weights(_fit([p for p in data if p[1] != h]), headline.WEIGHTS)
                headline._model.cache_clear()
                ours, summary = _titles([r for r in rows if half(r[1]) == h], renderer)
                titles |= ours
                summaries.append(summary)
        finally:
            headline.WEIGHTS = WEIGHTS
            headline._model.cache_clear()
    return titles, " / ".join(summaries)


def aeb(held_out: bool) -> int:
    """The English pages of AEB, whose gold has no headline, as innerText and lynx dumps through `svodka
    run`; a title is right when it is the page's og:title (else its <title>) as `right` reads it."""
    rows = aeb_pages()
    for renderer in ("innertext", "lynx"):
        titles, _ = (_held_out if held_out else _titles)(rows, renderer)
        hits = [sum(right(titles.get(i), gold) for i, site, _, gold in rows if half(site) == h) for h in (0, 1)]
        n = [sum(half(site) == h for _, site, _, _ in rows) for h in (0, 1)]
        print(f"AEB {renderer} dumps: the title is the page's og:title on {sum(hits)} of {len(rows)} "
              f"({sum(hits) / len(rows):.3f}; site halves {hits[0] / n[0]:.3f} / {hits[1] / n[1]:.3f})")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dumps", action="store_true")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--train", action="store_true")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--aeb", action="store_true", help="English dumps of AEB, against their og:title")
    ap.add_argument("--held-out", action="store_true", help="each site half's titles by the headline model "
                    "trained on the other half (the shipped model was trained on both)")
    args = ap.parse_args(argv)
    if args.train:
        train(args.write)
        return 0
    if args.aeb:
        return aeb(args.held_out)
    import trafilatura

    rows = pages()
    titles, summary = (_held_out if args.held_out else _titles)(rows, "innertext" if args.dumps else None)
    hits, base, n = [0, 0], [0, 0], [0, 0]
    for i, site, page, gold in rows:
        h = half(site)
        meta = trafilatura.extract_metadata(page)
        n[h] += 1
        ok = right(titles.get(i), gold)
        hits[h] += ok
        base[h] += right(meta.title if meta else None, gold)
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
