"""Enrich: Article -> Doc (sentences, lemmas, entities, dates, quotes). Pure apart from model loading."""
from __future__ import annotations

from datetime import date

from svodka.enrich.dates import infer_anchor, resolve_dates
from svodka.enrich.entities import extract_entities, split_named_after
from svodka.enrich.quotes import find_quotes
from svodka.enrich.roles import role_mentions
from svodka.enrich.text import content_lemmas, sentences
from svodka.model import DEFAULT_LANGUAGE, Article, Doc

__all__ = ["enrich", "published_date"]


def published_date(article: Article) -> date | None:
    if article.published and len(article.published) >= 10:
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            return None
    return None


def enrich(article: Article, year_hint: int | None = None) -> Doc:
    language = article.language or DEFAULT_LANGUAGE
    text = article.text
    sents = sentences(text)
    entities, nested = split_named_after(text, extract_entities(text, language)) if text else ((), ())
    entities = tuple(sorted(entities + role_mentions(text, entities), key=lambda e: e.start))
    title_entities = extract_entities(article.title, language) if article.title else ()
    anchor = published_date(article)
    inferred = False
    dates = resolve_dates(text, anchor, year_hint)
    if anchor is None:
        # An undated page: the day its text shows it written on is "today" for накануне / во вторник.
        anchor = infer_anchor(dates, text)
        if anchor is not None:
            inferred = True
            dates = resolve_dates(text, anchor, year_hint)
    return Doc(
        article=article,
        language=language,
        sentences=sents,
        lemmas=content_lemmas(article.title + "\n" + text, language),
        title_lemmas=content_lemmas(article.title, language),
        entities=entities,
        dates=dates,
        quotes=find_quotes(text, sents, entities),
        anchor_date=anchor.isoformat() if anchor else None,
        anchor_inferred=inferred,
        title_entities=title_entities,
        named_after=nested,
        title_dates=resolve_dates(article.title, anchor, year_hint) if article.title else (),
    )
