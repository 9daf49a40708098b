"""Rubric and news filter: each article's topic (one of the Telegram contest's seven) and whether
it is news at all, from its title and lead embedded by multilingual-e5-small and a logistic
regression trained on tgcontest's labelled pages (eval.topics; weights in svodka/data/topic.npz).
A rubric the page states itself ("Спорт", "Categories: Business") decides the topic."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

import numpy as np

from svodka.embed import lead_text
from svodka.model import Article

TOPICS = ("society", "economy", "technology", "sports", "entertainment", "science", "other")
NOT_NEWS = "not_news"
LABELS = (*TOPICS, NOT_NEWS)
WEIGHTS = Path(__file__).parent / "data" / "topic.npz"
# A page's own rubric, by the words it opens with, in Russian and English: the topic it names.
RUBRICS = {
    "society": "общество политика власть в мире мир россия регионы происшествия криминал армия город страна "
               "society politics world nation local crime incidents news us uk europe",
    "economy": "экономика бизнес финансы рынки недвижимость деньги авто business economy finance markets money "
               "companies realty",
    "technology": "технологии hi-tech хайтек интернет гаджеты техника tech technology internet gadgets",
    "sports": "спорт футбол хоккей теннис sport sports football soccer hockey tennis",
    "entertainment": "культура шоу-бизнес кино музыка звезды стиль entertainment culture showbiz movies music "
                     "celebrities lifestyle arts",
    "science": "наука космос science space",
}
_RUBRIC = {word: topic for topic, words in RUBRICS.items() for word in words.split()}
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True, slots=True)
class Topic:
    topic: str
    is_news: bool
    confidence: float  # the model's probability of its label (1.0 for a stated rubric)
    rubric: bool = False  # the topic came from the page's own rubric


class Classifier(Protocol):
    def __call__(self, articles: list[Article]) -> list[Topic | None]:
        """Each article's topic; None where the classifier says nothing."""


def classifier_text(article: Article) -> str:
    """The embedded text: title + 20 words (svodka.embed.LEAD_WORDS; CV accuracy 0.847 against
    0.827 with 60 words and 0.767 with the title alone)."""
    return lead_text(article)


def rubric_topic(category: str | None) -> str | None:
    """The topic a page's own rubric names, when its first word is one svodka knows."""
    words = _WORD.findall((category or "").lower())
    return _RUBRIC.get(words[0]) if words else None


class E5TopicClassifier:
    """The default classifier: e5 embeddings of title and lead, then the shipped logistic regression."""

    def __init__(self, weights: Path = WEIGHTS, embedder=None) -> None:
        self.weights, self._embedder = weights, embedder

    @cached_property
    def _model(self) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
        data = np.load(self.weights)
        return data["coef"], data["intercept"], tuple(str(c) for c in data["classes"])

    def probabilities(self, articles: list[Article]) -> np.ndarray:
        """Rows of probabilities over the model's classes (``classes``)."""
        from svodka.embed import e5_embedder

        self._embedder = self._embedder or e5_embedder()
        coef, intercept, _ = self._model
        logits = self._embedder([classifier_text(a) for a in articles]) @ coef.T + intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    @property
    def classes(self) -> tuple[str, ...]:
        return self._model[2]

    def __call__(self, articles: list[Article]) -> list[Topic | None]:
        if not articles:
            return []
        out = []
        for a, p in zip(articles, self.probabilities(articles)):
            best = self.classes[int(p.argmax())]
            topics = {c: float(x) for c, x in zip(self.classes, p) if c != NOT_NEWS}
            stated = rubric_topic(a.category)
            topic = stated or max(topics, key=topics.get)
            out.append(Topic(topic, best != NOT_NEWS or stated is not None, 1.0 if stated else float(p.max()),
                             stated is not None))
        return out


class NullClassifier:
    """Says nothing: every article is news with no topic (tests, or a run that wants no model)."""

    def __call__(self, articles: list[Article]) -> list[Topic | None]:
        return [None] * len(articles)
