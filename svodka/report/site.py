"""A static, offline HTML site: index.html (story list), one page per story, and not-news.html
(the pages judged not news, which form no stories).

Templates are Jinja2 with autoescaping on: article text is untrusted and always escaped.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from svodka.model import Article
from svodka.report.tables import as_line, claims_matrix, source_count, story_span

_env = Environment(loader=PackageLoader("svodka.report", "templates"), autoescape=select_autoescape(default=True))
_env.filters["as_line"] = as_line


def _template_stamp() -> str:
    """What every story page is made with besides its story: svodka and the templates it renders."""
    from svodka import __version__

    parts = [__version__] + [_env.loader.get_source(_env, name)[0] for name in ("base.html", "story.html", "matrix.html")]
    return hashlib.sha1("\0".join(parts).encode("utf-8")).hexdigest()


def write_site(out: Path, stories: list[dict], articles: dict[str, Article], lines: dict[str, str]) -> Path:
    """The site; a story page is written again only when its record, its articles (``lines``: their
    articles.jsonl lines) or the templates changed since the last write into ``out`` (kept in
    stories/written.json), and the pages of stories gone since are removed."""
    pages = out / "stories"
    pages.mkdir(parents=True, exist_ok=True)
    index = out / "index.html"
    grouped = {a for s in stories for a in s["articles"]}
    apart = sorted((a for a in articles.values() if a.is_news is False and a.id not in grouped),
                   key=lambda a: (a.published or "", a.id), reverse=True)
    outlets = {s["id"]: source_count(s) for s in stories}
    spans = {s["id"]: story_span(s["events"]) for s in stories}
    index.write_text(_env.get_template("index.html").render(stories=stories, articles=articles, not_news=len(apart),
                                                            outlets=outlets, spans=spans), encoding="utf-8")
    (out / "not-news.html").write_text(_env.get_template("not_news.html").render(articles=apart), encoding="utf-8")
    manifest = pages / "written.json"
    try:
        before = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    stamp, written = _template_stamp(), {}
    for story in stories:
        page = pages / f"{story['id']}.html"
        said = [lines[a] for a in story["articles"] if a in lines]
        digest = written[story["id"]] = hashlib.sha1("\0".join(
            [stamp, json.dumps(story, ensure_ascii=False, sort_keys=True), *said]).encode("utf-8")).hexdigest()
        if before.get(story["id"]) == digest and page.exists():
            continue
        html = _env.get_template("story.html").render(story=story, articles=articles, matrix=claims_matrix(story))
        page.write_text(html, encoding="utf-8")
    for gone in before.keys() - written.keys():  # pages this site wrote for stories no longer stored
        if isinstance(gone, str) and Path(gone).name == gone:
            (pages / f"{gone}.html").unlink(missing_ok=True)
    manifest.write_text(json.dumps(written, sort_keys=True), encoding="utf-8")
    return index
