"""A learned event scorer over svodka's pair signals (text, lead, entities, title cosines): logistic
regression on ECB+ pairs within a topic (two events of one kind each: the hard pairs) and the
tgcontest same-story pairs, cross-validated by topic, against the hand-set EVENT_WEIGHTS.

    python -m eval.scorer             # cross-validated pair AUC and F1, learned against hand-set
    python -m eval.scorer --product   # and `svodka run`'s events over ECB+ (pipeline.ingest once,
                                      # pipeline.cluster per weight set) with weights learned on
                                      # one half (odd or even ECB+ topics, odd or even tgcontest
                                      # pairs), reported on the other half, against the hand-set
                                      # weights on the same half; --tg-share: the tgcontest pairs'
                                      # share of the training weight (ECB+ has 80 times as many)

Each weight vector is scaled so that its decision boundary (probability 0.5) falls at
EVENT_THRESHOLD, so that it can replace EVENT_WEIGHTS as it stands.
"""
from __future__ import annotations

import argparse
import itertools
import random
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from eval.clustering import features, load
from eval.pairs import load_pairs, score_parts
from svodka.cluster.scoring import EVENT_THRESHOLD, EVENT_WEIGHTS, pair_parts

KEYS = tuple(EVENT_WEIGHTS)


def ecb_pairs(negatives_per_topic: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair within a topic (same event or not), and as many pairs across topics (easy
    negatives); rows of KEYS, labels, topics."""
    rows = load()
    feats = features(rows)
    by_topic: dict[int, list[int]] = {}
    for i, r in enumerate(rows):
        by_topic.setdefault(r["topic"], []).append(i)
    pick = random.Random(0)
    x, y, g = [], [], []
    for topic, members in by_topic.items():
        for i, j in itertools.combinations(members, 2):
            p = pair_parts(feats[i], feats[j])
            x.append([p[k] for k in KEYS])
            y.append(rows[i]["cluster_id"] == rows[j]["cluster_id"])
            g.append(topic)
        others = [i for i in range(len(rows)) if rows[i]["topic"] != topic]
        for _ in range(negatives_per_topic):
            i, j = pick.choice(members), pick.choice(others)
            p = pair_parts(feats[i], feats[j])
            x.append([p[k] for k in KEYS])
            y.append(False)
            g.append(topic)
    return np.array(x), np.array(y), np.array(g)


def tg_pairs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = load_pairs()
    parts = score_parts(rows)
    x = np.array([[p[k] for k in KEYS] for p in parts])
    y = np.array([r["label"] == "OK" for r in rows])
    return x, y, np.array([1000 + i % 10 for i in range(len(rows))])  # ten folds of their own


def scaled(model: LogisticRegression) -> dict[str, float]:
    """The model's weights on the scale where the boundary is EVENT_THRESHOLD."""
    w, b = model.coef_[0], model.intercept_[0]
    return {k: round(float(v * EVENT_THRESHOLD / -b), 3) for k, v in zip(KEYS, w)}


def hand(x: np.ndarray) -> np.ndarray:
    return x @ np.array([EVENT_WEIGHTS[k] for k in KEYS])


def f1_at(scores: np.ndarray, y: np.ndarray, threshold: float) -> float:
    tp = float(np.sum((scores >= threshold) & y))
    fp, fn = float(np.sum((scores >= threshold) & ~y)), float(np.sum((scores < threshold) & y))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def cross_validate(x, y, g) -> None:
    learned = np.zeros(len(y))
    for fold in np.unique(g % 5):
        test = g % 5 == fold
        model = LogisticRegression(class_weight="balanced").fit(x[~test], y[~test])
        w = scaled(model)
        learned[test] = x[test] @ np.array([w[k] for k in KEYS])
    for name, s in (("hand-set", hand(x)), ("learned (5 folds by topic)", learned)):
        print(f"  {name:28} AUC {roc_auc_score(y, s):.3f}  F1 at {EVENT_THRESHOLD} {f1_at(s, y, EVENT_THRESHOLD):.3f}")


def learn(ex, ey, tx, ty, tg_share: float | None) -> dict[str, float]:
    """Weights from ECB+ and tgcontest pairs; ``tg_share``: the tgcontest pairs' share of the
    training weight (None: each pair counts once)."""
    x, y = np.vstack([ex, tx]), np.concatenate([ey, ty])
    weight = None if tg_share is None else np.concatenate(
        [np.full(len(ey), (1 - tg_share) / len(ey)), np.full(len(ty), tg_share / len(ty))]) * len(y)
    return scaled(LogisticRegression(class_weight="balanced").fit(x, y, sample_weight=weight))


def product_halves(weight_sets: dict[str, dict[int, dict[str, float]]]) -> None:
    """ECB+ through pipeline.ingest once and pipeline.cluster per weight set: B-cubed F1 of each
    half of the topics under the weights learned on the other half."""
    import json
    import shutil
    import tempfile
    from pathlib import Path

    from eval.clustering import bcubed
    from svodka import pipeline
    from svodka.cluster import scoring
    from svodka.store import SqliteStore
    from svodka.workers import workers

    rows = load()
    gold, topic = {r["doc_id"]: r["cluster_id"] for r in rows}, {r["doc_id"]: r["topic"] for r in rows}
    with tempfile.TemporaryDirectory() as tmp:
        src, base = Path(tmp) / "ecbplus.jsonl", Path(tmp) / "base.db"
        src.write_text("".join(json.dumps({"id": r["doc_id"], "text": r["text"]}) + "\n" for r in rows), encoding="utf-8")
        pool = workers()
        with SqliteStore(base) as store:
            pipeline.ingest([src], store, pipeline.RunReport(), workers=pool)
        pool.close()
        hand_set = dict(EVENT_WEIGHTS)
        for name, by_half in weight_sets.items():
            figures = []
            for half in (1, 0):
                scoring.EVENT_WEIGHTS.update(by_half[half])
                db = Path(tmp) / f"{name}-{half}.db"
                shutil.copy(base, db)
                with SqliteStore(db) as store:
                    pipeline.cluster(store, pipeline.RunReport())
                    shown = store.assignments()
                scoring.EVENT_WEIGHTS.update(hand_set)
                events = {d: shown.get(d, ("alone:" + d,))[0] for d in gold if topic[d] % 2 == half}
                figures.append(bcubed(events, {d: gold[d] for d in events})[2])
            print(f"  {name:34} ECB+ B3 F1 odd topics {figures[0]:.3f}, even topics {figures[1]:.3f}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--product", action="store_true")
    ap.add_argument("--tg-share", type=float, default=None)
    args = ap.parse_args()
    ex, ey, eg = ecb_pairs()
    tx, ty, tgr = tg_pairs()
    print(f"ECB+ pairs: {len(ey)} ({int(ey.sum())} same event); tgcontest pairs: {len(ty)} ({int(ty.sum())} OK)")
    print("ECB+:")
    cross_validate(ex, ey, eg)
    print("tgcontest:")
    cross_validate(tx, ty, tgr)
    x, y, g = np.vstack([ex, tx]), np.concatenate([ey, ty]), np.concatenate([eg, tgr])
    print("both:")
    cross_validate(x, y, g)
    print("weights from both, all folds:", learn(ex, ey, tx, ty, args.tg_share))
    lang = np.array([r["lang"] for r in load_pairs()])
    pair = np.arange(len(ty))
    learned: dict[int, dict[str, float]] = {}
    for half in (1, 0):  # learned on this half, measured on the other
        e, t = eg % 2 == half, pair % 2 == half
        learned[1 - half] = w = learn(ex[e], ey[e], tx[t], ty[t], args.tg_share)
        ru = ~t & (lang == "ru")
        print(f"learned on {'odd' if half else 'even'} halves {w}: tgcontest ru pairs of the other half F1 "
              f"{f1_at(tx[ru] @ np.array([w[k] for k in KEYS]), ty[ru], EVENT_THRESHOLD):.3f} "
              f"(hand-set {f1_at(hand(tx[ru]), ty[ru], EVENT_THRESHOLD):.3f})")
    if args.product:
        product_halves({"hand-set": {1: dict(EVENT_WEIGHTS), 0: dict(EVENT_WEIGHTS)},
                        "learned on the other half": learned})
    return 0


if __name__ == "__main__":
    sys.exit(main())
