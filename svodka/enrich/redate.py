"""Settle the year of undated mentions once the story tells it."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from svodka.enrich.dates import infer_anchor, resolve_dates
from svodka.model import Doc


def story_year(docs: list[Doc]) -> int | None:
    """The year most of a story's resolved dates fall in (anchors first, then mentions)."""
    years = Counter(int(d.anchor_date[:4]) for d in docs if d.anchor_date)
    if not years:
        years = Counter(int(m.value[:4]) for d in docs for m in d.dates if m.value[:4].isdigit())
    return years.most_common(1)[0][0] if years else None


def redate(doc: Doc, year_hint: int | None) -> Doc:
    """Re-resolve a doc's dates with a year hint when some of them lack a year."""
    if year_hint is None or not any(m.value.startswith("XXXX") for m in doc.dates):
        return doc
    text = doc.article.text
    dates = resolve_dates(text, None, year_hint)
    anchor = infer_anchor(dates)
    if anchor is not None:
        dates = resolve_dates(text, anchor, year_hint)
    return replace(doc, dates=dates, anchor_date=anchor.isoformat() if anchor else None, anchor_inferred=True)
