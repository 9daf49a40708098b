"""Spreadsheets and Markdown: OUT/articles.csv, OUT/stories.csv and a brief as Markdown, made from
the same records as stories.json."""
from __future__ import annotations

import csv
import io

from svodka.brief import ENTITY_TYPES
from svodka.model import Article, Story
from svodka.words import counted

STORY_FIELDS = ["id", "headline", "topic", "first", "last", "articles", "sources", "events", "sites", "entities"]
ARTICLE_FIELDS = ["id", "title", "site", "url", "published", "language", "topic", "is_news", "story", "event",
                  "duplicate_of"]
MAIN_ENTITIES = 6
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads a cell opening so as a formula


def source_count(record: dict) -> int:
    """A story's independent sources: the outlets of its articles that are no reprints."""
    return len({s.get("site") or s["id"] for s in record["sources"] if not s.get("duplicate_of")})


def story_span(events: list[dict]) -> tuple[str | None, str | None, bool]:
    """The first and last day of a story's events (records with "date" and maybe "day_told"), and
    whether one is told rather than dated: an undated event counts by the day its timeline tells it
    when every event has a day so, else only the dated events count. Every output lists it so."""
    days = [e.get("date") or e.get("day_told") for e in events]
    if events and all(days) and not all(e.get("date") for e in events):
        return min(days), max(days), True
    dated = sorted(e["date"] for e in events if e.get("date"))
    return (dated[0], dated[-1], False) if dated else (None, None, False)


def stored_span(story: Story, record: dict | None) -> tuple[str | None, str | None, bool]:
    """`story_span` of a stored Story, its undated events' told days read from its saved brief
    ``record`` (None: no brief saved yet, dated events only)."""
    told = {e["id"]: e.get("day_told") for e in (record or {}).get("events", [])}
    return story_span([{"date": e.date, "day_told": told.get(e.id)} for e in story.events])


def as_line(text: str) -> str:
    """A timeline line as it is shown: a clause cut from a longer sentence opens with a capital (the
    record keeps its evidence's words)."""
    return text[:1].upper() + text[1:]


def story_row(record: dict) -> dict:
    """A story's line in stories.csv, from its stories.json record."""
    first, last, _ = story_span(record["events"])
    sites = sorted({s["site"] for s in record["sources"] if s.get("site")})
    return {"id": record["id"], "headline": record["headline"], "topic": record.get("topic") or "",
            "first": first or record.get("date_from_text") or "",
            "last": last or record.get("date_from_text") or "",
            "articles": len(record["articles"]), "sources": source_count(record),
            "events": len(record["events"]), "sites": "; ".join(sites),
            "entities": "; ".join(e["name"] for e in record["entities"][:MAIN_ENTITIES])}


def placement(records: list[dict]) -> dict[str, tuple[str, str]]:
    """Article id -> (story, event) as stories.json records give them."""
    return {a: (r["id"], e["id"]) for r in records for e in r["events"] for a in e["articles"]}


def article_rows(articles: dict[str, Article], placed: dict[str, tuple[str, str]]) -> list[dict]:
    """Each article's line in articles.csv: its metadata and the (story, event) ``placed`` gives it."""
    rows = []
    for aid, a in articles.items():
        story, event = placed.get(aid, ("", ""))
        rows.append({"id": aid, "title": a.title, "site": a.site or "", "url": a.url or "",
                     "published": a.published or "", "language": a.language or "", "topic": a.topic or "",
                     "is_news": "" if a.is_news is None else str(a.is_news).lower(), "story": story, "event": event,
                     "duplicate_of": a.duplicate_of or ""})
    return rows


def to_csv(rows: list[dict], fields: list[str]) -> str:
    """CSV text with a header row; a cell a spreadsheet would read as a formula is quoted by '."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe(v) for k, v in row.items()})
    return buf.getvalue()


def _safe(value: object) -> object:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA) else value


def brief_markdown(record: dict) -> str:
    """A brief as Markdown: headline, summary with its sources, timeline, quotes, differences,
    entities, events and sources (the text is the articles' own: Markdown marks are escaped)."""
    md = [f"# {_md(record['headline'])}", "",
          f"{counted(len(record['articles']), 'article')}, {counted(len(record['events']), 'event')}" +
          (f" · {record['topic']}" if record.get("topic") else ""), "", "## Summary", ""]
    md += [f"- {_md(s['text'])} [{_cited(s['sources'])}]" for s in record["summary"]]
    if record["timeline"]:
        md += ["", "## Timeline", ""] + [f"- **{t['date']}** {'(planned) ' if t.get('planned') else ''}{_md(t['text'])} "
                                          f"[{_cited(t['sources'])}]" for t in record["timeline"]]
    if record["quotes"]:
        md += ["", "## Quotes", ""] + [
            f"- {_md(q['speaker'] or q.get('attribution') or 'unattributed')}: "
            + (f"«{_md(q['text'])}»" if q["direct"] else f"(reported) {_md(q['text'])}") + f" [{_cited(q['sources'])}]"
            for q in record["quotes"]]
    if record["differences"]:
        md += ["", "## Where sources differ", ""] + [
            f"- {_md(d['claim'])}: " + " vs ".join(f"{_md(s['text'])} [{_cited(s['sources'])}]" for s in d["sides"])
            for d in record["differences"]]
    for kind, heading in ENTITY_TYPES.items():
        if named := [e for e in record["entities"] if e["type"] == kind]:
            md += ["", f"## {heading}", "", ", ".join(f"{_md(e['name'])} ({e['count']})" for e in named)]
    md += ["", "## Events", ""] + [f"- {e['date'] or 'undated'} `{e['id']}` {_md(e['title'])}" for e in record["events"]]
    md += ["", "## Sources", ""] + [
        f"- `{s['id']}` {_md(s['site'] or 'unknown site')}: {_md(s['title'])}" +
        (f" (reprint of `{s['duplicate_of']}`)" if s.get("duplicate_of") else "") for s in record["sources"]]
    return "\n".join(md) + "\n"


def _cited(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids)


def _md(text: str) -> str:
    """Text as Markdown shows it literally: its marks and any HTML escaped."""
    out = text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;")
    for mark in "`*_[]#|":
        out = out.replace(mark, "\\" + mark)
    return " ".join(out.split())


def claims_matrix(brief: dict) -> dict:
    """Sources x claims: which outlet reports each summary sentence, timeline entry and difference."""
    rows = brief["sources"]
    claims = ([{"kind": "summary", "text": s["text"], "sources": set(s["sources"])} for s in brief["summary"]]
              + [{"kind": t["date"], "text": t["text"], "sources": set(t["sources"])} for t in brief["timeline"]])
    for d in brief["differences"]:
        for side in d["sides"]:
            claims.append({"kind": "differs", "text": f"{d['claim']} — {side['text']}", "sources": set(side["sources"])})
    return {"sources": rows, "claims": claims}
