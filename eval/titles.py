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
    python -m eval.titles --train [--write]   # the headline model of text dumps (extract.headline)
    python -m eval.titles --aeb      # English dumps (AEB), whose og:title no model was trained on

``--train``: every line near the body of each page's innerText and lynx dumps, labelled by whether
it is the gold's headline, as `classify_dump` rates them; a logistic regression trained on one site
half's pages is measured on the other's (the share of pages whose top-rated line is the headline,
against the share with any line that is), then the swap; ``--write`` fits all pages and writes
svodka/data/headline.json.
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

from eval.common import DATA, run_file, site_half
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


# The regression's regularisation: the halves' shares moved by at most one page between 0.03 and 3.
C = 0.3


def training_rows() -> list[tuple[int, list[tuple[float, ...]], list[bool]]]:
    """(site half, features, is the headline) of the candidate lines of each page's dumps."""
    out = []
    for _, site, html, gold in pages():
        for renderer in ("innertext", "lynx"):
            rows = title_rows(render(html, renderer))
            out.append((site_half(f"http://{site}/"), [f for _, f in rows], [right(t, gold) for t, _ in rows]))
    return out


def _fit(pages_: list[tuple[int, list[tuple[float, ...]], list[bool]]]):
    from sklearn.linear_model import LogisticRegression
    x = np.array([f for _, fs, _ in pages_ for f in fs])
    y = np.array([label for _, _, ys in pages_ for label in ys])
    return LogisticRegression(C=C, max_iter=5000).fit(x, y)


def cross_validated(data=None) -> list[float]:
    """Of each site half's dumps, the share whose top-rated line is the headline, by the model
    trained on the other half."""
    data = data or training_rows()
    shares = []
    for test in (0, 1):
        model, held = _fit([p for p in data if p[0] != test]), [p for p in data if p[0] == test]
        shares.append(sum(bool(ys) and ys[int(model.predict_proba(np.array(fs))[:, 1].argmax())]
                          for _, fs, ys in held if fs) / len(held))
    return shares


def train(write: bool) -> None:
    data = training_rows()
    for test in (0, 1):
        model = _fit([p for p in data if p[0] != test])
        held = [p for p in data if p[0] == test]
        tops = [(float(p.max()), bool(ys[int(p.argmax())])) for _, fs, ys in held if fs
                for p in [model.predict_proba(np.array(fs))[:, 1]]]
        top = sum(ok for _, ok in tops)
        print(f"trained on site half {1 - test}, measured on half {test}: the top-rated line is the headline on "
              f"{top} of {len(held)} dumps ({top / len(held):.3f}); a line is on {sum(any(ys) for _, _, ys in held)}")
        print("  top-rated lines under a probability, right / wrong: " + ", ".join(
            f"{th}: {sum(ok for p, ok in tops if p < th)} / {sum(not ok for p, ok in tops if p < th)}"
            for th in (0.05, 0.1, 0.15, 0.2, 0.3)))
    if write:
        model = _fit(data)
        WEIGHTS.write_text(json.dumps({"features": list(TITLE_FEATURES), "weights": [round(float(w), 5) for w in model.coef_[0]],
                                       "intercept": round(float(model.intercept_[0]), 5), "C": C,
                                       "trained on": "DAnIEL-ru innerText and lynx dumps, python -m eval.titles --train --write"},
                                      ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS}")


def _titles(rows, dumps: bool) -> tuple[dict[str, str], str]:
    """Each page's title as `svodka run` reads the pages (HTML records, or innerText dumps)."""
    records = [{"id": i, "text": render(html, "innertext")} if dumps else {"id": i, "html": html} for i, _, html, _ in rows]
    with tempfile.TemporaryDirectory() as tmp:
        db, summary = run_file(records, Path(tmp), "daniel")
        with SqliteStore(db) as store:
            return {i: a.title for i, a in store.articles().items()}, summary


def _held_out(rows, dumps: bool) -> tuple[dict[str, str], str]:
    """Each page's title from a run whose headline model was trained on the other site half."""
    from svodka.extract import headline

    data, titles, summaries = training_rows(), {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for half in (0, 1):
            model, weights = _fit([p for p in data if p[0] != half]), Path(tmp) / f"half{half}.json"
            weights.write_text(json.dumps({"features": list(TITLE_FEATURES), "weights": list(model.coef_[0]),
                                           "intercept": float(model.intercept_[0])}), encoding="utf-8")
            headline.WEIGHTS = weights
            headline._model.cache_clear()
            ours, summary = _titles(rows, dumps)
            titles |= {i: t for i, t in ours.items() if any(i == r[0] and site_half(f"http://{r[1]}/") == half for r in rows)}
            summaries.append(summary)
        headline.WEIGHTS = WEIGHTS
        headline._model.cache_clear()
    return titles, " / ".join(summaries)


_OG_TITLE = re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=([\"'])(.*?)\1", re.S)
_TITLE = re.compile(r"<title[^>]*>([^<]+)")


def aeb_pages() -> list[tuple[str, str, str]]:
    """(id, html, og:title or <title>) of AEB's pages."""
    rows = []
    for path in sorted((DATA / "aeb-en" / "html").glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        named = _OG_TITLE.search(page) or _TITLE.search(page)
        rows.append((path.name.split(".")[0], page, html.unescape(named.groups()[-1]).strip() if named else ""))
    return rows


def aeb() -> int:
    """The English pages of AEB, whose gold has no headline, as innerText and lynx dumps through `svodka
    run`; a title is right when it is the page's og:title (else its <title>) as `right` reads it. No
    title line of these pages was read to write or train the headline model."""
    rows = aeb_pages()
    for renderer in ("innertext", "lynx"):
        with tempfile.TemporaryDirectory() as tmp:
            db, _ = run_file([{"id": i, "text": render(page, renderer)} for i, page, _ in rows], Path(tmp), "aeb")
            with SqliteStore(db) as store:
                titles = {i: a.title for i, a in store.articles().items()}
        hits = sum(right(titles.get(i), gold) for i, _, gold in rows)
        print(f"AEB {renderer} dumps: the title is the page's og:title on {hits} of {len(rows)} "
              f"({hits / len(rows):.3f})")
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
        return aeb()
    import trafilatura

    rows = pages()
    titles, summary = (_held_out if args.held_out else _titles)(rows, args.dumps)
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
