"""Clustering speed on a synthetic stream: articles per second, memory, and whether the time per
added article stays flat as the index grows.

    python -m benchmarks.cluster_speed [--articles 100000] [--per-day 1000] [--embeddings]
                                       [--undated SHARE] [--english SHARE] [--set S.NAME=VALUE]

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

The stream is made twice, one article at a time: once for the term counts, once to featurize
and place each article, so that what is held is the clusterer's state, not the stream. Reports
articles/s and the resident memory after each block of 10% of the stream (the last block against
the first is the growth ratio: near 1.0 means constant time per article; with --undated also the
median time per dated and per undated article in the block), the median, the cut that tells two
happenings in one event apart (svodka.cluster.split, made after each day's articles in the events
they changed, as `svodka run` makes it after a run), the rate of featurizing, placing and cutting
together, the memory per article over the second half of the stream and what a million would
take, and B-cubed F1 against the stream's own events (a sanity check, not a quality figure: the
synthetic events are easy).
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np

from eval.clustering import bcubed
from svodka import config
from svodka.cluster import Featurizer, OnlineClusterer
from svodka.cluster.features import DocFeatures
from svodka.cluster.split import SPLIT_MIN_MEMBERS, cut_id, split_event
from svodka.model import Article, Doc, Entity

VOCAB = 40_000
LEMMAS = 250


def _name(rnd: random.Random) -> str:
    """A made-up name: syllables, so that name keys spread as real ones do."""
    return "".join(rnd.choice("бвгдзклмнпрстфхцчшщ") + rnd.choice("аеиоуыэюя") for _ in range(rnd.randint(2, 4))).capitalize()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def articles(n: int, per_day: int, embeddings: bool, seed: int = 0, undated: float = 0.0, english: float = 0.0
             ) -> Iterator[tuple[Doc, np.ndarray | None, str]]:
    """The stream one article at a time: its doc, embedding (or None) and event. ``undated``: the
    share of articles that carry no publication date (a headline feed exported without times, a
    page dump whose date line was lost). ``english``: the share of articles in English, sharing no
    word with the Russian reports of their event (their names and embedding still do)."""
    rnd = random.Random(seed)
    nprnd = np.random.default_rng(seed)

    def unit() -> np.ndarray:
        v = nprnd.standard_normal(384).astype(np.float32)
        return v / np.linalg.norm(v)

    news = unit()  # shares of the squared norm: 0.75 all news, 0.15 the event, 0.10 the article
    weights = [1 / (r + 1) for r in range(VOCAB)]
    cum = list(np.cumsum(weights))
    vocab = [f"w{r}" for r in range(VOCAB)]
    start = date(2024, 1, 1)
    recent: list[dict] = []  # the stories of the last three days, oldest first
    made = events = 0  # stories and events so far
    event = None
    for i in range(n):
        day = start + timedelta(days=i // per_day)
        if event is None or event["left"] == 0 or event["day"] != day:
            recent = [s for s in recent if (day - s["last"]).days <= 3]
            live = [s for s in recent if s["events"] < 8]
            if live and rnd.random() < 0.4:
                story = rnd.choice(live)
            else:
                k, made = made, made + 1
                story = {"id": f"s{k}", "words": [f"st{k}_{j}" for j in range(12)], "events": 0, "last": day,
                         "people": [f"{_name(rnd)} {_name(rnd)}" for _ in range(3)], "place": _name(rnd)}
                recent.append(story)
            story["events"] += 1
            story["last"] = day
            events += 1
            k = events
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
        emb = None
        if embeddings:
            v = 0.75 ** 0.5 * news + 0.15 ** 0.5 * event["emb"] + 0.10 ** 0.5 * unit()
            emb = v / np.linalg.norm(v)
        yield Doc(art, lang, (), title + tuple(lemmas), title, ents, (), ()), emb, event["id"]


def store_articles(store, n: int) -> None:
    """The stream's first ``n`` articles (a thousand a day, no embeddings) added to a store one at a time."""
    for i, (doc, _, _) in enumerate(articles(n, 1000, False)):
        store.add_doc(doc, f"hash{i}")


def stream(n: int, per_day: int, embeddings: bool, seed: int = 0, undated: float = 0.0, english: float = 0.0
           ) -> tuple[list[Doc], list[np.ndarray | None], dict[str, str]]:
    """The whole stream at once (``articles``): docs, embeddings and each article's event."""
    docs: list[Doc] = []
    embs: list[np.ndarray | None] = []
    gold: dict[str, str] = {}
    for doc, emb, event in articles(n, per_day, embeddings, seed, undated, english):
        docs.append(doc)
        embs.append(emb)
        gold[doc.id] = event
    return docs, embs, gold


