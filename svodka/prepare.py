"""The per-page stages (bounds, extraction, topic, enrichment) as one pure function of a page and
what the run knows of its site: what a worker process or a Dask worker runs (svodka.workers). The
stages are the engine's (svodka.stages), sent with each page."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np

from svodka.classify import Classifier, E5TopicClassifier
from svodka.deadline import deadline
from svodka.embed import Embedder, embed_docs
from svodka.errors import Rejected, SvodkaError
from svodka.extract.bounds import bounded
from svodka.extract.html import Rendered
from svodka.model import Article, Doc, Page
from svodka.stages import Stages


@dataclass(frozen=True)
class PageJob:
    """One page to read, with the site memory of the pages before it (``template``), its render
    when the run made one for the site memory, the stages to read it with, and the embedder that
    gives the article its sentence embedding (None: none)."""

    page: Page
    template: frozenset[str] = frozenset()
    rendered: Rendered | None = None
    stages: Stages = Stages()
    embedder: Embedder | None = None  # svodka run --embeddings


@dataclass(frozen=True)
class Prepared:
    """A page read: its enriched article, or why it was skipped (``reason``, ``detail``), with the
    repairs made on the way (``notes``)."""

    doc: Doc | None
    notes: tuple[str, ...] = ()
    reason: str | None = None
    detail: str = ""
    embedding: np.ndarray | None = None

    def rejected(self, source: str) -> Rejected:
        return Rejected(source, self.reason or "failed", self.detail)


@lru_cache(maxsize=1)
def default_classifier() -> Classifier:
    return E5TopicClassifier()


def with_topic(article: Article, classifier: Classifier | None = None) -> Article:
    """The article with its topic and news flag by ``classifier`` (None: the shipped one)."""
    [topic] = (classifier or default_classifier())([article])
    return replace(article, topic=topic.topic, is_news=topic.is_news) if topic else article


def prepare(job: PageJob) -> Prepared:
    """Read one page. A fault of svodka's met on the page is a skip with its reason; the store's or
    the machine's (SvodkaError, OSError, MemoryError) goes up and stops the run."""
    notes = list(job.page.notes)
    try:
        page = bounded(job.page)
        notes += page.notes[len(notes):]
        with deadline(page.source):
            stages = job.stages
            article = stages.extractor(page, job.template, rendered=job.rendered)
            doc = stages.enricher(with_topic(article, stages.classifier))
            embedding = embed_docs([doc], job.embedder)[0] if job.embedder is not None else None
    except Rejected as rej:
        return Prepared(None, tuple(notes), rej.reason, rej.detail)
    except (SvodkaError, OSError, MemoryError):
        raise
    except Exception as exc:  # a fault met on one page: that page is skipped, the run goes on
        return Prepared(None, tuple(notes), "failed", f"{type(exc).__name__}: {exc} (a fault in svodka on this "
                        "page, which is skipped; please report it with the page)")
    return Prepared(doc, tuple(notes), embedding=embedding)
