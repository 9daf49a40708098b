"""A Russian and an English article on one event: do they meet? Measured on the English news of
../shared/data/tgcontest/categories.jsonl, each of which carries the Russian machine translation
its annotators were shown (`trans_title`, `trans_text`): an English article and its Russian
translation report one event in two languages, and no other pair among them is taken to.

    python -m eval.crosslingual               # words and transliterated names only
    python -m eval.crosslingual --embeddings  # each article also carries its e5 embedding, as
                                              # `svodka run` stores it (~2 min)
    python -m eval.crosslingual --titles      # each side its title alone (headline feeds)
    python -m eval.crosslingual --mixed       # one language's side its title alone, the other
                                              # whole: English headlines, then Russian ones
    python -m eval.crosslingual --seeds 5     # clustering: the median over five reading orders
    python -m eval.crosslingual --errors      # the pairs decided wrongly, with their parts
    python -m eval.crosslingual --embeddings --calibrate [--titles]
                                              # the floor a pair's cosine across languages is read
                                              # from (EMBEDDING_FLOOR, for headlines
                                              # CROSS_HEADLINE_FLOOR) chosen on one half of the
                                              # sites and measured on the other, each way
    python -m eval.crosslingual --run         # the product: the articles and translations as one
                                              # JSONL file through `svodka run` (Engine.run), in
                                              # each seed's order; by half of the sites too;
                                              # embeddings on as in the run (--no-embeddings: off)

Reports, with a TF-IDF baseline in the same run on the same texts:
- pairs: every English article against every Russian one (113 x 113, 115 of them the same
  event: one page is given twice): precision, recall and F1 of calling a pair one event at
  svodka's fixed threshold (and the best F1 any threshold would give, an upper bound), and how
  often an English article's highest-scoring Russian article is its own translation (found
  first);
- clustering: all 226 articles through the online clusterer in shuffled orders (events holding
  two happenings cut, as `svodka run` does: eval.clustering.svodka_clusters), B-cubed F1 against
  the gold events (each article with its translation), against TF-IDF + agglomerative clustering.

A translation is the easy case of two reports in two languages (the same facts in the same
order); its Russian is a machine's, with names left in Latin letters or mistranslated ("племя
Лоуренс" for Laurence Tribe), which is harder than an outlet's own Russian. Some of the 113 may
report one event with each other; such pairs count as wrong joins here (the --errors list shows
them to a reader).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from eval.clustering import agglomerate, bcubed, svodka_clusters
from eval.common import DATA, PRODUCT, doc_from_text, featurize, run_records, site_half
from eval.pairs import best_f1, decide
from svodka.cluster.scoring import (CROSS_HEADLINE_FLOOR, CROSS_LANGUAGE_WEIGHTS, EMBEDDING_FLOOR, EMBEDDING_SPAN,
                                    EVENT_THRESHOLD, pair_parts, pair_score, read_cosine)
from svodka.embed import e5_embedder


def load() -> list[dict]:
    """The English articles that carry their Russian translation."""
    rows = [json.loads(l) for l in open(DATA / "tgcontest" / "categories.jsonl", encoding="utf-8")]
    return [r for r in rows if r["lang"] == "en" and r.get("trans_text") and r.get("trans_title")]


def records(rows: list[dict], headlines: frozenset[str] = frozenset()) -> list[dict]:
    """Each row as two records, ``en:ID`` and ``ru:ID``, gold event the page's URL; the records in
    the languages of ``headlines`` are read from their title alone."""
    out = []
    for r in rows:
        for lang, title, text in (("en", r["title"], r["text"]), ("ru", r["trans_title"], r["trans_text"])):
            out.append({"id": f"{lang}:{r['doc_id']}", "event": r["url"], "lang": lang,
                        "title": title.strip(), "text": "" if lang in headlines else text})
    return out


def features(recs: list[dict], embedder=None) -> list:
    docs = [doc_from_text(r["id"], r["title"], r["text"], language=r["lang"]) for r in recs]
    return featurize(docs, embedder)


def tfidf(recs: list[dict]):
    return TfidfVectorizer(sublinear_tf=True).fit_transform(f"{r['title']} {r['text']}" for r in recs)


def pair_scores(recs: list[dict], feats: list) -> tuple[np.ndarray, np.ndarray, list]:
    """svodka's and the baseline's score of every English x Russian pair (rows English)."""
    en = [i for i, r in enumerate(recs) if r["lang"] == "en"]
    ru = [i for i, r in enumerate(recs) if r["lang"] == "ru"]
    ours = np.zeros((len(en), len(ru)))
    parts = []
    for a, i in enumerate(en):
        row = []
        for b, j in enumerate(ru):
            p = pair_parts(feats[i], feats[j])
            ours[a, b] = p["score"] = pair_score(feats[i], feats[j], p)
            row.append(p)
        parts.append(row)
    m = tfidf(recs)
    base = (m[en] @ m[ru].T).toarray()
    return ours, base, parts


def report_pairs(name: str, scores: np.ndarray, gold: np.ndarray, threshold: float) -> None:
    flat, labels = list(scores.ravel()), list(gold.ravel())
    p, r, f = decide(flat, labels, threshold)
    best = best_f1(flat, labels)
    found = float(np.mean(gold[np.arange(len(scores)), scores.argmax(axis=1)]))
    print(f"{name:28} P={p:.3f} R={r:.3f} F1={f:.3f} at {threshold:.2f}   (best F1 {best[0]:.3f} at "
          f"{best[1]:.3f})   found first {found:.3f}")


def together(pred: dict[str, str], recs: list[dict]) -> float:
    """The share of English articles whose translation ended in their event."""
    en = [r["id"] for r in recs if r["lang"] == "en"]
    return sum(pred[i] == pred["ru" + i[2:]] for i in en) / len(en)


def errors(recs: list[dict], scores: np.ndarray, gold: np.ndarray, parts: list, threshold: float) -> None:
    en = [r for r in recs if r["lang"] == "en"]
    ru = [r for r in recs if r["lang"] == "ru"]
    for a, b in sorted(np.argwhere(scores >= threshold).tolist(), key=lambda x: -scores[x[0], x[1]]):
        if not gold[a, b]:
            print(f"  {scores[a, b]:.3f} joined, different events: "
                  + "  ".join(f"{k} {v:.2f}" for k, v in parts[a][b].items() if k != "score"))
            print(f"      {en[a]['title'][:90]}\n      {ru[b]['title'][:90]}")
    for a in range(len(en)):
        if scores[a, a] < threshold:
            print(f"  {scores[a, a]:.3f} apart, translations: "
                  + "  ".join(f"{k} {v:.2f}" for k, v in parts[a][a].items() if k != "score"))
            print(f"      {en[a]['title'][:90]}\n      {ru[a]['title'][:90]}")


def evaluate(recs: list[dict], embedder, seeds: int, show_errors: bool) -> None:
    t = time.perf_counter()
    feats = features(recs, embedder)
    print(f"features{' and embeddings' if embedder else ''} of {len(recs)} articles "
          f"({len(recs) // 2} English, each with its Russian translation): {time.perf_counter() - t:.0f}s")
    ours, base, parts = pair_scores(recs, feats)  # rows English, columns Russian, in one order
    events = [r["event"] for r in recs if r["lang"] == "en"]
    gold = np.array([[a == b for b in events] for a in events])
    report_pairs("svodka pair score", ours, gold, EVENT_THRESHOLD)
    report_pairs("baseline tfidf cosine", base, gold, 0.30)
    truth = {r["id"]: r["event"] for r in recs}
    runs = []
    for seed in range(seeds):
        pred = svodka_clusters(feats, seed)
        runs.append((*bcubed(pred, truth), together(pred, recs)))
    p, r, f, tg = (statistics.median(x[i] for x in runs) for i in range(4))
    print(f"svodka online       B3 P={p:.3f} R={r:.3f} F1={f:.3f}  with its translation {tg:.3f}"
          f"  (median of {seeds} order(s))")
    pred = agglomerate([r["id"] for r in recs], tfidf(recs))
    p, r, f = bcubed(pred, truth)
    print(f"tfidf agglomerative B3 P={p:.3f} R={r:.3f} F1={f:.3f}  with its translation {together(pred, recs):.3f}")
    if show_errors:
        errors(recs, ours, gold, parts, EVENT_THRESHOLD)


def calibrate(recs: list[dict], embedder, shipped: float) -> None:
    """The cross-language floor (``shipped``: svodka's for these records) fitted on one site half's
    pairs (best F1 at EVENT_THRESHOLD over a grid) and measured on the other half, against the
    shipped floor on that half."""
    feats = features(recs, embedder)
    _, _, parts = pair_scores(recs, feats)
    en = [r for r in recs if r["lang"] == "en"]
    half = [site_half(r["event"]) for r in en]
    grid = [round(0.70 + 0.01 * i, 2) for i in range(16)]

    def f1(h: int, floor: float) -> float:
        at = [a for a in range(len(en)) if half[a] == h]
        flat = [CROSS_LANGUAGE_WEIGHTS["entities"] * parts[a][b]["entities"] + CROSS_LANGUAGE_WEIGHTS["embedding"]
                * read_cosine(parts[a][b].get("embedding", 0.0), floor, EMBEDDING_SPAN) for a in at for b in at]
        labels = [en[a]["event"] == en[b]["event"] for a in at for b in at]
        return decide(flat, labels, EVENT_THRESHOLD)[2]

    for tune, report in ((0, 1), (1, 0)):
        best = max(grid, key=lambda floor: f1(tune, floor))
        print(f"floor fitted on site half {tune}: {best:.2f} (F1 there {f1(tune, best):.3f}); on half {report}: "
              f"F1 {f1(report, best):.3f} against {f1(report, shipped):.3f} at the shipped {shipped:.2f}")


def run(recs: list[dict], embedder, seeds: int) -> None:
    """B-cubed of `svodka run` over the records as JSONL (id, title, text) in each seed's order,
    whole and by half of the English pages' sites (eval.common.site_half); a record the run keeps
    out of the events is an event of its own."""
    truth = {r["id"]: r["event"] for r in recs}
    half = {r["id"]: site_half(r["event"]) for r in recs}
    for seed in range(seeds):
        order = list(recs)
        random.Random(seed).shuffle(order)
        shown, summary = run_records([{"id": r["id"], "title": r["title"], "text": r["text"]} for r in order],
                                     embedder, "crosslingual")
        pred = {i: shown.get(i, ("alone:" + i,))[0] for i in truth}
        p, r, f = bcubed(pred, truth)
        halves = [bcubed({i: e for i, e in pred.items() if half[i] == h},
                         {i: g for i, g in truth.items() if half[i] == h})[2] for h in (0, 1)]
        print(f"svodka run seed {seed} B3 P={p:.3f} R={r:.3f} F1={f:.3f}  site halves {halves[0]:.3f} / "
              f"{halves[1]:.3f}  with its translation {together(pred, recs):.3f}  ({summary})", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--embeddings", action="store_true", help="eval's own clusterer: with e5 embeddings (--run has them by default)")
    ap.add_argument("--no-embeddings", action="store_true", help="--run: words and names only")
    ap.add_argument("--titles", action="store_true", help="each side its title alone")
    ap.add_argument("--mixed", action="store_true", help="one language's side its title alone, each in turn")
    ap.add_argument("--seeds", type=int, default=1)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--run", action="store_true", help="through Engine.run over a JSONL file, as a user runs it")
    ap.add_argument("--calibrate", action="store_true", help="the cross-language floor fitted on one half, measured on the other")
    args = ap.parse_args()
    rows = load()
    embedder = e5_embedder() if args.embeddings or (args.run and not args.no_embeddings) else None
    if args.mixed:
        runs = [("English headlines, Russian articles", {"en"}), ("Russian headlines, English articles", {"ru"})]
    else:
        runs = [("headlines" if args.titles else "articles", {"en", "ru"} if args.titles else set())]
    for name, headlines in runs:
        print(f"== {name}")
        if args.calibrate:
            calibrate(records(rows, frozenset(headlines)), embedder,
                      CROSS_HEADLINE_FLOOR if headlines == {"en", "ru"} else EMBEDDING_FLOOR)
            continue
        if args.run:
            run(records(rows, frozenset(headlines)), embedder, args.seeds)
            continue
        evaluate(records(rows, frozenset(headlines)), embedder, args.seeds, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