def _rss_now_mb() -> float:
    """Resident memory now (the curve; `_rss_mb` is the peak)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--per-day", type=int, default=1000)
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--undated", type=float, default=0.0, metavar="SHARE",
                    help="share of articles without a publication date (default 0)")
    ap.add_argument("--english", type=float, default=0.0, metavar="SHARE",
                    help="share of articles in English among the Russian ones (default 0)")
    ap.add_argument("--set", action="append", default=[], metavar="S.NAME=VALUE",
                    help="a setting, as svodka run --set takes it (e.g. grouping.event_max_days=1)")
    args = ap.parse_args(argv)
    config.apply(config.settings(flags=args.set))

    def made() -> Iterator[tuple[Doc, np.ndarray | None, str]]:
        return articles(args.articles, args.per_day, args.embeddings, undated=args.undated, english=args.english)

    t = time.perf_counter()
    fz = Featurizer(d for d, _, _ in made())  # the term counts: the stream made once more below
    print(f"term counts: {args.articles} articles over {args.articles // args.per_day} days, counted in "
          f"{time.perf_counter() - t:.0f}s; rss {_rss_now_mb():.0f} MB", flush=True)

    clusterer = OnlineClusterer()
    block = max(1, args.articles // 10)
    gold: dict[str, str] = {}
    shown: dict[str, str] = {}  # each article's event after the cuts
    window: dict[str, DocFeatures] = {}  # the features of the latest three days' articles, for the cut
    touched: set[str] = set()  # events changed since the last cut
    rates, featurizing, placing, cutting, curve = [], 0.0, 0.0, 0.0, []
    cut_counts = Counter()

    def cut() -> None:
        """The cut `svodka run` makes at the end of a run in the events it changed (here: a day's)."""
        for e in sorted(touched):
            if (ev := clusterer.events.get(e)) is None:
                continue
            shown.update(dict.fromkeys(ev.members, e))
            if len(ev.members) >= SPLIT_MIN_MEMBERS:
                if any(a not in window for a in ev.members):
                    cut_counts["short"] += 1  # members older than the window: not checked
                    continue
                cut_counts["checked"] += 1
                if found := split_event([window[a] for a in ev.members]):
                    shown.update(dict.fromkeys(found.apart, cut_id(found)))
                    cut_counts["cut"] += 1
        touched.clear()

    stream_ = made()
    for start in range(0, args.articles, block):
        took = {True: [], False: []}  # undated? -> seconds per article
        spent, t_cut = 0.0, 0.0
        for i in range(start, min(start + block, args.articles)):  # made and featurized one at a time
            d, e, event = next(stream_)
            gold[d.id] = event
            t0 = time.perf_counter()
            f = fz(d, e)
            featurizing += time.perf_counter() - t0
            t0 = time.perf_counter()
            touched.add(clusterer.add(f).event_id)
            dt = time.perf_counter() - t0
            took[f.day is None].append(dt)
            spent += dt
            window[f.id] = f
            if (i + 1) % args.per_day == 0 or i + 1 == args.articles:
                t0 = time.perf_counter()
                cut()
                t_cut += time.perf_counter() - t0
                for a in list(window)[:max(0, len(window) - 3 * args.per_day)]:
                    del window[a]
        n_part = min(block, args.articles - start)
        rates.append(n_part / spent)
        placing += spent
        cutting += t_cut
        curve.append((start + n_part, _rss_now_mb()))
        per = "  ".join(f"{name} {1000 * statistics.median(took[k]):.2f} ms" for k, name in
                        ((False, "dated"), (True, "undated")) if took[k]) if args.undated else ""
        print(f"  articles {start:>7}-{start + n_part:<7} {rates[-1]:7.0f} articles/s; rss {curve[-1][1]:6.0f} MB"
              + (f"  {per}" if per else ""), flush=True)
    n = args.articles
    print(f"featurize: {n / featurizing:.0f} articles/s")
    print(f"cluster: median {statistics.median(rates):.0f} articles/s; last block / first block "
          f"{rates[-1] / rates[0]:.2f}")
    print(f"cut: {cut_counts['checked']} events of {SPLIT_MIN_MEMBERS}+ articles checked ({cut_counts['short']} with "
          f"members older than three days, not checked), {cut_counts['cut']} cut, {cutting:.1f}s; featurizing, placing and cutting together "
          f"{n / (featurizing + placing + cutting):.0f} articles/s")
    half = curve[len(curve) // 2 - 1]
    slope = (curve[-1][1] - half[1]) / (curve[-1][0] - half[0])  # MB per article over the second half
    print(f"memory: peak rss {_rss_mb():.0f} MB; {1024 * slope:.2f} KB per article over the second half; "
          f"1 000 000 articles would hold about {(curve[-1][1] + slope * (1_000_000 - curve[-1][0])) / 1024:.1f} GB "
          f"and take {1_000_000 / (n / (featurizing + placing + cutting)) / 60:.0f} minutes")
    print(f"sanity: B-cubed F1 vs the stream's events {bcubed(shown, gold)[2]:.3f} "
          f"(before the cut {bcubed(dict(clusterer.article_event), gold)[2]:.3f}); "
          f"{len(set(shown.values()))} events, {len(clusterer.stories)} stories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
