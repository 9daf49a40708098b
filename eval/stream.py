"""Batch = stream on real texts: ECB+'s 982 articles (../shared/data/ecbplus) through `svodka run`'s
own path (JSONL records ingested, extracted, stored, grouped), once all in one run and once in runs
of ``--chunk`` pages each, in the same order, into a second store. Reports how far the stream's
events and stories are from the batch's (B-cubed of one against the other: 1.000 is the same
groups), and each against the gold events.

    python -m eval.stream                    # runs of 10 pages (99 runs, ~1 min)
    python -m eval.stream --chunk 1 --limit 300   # one page per run, the first 300 pages
    python -m eval.stream --fixed-idf        # the stream's runs weigh terms with the batch's IDF
    python -m eval.stream --no-embeddings    # words and names only, as `svodka run --no-embeddings`
    python -m eval.stream --serve            # the stream one page at a time as `svodka serve`
                                             # takes them (Engine.add, groups kept in memory)

The texts carry no dates: every page is given the same day, so "time order" is the pages' ids,
which follow a fixed shuffle (seed 0). A run weighs terms by the IDF of the store it reads, so a
page placed in an early run of the stream was compared under the IDF of a smaller store than
the batch's; ``--fixed-idf`` gives every run the batch's IDF, to tell that apart from any other
way the two paths could differ. ``--serve`` adds the pages one by one as the server does: placed
against the groups it keeps in memory, whose IDF learns each page (the candidate events' latest
members are weighed again under it before a page is scored) and which are read again from the store
once the pages added since make up a tenth of it.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from eval.clustering import bcubed
from eval.common import DATA, PRODUCT, as_run
from svodka.engine import Engine
from svodka import grouping, pipeline
from svodka.cluster import Featurizer
from svodka.cluster.scoring import EVENT_THRESHOLD
from svodka.ingest.files import iter_pages
from svodka.store.sqlite import SqliteStore


def records(limit: int | None = None) -> tuple[list[dict], dict[str, str]]:
    """ECB+ as JSONL records in a fixed shuffled order (ids numbered in it), and their gold events."""
    rows = [json.loads(l) for l in open(DATA / "ecbplus" / "docs.jsonl", encoding="utf-8")]
    random.Random(0).shuffle(rows)
    rows = rows[:limit]
    recs = [{"id": f"{i:04d}_{r['doc_id']}", "title": r["title"], "text": r["text"], "published": "2020-03-01"}
            for i, r in enumerate(rows)]
    return recs, {rec["id"]: r["cluster_id"] for rec, r in zip(recs, rows)}


def write_chunks(recs: list[dict], chunk: int, folder: Path) -> list[Path]:
    files = []
    for k in range(0, len(recs), chunk):
        f = folder / f"pages{k:05d}.jsonl"
        f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs[k:k + chunk]), encoding="utf-8")
        files.append(f)
    return files


def groups(db: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Each article's event and story as the store shows them (events holding two happenings cut)."""
    with SqliteStore(db) as store:
        stories, _ = pipeline.load_stories(store)
    return ({a: e.id for s in stories for e in s.events for a in e.articles},
            {a: s.id for s in stories for a in s.articles})


def decided_apart(batch: Path, stream: Path) -> list[tuple[str, float, float, bool]]:
    """The pages the two runs placed differently: one run joined them to an event (their best event
    score at the threshold or over it), the other opened one for them; with the score each run
    gave them, and whether the batch opened one."""
    out = []
    with SqliteStore(batch) as b, SqliteStore(stream) as s:
        for aid in sorted(b.clustered()):
            sb, ss = b.assignment_detail(aid)["event_score"], s.assignment_detail(aid)["event_score"]
            if (sb < EVENT_THRESHOLD) != (ss < EVENT_THRESHOLD):
                out.append((aid, sb, ss, sb < EVENT_THRESHOLD))
    return out


def compare(limit: int | None = None, chunk: int = 10, fixed_idf: bool = False, embedder=PRODUCT,
            say=lambda line: None, serve: bool = False) -> dict:
    """Run the pages as a batch and as a stream of ``chunk``-page runs (``serve``: pages added one
    at a time as `svodka serve` does); the two runs' groups (``embedder``: e5 as `svodka run` by
    default, None words only)."""
    embedder = as_run(embedder)
    recs, gold = records(limit)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = write_chunks(recs, chunk, folder)
        t = time.time()
        with SqliteStore(folder / "batch.db") as store:
            Engine(store, embedder=embedder).run(files)
        say(f"batch: {len(recs)} pages in one run, {time.time() - t:.0f}s")
        made = pipeline.Featurizer
        if fixed_idf:
            with SqliteStore(folder / "batch.db") as store:
                whole = Featurizer(store.docs())
            pipeline.Featurizer = lambda docs: copy.deepcopy(whole)
        t = time.time()
        try:
            if serve:
                live = grouping.LiveGrouping()
                with SqliteStore(folder / "stream.db") as store:
                    for page in iter_pages(files):
                        Engine(store, embedder=embedder).add(page, live)
            else:
                for f in files:
                    with SqliteStore(folder / "stream.db") as store:
                        Engine(store, embedder=embedder).run([f])
        finally:
            pipeline.Featurizer = made
        how = f"{len(recs)} pages added one at a time, as svodka serve does" if serve else f"{len(files)} runs of {chunk} pages"
        say(f"stream: {how}{', IDF of the batch' if fixed_idf else ''}, {time.time() - t:.0f}s")
        (be, bs), (se, ss) = groups(folder / "batch.db"), groups(folder / "stream.db")
        return {"events": (be, se), "stories": (bs, ss), "gold": gold,
                "apart": decided_apart(folder / "batch.db", folder / "stream.db")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chunk", type=int, default=10, help="pages per run of the stream")
    ap.add_argument("--limit", type=int, default=None, help="only the first N pages of the order")
    ap.add_argument("--fixed-idf", action="store_true")
    ap.add_argument("--no-embeddings", action="store_true", help="words and names only (svodka run --no-embeddings)")
    ap.add_argument("--serve", action="store_true", help="pages added one at a time, as svodka serve does")
    args = ap.parse_args(argv)
    if not (DATA / "ecbplus").is_dir():
        print(f"no ECB+ at {DATA / 'ecbplus'}", file=sys.stderr)
        return 2
    embedder = None if args.no_embeddings else PRODUCT
    got = compare(args.limit, args.chunk, args.fixed_idf, embedder, say=print, serve=args.serve)
    (be, se), (bs, ss) = got["events"], got["stories"]
    n = lambda g: len(set(g.values()))  # noqa: E731
    print("events  stream vs batch B3 P=%.3f R=%.3f F1=%.3f" % bcubed(se, be), f"  events {n(be)} / {n(se)}")
    print("stories stream vs batch B3 P=%.3f R=%.3f F1=%.3f" % bcubed(ss, bs), f"  stories {n(bs)} / {n(ss)}")
    print(f"pages placed otherwise (opened an event in one run, joined one in the other): {len(got['apart'])}"
          + "".join(f"\n  {a}: event score {b:.3f} in the batch ({'opened' if o else 'joined'}), {x:.3f} in the stream"
                    for a, b, x, o in got["apart"]))
    print("against the gold events: batch B3 P=%.3f R=%.3f F1=%.3f" % bcubed(be, got["gold"]),
          "  stream P=%.3f R=%.3f F1=%.3f" % bcubed(se, got["gold"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
