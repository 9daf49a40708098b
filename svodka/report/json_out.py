"""The JSON contract other tools read (names fixed by issue 2; add fields, never rename)."""
from __future__ import annotations

import json
from pathlib import Path

from svodka.model import Article, Brief, Doc, Story
from svodka.report.site import write_site
from svodka.report.tables import ARTICLE_FIELDS, STORY_FIELDS, article_rows, placement, story_row, to_csv
from svodka.store.codec import article_to_dict


def article_record(article: Article) -> dict:
    return article_to_dict(article)


def annotation_record(doc: Doc) -> dict:
    """What svodka understood of one article; offsets index the article's ``text``."""
    return {
        "id": doc.id, "title": doc.article.title, "text": doc.article.text, "language": doc.language,
        "anchor_date": doc.anchor_date, "anchor_inferred": doc.anchor_inferred,
        "entities": sorted(({"start": e.start, "stop": e.stop, "text": e.text, "type": e.type, "normal": e.normal,
                             "kind": e.kind, "nested": nested} for nested, group in ((False, doc.entities), (True, doc.named_after))
                            for e in group), key=lambda e: (e["start"], e["nested"])),
        "dates": [{"start": d.start, "stop": d.stop, "text": d.text, "value": d.value, "end": d.end,
                   "confidence": d.confidence} for d in doc.dates],
        "quotes": [{"start": q.start, "stop": q.stop, "text": q.text, "speaker": q.speaker, "verb": q.verb,
                    "attribution": q.attribution} for q in doc.quotes],
        "sentences": [{"start": s.start, "stop": s.stop} for s in doc.sentences],
    }


def _evidence(items) -> list[dict]:
    return [{"article": e.article_id, "field": e.field, "start": e.start, "stop": e.stop} for e in items]


def _written(articles: tuple[str, ...], brief: Brief) -> str | None:
    """An undated event's day as its reports' texts tell it: the earliest day its reports were
    written on or after ("Накануне, 30 января" puts a report on 31 January; a report naming 10
    and 13 January was written on the 13th or later)."""
    days = [s.written for s in brief.sources if s.id in articles and s.written]
    return min(days) if days else None


def brief_record(story: Story, brief: Brief) -> dict:
    told = dict(brief.event_days)  # an undated event's day, as a line of the timeline tells it
    return {
        "id": story.id,
        "headline": brief.headline,
        "topic": brief.topic,
        "articles": list(story.articles),
        "date_from_text": story.date_from_text,
        "latest_day": story.latest_day,  # what stories are ranked by, newest first
        "events": [{"id": e.id, "title": e.title, "date": e.date, "articles": list(e.articles),
                    "date_from_text": None if e.date else _written(e.articles, brief), "cut_from": e.cut_from,
                    "day_told": told.get(e.id)}
                   for e in story.events],
        "summary": [{"text": s.text, "sources": list(s.sources), "single_source": len(s.sources) == 1,
                     "evidence": _evidence(s.evidence)} for s in brief.summary],
        "timeline": [{"date": t.date, "text": t.text, "sources": list(t.sources), "evidence": _evidence(t.evidence),
                      "planned": t.planned} for t in brief.timeline],
        "quotes": [{"speaker": q.speaker, "text": q.text, "sources": list(q.sources), "verb": q.verb,
                    "direct": q.direct, "attribution": q.attribution, "evidence": _evidence(q.evidence)}
                   for q in brief.quotes],
        "entities": [{"name": e.name, "type": e.type, "count": e.count} for e in brief.entities],
        "differences": [{"event": d.event, "claim": d.claim,
                         "sides": [{"value": s.value, "sources": list(s.sources), "text": s.text} for s in d.sides]}
                        for d in brief.differences],
        "sources": [{"id": s.id, "site": s.site, "title": s.title, "published": s.published,
                     "duplicate_of": s.duplicate_of, "written": s.written} for s in brief.sources],
        # Sources run oldest first: the first original is credited as the first report.
        "first_report": next((s.id for s in brief.sources if s.duplicate_of is None), None),
    }


def write_outputs(out: Path, records: list[dict], articles: dict[str, Article]) -> Path:
    """Write stories.json, articles.jsonl, stories.csv, articles.csv and the HTML site from the
    stories' brief records (`brief_record`) and every stored article; return the path of index.html."""
    out.mkdir(parents=True, exist_ok=True)
    # one story a line: with indent, json falls back to its pure-Python encoder, several times slower
    _atomic_write(out / "stories.json", '{"stories": [\n' + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
                  + "\n]}\n")
    lines = {k: json.dumps(article_record(a), ensure_ascii=False) for k, a in articles.items()}
    _atomic_write(out / "articles.jsonl", "".join(line + "\n" for line in lines.values()))
    _atomic_write(out / "stories.csv", to_csv([story_row(r) for r in records], STORY_FIELDS))
    _atomic_write(out / "articles.csv", to_csv(article_rows(articles, placement(records)), ARTICLE_FIELDS))
    return write_site(out, records, articles, lines)


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    # a CSV opens in a spreadsheet: its byte-order mark tells Excel the text is UTF-8
    tmp.write_text(text, encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8")
    tmp.replace(path)
