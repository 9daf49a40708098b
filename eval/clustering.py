"""Event clustering on ECB+ (../shared/data/ecbplus): B-cubed precision, recall and F1 of
svodka's online clusterer against the gold events, with a TF-IDF + average-link agglomerative
baseline in the same run.

    python -m eval.clustering

The texts carry no publication dates, so svodka decides on text, lead, title and entities alone.
Articles are fed in a fixed shuffled order (seed 0): an online clusterer must not depend on
reading a topic's articles together.
"""
from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from eval.common import DATA, doc_from_text
from svodka.cluster import Featurizer, OnlineClusterer


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


def svodka_clusters(rows: list[dict], seed: int = 0) -> dict[str, str]:
    docs = [doc_from_text(r["doc_id"], r["title"], r["text"], language="en") for r in rows]
    fz = Featurizer(docs)
    order = list(range(len(docs)))
    random.Random(seed).shuffle(order)
    clusterer = OnlineClusterer()
    for i in order:
        clusterer.add(fz(docs[i]))
    return dict(clusterer.article_event)  # final events: later articles may have merged two


def baseline(rows: list[dict], threshold: float = 0.8) -> dict[str, str]:
    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(r["text"] for r in rows)
    labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                     distance_threshold=threshold).fit_predict(m.toarray())
    return {r["doc_id"]: str(l) for r, l in zip(rows, labels)}


def main() -> int:
    rows = load()
    gold = {r["doc_id"]: r["cluster_id"] for r in rows}
    t = time.perf_counter()
    pred = svodka_clusters(rows)
    took = time.perf_counter() - t
    p, r, f = bcubed(pred, gold)
    print(f"svodka online       B3 P={p:.3f} R={r:.3f} F1={f:.3f}  clusters={len(set(pred.values()))} "
          f"(gold {len(set(gold.values()))})  {took:.0f}s incl. enrichment")
    base = baseline(rows)
    p, r, f = bcubed(base, gold)
    print(f"tfidf agglomerative B3 P={p:.3f} R={r:.3f} F1={f:.3f}  clusters={len(set(base.values()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
