"""svodka serve: story pages for readers and a JSON API for programs, over the same library calls.

Reads open their own SQLite connection (WAL: they never wait for the writer); every write goes
through one lock. Stories and briefs are cached per store version, so readers share the work.
"""
from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from svodka import __version__, pipeline
from svodka.brief import build_brief, story_headline
from svodka.brief import entities as story_entities
from svodka.brief import topic as story_topic
from svodka.classify import TOPICS
from svodka.embed import Embedder
from svodka.errors import NotFound, Rejected, SvodkaError
from svodka.ingest.decode import decode
from svodka.ingest.files import MAX_PAGE_BYTES, page_from_record
from svodka.model import Page
from svodka.report import annotation_record, article_record, brief_record
from svodka.store import SqliteStore, writer_lock

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
STYLE = (Path(__file__).parent / "style.css").read_text(encoding="utf-8")


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class Snapshot:
    """Ranked stories, docs and briefs of one store version. Made from the store, or from the
    snapshot before a write of this process and the stories the write ``changed`` (only theirs
    are read again; the rest is carried over, with importance ranked anew)."""

    def __init__(self, store: SqliteStore, base: Snapshot | None = None, changed: frozenset[str] = frozenset()) -> None:
        self.path = store.path
        self.version = store.version()
        if base is None:
            stories, self.docs = pipeline.load_stories(store)
        else:
            fresh, fresh_docs = pipeline.load_stories(store, set(changed))
            gone = {a for sid in changed if sid in base.stories for a in base.stories[sid].articles}
            self.docs = {a: d for a, d in base.docs.items() if a not in gone} | fresh_docs
            stories = [s for s in base.stories.values() if s.id not in changed] + fresh
        self.ranked = pipeline.rank(stories, self.docs)
        # pages judged not news that no story holds (a run with --keep-not-news groups them)
        with _reader(self.path) as reader:
            self.not_news = {d.id: d for d in reader.not_news()}
        self.not_news_list = sorted((d.article for d in self.not_news.values()),
                                    key=lambda a: (a.published or "", a.id), reverse=True)
        self.stories = {s.id: s for s, _ in self.ranked}
        self.score = {s.id: x for s, x in self.ranked}
        self.story_of = {a: s.id for s, _ in self.ranked for a in s.articles}
        kept = {} if base is None else {r["id"]: r for r in base.rows if r["id"] not in changed}
        self.rows = [{**kept[s.id], "importance": round(x, 4)} if s.id in kept else self._row(s)
                     for s, x in self.ranked]
        self._briefs: dict[str, dict] = {} if base is None else {
            sid: {**rec, "importance": round(self.score[sid], 4)} for sid, rec in base._briefs.items()
            if sid not in changed and sid in self.score}

    def _row(self, story) -> dict:
        """A story's line on the front page, without building its brief."""
        docs = [self.docs[a] for a in story.articles if a in self.docs]
        originals = [d for d in docs if d.article.duplicate_of is None] or docs
        dates = sorted(e.date for e in story.events if e.date)
        return {"id": story.id, "headline": story_headline(docs), "importance": round(self.score[story.id], 4),
                "articles": len(docs), "events": len(story.events),
                "sources": len({d.article.site or d.id for d in originals}),
                "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
                "date_from_text": story.date_from_text,
                "languages": sorted({d.language for d in docs}), "topic": story_topic(originals),
                "sites": sorted({d.article.site for d in docs if d.article.site}),
                "entities": [{"name": e.name, "type": e.type, "count": e.count} for e in story_entities(originals)]}

    def brief(self, story_id: str) -> dict:
        # No lock: two readers may build the same brief at once; both get the same record.
        rec = self._briefs.get(story_id)
        if rec is None:
            # The writer saves every brief it changes; build one here only for a store written
            # by an older svodka.
            with _reader(self.path) as store:
                rec = store.saved_brief(story_id)
            if rec is None or set(rec["articles"]) != set(self.stories[story_id].articles):
                story = self.stories[story_id]
                rec = brief_record(story, build_brief(story, self.docs))
            rec["importance"] = round(self.score[story_id], 4)
            rec = self._briefs.setdefault(story_id, rec)
        return rec


