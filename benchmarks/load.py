"""Load check: concurrent readers against `svodka serve` on loopback.

    python -m benchmarks.load [--articles 10000] [--readers 200] [--requests 5]

Builds a synthetic store (realistic article length, entities and dates, grouped into stories
of 1-20 articles) without running the NLP models, starts the server in this process on a free
loopback port, and sends `readers` concurrent clients, each making `requests` reads of the
front-page API, a story, an article and a search. Reports median and p99 latency per route and
the errors (there must be none). Bounded in count and time; it stops by itself.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from svodka.model import Article, DateMention, Doc, Entity, Sentence
from svodka.store import SqliteStore

WORDS = ("переговоры министр город область заявил проверка авария тепло ремонт школа суд бюджет выборы "
         "банк ставка инфляция матч команда победа мост дорога строительство завод рабочие цена рынок").split()
NAMES = ["Андрей Соколов", "Олег Краснов", "Игорь Ветров", "Мария Захарова", "Сергей Лавров", "Анна Смирнова"]
PLACES = ["Москва", "Женева", "Верхнеозёрск", "Казань", "Новосибирск"]


def synthetic_doc(i: int, rnd: random.Random) -> Doc:
    paragraphs = tuple(" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(25, 45))).capitalize() + "."
                       for _ in range(rnd.randint(4, 8)))
    name, place = rnd.choice(NAMES), rnd.choice(PLACES)
    paragraphs = (f"{name} приехал в {place} 12 января.",) + paragraphs
    title = f"{name} и {rnd.choice(WORDS)} {rnd.choice(WORDS)} в {place} #{i}"
    a = Article(id=f"a{i:05d}", source=f"synthetic/{i}", title=title, paragraphs=paragraphs, language="ru",
                site=f"site{i % 40}.example", published=f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}")
    text = a.text
    sents, offset = [], 0
    for p in paragraphs:
        sents.append(Sentence(offset, offset + len(p), p))
        offset += len(p) + 2
    ents = (Entity(0, len(name), name, "PER", name),)
    date = DateMention(text.index("12 января"), text.index("12 января") + 9, "12 января", "2024-01-12", 0.9)
    lemmas = tuple(w.lower().strip(".") for w in (title + " " + text).split())
    return Doc(a, "ru", tuple(sents), lemmas, tuple(title.lower().split()), ents, (date,), (), "2024-01-12")


def build_store(path: Path, n: int, seed: int = 0) -> list[str]:
    rnd = random.Random(seed)
    stories: list[str] = []
    with SqliteStore(path) as store:
        story, left = None, 0
        for i in range(n):
            doc = synthetic_doc(i, rnd)
            store.add_doc(doc, f"hash{i}")
            if left == 0:
                story, left = f"s{i:05d}", rnd.randint(1, 20)
                stories.append(story)
            store.assign(doc.id, "e" + story[1:] + f"-{left % 3}", story, 0.5, 1.0, {})
            left -= 1
        from svodka import pipeline

        pipeline.briefs(store)  # as `svodka run` does: the writer saves every brief
    return stories


async def reader(base: str, stories: list[str], n_articles: int, requests: int, rnd: random.Random,
                 timings: dict[str, list[float]], errors: list[str]) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for _ in range(requests):
            for route, url in (("stories", "/api/stories?limit=20"), ("story", f"/api/stories/{rnd.choice(stories)}"),
                               ("article", f"/api/articles/a{rnd.randrange(n_articles):05d}"),
                               ("search", f"/api/search?q={rnd.choice(WORDS)}")):
                t = time.perf_counter()
                try:
                    r = await client.get(url)
                    if r.status_code != 200:
                        errors.append(f"{url}: {r.status_code}")
                except Exception as exc:  # a load check counts every failure, whatever it is
                    errors.append(f"{url}: {exc!r}")
                timings[route].append(time.perf_counter() - t)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--readers", type=int, default=200)
    ap.add_argument("--requests", type=int, default=5)
    args = ap.parse_args(argv)
    import uvicorn

    from svodka.web import create_app

    tmp = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    stories = build_store(tmp / "load.db", args.articles)
    print(f"store: {args.articles} articles, {len(stories)} stories, built in {time.perf_counter() - t:.1f}s")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(tmp / "load.db"), host="127.0.0.1", port=port,
                                           log_level="warning", backlog=1024,
                                           timeout_keep_alive=60))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    t = time.perf_counter()
    import httpx

    httpx.get(base + "/api/stories?limit=1", timeout=300)  # the first read builds the snapshot
    print(f"first read (snapshot of the store): {time.perf_counter() - t:.1f}s")
    timings: dict[str, list[float]] = {k: [] for k in ("stories", "story", "article", "search")}
    errors: list[str] = []

    async def run_all():
        rnd = random.Random(1)
        await asyncio.gather(*(reader(base, stories, args.articles, args.requests, random.Random(rnd.random()),
                                      timings, errors) for _ in range(args.readers)))

    t = time.perf_counter()
    asyncio.run(run_all())
    took = time.perf_counter() - t
    total = sum(len(v) for v in timings.values())
    print(f"{args.readers} concurrent readers, {total} requests in {took:.1f}s ({total / took:.0f} req/s), "
          f"errors: {len(errors)}")
    for route, ts in timings.items():
        ts.sort()
        print(f"  {route:8} median {statistics.median(ts) * 1000:7.1f} ms   p99 {ts[int(0.99 * (len(ts) - 1))] * 1000:7.1f} ms")
    for e in errors[:5]:
        print("  error:", e)
    server.should_exit = True
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
