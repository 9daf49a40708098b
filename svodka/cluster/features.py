"""What clustering compares: lemma TF-IDF (title weighted), key entities, title words, time."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from svodka.model import Doc

TITLE_WEIGHT = 2  # title lemmas count this many extra times: titles name the event
ENTITY_WEIGHT = {"PER": 1.0, "ORG": 0.7, "LOC": 0.4}  # places are shared by unrelated events
LEAD_LEMMAS = 40  # content words of the lead: title, standfirst and the first sentence or two


@dataclass(frozen=True, slots=True)
class DocFeatures:
    id: str
    vector: dict[str, float]  # L2-normalised TF-IDF of title + text
    lead: dict[str, float]  # the same over title + first sentences: what the article is about
    title: frozenset[str]
    entities: dict[str, float]  # entity key -> weight
    day: date | None
    mentioned: tuple[int | None, int, int] | None = None  # latest day the text names: (year?, month, day)


def entity_key(normal: str, kind: str) -> str:
    """'Сергей Лавров' and 'Лавров' share a key: the surname's first five letters."""
    low = normal.lower().replace("ё", "е")
    if kind == "PER":
        return "per:" + low.split()[-1][:5]
    return kind.lower() + ":" + low


def doc_day(doc: Doc) -> date | None:
    value = doc.article.published or (doc.anchor_date if not doc.anchor_inferred else None)
    if value and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def latest_mentioned_day(doc: Doc) -> tuple[int | None, int, int] | None:
    """The latest full day an undated article names, its year possibly unknown ("XXXX-02-01").
    An article is written on or after the last day it speaks of: a weak clue to its date."""
    days = []
    for m in doc.dates:
        if len(m.value) == 10:
            year = int(m.value[:4]) if m.value[:4].isdigit() else None
            days.append((year, int(m.value[5:7]), int((m.end or m.value)[8:10])))
    return max(days, key=lambda d: (d[0] or 0, d[1], d[2])) if days else None


class Featurizer:
    """Fitted on the document frequencies of the whole store plus the new pages."""

    def __init__(self, docs: Iterable[Doc]) -> None:
        df: Counter[str] = Counter()
        n = 0
        for d in docs:
            df.update(set(d.lemmas))
            n += 1
        self.n = n
        self.idf = {t: math.log((n + 1) / (c + 1)) + 1.0 for t, c in df.items()}
        self.default_idf = math.log(n + 1) + 1.0

    def _weigh(self, tf: Counter) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * self.idf.get(t, self.default_idf) for t, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def __call__(self, doc: Doc) -> DocFeatures:
        tf = Counter(doc.lemmas)
        for t in doc.title_lemmas:
            tf[t] += TITLE_WEIGHT
        # doc.lemmas starts with the title's lemmas, then the text's in order.
        lead = Counter(doc.lemmas[:len(doc.title_lemmas) + LEAD_LEMMAS])
        ents: dict[str, float] = {}
        for e in (*doc.entities, *doc.title_entities):
            k = entity_key(e.normal, e.type)
            ents[k] = ents.get(k, 0.0) + ENTITY_WEIGHT.get(e.type, 0.5)
        return DocFeatures(doc.id, self._weigh(tf), self._weigh(lead), frozenset(doc.title_lemmas),
                           ents, doc_day(doc), latest_mentioned_day(doc))

    def map(self, docs: Iterable[Doc]) -> list[DocFeatures]:
        return [self(d) for d in docs]


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def entity_overlap(a: dict[str, float], b: dict[str, float], top: int = 8) -> float:
    """Weighted overlap of the two sides' most mentioned entities (0..1)."""
    ta = dict(sorted(a.items(), key=lambda kv: -kv[1])[:top])
    tb = dict(sorted(b.items(), key=lambda kv: -kv[1])[:top])
    if not ta or not tb:
        return 0.0
    shared = set(ta) & set(tb)
    w = lambda k: 1.0 if k.startswith("per:") else (0.7 if k.startswith("org:") else 0.4)  # noqa: E731
    num = sum(w(k) for k in shared)
    den = min(sum(w(k) for k in ta), sum(w(k) for k in tb))
    return num / den if den else 0.0


def title_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0
