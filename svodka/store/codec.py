"""Frozen nouns <-> JSON-able dicts, for the store and the outputs."""
from __future__ import annotations

import sys
from dataclasses import asdict

from svodka.model import Article, DateMention, Doc, Entity, Quote, Sentence


def article_to_dict(a: Article) -> dict:
    return {"id": a.id, "source": a.source, "title": a.title, "text": a.text, "paragraphs": list(a.paragraphs),
            "language": a.language, "site": a.site, "category": a.category, "published": a.published,
            "duplicate_of": a.duplicate_of, "author": a.author, "url": a.url, "topic": a.topic, "is_news": a.is_news}


def doc_to_dict(d: Doc) -> dict:
    return {
        "language": d.language,
        "sentences": [[s.start, s.stop] for s in d.sentences],
        "lemmas": list(d.lemmas),
        "title_lemmas": list(d.title_lemmas),
        "entities": [asdict(e) for e in d.entities],
        "title_entities": [asdict(e) for e in d.title_entities],
        "named_after": [asdict(e) for e in d.named_after],
        "dates": [asdict(m) for m in d.dates],
        "title_dates": [asdict(m) for m in d.title_dates],
        "quotes": [asdict(q) for q in d.quotes],
        "anchor_date": d.anchor_date,
        "anchor_inferred": d.anchor_inferred,
    }


def doc_from_dict(article: Article, data: dict) -> Doc:
    text = article.text
    return Doc(
        article=article,
        language=data["language"],
        sentences=tuple(Sentence(a, b, text[a:b]) for a, b in data["sentences"]),
        lemmas=tuple(map(sys.intern, data["lemmas"])),  # one string per word, not one per use
        title_lemmas=tuple(map(sys.intern, data["title_lemmas"])),
        entities=tuple(Entity(**e) for e in data["entities"]),
        dates=tuple(DateMention(**m) for m in data["dates"]),
        quotes=tuple(Quote(**q) for q in data["quotes"]),
        anchor_date=data.get("anchor_date"),
        anchor_inferred=data.get("anchor_inferred", False),
        title_entities=tuple(Entity(**e) for e in data.get("title_entities", [])),
        named_after=tuple(Entity(**e) for e in data.get("named_after", [])),
        title_dates=tuple(DateMention(**m) for m in data.get("title_dates", ())),  # an older store's: upgraded
    )