def create_app(db_path: str | Path, embedder: Embedder | None = None) -> FastAPI:
    """``embedder``: pages added through the API get their sentence embedding (serve --embeddings)."""
    db_path = str(db_path)
    SqliteStore(db_path).close()  # create the schema once
    # /docs is svodka's own page (Swagger UI would load from a CDN an offline machine cannot reach)
    app = FastAPI(title="svodka", description="News stories with cited briefs.", version=__version__,
                  docs_url=None, redoc_url=None)
    app.add_middleware(Hardened)
    write_lock = threading.Lock()
    live = pipeline.LiveGrouping()  # the groups in memory between added pages; used under write_lock
    cache: dict[str, Snapshot] = {}
    cache_lock = threading.Lock()

    def snapshot() -> Snapshot:
        with _reader(db_path) as store:
            version = store.version()
            with cache_lock:
                snap = cache.get("current")
                if snap is None or snap.version != version:
                    snap = Snapshot(store)
                    cache["current"] = snap
            return snap

    async def write(fn, *args, changed=lambda result: frozenset()):
        """Run a write in a worker thread (readers are served meanwhile), one at a time and under
        the store's writer lock (a `svodka run` on the same store waits for it, or it for the run);
        when the readers' snapshot was current before it and no other process wrote meanwhile,
        update the snapshot with the stories ``changed(result)`` names (instead of every reader
        after a write waiting for the whole store to be read again)."""
        return await run_in_threadpool(_write, fn, args, changed)

    def _write(fn, args, changed):
        with write_lock, writer_lock(db_path):
            with SqliteStore(db_path, check_same_thread=False) as store:
                before, outside = store.version(), store.data_version()
                result = fn(store, *args)
                stories = changed(result)
                with cache_lock:
                    snap = cache.get("current")
                    if stories and snap is not None and snap.version == before and store.data_version() == outside:
                        cache["current"] = Snapshot(store, snap, stories)
                return result

    def story_or_404(snap: Snapshot, story_id: str):
        if story_id not in snap.stories:
            raise ApiError(404, "not_found", f"no story '{story_id}'")
        return snap.stories[story_id]

    def article_or_404(snap: Snapshot, article_id: str):
        doc = snap.docs.get(article_id) or snap.not_news.get(article_id)  # a page not news is in no story
        if doc is None:
            raise ApiError(404, "not_found", f"no article '{article_id}'")
        return doc

    def filtered(snap: Snapshot, params: dict[str, str], limit: int | None = None) -> list[dict]:
        rows = snap.rows
        # an undated story is filtered by the days its texts tell: its latest for "from", its earliest for "to"
        if params.get("from"):
            rows = [r for r in rows if (snap.stories[r["id"]].latest_day or "") >= params["from"]]
        if params.get("to"):
            rows = [r for r in rows if (day := r["first"] or r["date_from_text"]) and day <= params["to"]]
        if params.get("topic"):
            rows = [r for r in rows if r["topic"] == params["topic"]]
        if params.get("language"):
            rows = [r for r in rows if params["language"] in r["languages"]]
        if params.get("site"):
            rows = [r for r in rows if params["site"] in r["sites"]]
        if params.get("entity"):
            want = params["entity"].lower()
            rows = [r for r in rows if any(want in e["name"].lower() for e in r["entities"])]
        return [{**r, "entities": r["entities"][:6]} for r in rows[:limit]]

    def search(snap: Snapshot, q: str) -> list[dict]:
        with _reader(db_path) as store:
            hits = store.search(q)
        return [{"article": aid, "title": title, "snippet": snippet.replace("\x02", "").replace("\x03", ""),
                 "marked": _marked(snippet), "story": snap.story_of.get(aid)} for aid, title, snippet in hits]

    # --- errors: one JSON shape for the API, a plain page for readers --------------------
    def error_response(request: Request, status: int, code: str, message: str):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
        return TEMPLATES.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return error_response(request, exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        return error_response(request, exc.status_code, "not_found" if exc.status_code == 404 else "http_error",
                              str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()))
        return error_response(request, 422, "invalid", f"{where}: {first.get('msg', 'invalid request')}")

    # --- API ------------------------------------------------------------------------------
    @app.get("/api/stories", summary="Stories ranked by importance, with optional filters")
    def api_stories(request: Request, limit: int = 100) -> dict:
        return {"stories": filtered(snapshot(), dict(request.query_params), limit)}

    @app.get("/api/stories/{story_id}", summary="One story's brief (the stories.json record)")
    def api_story(story_id: str) -> dict:
        snap = snapshot()
        story_or_404(snap, story_id)
        return snap.brief(story_id)

    @app.get("/api/articles/{article_id}", summary="One article with its annotations")
    def api_article(article_id: str) -> dict:
        snap = snapshot()
        doc = article_or_404(snap, article_id)
        return {**article_record(doc.article), "story": snap.story_of.get(article_id),
                "annotations": annotation_record(doc)}

    @app.get("/api/not-news", summary="The stored pages judged not news, which form no stories")
    def api_not_news() -> dict:
        return {"articles": [article_record(a) for a in snapshot().not_news_list]}

    @app.get("/api/search", summary="Full-text search over articles")
    def api_search(q: str) -> dict:
        if not q.strip():
            raise ApiError(422, "invalid", "q: give some words to search for")
        return {"query": q, "results": [{k: v for k, v in r.items() if k != "marked"} for r in search(snapshot(), q)]}

    @app.post("/api/articles", status_code=201, summary="Add a page (JSON record or raw text/HTML body)")
    async def api_add(request: Request) -> dict:
        page = await _page_from_request(request)
        try:
            return await write(pipeline.add_one, page, embedder, live, changed=lambda r: frozenset(r.get("stories_changed", ())))
        except Rejected as rej:
            raise ApiError(422, rej.reason, f"{rej.source}: {rej.detail}") from rej

    @app.post("/api/stories/{story_id}/merge", summary="Merge another story into this one")
    async def api_merge(story_id: str, request: Request) -> dict:
        body = await _json(request)
        other = body.get("with")
        if not isinstance(other, str) or not other:
            raise ApiError(422, "invalid", "body: give {\"with\": \"<story id>\"}")
        try:
            moved = await write(pipeline.merge_stories, story_id, other, changed=lambda _: frozenset({story_id, other}))
        except NotFound as exc:
            raise ApiError(404, "not_found", str(exc)) from exc
        return {"story": story_id, "merged": other, "articles_moved": moved}

    @app.post("/api/stories/{story_id}/split", summary="Move some events of a story into a new story")
    async def api_split(story_id: str, request: Request) -> dict:
        body = await _json(request)
        events = body.get("events")
        if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
            raise ApiError(422, "invalid", "body: give {\"events\": [\"<event id>\", ...]}")
        try:
            new_id = await write(pipeline.split_story, story_id, events, changed=lambda new: frozenset({story_id, new}))
        except NotFound as exc:
            raise ApiError(404, "not_found", str(exc)) from exc
        except SvodkaError as exc:
            raise ApiError(422, "invalid", str(exc)) from exc
        return {"story": story_id, "new_story": new_id, "events": events}

    # --- pages ----------------------------------------------------------------------------
    @app.get("/style.css", include_in_schema=False)
    def style() -> Response:
        return Response(STYLE, media_type="text/css")

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def page_docs(request: Request):
        spec = app.openapi()
        return TEMPLATES.TemplateResponse(request, "api.html", {
            "title": spec["info"]["title"], "description": spec["info"].get("description", ""),
            "operations": api_operations(spec), "max_mb": MAX_PAGE_BYTES // 2**20})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_index(request: Request):
        snap = snapshot()
        params = dict(request.query_params)
        q = params.get("q", "").strip()
        return TEMPLATES.TemplateResponse(request, "index.html", {
            "stories": filtered(snap, params), "q": q, "results": search(snap, q) if q else None, "params": params,
            "topics": TOPICS, "not_news": len(snap.not_news)})

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(request: Request, story_id: str):
        snap = snapshot()
        story_or_404(snap, story_id)
        return TEMPLATES.TemplateResponse(request, "story.html", {
            "story": snap.brief(story_id), "articles": {k: d.article for k, d in snap.docs.items()},
            "matrix": claims_matrix(snap.brief(story_id))})

    @app.get("/not-news", response_class=HTMLResponse, include_in_schema=False)
    def page_not_news(request: Request):
        return TEMPLATES.TemplateResponse(request, "not_news.html", {"articles": snapshot().not_news_list})

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(request: Request, article_id: str, hl: str | None = None):
        snap = snapshot()
        doc = article_or_404(snap, article_id)
        highlight = _span(hl)
        return TEMPLATES.TemplateResponse(request, "article.html", {
            "article": doc.article, "story": snap.story_of.get(article_id),
            "paragraphs": render_paragraphs(doc, highlight), "removed": removed_lines(db_path, article_id)})

    return app


class Hardened:
    """Every response gets the hardening headers (the pages run no script and load nothing from
    elsewhere: only the server's own style sheet); HEAD is answered as GET without the body."""

    HEADERS = [(b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self'; "
                b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
               (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
               (b"referrer-policy", b"no-referrer")]

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        head = scope["method"] == "HEAD"

        async def hardened(message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                   *((k, v) for k, v in self.HEADERS if k not in names)]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"} if head else scope, receive, hardened)


def api_operations(spec: dict) -> list[dict]:
    """The API's operations as the reference page lists them, from its OpenAPI description."""
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            params = [{"name": p["name"], "where": p["in"], "required": p.get("required", False),
                       "type": p.get("schema", {}).get("type", "")} for p in op.get("parameters", [])]
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""), "params": params,
                        "body": BODIES.get((method, path), "")})
    return ops


BODIES = {
    ("post", "/api/articles"): "a JSON record ({\"id\", \"url\", \"title\", \"text\" or \"html\", \"published\", "
                               "\"site\"}), or the page itself as text/plain or text/html (id, url, published "
                               "and site then go in the query)",
    ("post", "/api/stories/{story_id}/merge"): "{\"with\": \"<story id>\"}",
    ("post", "/api/stories/{story_id}/split"): "{\"events\": [\"<event id>\", …]}",
}


def claims_matrix(brief: dict) -> dict:
    """Sources x claims: which outlet reports each summary sentence, timeline entry and difference."""
    rows = brief["sources"]
    claims = ([{"kind": "summary", "text": s["text"], "sources": set(s["sources"])} for s in brief["summary"]]
              + [{"kind": t["date"], "text": t["text"], "sources": set(t["sources"])} for t in brief["timeline"]])
    for d in brief["differences"]:
        for side in d["sides"]:
            claims.append({"kind": "differs", "text": f"{d['claim']} — {side['text']}", "sources": set(side["sources"])})
    return {"sources": rows, "claims": claims}


def _span(hl: str | None) -> tuple[int, int] | None:
    try:
        start, stop = (int(x) for x in (hl or "").split("-"))
        return (start, stop) if 0 <= start < stop else None
    except ValueError:
        return None


def _marked(snippet: str) -> Markup:
    return Markup(str(escape(snippet)).replace("\x02", "<mark>").replace("\x03", "</mark>"))


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


def _reader(db_path: str) -> SqliteStore:
    """A read-only connection for one request (readers never wait for the writer: WAL)."""
    return SqliteStore(db_path, check_same_thread=False, reader=True)


def removed_lines(db_path: str, article_id: str) -> list[str] | None:
    with _reader(db_path) as store:
        return store.removed(article_id)


async def _body(request: Request) -> bytes:
    """The request's body, at most MAX_PAGE_BYTES of it (413 past that, read no further)."""
    too_large = ApiError(413, "too_large", f"the body is over {MAX_PAGE_BYTES // 2**20} MB, more than a news page; "
                                           "send one page at a time")
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_PAGE_BYTES:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_PAGE_BYTES:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _json(request: Request, raw: bytes | None = None) -> dict[str, Any]:
    try:
        body = json.loads((await _body(request) if raw is None else raw) or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ApiError(422, "invalid", f"body: not valid JSON ({exc})") from exc
    if not isinstance(body, dict):
        raise ApiError(422, "invalid", "body: a JSON object is expected")
    return body


async def _page_from_request(request: Request) -> Page:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in ("application/json", "text/plain", "text/html"):
        raise ApiError(415, "unsupported_media_type", "send application/json, text/plain or text/html")
    raw = await _body(request)
    if kind == "application/json":
        body = await _json(request, raw)
        try:
            return page_from_record(body, "api", default_id="api-" + hashlib.sha1(raw).hexdigest()[:10])
        except Rejected as rej:
            raise ApiError(422, "invalid", rej.detail) from rej
    try:
        decoded = decode(raw, "api")
    except Rejected as rej:
        raise ApiError(422, rej.reason, rej.detail) from rej
    page_id = request.query_params.get("id") or "api-" + hashlib.sha1(raw).hexdigest()[:10]
    return Page(id=page_id, source=request.query_params.get("url") or "api", raw=decoded.text,
                kind="html" if kind == "text/html" else "text", url=request.query_params.get("url"),
                published=request.query_params.get("published"), site=request.query_params.get("site"),
                identity=f"id:{page_id}", notes=decoded.notes)
