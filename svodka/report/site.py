"""A static, offline HTML site: index.html (story list), one page per story, and not-news.html
(the pages judged not news, which form no stories).

Templates are Jinja2 with autoescaping on: article text is untrusted and always escaped.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from svodka.model import Article
from svodka.report.tables import claims_matrix, source_count

_env = Environment(loader=PackageLoader("svodka.report", "templates"), autoescape=select_autoescape(default=True))


def write_site(out: Path, stories: list[dict], articles: dict[str, Article]) -> Path:
    pages = out / "stories"
    pages.mkdir(parents=True, exist_ok=True)
    index = out / "index.html"
    grouped = {a for s in stories for a in s["articles"]}
    apart = sorted((a for a in articles.values() if a.is_news is False and a.id not in grouped),
                   key=lambda a: (a.published or "", a.id), reverse=True)
    outlets = {s["id"]: source_count(s) for s in stories}
    index.write_text(_env.get_template("index.html").render(stories=stories, articles=articles, not_news=len(apart),
                                                            outlets=outlets), encoding="utf-8")
    (out / "not-news.html").write_text(_env.get_template("not_news.html").render(articles=apart), encoding="utf-8")
    for story in stories:
        html = _env.get_template("story.html").render(story=story, articles=articles, matrix=claims_matrix(story))
        (pages / f"{story['id']}.html").write_text(html, encoding="utf-8")
    return index
