"""Helpers shared by the scorers: where ../shared is, and building docs from records."""
from __future__ import annotations

import os
import zlib
from pathlib import Path
from urllib.parse import urlsplit

from svodka.cluster import Featurizer
from svodka.embed import embed_docs
from svodka.enrich import enrich
from svodka.extract.language import detect_language
from svodka.model import Article, Doc

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("SVODKA_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def doc_from_text(id: str, title: str, text: str, published: str | None = None, language: str | None = None) -> Doc:
    paragraphs = tuple(p.strip() for p in text.split("\n") if p.strip())
    lang = language or detect_language(title + "\n" + text) or "ru"
    return enrich(Article(id=id, source=id, title=title.strip(), paragraphs=paragraphs, language=lang,
                          published=published))


def featurize(docs: list[Doc], embedder=None) -> list:
    """Each doc's clustering features in one store's statistics, with its e5 embedding when
    ``embedder`` is given (as `svodka run --embeddings` stores it)."""
    fz = Featurizer(docs)
    vectors = embed_docs(docs, embedder) if embedder else [None] * len(docs)
    return [fz(d, v) for d, v in zip(docs, vectors)]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def decided(said: list[bool], labels: list[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of yes/no calls against labels."""
    return prf(sum(s and y for s, y in zip(said, labels)), sum(s and not y for s, y in zip(said, labels)),
               sum(y and not s for s, y in zip(said, labels)))


def site_half(url: str) -> int:
    """The half of a set a page falls in by its site (0 or 1, stable across runs): tune on one
    half, report the other."""
    return zlib.crc32((urlsplit(url).hostname or "").encode()) % 2


def host_half(host: str) -> int:
    """`site_half` of a site given by its host name ("argumenti.ru")."""
    return site_half(f"http://{host}/")


PRODUCT = "as svodka run"  # an embedder argument: e5, as `svodka run` embeds by default (None: words only)


def as_run(embedder):
    """``embedder``, or e5 for PRODUCT."""
    if embedder != PRODUCT:
        return embedder
    from svodka.embed import e5_embedder

    return e5_embedder()


def run_file(records: list[dict], folder: Path, name: str, embedder=PRODUCT) -> tuple[Path, str]:
    """``records`` written as ``folder/name.jsonl`` in their order and read by `svodka run`
    (Engine.run, default settings: ``embedder`` PRODUCT) into ``folder/name.db``: the store's path
    and the run's summary."""
    import json

    from svodka.engine import Engine
    from svodka.store import SqliteStore

    embedder = as_run(embedder)
    src, db = folder / f"{name}.jsonl", folder / f"{name}.db"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    with SqliteStore(db) as store:
        return db, Engine(store, embedder=embedder, embed_stored=False).run([src]).summary()


def run_records(records: list[dict], embedder=PRODUCT, name: str = "input") -> tuple[dict[str, tuple[str, str]], str]:
    """The product on ``records`` (`run_file` in a folder of its own): each record's (event,
    story) as the store shows them, and the run's summary line. A record the run keeps out of the
    events (not news, skipped) is missing."""
    import tempfile

    from svodka.store import SqliteStore

    with tempfile.TemporaryDirectory() as tmp:
        db, summary = run_file(records, Path(tmp), name, embedder)
        with SqliteStore(db) as store:
            return store.assignments(), summary
