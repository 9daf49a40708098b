"""Same-event pair decisions on ../shared/data/tgcontest/same_story_pairs.jsonl.

    python -m eval.pairs            # svodka's event score vs a TF-IDF cosine baseline
    python -m eval.pairs --titles   # the same pairs with titles only (headline feeds, short inputs)
    python -m eval.pairs --embeddings  # each article also carries its e5 embedding, as
                                       # `svodka run` stores it (~4 min)
    python -m eval.pairs --errors   # and the pairs decided wrongly, with the parts of their score
    python -m eval.pairs --mixed    # one side of each pair a headline (its title alone), the other
                                    # the whole article: a headline feed and pages in one store;
                                    # each side in turn, both reported
    python -m eval.pairs --run      # the product: every pair's two pages as one JSONL file through
                                    # `svodka run` (Engine.run, default settings, so with
                                    # embeddings; --no-embeddings: words only); a pair is called
                                    # the same when the run puts both pages in one event; by half
                                    # of the first pages' sites too; with --titles each page
                                    # its title alone, as a headline feed
    python -m eval.pairs --calibrate  # the headline blend (HEADLINE_WEIGHTS) fitted on one half of
                                      # the sites' headline pairs through the run, measured on the
                                      # other (with embeddings; about 10 minutes)

Reports precision/recall/F1 per language at svodka's fixed threshold, and the best F1 any
threshold would give (an upper bound, not a result: thresholds are not tuned on this set alone).
"""
from __future__ import annotations

import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from eval.common import DATA, PRODUCT, decided, doc_from_text, featurize, prf, run_records, site_half
from svodka.cluster.groups import Group
from svodka.cluster.scoring import EVENT_THRESHOLD, event_parts
from svodka.embed import e5_embedder


def load_pairs():
    rows = [json.loads(l) for l in open(DATA / "tgcontest" / "same_story_pairs.jsonl", encoding="utf-8")]
    return [r for r in rows if not r.get("duplicate_of_earlier_pair")]


def score(rows, titles_only: bool = False, embedder=None, headline: str | None = None):
    return [p["score"] for p in score_parts(rows, titles_only, embedder, headline)]


def score_parts(rows, titles_only: bool = False, embedder=None, headline: str | None = None) -> list[dict[str, float]]:
    """The event score of each pair and the parts it was made of, as `svodka explain` shows them.
    ``headline``: "first" or "second", that side of every pair is read from its title alone."""
    docs = {}
    for r in rows:
        for side in ("first", "second"):
            key = (r[f"{side}_url"], titles_only or side == headline)
            if key not in docs:
                text = "" if key[1] else r[f"{side}_text"]
                docs[key] = doc_from_text(key[0], r[f"{side}_title"], text, language=r["lang"])
    feats = dict(zip(docs, featurize(list(docs.values()), embedder)))
    out = []
    for r in rows:
        g = Group("g")
        g.absorb(feats[(r["second_url"], titles_only or headline == "second")])
        out.append(event_parts(feats[(r["first_url"], titles_only or headline == "first")], g))
    return out


def baseline(rows, titles_only: bool = False, headline: str | None = None):
    def text(r, side):
        return r[f"{side}_title"] + ("" if titles_only or side == headline else " " + r[f"{side}_text"])

    texts = [text(r, "first") for r in rows] + [text(r, "second") for r in rows]
    m = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    n = len(rows)
    return [float(cosine_similarity(m[i], m[n + i])[0, 0]) for i in range(n)]


