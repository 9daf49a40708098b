"""Wrong joins in a pile of unrelated news: tgcontest's categories set (../shared/data/tgcontest/
categories.jsonl), 445 rows (442 pages, three given twice) of Russian and English news drawn from
six months (Nov 2019 - May 2020) for labelling their rubric. Few of them report one happening, so
almost every pair svodka puts in one event is a join to read with suspicion; a pair from two
rubrics (sports and economy) is wrong for sure. This is the case the labelled pair sets do not
show: an article naming one place, or one company, among hundreds that name it too.

    python -m eval.pile                # words and transliterated names only
    python -m eval.pile --embeddings   # each article also carries its e5 embedding (~2 min)
    python -m eval.pile --seeds 5      # the median over five reading orders
    python -m eval.pile --show         # the events of more than one article (order of seed 0)
    python -m eval.pile --run          # the product: the pages as a JSONL file through `svodka run`
                                       # (Engine.run, default settings: pages judged not news
                                       # stand alone, embeddings on; --no-embeddings: words
                                       # only), in the order of each seed

Reports the pairs of articles in one event, those of two rubrics and those of two languages,
against TF-IDF + average-link agglomerative clustering of the same texts (eval.clustering's
baseline) in the same run. The pages carry no dates, so no time window helps either.
"""
from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
from collections import defaultdict

from sklearn.feature_extraction.text import TfidfVectorizer

from eval.clustering import agglomerate, svodka_clusters
from eval.common import DATA, PRODUCT, doc_from_text, featurize, run_records
from svodka.embed import e5_embedder


def load() -> list[dict]:
    """The pages, each once (a page labelled twice is kept at its first row)."""
    rows = [json.loads(l) for l in open(DATA / "tgcontest" / "categories.jsonl", encoding="utf-8")]
    seen: set[str] = set()
    return [r for r in rows if not (r["url"] in seen or seen.add(r["url"]))]


def features(rows: list[dict], embedder=None) -> list:
    docs = [doc_from_text(r["doc_id"], r["title"], r["text"], language=r["lang"]) for r in rows]
    return featurize(docs, embedder)


def joined(pred: dict[str, str]) -> list[list[str]]:
    """The groups of more than one article."""
    groups = defaultdict(list)
    for doc_id, group in pred.items():
        groups[group].append(doc_id)
    return [g for g in groups.values() if len(g) > 1]


def counts(pred: dict[str, str], rows: list[dict]) -> tuple[int, int, int]:
    """Pairs in one group: all of them, those of two rubrics, those of two languages."""
    by_id = {r["doc_id"]: r for r in rows}
    pairs = [(by_id[a], by_id[b]) for g in joined(pred) for a, b in itertools.combinations(g, 2)]
    return (len(pairs), sum(a["label"] != b["label"] for a, b in pairs),
            sum(a["lang"] != b["lang"] for a, b in pairs))


def product(rows: list[dict], seed: int, embedder=PRODUCT) -> tuple[dict[str, str], dict[str, str]]:
    """Each page's event and story after `svodka run` over the pages as JSONL in the order of
    ``seed``; a page the run keeps out of the events (not news, or skipped) is one of its own."""
    order = list(rows)
    random.Random(seed).shuffle(order)
    shown, _ = run_records([{"id": r["doc_id"], "url": r["url"], "title": r["title"], "text": r["text"]}
                            for r in order], embedder, "pile")
    def group(doc_id: str, level: int) -> str:
        return shown[doc_id][level] if doc_id in shown else "alone:" + doc_id

    return {r["doc_id"]: group(r["doc_id"], 0) for r in rows}, {r["doc_id"]: group(r["doc_id"], 1) for r in rows}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--run", action="store_true")
    ap.add_argument("--embeddings", action="store_true", help="eval's own clusterer: with e5 embeddings (--run has them by default)")
    ap.add_argument("--no-embeddings", action="store_true", help="--run: words and names only")
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args()
    rows = load()
    if args.run:
        embedder = None if args.no_embeddings else PRODUCT
        runs = [product(rows, seed, embedder)[0] for seed in range(args.seeds)]
    else:
        feats = features(rows, e5_embedder() if args.embeddings else None)
        runs = [svodka_clusters(feats, seed) for seed in range(args.seeds)]
    n, rubric, lang = (statistics.median(c) for c in zip(*(counts(p, rows) for p in runs)))
    print(f"{len(rows)} pages ({sum(r['lang'] == 'ru' for r in rows)} ru), "
          f"{'with embeddings' if (args.run and not args.no_embeddings) or args.embeddings else 'words and names only'}")
    print(f"svodka {'run   ' if args.run else 'events'}       pairs in one event {n:.0f}, of two rubrics {rubric:.0f}, of two languages {lang:.0f}"
          f"  (median of {args.seeds} order(s))")
    m = TfidfVectorizer(sublinear_tf=True).fit_transform(r["title"] + " " + r["text"] for r in rows)
    n, rubric, lang = counts(agglomerate([r["doc_id"] for r in rows], m), rows)
    print(f"tfidf agglomerative pairs in one event {n}, of two rubrics {rubric}, of two languages {lang}")
    if args.show:
        by_id = {r["doc_id"]: r for r in rows}
        for group in joined(runs[0]):
            print("  --")
            for d in group:
                print(f"     {by_id[d]['lang']} {by_id[d]['label']:13} {by_id[d]['title'][:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
