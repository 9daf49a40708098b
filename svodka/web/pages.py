"""The reader's pages of `svodka serve`: the front page with search and filters, a story, an
article with its cited passage marked, the pages judged not news, the API's reference."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from svodka.classify import TOPICS
from svodka.ingest.files import MAX_PAGE_BYTES
from svodka.report.tables import as_line, claims_matrix
from svodka.web.api import api_operations
from svodka.web.state import State, filtered

# the web's own templates, then the report's (the pieces both story pages share: matrix.html)
TEMPLATES = Jinja2Templates(directory=[Path(__file__).parent / "templates", Path(__file__).parent.parent / "report" / "templates"])
TEMPLATES.env.filters["as_line"] = as_line
STYLE = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")

router = APIRouter(include_in_schema=False)


def state(request: Request) -> State:
    return request.app.state.svodka


@router.get("/style.css")
def style() -> Response:
    return Response(STYLE, media_type="text/css")


@router.get("/docs", response_class=HTMLResponse)
def page_docs(request: Request):
    spec = request.app.openapi()
    return TEMPLATES.TemplateResponse(request, "api.html", {
        "title": spec["info"]["title"], "description": spec["info"].get("description", ""),
        "operations": api_operations(spec), "max_mb": MAX_PAGE_BYTES // 2**20})


@router.get("/", response_class=HTMLResponse)
def page_index(request: Request):
    served = state(request)
    snap = served.snapshot()
    params = dict(request.query_params)
    q = params.get("q", "").strip()
    return TEMPLATES.TemplateResponse(request, "index.html", {
        "stories": filtered(snap, params), "q": q, "results": served.search(snap, q) if q else None,
        "params": params, "topics": TOPICS, "not_news": len(snap.not_news)})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def page_story(request: Request, story_id: str):
    served = state(request)
    snap = served.snapshot()
    served.story(snap, story_id)
    return TEMPLATES.TemplateResponse(request, "story.html", {
        "story": snap.brief(story_id), "articles": snap.articles,
        "matrix": claims_matrix(snap.brief(story_id))})


@router.get("/not-news", response_class=HTMLResponse)
def page_not_news(request: Request):
    return TEMPLATES.TemplateResponse(request, "not_news.html", {"articles": state(request).snapshot().not_news_list})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def page_article(request: Request, article_id: str, hl: str | None = None):
    served = state(request)
    snap = served.snapshot()
    doc = served.article(snap, article_id)
    return TEMPLATES.TemplateResponse(request, "article.html", {
        "article": doc.article, "story": snap.story_of.get(article_id),
        "paragraphs": render_paragraphs(doc, _span(hl)), "removed": served.removed_lines(article_id)})


def _span(hl: str | None) -> tuple[int, int] | None:
    try:
        start, stop = (int(x) for x in (hl or "").split("-"))
        return (start, stop) if 0 <= start < stop else None
    except ValueError:
        return None


def render_paragraphs(doc, highlight: tuple[int, int] | None) -> list[Markup]:
    """The article's paragraphs, escaped, with entities, dates and quotes marked and the cited
    passage highlighted (id="hl")."""
    marks: list[tuple[int, int, str, str]] = []
    for e in doc.entities:
        marks.append((e.start, e.stop, f"ent ent-{e.type.lower()}", e.normal))
    for d in doc.dates:
        marks.append((d.start, d.stop, "date", d.value))
    for q in doc.quotes:
        marks.append((q.start, q.stop, "quote", q.speaker or ""))
    marks.sort(key=lambda m: (m[0], -m[1]))
    opens: dict[int, list[str]] = {}
    closes: dict[int, int] = {}
    last_stop = -1
    for start, stop, cls, title in marks:
        if start < last_stop:  # nested or overlapping marks are left out, never broken
            continue
        opens.setdefault(start, []).append(f'<span class="{cls}" title="{escape(title)}">')
        closes[stop] = closes.get(stop, 0) + 1
        last_stop = stop if cls != "quote" else start + 1
    out: list[Markup] = []
    offset = 0
    for para in doc.article.paragraphs:
        buf = []
        for i, ch in enumerate(para):
            pos = offset + i
            if highlight and pos == highlight[0]:
                buf.append('<mark id="hl">')
            buf.extend(opens.get(pos, []))
            buf.append(str(escape(ch)))
            buf.extend("</span>" for _ in range(closes.get(pos + 1, 0)))
            if highlight and pos + 1 == highlight[1]:
                buf.append("</mark>")
        out.append(Markup("".join(buf)))
        offset += len(para) + 2
    return out


