"""The stages an engine runs, each behind a small protocol with svodka's default and a null version:
extraction (Page -> Article), topic (svodka.classify), enrichment (Article -> Doc), reprints,
grouping and briefs. ``Stages`` bundles one of each; it travels to worker processes with each page,
so every stage is a module-level function or a class that pickles."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from svodka.brief import build_brief, headline
from svodka.classify import Classifier, NullClassifier
from svodka.cluster import Assignment, DocFeatures, OnlineClusterer
from svodka.cluster.groups import Group, stable_id
from svodka.dedup import MinHashDeduper
from svodka.enrich import enrich
from svodka.extract import extract_article
from svodka.extract.html import Rendered
from svodka.model import Article, Brief, Doc, Page, Story

__all__ = ["Stages", "NULL", "Extractor", "Enricher", "Deduper", "Clusterer", "Briefer", "Classifier",
           "verbatim", "bare", "NoReprints", "Singletons", "headline_only"]


class Extractor(Protocol):
    def __call__(self, page: Page, template: frozenset[str] = frozenset(), rendered: Rendered | None = None) -> Article:
        """The article of a page (``template``: its site's repeated lines); raises Rejected."""


class Enricher(Protocol):
    def __call__(self, article: Article) -> Doc:
        """The article's sentences, lemmas, entities, dates and quotes."""


class Deduper(Protocol):
    def restore(self, article_id: str, lemmas: Sequence[str], sig: np.ndarray | None,
                duplicate_of: str | None = None) -> None:
        """Take back a stored article whose answer is known."""

    def add(self, article_id: str, lemmas: Sequence[str], duplicate_of: str | None = None,
            sig: np.ndarray | None = None, apart: Callable[[str], bool] | None = None) -> tuple[str | None, float]:
        """The earlier article this one repeats (or None) and their similarity."""

    def credit(self, earlier: str, original: str) -> list[str]:
        """``earlier`` repeats ``original`` but was written first: the articles credited to it now."""


class Clusterer(Protocol):
    events: Mapping[str, Group]

    def restore(self, f: DocFeatures, event_id: str, story_id: str) -> None:
        """Replay a stored placement."""

    def add(self, f: DocFeatures, duplicate_of: str | None = None,
            reweigh: Callable[[DocFeatures], DocFeatures] | None = None) -> Assignment:
        """Place an article; the decision, typed."""


class Briefer(Protocol):
    def __call__(self, story: Story, docs: Mapping[str, Doc]) -> Brief:
        """A story's brief from its articles."""


_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")


def verbatim(page: Page, template: frozenset[str] = frozenset(), rendered: Rendered | None = None) -> Article:
    """The null extractor: a page's text as it came (an HTML page's tags dropped), a paragraph a
    line, its first line the title when the record gives none."""
    raw = _TAG.sub("\n", page.raw) if page.kind == "html" else page.raw
    lines = [" ".join(line.split()) for line in raw.splitlines() if line.strip()]
    title = page.title or (lines.pop(0) if lines else "")
    return Article(page.id, page.source, title, tuple(lines), site=page.site, published=page.published, url=page.url,
                   language=page.language)


def bare(article: Article) -> Doc:
    """The null enricher: lower-cased words for lemmas; no sentences, names, dates or quotes."""
    return Doc(article, article.language or "ru", (), tuple(_WORD.findall(article.text.lower())),
               tuple(_WORD.findall(article.title.lower())), (), (), ())


class NoReprints:
    """The null deduper: no article repeats another."""

    def restore(self, article_id: str, lemmas: Sequence[str], sig: np.ndarray | None,
                duplicate_of: str | None = None) -> None:
        return None

    def add(self, article_id: str, lemmas: Sequence[str], duplicate_of: str | None = None,
            sig: np.ndarray | None = None, apart: Callable[[str], bool] | None = None) -> tuple[str | None, float]:
        return duplicate_of, 0.0

    def credit(self, earlier: str, original: str) -> list[str]:
        return []


class Singletons:
    """The null clusterer: each article its own event and story."""

    def __init__(self, pinned: frozenset[str] = frozenset()) -> None:
        self.events: dict[str, Group] = {}

    def restore(self, f: DocFeatures, event_id: str, story_id: str) -> None:
        self.events.setdefault(event_id, Group(event_id, story=story_id)).absorb(f)

    def add(self, f: DocFeatures, duplicate_of: str | None = None,
            reweigh: Callable[[DocFeatures], DocFeatures] | None = None) -> Assignment:
        event, story = stable_id("e", f.id), stable_id("s", f.id)
        self.restore(f, event, story)
        return Assignment(f.id, event, story, True, True, 0.0, 0.0, {"score": 0.0})


def headline_only(story: Story, docs: Mapping[str, Doc]) -> Brief:
    """The null briefer: a story's headline and nothing else."""
    return Brief(story.id, headline([docs[a] for a in story.articles if a in docs]), (), (), (), ())


@dataclass(frozen=True)
class Stages:
    """One of each stage. ``classifier`` None: svodka's e5 topic model, loaded once per worker."""

    extractor: Extractor = extract_article
    classifier: Classifier | None = None
    enricher: Enricher = enrich
    deduper: Callable[[], Deduper] = MinHashDeduper
    clusterer: Callable[..., Clusterer] = OnlineClusterer  # called with pinned=<events a person placed>
    briefer: Briefer = build_brief


NULL = Stages(verbatim, NullClassifier(), bare, NoReprints, Singletons, headline_only)
