"""Clustering speed on a synthetic stream: articles per second, memory, and whether the time per
added article stays flat as the index grows.

    python -m benchmarks.cluster_speed [--articles 100000] [--per-day 1000] [--embeddings]
                                       [--undated SHARE] [--english SHARE]

The stream imitates a news feed: `per-day` articles a day, in time order; each belongs to an
event of 1-30 reports within a day, events chain into stories over up to three weeks; an article
has about 250 content lemmas (a 400-word report) drawn from a Zipf-shaped vocabulary of 40 000
words plus its event's and story's own words, and a few people and places. No NLP models run:
the docs are built directly, so what is timed is svodka's featurizing and clustering alone.
With --embeddings each article also carries a 384-dimension unit vector shaped like precomputed
multilingual-e5-small embeddings: cosine about 0.90 with its event's other reports and 0.75 with
unrelated ones (a direction all news shares, one per event, and the article's own). With
--english a share of the articles is in English: no word in common with their event's Russian
reports, so that they meet on names and embeddings, found through the embeddings' neighbours.

Reports articles/s for each block of 10% of the stream (the last block against the first is
the growth ratio: near 1.0 means constant time per article; with --undated also the median time
per dated and per undated article in the block), the median, the time of the cut that tells two
happenings in one event apart (svodka.cluster.split, made once over every event here, as a
batch run does) and the rate of placing and cutting together, the peak resident
memory, and B-cubed F1 against the stream's own events (a sanity check, not a quality figure:
the synthetic events are easy).
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta

import numpy as np

from eval.clustering import bcubed
from svodka.cluster import Featurizer, OnlineClusterer
from svodka.cluster.split import SPLIT_MIN_MEMBERS, cut_events
from svodka.model import Article, Doc, Entity

VOCAB = 40_000
LEMMAS = 250


def _name(rnd: random.Random) -> str:
    """A made-up name: syllables, so that name keys spread as real ones do."""
    return "".join(rnd.choice("бвгдзклмнпрстфхцчшщ") + rnd.choice("аеиоуыэюя") for _ in range(rnd.randint(2, 4))).capitalize()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream(n: int, per_day: int, embeddings: bool, seed: int = 0, undated: float = 0.0, english: float = 0.0
           ) -> tuple[list[Doc], list[np.ndarray | None], dict[str, str]]:
    """``undated``: the share of articles that carry no publication date (a headline feed
    exported without times, a page dump whose date line was lost). ``english``: the share of
    articles in English, sharing no word with the Russian reports of their event (their names
    and embedding still do)."""
    rnd = random.Random(seed)
    nprnd = np.random.default_rng(seed)

    def unit() -> np.ndarray:
        v = nprnd.standard_normal(384).astype(np.float32)
        return v / np.linalg.norm(v)

    news = unit()  # shares of the squared norm: 0.75 all news, 0.15 the event, 0.10 the article
    weights = [1 / (r + 1) for r in range(VOCAB)]
    cum = list(np.cumsum(weights))
    vocab = [f"w{r}" for r in range(VOCAB)]
    docs: list[Doc] = []
    embs: list[np.ndarray | None] = []
    gold: dict[str, str] = {}
    start = date(2024, 1, 1)
    stories: list[dict] = []
    event = None
    for i in range(n):
        day = start + timedelta(days=i // per_day)
        if event is None or event["left"] == 0 or event["day"] != day:
            live = [s for s in stories if (day - s["last"]).days <= 3 and s["events"] < 8]
            if live and rnd.random() < 0.4:
                story = rnd.choice(live)
            else:
                k = len(stories)
                story = {"id": f"s{k}", "words": [f"st{k}_{j}" for j in range(12)], "events": 0, "last": day,
                         "people": [f"{_name(rnd)} {_name(rnd)}" for _ in range(3)], "place": _name(rnd)}
                stories.append(story)
            story["events"] += 1
            story["last"] = day
            k = sum(s["events"] for s in stories)
            event = {"id": f"{story['id']}-{story['events']}", "story": story, "day": day,
                     "words": [f"ev{k}_{j}" for j in range(15)], "left": rnd.randint(1, 30),
                     "emb": unit()}
        event["left"] -= 1
        story = event["story"]
        background = rnd.choices(vocab, cum_weights=cum, k=LEMMAS - 40)
        own = rnd.choices(event["words"], k=25) + rnd.choices(story["words"], k=15)
        lemmas = own[:6] + background + own[6:]
        rnd.shuffle(lemmas)
        title = tuple(rnd.sample(event["words"], 4) + rnd.sample(story["words"], 2))
        people = rnd.sample(story["people"], 2)
        ents = tuple(Entity(0, 1, p, "PER", p) for p in people for _ in range(2)) + (
            Entity(0, 1, story["place"], "LOC", story["place"]),)
        aid = f"a{i:06d}"
        published = None if undated and rnd.random() < undated else day.isoformat()
        lang = "en" if english and rnd.random() < english else "ru"
        if lang == "en":
            title, lemmas = tuple("en_" + w for w in title), ["en_" + w for w in lemmas]
        art = Article(id=aid, source=f"synthetic/{i}", title=" ".join(title), paragraphs=(), language=lang,
                      published=published)
        docs.append(Doc(art, lang, (), title + tuple(lemmas), title, ents, (), ()))
        if embeddings:
            v = 0.75 ** 0.5 * news + 0.15 ** 0.5 * event["emb"] + 0.10 ** 0.5 * unit()
            embs.append(v / np.linalg.norm(v))
        else:
            embs.append(None)
        gold[aid] = event["id"]
    return docs, embs, gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--per-day", type=int, default=1000)
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--undated", type=float, default=0.0, metavar="SHARE",
                    help="share of articles without a publication date (default 0)")
    ap.add_argument("--english", type=float, default=0.0, metavar="SHARE",
                    help="share of articles in English among the Russian ones (default 0)")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    docs, embs, gold = stream(args.articles, args.per_day, args.embeddings, undated=args.undated, english=args.english)
    print(f"stream: {len(docs)} articles over {args.articles // args.per_day} days, {len(set(gold.values()))} events, "
          f"built in {time.perf_counter() - t:.0f}s; rss {_rss_mb():.0f} MB")

    t = time.perf_counter()
    fz = Featurizer(docs)
    feats = [fz(d, e) for d, e in zip(docs, embs)]
    took = time.perf_counter() - t
    rss_features = _rss_mb()
    print(f"featurize: {len(docs) / took:.0f} articles/s; rss {rss_features:.0f} MB")

    clusterer = OnlineClusterer()
    block = max(1, len(feats) // 10)
    rates = []
    for start in range(0, len(feats), block):
        part = feats[start:start + block]
        took = {True: [], False: []}  # undated? -> seconds per article
        t = time.perf_counter()
        for f in part:
            t0 = time.perf_counter()
            clusterer.add(f)
            took[f.day is None].append(time.perf_counter() - t0)
        rates.append(len(part) / (time.perf_counter() - t))
        per = "  ".join(f"{name} {1000 * statistics.median(took[k]):.2f} ms" for k, name in
                        ((False, "dated"), (True, "undated")) if took[k]) if args.undated else ""
        print(f"  articles {start:>7}-{start + len(part):<7} {rates[-1]:7.0f} articles/s" + (f"  {per}" if per else ""),
              flush=True)
    placing = len(feats) / sum(len(feats[i:i + block]) / r for i, r in zip(range(0, len(feats), block), rates))
    print(f"cluster: median {statistics.median(rates):.0f} articles/s; last block / first block "
          f"{rates[-1] / rates[0]:.2f}; rss {_rss_mb():.0f} MB (+{_rss_mb() - rss_features:.0f} MB for the index)")
    # the cut `svodka run` makes at the end of a run in every event it changed: here all of them
    t = time.perf_counter()
    shown, checked = cut_events(clusterer.article_event, {f.id: f for f in feats})
    cutting = time.perf_counter() - t
    cuts = len(set(shown.values())) - len(set(clusterer.article_event.values()))
    print(f"cut: {checked} events of {SPLIT_MIN_MEMBERS}+ articles checked, {cuts} cut, {cutting:.1f}s; placing and "
          f"cutting together {len(feats) / (len(feats) / placing + cutting):.0f} articles/s")
    print(f"sanity: B-cubed F1 vs the stream's events {bcubed(shown, gold)[2]:.3f} "
          f"(before the cut {bcubed(clusterer.article_event, gold)[2]:.3f}); "
          f"{len(set(shown.values()))} events, {len(clusterer.stories)} stories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
