"""Main-text extraction quality: bag-of-words token precision/recall/F1 of (title + text) against
the gold, averaged over pages, for svodka and for trafilatura and jusText in the same run.

    python -m eval.extraction daniel           # ../shared/data/daniel-ru HTML
    python -m eval.extraction aeb              # ../shared/data/aeb-en HTML
    python -m eval.extraction daniel --dumps   # the same pages rendered to text dumps
                                               # (innerText-like, and lynx/w3m when installed)
    python -m eval.extraction daniel --site-memory  # innerText dumps and HTML, each with the memory
                                                    # of its site's other pages (leave one out)

Text dumps go through svodka's dump classifier only: trafilatura returns nothing on raw text,
and jusText is given the dump wrapped in <p> lines as the closest it can read.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter

from eval.common import DATA
from svodka.extract import extract_article
from svodka.ingest.decode import decode  # the bytes read as `svodka run` reads them
from svodka.extract.dump import classify_dump
from svodka.extract.html import html_to_text
from svodka.model import Page

TOKEN = re.compile(r"\w+", re.U)


def bow_prf(candidate: str, gold: str) -> tuple[float, float, float]:
    c, g = Counter(TOKEN.findall(candidate.lower())), Counter(TOKEN.findall(gold.lower()))
    common = sum((c & g).values())
    p = common / sum(c.values()) if c else 0.0
    r = common / sum(g.values()) if g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# Hand-written gold for ../shared/samples: the line numbers of each page's title, lead and body
# (read off the pages by a person; tests/test_extract.py asserts the same lines line by line).
SAMPLE_GOLD_LINES = {
    "000_77cf30c681e9f4c0.txt": [3, 5, 7, 9, 11, 13, 15],
    "001_01e8daefee0e15b8.txt": [5, 7, 8, 12, 14, 16, 18, 24, 26, 28],
    "002_c352e78ea18c01c1.txt": [5, 10, 12, 14, 20, 22, 24],
}


def load_samples() -> list[tuple[str, str, str]]:
    """(id, raw dump, gold) for the shared sample pages."""
    out = []
    for name, numbers in SAMPLE_GOLD_LINES.items():
        raw = (DATA.parent / "samples" / name).read_text(encoding="utf-8")
        lines = raw.split("\n")
        out.append((name, raw, "\n\n".join(lines[n - 1] for n in numbers)))
    return out


def load(name: str) -> list[tuple[str, str, str]]:
    """(id, html, gold) triples; the HTML decoded as svodka decodes a file (declared charset, UTF-8,
    then detection), for every system alike."""
    if name == "samples":
        return load_samples()
    if name == "daniel":
        root = DATA / "daniel-ru"
        rows = [json.loads(l) for l in open(root / "index.jsonl", encoding="utf-8")]
        return [(r["id"], decode((root / r["html_path"]).read_bytes(), r["id"]).text,
                 (root / r["gold_path"]).read_text(encoding="utf-8"))
                for r in rows if not r.get("reference_is_malformed")]
    root = DATA / "aeb-en"
    truth = json.load(open(root / "ground-truth.json", encoding="utf-8"))
    return [(k, decode(gzip.open(root / "html" / f"{k}.html.gz").read(), k).text, v["articleBody"])
            for k, v in sorted(truth.items())]


def svodka_html(doc_id: str, page: str) -> str:
    try:
        a = extract_article(Page(id=doc_id, source=doc_id, raw=page, kind="html"))
    except Exception:  # a page svodka rejects scores zero, as an empty extraction
        return ""
    return a.title + "\n" + a.text


def trafilatura_html(page: str) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(page, with_metadata=True)
    return ((doc.title or "") + "\n" + (doc.text or "")) if doc else ""


def justext_text(page: str, lang: str) -> str:
    import justext

    stop = justext.get_stoplist("Russian" if lang == "ru" else "English")
    paras = justext.justext(page.encode("utf-8"), stop)
    return "\n".join(p.text for p in paras if not p.is_boilerplate)


def render(page: str, renderer: str) -> str:
    if renderer == "innertext":
        return html_to_text(page)
    cmd = {"lynx": ["lynx", "-dump", "-nolist", "-assume_charset=utf-8", "-display_charset=utf-8", "-stdin"],
           "w3m": ["w3m", "-dump", "-T", "text/html", "-I", "utf-8", "-O", "utf-8"]}[renderer]
    return subprocess.run(cmd, input=page.encode("utf-8"), capture_output=True, timeout=60).stdout.decode("utf-8", "replace")


def as_paragraphs_html(dump: str) -> str:
    """A text dump as HTML with one <p> per line: the closest to a dump jusText can read."""
    return "<html><body>" + "".join(f"<p>{html.escape(l)}</p>" for l in dump.splitlines()) + "</body></html>"


def svodka_dump(text: str) -> str:
    r = classify_dump(text)
    return (r.title or "") + "\n" + "\n".join(r.paragraphs)


def score(name: str, outputs: list[str], golds: list[str], seconds: float) -> dict:
    prfs = [bow_prf(o, g) for o, g in zip(outputs, golds)]
    p, r, f = (statistics.mean(x[i] for x in prfs) for i in range(3))
    print(f"{name:32} P={p:.3f} R={r:.3f} F1={f:.3f}  median F1={statistics.median(x[2] for x in prfs):.3f}"
          f"  pages={len(prfs)}  {seconds:.1f}s")
    return {"system": name, "precision": p, "recall": r, "f1": f}


def site_memory(rows: list[tuple[str, str, str]], min_pages: int, html: bool = False) -> tuple[float, float, int]:
    """Mean F1 without and with the site memory, over the pages whose site has at least
    ``min_pages`` other pages in the set (leave one out: a page never remembers itself).
    The pages are read as innerText dumps, or (``html``) through svodka's HTML path."""
    from collections import Counter, defaultdict

    from svodka.extract.dump import template_lines
    from svodka.extract.html import extract_html

    with open(DATA / "daniel-ru" / "index.jsonl", encoding="utf-8") as f:
        sites = {r["id"]: r["site"] for r in map(json.loads, f)}
    pages = {i: h for i, h, _ in rows}
    dumps = {i: render(h, "innertext") for i, h, _ in rows}
    keys = {i: template_lines(d) for i, d in dumps.items()}
    by_site = defaultdict(list)
    for i, _, _ in rows:
        by_site[sites[i]].append(i)
    without, with_memory = [], []
    for i, _, gold in rows:
        others = [o for o in by_site[sites[i]] if o != i]
        if len(others) < min_pages:
            continue
        seen = Counter(k for o in others for k in keys[o])
        template = frozenset(k for k, n in seen.items() if n >= min_pages)
        for out, tpl in ((without, frozenset()), (with_memory, template)):
            r = extract_html(pages[i], template=tpl) if html else classify_dump(dumps[i], template=tpl)
            out.append(bow_prf((r.title or "") + "\n" + "\n".join(r.paragraphs), gold)[2])
    return statistics.mean(without), statistics.mean(with_memory), len(without)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", choices=["daniel", "aeb", "samples"])
    ap.add_argument("--dumps", action="store_true")
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--site-memory", action="store_true")
    args = ap.parse_args(argv)
    rows = load(args.set)[: args.limit or None]
    lang = "ru" if args.set == "daniel" else "en"
    golds = [g for _, _, g in rows]
    results = []
    if args.set == "samples":  # text dumps already: only svodka reads them (trafilatura returns nothing)
        t = time.perf_counter()
        out = [svodka_dump(raw) for _, raw, _ in rows]
        results.append(score("svodka dump (samples)", out, golds, time.perf_counter() - t))
        wrapped = [as_paragraphs_html(raw) for _, raw, _ in rows]
        results.append(score("justext on the dumps", [justext_text(w, "ru") for w in wrapped], golds, 0.0))
        results.append(score("whole dump", [raw for _, raw, _ in rows], golds, 0.0))
        return 0
    if args.site_memory:
        from svodka.pipeline import SITE_MEMORY_PAGES

        for html in (False, True):
            before, after, n = site_memory(rows, SITE_MEMORY_PAGES, html)
            print(f"svodka {'html' if html else 'dump (innertext)'}, {n} pages with site memory: "
                  f"F1 {before:.4f} without, {after:.4f} with")
        return 0
    if not args.dumps:
        t = time.perf_counter(); out = [svodka_html(i, h) for i, h, _ in rows]
        results.append(score("svodka html", out, golds, time.perf_counter() - t))
        t = time.perf_counter(); out = [trafilatura_html(h) for _, h, _ in rows]
        results.append(score("trafilatura bare_extraction", out, golds, time.perf_counter() - t))
        t = time.perf_counter(); out = [justext_text(h, lang) for _, h, _ in rows]
        results.append(score("justext", out, golds, time.perf_counter() - t))
        return 0
    # w3m lays tables out side by side, interleaving columns of table-layout pages; it is
    # reported for reference, lynx is the text browser the targets are read on.
    for renderer in ("innertext", "lynx", "w3m"):
        if renderer != "innertext" and not shutil.which(renderer):
            print(f"{renderer}: not installed (apt-get install {renderer}); skipped")
            continue
        dumps = [render(h, renderer) for _, h, _ in rows]
        t = time.perf_counter(); out = [svodka_dump(d) for d in dumps]
        results.append(score(f"svodka dump ({renderer})", out, golds, time.perf_counter() - t))
        wrapped = [as_paragraphs_html(d) for d in dumps]
        t = time.perf_counter(); out = [justext_text(w, lang) for w in wrapped]
        results.append(score(f"justext on dump ({renderer})", out, golds, time.perf_counter() - t))
        results.append(score(f"whole dump ({renderer})", dumps, golds, 0.0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
