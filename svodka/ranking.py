"""Which stories matter most: independent sources, growth, recency against the newest date in
the store (never the wall clock, so a rerun ranks the same)."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from svodka.model import Article, Story


def importance(story: Story, articles: Mapping[str, Article], newest: str | None) -> float:
    """Independent sources (distinct sites, reprints not counted), growth in the story's last
    two days, and recency against the newest date in the store (not the wall clock, so a
    rerun ranks the same)."""
    members = [articles[a] for a in story.articles if a in articles]
    originals = [a for a in members if a.duplicate_of is None]
    sources = len({a.site or a.id for a in originals})
    last = story.latest_day
    recent = sum(1 for e in story.events if e.date and last and _days_between(e.date, last) <= 2
                 for _ in e.articles)
    growth = recent / max(1, len(members))
    age = _days_between(last, newest) if last and newest else 0
    return sources * (1 + growth) / (1 + age / 7)


def _days_between(a: str, b: str) -> int:
    return abs((date.fromisoformat(b[:10]) - date.fromisoformat(a[:10])).days)


def rank(stories: list[Story], articles: Mapping[str, Article]) -> list[tuple[Story, float]]:
    """Stories by importance, most important first, with it."""
    # the newest date a page states; a day read from a text only when no page states one
    dates = [e.date for s in stories for e in s.events if e.date] or [d for s in stories if (d := s.latest_day)]
    newest = max(dates) if dates else None
    return sorted(((s, importance(s, articles, newest)) for s in stories), key=lambda x: (-x[1], x[0].id))