def decide(scores, labels, threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of calling every pair scoring at least ``threshold`` the same."""
    tp = sum(s >= threshold and y for s, y in zip(scores, labels))
    fp = sum(s >= threshold and not y for s, y in zip(scores, labels))
    fn = sum(s < threshold and y for s, y in zip(scores, labels))
    return prf(tp, fp, fn)


def best_f1(scores, labels) -> tuple[float, float]:
    """The best F1 any threshold gives, and that threshold (an upper bound, not a result)."""
    return max((decide(scores, labels, t)[2], float(t)) for t in sorted(set(scores)))


def report(name, scores, labels, threshold):
    p, r, f = decide(scores, labels, threshold)
    best = best_f1(scores, labels)
    print(f"{name:28} P={p:.3f} R={r:.3f} F1={f:.3f} at {threshold:.2f}   (best F1 {best[0]:.3f} at {best[1]:.3f})")
    return f


def errors(rows, parts, threshold: float) -> None:
    """The pairs decided wrongly, highest score first: what a change to the score must fix."""
    wrong = [(p, r) for p, r in zip(parts, rows) if (p["score"] >= threshold) != r["same_story"]]
    for p, r in sorted(wrong, key=lambda x: -x[0]["score"]):
        said = "joined, labelled different" if p["score"] >= threshold else "apart, labelled same"
        shown = "  ".join(f"{k} {v:.2f}" for k, v in p.items() if k not in ("score", "members", "closest"))
        print(f"  {p['score']:.3f} {said}: {shown}\n      {r['first_title'][:90]}\n      {r['second_title'][:90]}")


def run_pairs(rows: list[dict], embedder=PRODUCT, titles_only: bool = False) -> list[tuple[bool, bool]]:
    """Whether `svodka run` over all the pairs' pages (one file, in the pairs' order) puts each
    pair's two pages in one event, and in one story; ``titles_only``: each page a headline (its
    title, no text), as a headline feed gives it."""
    records = [{"id": f"{r['pair_id']}/{side}", "url": r[f"{side}_url"], "title": r[f"{side}_title"],
                "text": "" if titles_only else r[f"{side}_text"]} for r in rows for side in ("first", "second")]
    shown, _ = run_records(records, embedder, "pair-titles" if titles_only else "pairs")

    def together(r: dict, level: int) -> bool:
        a, b = (shown.get(f"{r['pair_id']}/{side}") for side in ("first", "second"))
        return a is not None and b is not None and a[level] == b[level]

    return [(together(r, 0), together(r, 1)) for r in rows]


def run_report(rows: list[dict], embedder=PRODUCT, titles_only: bool = False
               ) -> dict[tuple[str, str], tuple[float, float, float]]:
    """Precision, recall and F1 of the run's same-event calls, by language and by site half, and
    of its same-story calls by language ("story")."""
    same = run_pairs(rows, embedder, titles_only=titles_only)
    out = {}
    for lang in ("ru", "en"):
        for half in ("all", 0, 1, "story"):
            at = [i for i, r in enumerate(rows)
                  if r["lang"] == lang and half in ("all", "story", site_half(r["first_url"]))]
            p, r, f = out[lang, str(half)] = decided([same[i][half == "story"] for i in at],
                                                     [rows[i]["same_story"] for i in at])
            name = {"all": "all pairs", "story": "in one story"}.get(half, f"site half {half}")
            print(f"svodka run {lang} {name:12} ({len(at):3} pairs) P={p:.3f} R={r:.3f} F1={f:.3f}")
    return out


def calibrate_headlines(rows: list[dict], embedder) -> None:
    """HEADLINE_WEIGHTS fitted on one half of the sites (Russian headline pairs through the run,
    regrouped for each setting as eval.rules does) and measured on the other, against the shipped."""
    from eval.rules import regrouping, switched
    from svodka.cluster.scoring import HEADLINE_WEIGHTS

    shipped = (HEADLINE_WEIGHTS["words"], HEADLINE_WEIGHTS["embedding"])
    grid = {(w, e) for w in (0.15, 0.20, 0.25) for e in (0.25, 0.30, 0.35, 0.40, 0.45)} | {shipped}
    got = {}
    with regrouping():
        for w, e in sorted(grid):
            with switched({"svodka.cluster.scoring.HEADLINE_WEIGHTS": {"words": w, "embedding": e}}):
                out = run_report(rows, embedder, titles_only=True)
            got[w, e] = (out["ru", "0"][2], out["ru", "1"][2])
    for tune, other in ((0, 1), (1, 0)):
        best = max(sorted(got), key=lambda k: got[k][tune])
        print(f"fitted on ru site half {tune}: words {best[0]:.2f} + cosine {best[1]:.2f} ({got[best][tune]:.3f}); "
              f"on half {other}: {got[best][other]:.3f} against the shipped {got[shipped][other]:.3f}")


def main() -> int:
    if "--calibrate" in sys.argv[1:]:
        calibrate_headlines(load_pairs(), e5_embedder())
        return 0
    if "--run" in sys.argv[1:]:
        run_report(load_pairs(), None if "--no-embeddings" in sys.argv[1:] else PRODUCT, "--titles" in sys.argv[1:])
        return 0
    titles_only = "--titles" in sys.argv[1:]
    embedder = e5_embedder() if "--embeddings" in sys.argv[1:] else None
    rows = load_pairs()
    for lang in ("ru", "en"):
        sub = [r for r in rows if r["lang"] == lang]
        labels = [r["same_story"] for r in sub]
        print(f"== {lang}: {len(sub)} pairs, {sum(labels)} same" + (", titles only" if titles_only else "")
              + (", with embeddings" if embedder else ""))
        if "--mixed" in sys.argv[1:]:
            for side in ("first", "second"):
                report(f"svodka, {side} a headline", score(sub, False, embedder, side), labels, EVENT_THRESHOLD)
                report("baseline tfidf cosine", baseline(sub, headline=side), labels, 0.3)
            continue
        parts = score_parts(sub, titles_only, embedder)
        report("svodka event score", [p["score"] for p in parts], labels, EVENT_THRESHOLD)
        base = baseline(sub, titles_only)
        report("baseline tfidf cosine", base, labels, 0.3)
        if "--errors" in sys.argv[1:]:
            errors(sub, parts, EVENT_THRESHOLD)
    return 0


if __name__ == "__main__":
    sys.exit(main())
